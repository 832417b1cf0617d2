"""What comes in when a document is stored: its metadata, as a frozen spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storage.errors import PurposeRequiredError

if TYPE_CHECKING:
    from storage.objects import StoredObject

__all__ = ["Access", "DocumentSpec", "IngestResult", "SubjectSpec"]


@dataclass(frozen=True, slots=True)
class SubjectSpec:
    """The owner of a document."""

    identifier: str
    """12-digit personal identification number, or a 10/13-digit enterprise code."""
    name: str | None = None
    """Full name (NFC); optional, the identifier is the key."""

    @property
    def kind(self) -> str:
        return "citizen" if len(self.identifier) == 12 else "organisation"


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """A digitized paper's record (the fields REGULATIONS.md lists), without its files."""

    subject: SubjectSpec
    """Owner (chủ sở hữu)."""
    type_code: str
    """Entry of the type catalogue."""
    digitized_by: str
    """Staff account that scanned it."""
    digitized_at: datetime
    """When it was scanned (aware)."""
    kind: int = 0
    """0 = a paper of a dossier, 1 = a result of a procedure."""
    dossier_id: int | None = None
    """The dossier it came with."""
    number_symbol: str | None = None
    """Number and symbol (số, ký hiệu)."""
    issue_date: date | None = None
    """Issue date."""
    issuing_agency: str | None = None
    """Issuing agency."""
    signer: str | None = None
    """Who signed the paper (position, name)."""
    summary: str | None = None
    """Summary (trích yếu)."""
    valid_from: date | None = None
    """First day of validity; defaults to the issue date, else the digitizing day."""
    valid_until: date | None = None
    """Last day of validity; None = permanent."""
    validity_scope: str | None = None
    """Scope of validity (phạm vi hiệu lực)."""
    procedure_code: str | None = None
    """Procedure (thủ tục) the paper was given for."""
    field_code: str | None = None
    """Field (lĩnh vực) of that procedure."""
    record_code: str | None = None
    """``<owner ID>.<procedure code>.<paper code>.<NN>`` when the agency assigns one."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Extracted fields (normalised values)."""
    ocr_text: str = ""
    """Recognised text, for full-text search only (never logged, never audited)."""
    page_count: int | None = None
    """Pages."""
    language: str = "vi"
    """Language code."""
    signature_level: str | None = None
    """PAdES level of the signed file (B-B, B-T, B-LT, B-LTA)."""


@dataclass(frozen=True, slots=True)
class Access:
    """Who reads and why: required on every read of a subject's documents."""

    actor: str
    """Staff account or API client name."""
    purpose: str
    """Procedure code or dossier code the read serves."""

    def check(self) -> Access:
        if not self.actor.strip() or not self.purpose.strip():
            raise PurposeRequiredError(
                "reading a subject's documents needs who (actor) and why (procedure or "
                "dossier code)"
            )
        return self


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ingest stored."""

    document_id: int
    """Catalogue id of the document."""
    created: bool
    """False when the same original was already stored for this subject."""
    objects: tuple[StoredObject, ...]
    """The objects, in write order (original, signed, OCR)."""

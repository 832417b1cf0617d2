"""The signing package's data words: what a caller asks for and what it gets back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "AgencyMarkSpec",
    "CertifiedCopySpec",
    "Level",
    "RevocationMode",
    "SignResult",
    "SignSpec",
    "TrustSpec",
]


class Level(StrEnum):
    """PAdES baseline levels (ETSI EN 319 142-1)."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)

    @property
    def needs_tsa(self) -> bool:
        return self is not Level.B_B


_LEVEL_ORDER = (Level.B_B, Level.B_T, Level.B_LT, Level.B_LTA)


class RevocationMode(StrEnum):
    """How missing revocation data is treated when building or checking a chain."""

    HARD_FAIL = "hard-fail"
    """Check revocation wherever a certificate declares OCSP or CRL; no answer fails."""
    SOFT_FAIL = "soft-fail"
    """As hard-fail, but a dead responder is tolerated (reported as trusted)."""
    REQUIRE = "require"
    """Every certificate in the chain must have revocation data."""


@dataclass(frozen=True)
class TrustSpec:
    """Which anchors to trust and how to treat revocation, for signing (B-LT) and validation."""

    roots: tuple[bytes, ...] = ()
    """DER certificates of the trust anchors."""
    intermediates: tuple[bytes, ...] = ()
    """DER certificates that may help build paths (not trusted by themselves)."""
    revocation: RevocationMode = RevocationMode.HARD_FAIL
    """Revocation checking mode; hard-fail unless the caller chooses otherwise."""
    allow_fetching: bool = True
    """Fetch OCSP responses and CRLs over the network; False validates from the file only."""
    fetch_timeout: float = 10.0
    """Seconds to wait for an OCSP responder or a CRL server."""


@dataclass(frozen=True)
class AgencyMarkSpec:
    """The visible agency signature on a digitized copy (Decree 30/2020, appendix I)."""

    agency: str
    """Name of the copying agency, as printed."""
    copy_kind: str = "Bản sao điện tử"
    """Kind of copy, as printed first in the mark."""
    width: float | None = None
    """Width of the mark in PDF points; None fits its text at 10 pt."""
    height: float | None = None
    """Height of the mark in PDF points; None fits its three lines."""
    margin: float = 18.0
    """Distance from the top and right edges of page 1, in points."""
    box: tuple[float, float, float, float] | None = None
    """Where on page 1 (x0, y0, x1, y1 in points): None finds blank space at the top right."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "agency", unicodedata.normalize("NFC", self.agency))
        object.__setattr__(self, "copy_kind", unicodedata.normalize("NFC", self.copy_kind))


@dataclass(frozen=True)
class CertifiedCopySpec:
    """The certification statement (lời chứng) of a certified electronic copy."""

    number: str
    """Certification number in the register (số chứng thực)."""
    book: str
    """Register book, e.g. ``01/2026-SCT/BS`` (quyển số)."""
    date: dt.date
    """Date of certification."""
    certifier_name: str
    """Name of the person who certifies."""
    certifier_title: str
    """Their title, e.g. ``Phó Chủ tịch``."""
    agency: str
    """The certifying agency."""
    verification_url: str
    """URL carried by the QR code, where the copy can be verified."""
    page: int | None = None
    """1-based page for the stamp; None puts it on the last page."""
    width: float | None = None
    """Width of the stamp at full size in points; None fits its text at 10 pt."""
    height: float | None = None
    """Height of the stamp at full size in points; None fits its QR code of 25 mm."""
    margin: float = 24.0
    """Least distance from the page's edges, in points."""
    box: tuple[float, float, float, float] | None = None
    """Where on the page (x0, y0, x1, y1 in points): None finds the lowest blank space."""

    def __post_init__(self) -> None:
        for name in ("number", "book", "certifier_name", "certifier_title", "agency"):
            object.__setattr__(self, name, unicodedata.normalize("NFC", getattr(self, name)))


@dataclass(frozen=True)
class SignSpec:
    """One signing request."""

    level: Level = Level.B_B
    """PAdES level to reach."""
    tsa_url: str | None = None
    """RFC 3161 time-stamping service; needed from B-T up."""
    tsa_timeout: float = 10.0
    """Seconds to wait for the TSA."""
    reason: str | None = None
    """Reason recorded in the signature dictionary."""
    location: str | None = None
    """Location recorded in the signature dictionary."""
    field_name: str | None = None
    """Signature field name; a fresh unique name when None."""
    mark: AgencyMarkSpec | None = None
    """The visible agency mark at the top right of page 1; None signs invisibly."""
    certified_copy: CertifiedCopySpec | None = None
    """When set, the signature shows the certified-copy stamp; the agency mark, if any, is
    then drawn into page 1 in the same signed revision."""
    trust: TrustSpec = field(default_factory=TrustSpec)
    """Anchors and revocation policy used to gather validation data (B-LT, B-LTA)."""


@dataclass(frozen=True)
class SignResult:
    """What a signing call produced."""

    pdf: bytes
    """The signed PDF: the input followed by incremental updates only."""
    level: Level
    """The level reached."""
    field_name: str
    """Name of the signature field that was filled."""
    signing_time: dt.datetime
    """The claimed signing time (UTC), as shown in the visible mark."""
    signer: str
    """Subject of the signing certificate (no personal data: an agency's certificate)."""
    warnings: tuple[str, ...] = ()
    """Stable codes of what the staff should look at, e.g. ``stamp_covers_content``."""

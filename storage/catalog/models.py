"""The catalogue's tables (SQLAlchemy 2 declarative). The schema itself is owned by the
Alembic migrations in ``storage/migrations``; these classes must match them.

Text is NFC. ``*_folded`` columns hold a lower-case copy without diacritics (đ → d) so
search matches with or without Vietnamese marks on any database, no extension needed.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

if TYPE_CHECKING:
    from storage.object_model import StoredObject

__all__ = [
    "AccessEvent",
    "ApiClient",
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Base",
    "CertificationEntry",
    "Counter",
    "Document",
    "DocumentStatus",
    "DocumentText",
    "Dossier",
    "ObjectRecord",
    "ReuseEvent",
    "Subject",
]

# SQLite needs INTEGER (not BIGINT) for an auto-incrementing rowid primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Subject(Base):
    """A citizen (12-digit personal number) or an organisation (enterprise code)."""

    __tablename__ = "subjects"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # citizen | organisation
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class Dossier(Base):
    """One application for one procedure; code ``<agency>-YYMMDD-XXXX``."""

    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    procedure_code: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"))
    channel: Mapped[str] = mapped_column(String(12))  # counter | online | post
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class ObjectRecord(Base):
    """An object the catalogue owns in S3 (the fixity check walks this table)."""

    __tablename__ = "objects"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    version_id: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]

    @classmethod
    def of(cls, obj: StoredObject, content_type: str, at: datetime) -> ObjectRecord:
        """The catalogue row of an object just written to S3."""
        return cls(
            key=obj.key,
            sha256=obj.sha256,
            size=obj.size,
            version_id=obj.version_id,
            content_type=content_type,
            created_at=at,
        )


class Document(Base):
    """A paper of a dossier (kind 0) or a result (kind 1), with its stored files."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    record_code: Mapped[str | None] = mapped_column(String(120))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    type_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[int] = mapped_column(SmallInteger)
    number_symbol: Mapped[str | None] = mapped_column(String(80))
    issue_date: Mapped[date | None] = mapped_column(Date)
    issuing_agency: Mapped[str | None] = mapped_column(String(200))
    signer: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)  # None = permanent
    validity_scope: Mapped[str | None] = mapped_column(String(200))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    field_code: Mapped[str | None] = mapped_column(String(40))
    fields: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(12))
    superseded_by: Mapped[int | None] = mapped_column(BigId)
    digitized_by: Mapped[str] = mapped_column(String(80))
    digitized_at: Mapped[datetime]
    accepted_by: Mapped[str | None] = mapped_column(String(80))
    accepted_at: Mapped[datetime | None]
    signature_level: Mapped[str | None] = mapped_column(String(20))
    page_count: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10))
    original_key: Mapped[str] = mapped_column(String(200))
    original_sha256: Mapped[str] = mapped_column(String(64))
    signed_key: Mapped[str | None] = mapped_column(String(200))
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    ocr_key: Mapped[str | None] = mapped_column(String(200))
    ocr_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("subject_id", "original_sha256", name="uq_documents_subject_original"),
        Index(
            "ix_documents_reuse",
            "subject_id",
            "status",
            "type_code",
            "valid_from",
            "valid_until",
            "id",
        ),
        Index("ix_documents_number", "number_symbol"),
        Index("ix_documents_dossier", "dossier_id"),
    )


class DocumentText(Base):
    """OCR text of a document, folded for search (the full-text index is dialect-specific)."""

    __tablename__ = "document_texts"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    folded: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """Gap-free sequences: daily dossier numbers, yearly certification numbers."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class CertificationEntry(Base):
    """One line of the certification register (sổ chứng thực, SCT/BS)."""

    __tablename__ = "certification_entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    book: Mapped[str] = mapped_column(String(20))
    original_ref: Mapped[str] = mapped_column(String(200))
    copies: Mapped[int] = mapped_column(Integer)
    certified_by: Mapped[str] = mapped_column(String(80))
    certified_at: Mapped[datetime]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    __table_args__ = (UniqueConstraint("agency_code", "year", "number", name="uq_cert_number"),)


class ReuseEvent(Base):
    """A document used again by a later dossier or a processing system."""

    __tablename__ = "reuse_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    client: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class AccessEvent(Base):
    """Someone read a subject's documents, and why."""

    __tablename__ = "access_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    actor: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(BigId)
    action: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class ApiClient(Base):
    """A processing system allowed to call the API (only a hash of its key is kept)."""

    __tablename__ = "api_clients"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    roles: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuditEntry(Base):
    """One audit record; ``hash`` covers its fields and ``prev_hash``."""

    __tablename__ = "audit_entries"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(120))
    purpose: Mapped[str | None] = mapped_column(String(120))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row naming the last entry; appends lock it to stay in order."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A head hash written out as an object (optionally signed by the application)."""

    __tablename__ = "audit_checkpoints"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    object_key: Mapped[str] = mapped_column(String(200))
    object_sha256: Mapped[str] = mapped_column(String(64))
    signature_key: Mapped[str | None] = mapped_column(String(200))

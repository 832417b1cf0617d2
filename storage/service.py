"""The storage service: the write path across S3 and catalogue, and the audited reads.

Write order (DESIGN.md): every object first, each checked on the way; then one catalogue
transaction with the object rows, the document row, its text and the audit entry. A crash
before the commit leaves only objects no row points at (the sweep reports them); a crash
after it leaves a complete document. Storing the same bytes again finds the same keys and
the same row: ingest is idempotent.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storage import audit
from storage.catalog.engine import IMMEDIATE
from storage.catalog.lookup import DocumentRecord, Page, by_number, full_text, reusable_documents
from storage.catalog.models import (
    AccessEvent,
    Document,
    DocumentStatus,
    DocumentText,
    ObjectRecord,
    ReuseEvent,
    Subject,
)
from storage.catalog.records import Access, DocumentSpec, IngestResult
from storage.catalog.text import fold, nfc
from storage.errors import ConflictError, NotFoundError, PurposeRequiredError
from storage.export import ExportResult, metadata_xml
from storage.hashing import VerifyingReader
from storage.objects import ObjectStore, StoredObject

__all__ = ["Access", "IngestResult", "Source", "Storage"]

log = logging.getLogger(__name__)

#: A file to store: a path, or an open binary stream (spooled to disk to learn its hash).
Source = Path | BinaryIO
#: Called with the name of each write step before it runs; tests inject crashes here.
StepHook = Callable[[str], None]


class Storage:
    """Objects plus catalogue plus audit log, used together in the right order."""

    def __init__(
        self,
        engine: Engine,
        objects: ObjectStore,
        *,
        spool_dir: Path | None = None,
        agency_code: str = "000.00.00.H00",
        on_close: Callable[[], None] | None = None,
        migrated: bool = False,
    ) -> None:
        self.engine = engine
        #: True when opening this storage migrated the catalogue schema (open_storage).
        self.migrated = migrated
        self.agency_code = agency_code
        self.objects = objects
        self.spool_dir = spool_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(**{IMMEDIATE: True}), expire_on_commit=False
        )
        self._on_close = on_close

    def close(self) -> None:
        self.engine.dispose()
        if self._on_close is not None:
            self._on_close()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as s:
            yield s

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success (BEGIN IMMEDIATE on SQLite)."""
        with self._writes() as s, s.begin():
            yield s

    # -- write path ----------------------------------------------------------------

    def _known(self, key: str) -> StoredObject | None:
        with self.read() as s:
            rec = s.get(ObjectRecord, key)
        if rec is None:
            return None
        return StoredObject(rec.key, rec.sha256, rec.size, rec.version_id, created=False)

    def _put(self, src: Source, content_type: str) -> StoredObject:
        if isinstance(src, Path):
            return self.objects.put_file(src, content_type, known=self._known)
        return self.objects.put_stream(
            src, content_type, spool_dir=self.spool_dir, known=self._known
        )

    def ingest(
        self,
        spec: DocumentSpec,
        original: Source,
        *,
        signed: Source | None = None,
        ocr_json: Source | None = None,
        on_step: StepHook | None = None,
    ) -> IngestResult:
        """Store a digitized document: objects first, then the catalogue row (draft)."""
        step = on_step or (lambda _name: None)
        stored: list[tuple[StoredObject, str]] = []
        for name, src, ctype in (
            ("original", original, "application/pdf"),
            ("signed", signed, "application/pdf"),
            ("ocr", ocr_json, "application/json"),
        ):
            if src is None:
                continue
            step(f"object:{name}")
            stored.append((self._put(src, ctype), name))
        by_name = {name: obj for obj, name in stored}
        orig = by_name["original"]
        step("catalogue")
        with self.write() as s:
            subject = self._subject(s, spec)
            existing = s.scalar(
                select(Document.id).where(
                    Document.subject_id == subject.id, Document.original_sha256 == orig.sha256
                )
            )
            if existing is not None:
                return IngestResult(existing, False, tuple(o for o, _ in stored))
            now = datetime.now(UTC)
            for obj, name in stored:
                if s.get(ObjectRecord, obj.key) is None:
                    s.add(
                        ObjectRecord(
                            key=obj.key,
                            sha256=obj.sha256,
                            size=obj.size,
                            version_id=obj.version_id,
                            created_at=now,
                            content_type="application/json" if name == "ocr" else "application/pdf",
                        )
                    )
            doc = self._document(spec, subject.id, by_name, now)
            s.add(doc)
            s.flush()
            if spec.ocr_text:
                s.add(DocumentText(document_id=doc.id, folded=fold(nfc(spec.ocr_text))))
            audit.append(
                s,
                actor=spec.digitized_by,
                action="document.ingest",
                subject=subject.identifier,
                target=f"document:{doc.id}",
                purpose=spec.procedure_code,
                at=now,
            )
            step("commit")
            doc_id = doc.id
        log.info("ingested document %d (%d objects)", doc_id, len(stored))
        return IngestResult(doc_id, True, tuple(o for o, _ in stored))

    @staticmethod
    def _subject(s: Session, spec: DocumentSpec) -> Subject:
        subj = s.scalar(select(Subject).where(Subject.identifier == spec.subject.identifier))
        if subj is None:
            subj = Subject(
                identifier=spec.subject.identifier,
                kind=spec.subject.kind,
                name=nfc(spec.subject.name) if spec.subject.name else None,
                created_at=datetime.now(UTC),
            )
            s.add(subj)
            s.flush()
        return subj

    @staticmethod
    def _document(
        spec: DocumentSpec, subject_id: int, objs: dict[str, StoredObject], now: datetime
    ) -> Document:
        def opt(name: str) -> tuple[str | None, str | None]:
            o = objs.get(name)
            return (o.key, o.sha256) if o else (None, None)

        def t(v: str | None) -> str | None:
            return nfc(v) if v else v

        valid_from = spec.valid_from or spec.issue_date or spec.digitized_at.date()
        signed_key, signed_sha = opt("signed")
        ocr_key, ocr_sha = opt("ocr")
        return Document(
            record_code=spec.record_code,
            subject_id=subject_id,
            dossier_id=spec.dossier_id,
            type_code=spec.type_code,
            kind=spec.kind,
            number_symbol=t(spec.number_symbol),
            issue_date=spec.issue_date,
            issuing_agency=t(spec.issuing_agency),
            signer=t(spec.signer),
            summary=t(spec.summary),
            valid_from=valid_from,
            valid_until=spec.valid_until,
            validity_scope=t(spec.validity_scope),
            procedure_code=spec.procedure_code,
            field_code=spec.field_code,
            fields={k: nfc(v) if isinstance(v, str) else v for k, v in spec.fields.items()},
            status=DocumentStatus.DRAFT.value,
            digitized_by=spec.digitized_by,
            digitized_at=spec.digitized_at,
            signature_level=spec.signature_level,
            page_count=spec.page_count,
            language=spec.language,
            original_key=objs["original"].key,
            original_sha256=objs["original"].sha256,
            signed_key=signed_key,
            signed_sha256=signed_sha,
            ocr_key=ocr_key,
            ocr_sha256=ocr_sha,
            created_at=now,
        )

    # -- status --------------------------------------------------------------------

    _ALLOWED: ClassVar[dict[DocumentStatus, set[DocumentStatus]]] = {
        DocumentStatus.ACCEPTED: {DocumentStatus.DRAFT},
        DocumentStatus.SUPERSEDED: {DocumentStatus.ACCEPTED},
        DocumentStatus.REVOKED: {DocumentStatus.ACCEPTED, DocumentStatus.DRAFT},
    }

    def set_status(
        self,
        document_id: int,
        status: DocumentStatus,
        *,
        actor: str,
        purpose: str,
        superseded_by: int | None = None,
        signature_level: str | None = None,
    ) -> None:
        """draft → accepted → superseded / revoked; anything else is refused."""
        with self.write() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"document {document_id} does not exist")
            if DocumentStatus(doc.status) not in self._ALLOWED.get(status, set()):
                raise ConflictError(f"a {doc.status} document cannot become {status.value}")
            now = datetime.now(UTC)
            doc.status = status.value
            if status is DocumentStatus.ACCEPTED:
                doc.accepted_by, doc.accepted_at = actor, now
                if signature_level:
                    doc.signature_level = signature_level
            if superseded_by is not None:
                doc.superseded_by = superseded_by
            subject = s.get(Subject, doc.subject_id)
            audit.append(
                s,
                actor=actor,
                action=f"document.{status.value}",
                subject=subject.identifier if subject else None,
                target=f"document:{doc.id}",
                purpose=purpose,
                at=now,
            )

    # -- audited reads ---------------------------------------------------------------

    def _record_access(
        self,
        s: Session,
        access: Access,
        action: str,
        subject: Subject | None,
        document_id: int | None,
    ) -> None:
        now = datetime.now(UTC)
        s.add(
            AccessEvent(
                actor=access.actor,
                subject_id=subject.id if subject else None,
                document_id=document_id,
                action=action,
                purpose=access.purpose,
                at=now,
            )
        )
        audit.append(
            s,
            actor=access.actor,
            action=action,
            subject=subject.identifier if subject else None,
            target=f"document:{document_id}" if document_id else None,
            purpose=access.purpose,
            at=now,
        )

    def documents_of(
        self,
        subject_identifier: str,
        access: Access,
        *,
        types: Sequence[str] | None = None,
        on: date | None = None,
        after: int = 0,
        limit: int = 50,
    ) -> Page[DocumentRecord]:
        """Reusable documents of a subject; records the access."""
        access.check()
        with self.write() as s:
            subj = s.scalar(select(Subject).where(Subject.identifier == subject_identifier))
            page = reusable_documents(s, subject_identifier, types, on, after, limit)
            self._record_access(s, access, "lookup.subject", subj, None)
        return page

    def find_by_number(
        self, number_symbol: str, access: Access, *, after: int = 0, limit: int = 50
    ) -> Page[DocumentRecord]:
        """Documents by number and symbol; records one access per subject found."""
        access.check()
        with self.write() as s:
            page = by_number(s, number_symbol, after, limit)
            self._record_hits(s, access, "lookup.number", page)
        return page

    def search(
        self,
        query: str,
        access: Access,
        *,
        after: int = 0,
        limit: int = 20,
        subject_identifier: str | None = None,
    ) -> Page[DocumentRecord]:
        """Full-text search over OCR text; records one access per subject found."""
        access.check()
        with self.write() as s:
            sid = None
            if subject_identifier is not None:
                sid = s.scalar(select(Subject.id).where(Subject.identifier == subject_identifier))
                if sid is None:
                    return Page((), None)
            page = full_text(s, query, after, limit, sid)
            self._record_hits(s, access, "lookup.text", page)
        return page

    def _record_hits(
        self, s: Session, access: Access, action: str, page: Page[DocumentRecord]
    ) -> None:
        for sid in sorted({d.subject_id for d in page.items}):
            self._record_access(s, access, action, s.get(Subject, sid), None)

    def get_document(self, document_id: int, access: Access) -> Document:
        """One document's full record (detached), audited."""
        access.check()
        with self.write() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"document {document_id} does not exist")
            self._record_access(s, access, "document.read", s.get(Subject, doc.subject_id), doc.id)
            s.expunge(doc)
        return doc

    def _file(self, doc: Document, which: str) -> tuple[str, str]:
        key, sha = {
            "original": (doc.original_key, doc.original_sha256),
            "signed": (doc.signed_key, doc.signed_sha256),
            "ocr": (doc.ocr_key, doc.ocr_sha256),
        }.get(which, (None, None))
        if not key or not sha:
            raise NotFoundError(f"document {doc.id} has no {which} file")
        return key, sha

    def open_file(self, document_id: int, access: Access, which: str = "signed") -> VerifyingReader:
        """Stream a document's file (checked against its SHA-256 at the end), audited."""
        doc = self.get_document(document_id, access)
        key, sha = self._file(doc, which)
        with self.read() as s:
            rec = s.get(ObjectRecord, key)
        return self.objects.open(
            key, sha, rec.size if rec else None, rec.version_id if rec else None
        )

    def presign(self, document_id: int, access: Access, which: str = "signed") -> str:
        """A short-lived download URL for a document's file, audited."""
        doc = self.get_document(document_id, access)
        key, _ = self._file(doc, which)
        with self.read() as s:
            rec = s.get(ObjectRecord, key)
        return self.objects.presign(key, rec.version_id if rec else None)

    def record_reuse(
        self, document_id: int, *, client: str, purpose: str, dossier_id: int | None = None
    ) -> None:
        """A processing system or later dossier used this document instead of paper."""
        if not client.strip() or not purpose.strip():
            raise PurposeRequiredError("a reuse needs the client and the purpose")
        with self.write() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                raise NotFoundError(f"document {document_id} does not exist")
            if doc.status != DocumentStatus.ACCEPTED.value:
                raise ConflictError(f"a {doc.status} document cannot be reused")
            now = datetime.now(UTC)
            s.add(
                ReuseEvent(
                    document_id=doc.id,
                    dossier_id=dossier_id,
                    client=client,
                    purpose=purpose,
                    at=now,
                )
            )
            subject = s.get(Subject, doc.subject_id)
            audit.append(
                s,
                actor=client,
                action="document.reuse",
                subject=subject.identifier if subject else None,
                target=f"document:{doc.id}",
                purpose=purpose,
                at=now,
            )

    def export(self, document_id: int, access: Access, dest_dir: Path) -> ExportResult:
        """Write ``<id>.pdf`` (the stored signed file, verified) and ``<id>.xml``, audited."""
        doc = self.get_document(document_id, access)
        which = "signed" if doc.signed_key else "original"
        key, sha = self._file(doc, which)
        with self.read() as s:
            rec = s.get(ObjectRecord, key)
            subject = s.get(Subject, doc.subject_id)
        dest_dir.mkdir(parents=True, exist_ok=True)
        pdf = self.objects.download(
            key,
            sha,
            dest_dir / f"{doc.id}.pdf",
            rec.size if rec else None,
            rec.version_id if rec else None,
        )
        xml = dest_dir / f"{doc.id}.xml"
        xml.write_bytes(
            metadata_xml(
                doc,
                agency_code=self.agency_code,
                subject_identifier=subject.identifier if subject else "",
                file_sha256=sha,
            )
        )
        return ExportResult(pdf, xml)

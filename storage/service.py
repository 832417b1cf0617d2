"""The storage service: the write path across S3 and catalogue (reads: :mod:`storage.reads`).

Write order (DESIGN.md): every object first, each checked on the way; then one catalogue
transaction with the object rows, the document row, its text and the audit entry. A crash
before the commit leaves only objects no row points at (the sweep reports them); a crash
after it leaves a complete document. Storing the same bytes again finds the same keys and
the same row: ingest is idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import audit
from storage.catalog.models import (
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
from storage.objects import StoredObject
from storage.reads import StorageReader

__all__ = ["Access", "IngestResult", "Source", "Storage"]

log = logging.getLogger(__name__)

#: A file to store: a path, or an open binary stream (spooled to disk to learn its hash).
Source = Path | BinaryIO
#: Called with the name of each write step before it runs; tests inject crashes here.
StepHook = Callable[[str], None]


class Storage(StorageReader):
    """Objects plus catalogue plus audit log, used together in the right order."""

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
                    ctype = "application/json" if name == "ocr" else "application/pdf"
                    s.add(ObjectRecord.of(obj, ctype, now))
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

"""The read side of the storage service: sessions over the catalogue, and the audited reads.

Every read of a document or a lookup writes who asked and why (an access event and an
audit entry) in the same transaction as the read itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Self

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from storage import audit
from storage.catalog.engine import IMMEDIATE
from storage.catalog.lookup import DocumentRecord, Page, by_number, reusable_documents
from storage.catalog.models import AccessEvent, Document, ObjectRecord, Subject
from storage.catalog.records import Access
from storage.catalog.search import full_text
from storage.errors import NotFoundError
from storage.export import ExportResult, metadata_xml
from storage.hashing import VerifyingReader
from storage.objects import ObjectStore

__all__ = ["StorageReader"]


class StorageReader:
    """Objects plus catalogue, read side: sessions and the audited reads (the write path:
    :class:`storage.service.Storage`)."""

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

    def __enter__(self) -> Self:
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

"""Fixity (re-hash every catalogued object) and the orphan sweep (objects no row owns)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from storage.catalog.models import Document, ObjectRecord
from storage.errors import IntegrityError, NotFoundError, ObjectStoreError
from storage.objects import ObjectStore

__all__ = ["FixityProblem", "FixityResult", "SweepResult", "fixity_check", "sweep_orphans"]

log = logging.getLogger(__name__)

#: ``progress(done, total, bytes_read)`` after each object.
Progress = Callable[[int, int, int], None]
_BATCH = 500


@dataclass(frozen=True, slots=True)
class FixityProblem:
    """An object that is not as catalogued."""

    key: str
    """Object key."""
    code: str
    """``missing`` or ``changed``."""
    detail: str
    """What was seen."""


@dataclass(frozen=True, slots=True)
class FixityResult:
    """The outcome of a fixity pass."""

    checked: int
    """Objects read."""
    bytes_read: int
    """Bytes hashed."""
    problems: tuple[FixityProblem, ...] = field(default_factory=tuple)
    """Missing or changed objects; empty when all is well."""

    @property
    def ok(self) -> bool:
        return not self.problems


def fixity_check(
    session: Session, store: ObjectStore, progress: Progress | None = None
) -> FixityResult:
    """Stream every catalogued object (pinned version), recompute its SHA-256, compare."""
    total = session.scalar(select(func.count()).select_from(ObjectRecord)) or 0
    problems: list[FixityProblem] = []
    done = read = 0
    last = ""
    while True:
        rows = session.scalars(
            select(ObjectRecord)
            .where(ObjectRecord.key > last)
            .order_by(ObjectRecord.key)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for rec in rows:
            last = rec.key
            try:
                with store.open(rec.key, rec.sha256, rec.size, rec.version_id) as src:
                    for chunk in src:
                        read += len(chunk)
            except NotFoundError:
                problems.append(FixityProblem(rec.key, "missing", "no such object or version"))
            except IntegrityError as exc:
                problems.append(FixityProblem(rec.key, "changed", str(exc)))
            except ObjectStoreError as exc:
                problems.append(FixityProblem(rec.key, "missing", str(exc)))
            done += 1
            if progress is not None:
                progress(done, total, read)
    for p in problems:
        log.warning("fixity: object %s is %s", p.key, p.code)
    return FixityResult(done, read, tuple(problems))


@dataclass(frozen=True, slots=True)
class SweepResult:
    """Objects in the bucket that no catalogue row owns, and rows whose object is gone."""

    orphans: tuple[str, ...]
    """Keys in S3 with no catalogue row (left by a crash between the two writes)."""
    dangling: tuple[str, ...]
    """Keys that documents name but the objects table lacks (must stay empty)."""
    scanned: int
    """Keys listed in the bucket."""


def sweep_orphans(session: Session, store: ObjectStore) -> SweepResult:
    """Report orphans (only report: under object lock they cannot be deleted early)."""
    orphans: list[str] = []
    scanned = 0
    batch: list[str] = []

    def flush() -> None:
        known = set(session.scalars(select(ObjectRecord.key).where(ObjectRecord.key.in_(batch))))
        orphans.extend(k for k in batch if k not in known)
        batch.clear()

    for key in store.iter_keys():
        scanned += 1
        batch.append(key)
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    named = union(
        select(Document.original_key.label("k")),
        select(Document.signed_key).where(Document.signed_key.is_not(None)),
        select(Document.ocr_key).where(Document.ocr_key.is_not(None)),
    ).subquery()
    dangling = session.scalars(
        select(named.c.k).where(named.c.k.not_in(select(ObjectRecord.key)))
    ).all()
    return SweepResult(tuple(orphans), tuple(k for k in dangling if k), scanned)

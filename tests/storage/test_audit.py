"""The audit hash chain: intact chains verify; edits, deletions, reorders are found."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from storage import Access, Storage
from storage import audit as audit_log
from storage.catalog.models import AuditCheckpoint, AuditEntry
from tests.storage.conftest import make_spec, write_file

pytestmark = pytest.mark.s3
WHO = Access("canbo02", "1.001757")


def _fill(storage: Storage, tmp_path: Path, n: int = 5) -> None:
    for i in range(n):
        storage.ingest(
            make_spec(identifier=f"07920301234{i}"),
            write_file(tmp_path / f"{i}.pdf", f"%PDF {i}".encode()),
        )


def _verify(storage: Storage) -> audit_log.AuditReport:
    with storage.read() as s:
        return audit_log.verify(s, storage.objects)


def test_an_untouched_chain_verifies(storage: Storage, tmp_path: Path) -> None:
    _fill(storage, tmp_path)
    storage.documents_of("079203012340", WHO)
    report = _verify(storage)
    assert report.ok and report.entries == 6 and report.head_seq == 6


def test_an_edited_entry_is_found(storage: Storage, tmp_path: Path) -> None:
    _fill(storage, tmp_path)
    with storage.write() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="someone-else"))
    report = _verify(storage)
    assert [(p.seq, p.code) for p in report.problems] == [(3, "entry_edited")]


def test_a_deleted_entry_is_found(storage: Storage, tmp_path: Path) -> None:
    _fill(storage, tmp_path)
    with storage.write() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    codes = {p.code for p in _verify(storage).problems}
    assert {"entry_missing", "entry_moved"} <= codes


def test_reordered_entries_are_found(storage: Storage, tmp_path: Path) -> None:
    """Given two entries whose contents are swapped (seq kept), the links break."""
    _fill(storage, tmp_path)
    with storage.write() as s:
        a, b = (s.get(AuditEntry, 2), s.get(AuditEntry, 3))
        assert a is not None and b is not None
        fields = ("at", "actor", "action", "subject", "target", "purpose", "prev_hash", "hash")
        va, vb = ({f: getattr(a, f) for f in fields}, {f: getattr(b, f) for f in fields})
        for f in fields:
            setattr(a, f, vb[f])
            setattr(b, f, va[f])
    codes = {p.code for p in _verify(storage).problems}
    assert "entry_moved" in codes


def test_a_truncated_tail_is_found_against_the_head(storage: Storage, tmp_path: Path) -> None:
    _fill(storage, tmp_path)
    with storage.write() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq == 5))
    assert [p.code for p in _verify(storage).problems] == ["head_mismatch"]


def test_checkpoint_is_stored_signed_and_a_rewritten_chain_is_found(
    storage: Storage,
    tmp_path: Path,
) -> None:
    _fill(storage, tmp_path, 3)
    with storage.write() as s:
        cp = audit_log.checkpoint(s, storage.objects, signer=lambda body: b"sig:" + body[:8])
    assert cp.seq == 3 and cp.signature_key is not None
    body = storage.objects.read_bytes(cp.object_key, cp.object_sha256)
    assert cp.hash.encode() in body
    assert _verify(storage).ok
    # Rewrite the whole chain consistently from entry 2 on: only the checkpoint notices.
    with storage.write() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        prev = rows[0].hash
        for e in rows[1:]:
            e.actor = "forger"
            e.prev_hash = prev
            e.hash = audit_log.entry_hash(
                prev, e.seq, e.at, e.actor, e.action, e.subject, e.target, e.purpose
            )
            prev = e.hash
        head = s.get(audit_log.AuditHead, 1)
        assert head is not None
        head.hash = prev
    codes = [p.code for p in _verify(storage).problems]
    assert codes == ["checkpoint_mismatch"]
    with storage.read() as s:
        assert s.scalar(select(AuditCheckpoint.seq)) == 3

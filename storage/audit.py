"""The tamper-evident audit log: an append-only hash chain with signed checkpoints.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields
(canonical JSON), so editing, deleting or reordering any entry breaks every later link.
The head row (last seq and hash) is updated in the same transaction as each append; its
row lock keeps appends in order. A checkpoint writes the head hash out as an object
(optionally with a signature the application makes) so that even a rewrite of the whole
table is detected against the stored checkpoints. Entries say who, what, which subject,
why and when, never document content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.catalog.models import AuditCheckpoint, AuditEntry, AuditHead, ObjectRecord
from storage.objects import ObjectStore

__all__ = [
    "GENESIS",
    "AuditHead",
    "AuditProblem",
    "AuditReport",
    "append",
    "checkpoint",
    "entry_hash",
    "verify",
]

#: The "previous hash" of the first entry.
GENESIS = "0" * 64
_BATCH = 2000


def _ts(at: datetime) -> str:
    # SQLite gives naive UTC back, PostgreSQL aware: hash the same string for both.
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(  # noqa: PLR0917
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None,
    target: str | None,
    purpose: str | None,
) -> str:
    body = json.dumps(
        [seq, _ts(at), actor, action, subject, target, purpose],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None = None,
    target: str | None = None,
    purpose: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry inside the caller's transaction (committed with its cause)."""
    at = (at or datetime.now(UTC)).astimezone(UTC)
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    seq = head.seq + 1
    digest = entry_hash(head.hash, seq, at, actor, action, subject, target, purpose)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        target=target,
        purpose=purpose,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """One place where the chain does not verify."""

    seq: int
    """The entry (or checkpoint) sequence number concerned."""
    code: str
    """``entry_edited``, ``entry_missing``, ``entry_moved``, ``head_mismatch`` or
    ``checkpoint_mismatch``."""
    message: str
    """What was found, for the archivist."""


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of a verification pass."""

    entries: int
    """Entries read."""
    head_seq: int
    """The last sequence number the head row names."""
    problems: tuple[AuditProblem, ...] = field(default_factory=tuple)
    """Empty when the chain is intact."""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, store: ObjectStore | None = None) -> AuditReport:
    """Walk the chain from the start; report every break, then check head and checkpoints."""
    problems: list[AuditProblem] = []
    hashes: dict[int, str] = {}
    checkpoints = {c.seq: c for c in session.scalars(select(AuditCheckpoint))}
    prev, expected, count, last = GENESIS, 1, 0, 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(_BATCH)
        ).all()
        if not rows:
            break
        for e in rows:
            count += 1
            if e.seq != expected:
                problems.append(
                    AuditProblem(
                        expected, "entry_missing", f"entries {expected}..{e.seq - 1} are missing"
                    )
                )
            if e.prev_hash != prev:
                problems.append(
                    AuditProblem(
                        e.seq,
                        "entry_moved",
                        "its previous-hash does not match the entry before it "
                        "(an entry was deleted, inserted or reordered)",
                    )
                )
            own = entry_hash(
                e.prev_hash, e.seq, e.at, e.actor, e.action, e.subject, e.target, e.purpose
            )
            if own != e.hash:
                problems.append(
                    AuditProblem(
                        e.seq, "entry_edited", "its fields no longer hash to its stored hash"
                    )
                )
            if e.seq in checkpoints:
                hashes[e.seq] = e.hash
            # Follow the chain as stored, so one edit is reported once, not at every entry.
            prev, expected, last = e.hash, e.seq + 1, e.seq
    head = session.get(AuditHead, 1)
    head_seq = head.seq if head else 0
    if head is None or head.seq != last or head.hash != prev:
        problems.append(
            AuditProblem(
                last,
                "head_mismatch",
                f"the head names entry {head_seq} but the chain ends at {last} "
                "(entries removed from the end, or the head was rewritten)",
            )
        )
    for seq, cp in sorted(checkpoints.items()):
        if hashes.get(seq) != cp.hash:
            problems.append(
                AuditProblem(
                    seq, "checkpoint_mismatch", "the chain no longer passes through this checkpoint"
                )
            )
        elif store is not None:
            body = json.loads(store.read_bytes(cp.object_key, cp.object_sha256))
            if body.get("hash") != cp.hash or body.get("seq") != seq:
                problems.append(
                    AuditProblem(
                        seq,
                        "checkpoint_mismatch",
                        "the stored checkpoint object differs from its row",
                    )
                )
    return AuditReport(entries=count, head_seq=head_seq, problems=tuple(problems))


def checkpoint(
    session: Session,
    store: ObjectStore,
    signer: Callable[[bytes], bytes] | None = None,
    at: datetime | None = None,
) -> AuditCheckpoint:
    """Write the current head out as an object (and its signature, when a signer is given)."""
    at = (at or datetime.now(UTC)).astimezone(UTC)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    existing = session.get(AuditCheckpoint, head.seq)
    if existing is not None:
        return existing
    body = json.dumps(
        {"log": "sohoa-audit", "seq": head.seq, "hash": head.hash, "at": _ts(at) + "Z"},
        separators=(",", ":"),
    ).encode()
    obj = store.put_bytes(body, "application/json")
    stored = [(obj, "application/json")]
    sig_key = None
    if signer is not None:
        sig = store.put_bytes(signer(body), "application/octet-stream")
        stored.append((sig, "application/octet-stream"))
        sig_key = sig.key
    for o, ctype in stored:
        session.merge(ObjectRecord.of(o, ctype, at))
    cp = AuditCheckpoint(
        seq=head.seq,
        hash=head.hash,
        at=at,
        object_key=obj.key,
        object_sha256=obj.sha256,
        signature_key=sig_key,
    )
    session.add(cp)
    session.flush()
    return cp

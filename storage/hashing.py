"""SHA-256 while bytes stream past: content keys, and readers that check on the way."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from storage.errors import IntegrityError

__all__ = ["CHUNK", "HashingReader", "VerifyingReader", "object_key", "sha256_file"]

#: Read size for streaming; large enough for throughput, small enough to never matter.
CHUNK = 1024 * 1024


def object_key(sha256: str, prefix: str = "") -> str:
    """The content-derived key of an object: ``<prefix>sha256/<64 hex digits>``.

    No ``ab/`` fan-out: S3 keys are flat, and on SeaweedFS each new prefix is a directory
    entry the filer must create (measured: it doubled the time of small uploads)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise IntegrityError(f"not a lowercase hex SHA-256: {sha256[:80]!r}")
    return f"{prefix}sha256/{sha256}"


def sha256_file(path: Path) -> tuple[str, int]:
    """Hex SHA-256 and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class HashingReader:
    """Wraps a binary stream; hashes (SHA-256) whatever is read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        if data:
            self.sha256.update(data)
            self.size += len(data)
        return data


#: Chunks this large are hashed on the helper thread (hashlib releases the GIL above
#: 2 KiB); smaller ones inline, where the hand-off would cost more than the hash.
_OFFLOAD = 64 * 1024
#: One helper thread for every reader: it hashes chunk n while the caller's thread reads
#: chunk n + 1 from the socket (also GIL-free), so on two cores verification hides behind
#: the network instead of adding ~1 ms per MB to each read.
_HASHER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sohoa-sha256")


class VerifyingReader:
    """A download stream that raises :class:`IntegrityError` at its end on a bad hash.

    The caller must read to the end (``read()`` returning ``b""``) for the check to run;
    :meth:`close` releases the HTTP connection either way. At most one chunk (the one
    being hashed) is held beside the one returned.
    """

    def __init__(self, response: object, expected_sha256: str, expected_size: int | None) -> None:
        self._resp = response
        self._expected = expected_sha256
        self._expected_size = expected_size
        self._digest = hashlib.sha256()
        self._pending: Future[None] | None = None
        self.size = 0
        self._done = False

    def _hash(self, data: bytes) -> None:
        # Updates stay in order: the previous chunk's hash is finished before the next.
        if self._pending is not None:
            self._pending.result()
            self._pending = None
        if len(data) >= _OFFLOAD:
            self._pending = _HASHER.submit(self._digest.update, data)
        else:
            self._digest.update(data)

    def read(self, n: int = CHUNK) -> bytes:
        if self._done:
            return b""
        data: bytes = self._resp.read(n if n and n > 0 else CHUNK)  # type: ignore[attr-defined]
        if data:
            self._hash(data)
            self.size += len(data)
            return data
        self._done = True
        self._hash(b"")
        got = self._digest.hexdigest()
        if got != self._expected or (
            self._expected_size is not None and self.size != self._expected_size
        ):
            raise IntegrityError(
                f"object read back hashes to {got[:16]}… ({self.size} bytes), "
                f"expected {self._expected[:16]}…; run `sohoa storage fixity` and restore it "
                "from a backup"
            )
        return b""

    def __iter__(self) -> VerifyingReader:
        return self

    def __next__(self) -> bytes:
        data = self.read(CHUNK)
        if not data:
            raise StopIteration
        return data

    def close(self) -> None:
        if self._pending is not None:  # never leave the helper hashing a dropped stream
            self._pending.result()
            self._pending = None
        self._resp.close()  # type: ignore[attr-defined]
        self._resp.release_conn()  # type: ignore[attr-defined]

    def __enter__(self) -> VerifyingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

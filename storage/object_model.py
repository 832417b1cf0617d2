"""What the object store speaks: its settings, what it returns about a stored object, and
S3 errors translated into storage errors (:mod:`storage.objects` does the work)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from minio.error import S3Error

from storage.errors import NotFoundError, ObjectLockedError, ObjectStoreError, StorageError

__all__ = [
    "RETRY_DELAYS",
    "TRANSIENT",
    "Lookup",
    "ObjectStoreSettings",
    "StoredObject",
    "s3_error",
]


@dataclass(frozen=True, slots=True)
class ObjectStoreSettings:
    """Where objects live and how they are protected."""

    endpoint: str
    """``host:port`` of the S3 server."""
    access_key: str
    """S3 access key."""
    secret_key: str
    """S3 secret key."""
    bucket: str = "sohoa"
    """Bucket for all objects; created (with object lock when asked) if missing."""
    secure: bool = False
    """HTTPS to the endpoint."""
    region: str | None = None
    """S3 region, when the server needs one."""
    versioning: bool = True
    """Keep every version; an overwrite never destroys the old bytes."""
    lock_mode: str | None = "GOVERNANCE"
    """Object lock retention mode: ``GOVERNANCE``, ``COMPLIANCE`` or None (no lock)."""
    retention_days: int = 3650
    """How long a stored object cannot be deleted or overwritten (days)."""
    sse: bool = False
    """Ask the server to encrypt at rest (SSE-S3)."""
    presign_seconds: int = 300
    """Lifetime of presigned download URLs."""
    prefix: str = ""
    """Key prefix inside the bucket (several deployments may share one bucket)."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    """An object as stored: what the catalogue keeps about it."""

    key: str
    """Content-derived key."""
    sha256: str
    """Hex SHA-256 of the bytes."""
    size: int
    """Bytes."""
    version_id: str | None
    """The S3 version holding these bytes, when the bucket is versioned."""
    created: bool
    """False when the same bytes were already stored (idempotent re-put)."""


#: Answers from the catalogue whether a key is already stored (None = not known).
Lookup = Callable[[str], StoredObject | None]


#: S3 error codes that mean "the server is busy or hiccuped": a put is retried after these.
TRANSIENT = frozenset({"InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout"})
RETRY_DELAYS = (0.2, 0.6, 1.5)


def s3_error(exc: S3Error, what: str) -> StorageError:
    """The storage error an S3 answer means: locked, missing, or the server's own."""
    if exc.code in {"AccessDenied", "ObjectLocked", "InvalidRequest"} and what.startswith(
        ("delete", "overwrite")
    ):
        return ObjectLockedError(f"{what} refused by the S3 server ({exc.code}): object lock")
    if exc.code in {"NoSuchKey", "NoSuchVersion", "NoSuchObject"}:
        return NotFoundError(f"{what}: no such object ({exc.code})")
    return ObjectStoreError(f"{what} failed: S3 {exc.code}: {exc.message}")

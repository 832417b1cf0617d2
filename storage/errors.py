"""The storage package's errors: one base class, a stable ``code`` on each."""

from __future__ import annotations

__all__ = [
    "AuditChainError",
    "CatalogueError",
    "ConflictError",
    "EmbeddedS3Error",
    "IntegrityError",
    "NotFoundError",
    "ObjectLockedError",
    "ObjectStoreError",
    "PurposeRequiredError",
    "StorageError",
]

#: Exit statuses shared with api/errors.py (bad input 2, environment 3).
_BAD_INPUT = 2
_ENVIRONMENT = 3


class StorageError(Exception):
    """Base of every error the storage package raises on purpose."""

    code: str = "storage_error"
    exit_status: int = _ENVIRONMENT


class ObjectStoreError(StorageError):
    """The S3 server refused or failed a request; the message keeps its error code."""

    code = "object_store_failed"


class ObjectLockedError(ObjectStoreError):
    """An overwrite or delete of an object under retention was refused (as it should be)."""

    code = "object_locked"
    exit_status = _BAD_INPUT


class IntegrityError(StorageError):
    """Bytes read or written do not hash to the SHA-256 their key or record names."""

    code = "object_hash_mismatch"


class NotFoundError(StorageError):
    """An object, document or subject that was asked for does not exist."""

    code = "not_found"
    exit_status = _BAD_INPUT


class ConflictError(StorageError):
    """A state change that the current state does not allow (e.g. revoking a draft)."""

    code = "invalid_state_change"
    exit_status = _BAD_INPUT


class PurposeRequiredError(StorageError):
    """A read of a subject's documents came without who or why."""

    code = "purpose_required"
    exit_status = _BAD_INPUT


class CatalogueError(StorageError):
    """The catalogue database is unreachable, or its schema cannot be migrated."""

    code = "catalogue_failed"


class AuditChainError(StorageError):
    """The audit log's hash chain does not verify (an entry edited, deleted or moved)."""

    code = "audit_chain_broken"


class EmbeddedS3Error(StorageError):
    """The embedded SeaweedFS could not be started; the message keeps its log tail."""

    code = "embedded_s3_failed"

"""Objects over S3 (minio client), the SQL catalogue and the tamper-evident audit log.

Open everything with :func:`open_storage`; it starts the embedded SeaweedFS and uses a
SQLite file when no S3 endpoint or database URL is configured.
"""

from __future__ import annotations

from storage.audit import AuditProblem, AuditReport
from storage.catalog.clients import authenticate_client, register_client, revoke_client
from storage.catalog.counters import certify, open_dossier, register_numbers
from storage.catalog.engine import make_engine, migrate, schema_revision, sqlite_url
from storage.catalog.lookup import DocumentRecord, Page
from storage.catalog.models import DocumentStatus
from storage.catalog.records import DocumentSpec, SubjectSpec
from storage.catalog.text import fold, nfc
from storage.config import StorageConfig, open_storage
from storage.embedded import EmbeddedS3, S3Endpoint, find_weed
from storage.errors import (
    AuditChainError,
    CatalogueError,
    ConflictError,
    EmbeddedS3Error,
    IntegrityError,
    NotFoundError,
    ObjectLockedError,
    ObjectStoreError,
    PurposeRequiredError,
    StorageError,
)
from storage.export import ExportResult
from storage.integrity import FixityProblem, FixityResult, SweepResult, fixity_check, sweep_orphans
from storage.objects import ObjectStore, ObjectStoreSettings, StoredObject
from storage.service import Access, IngestResult, Storage

__all__ = [
    "Access",
    "AuditChainError",
    "AuditProblem",
    "AuditReport",
    "CatalogueError",
    "ConflictError",
    "DocumentRecord",
    "DocumentSpec",
    "DocumentStatus",
    "EmbeddedS3",
    "EmbeddedS3Error",
    "ExportResult",
    "FixityProblem",
    "FixityResult",
    "IngestResult",
    "IntegrityError",
    "NotFoundError",
    "ObjectLockedError",
    "ObjectStore",
    "ObjectStoreError",
    "ObjectStoreSettings",
    "Page",
    "PurposeRequiredError",
    "S3Endpoint",
    "Storage",
    "StorageConfig",
    "StorageError",
    "StoredObject",
    "SubjectSpec",
    "SweepResult",
    "authenticate_client",
    "certify",
    "find_weed",
    "fixity_check",
    "fold",
    "make_engine",
    "migrate",
    "nfc",
    "open_dossier",
    "open_storage",
    "register_client",
    "register_numbers",
    "revoke_client",
    "schema_revision",
    "sqlite_url",
    "sweep_orphans",
]

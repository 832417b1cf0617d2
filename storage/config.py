"""Opening the whole storage from one config: embedded parts when nothing is configured."""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass
from pathlib import Path

from storage.catalog.engine import make_engine, migrate, sqlite_url
from storage.embedded import EmbeddedS3
from storage.objects import ObjectStore, ObjectStoreSettings
from storage.private import private_dir, private_file
from storage.service import Storage

__all__ = ["StorageConfig", "open_storage"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StorageConfig:
    """Everything storage needs; api/settings/storage.py fills it from the environment."""

    data_dir: Path
    """Where the SQLite file, the embedded S3 and spool files live."""
    database_url: str | None = None
    """``postgresql://…`` for production; None = SQLite file ``<data_dir>/catalogue.db``."""
    s3: ObjectStoreSettings | None = None
    """An S3 endpoint; None = the embedded SeaweedFS in ``<data_dir>/s3``."""
    bucket: str = "sohoa"
    """Bucket name (also for the embedded server)."""
    lock_mode: str | None = "GOVERNANCE"
    """Object lock mode for the embedded server's bucket."""
    retention_days: int = 3650
    """Retention for the embedded server's bucket."""
    sse: bool = False
    """Server-side encryption for the embedded server's bucket."""
    presign_seconds: int = 300
    """Presigned URL lifetime for the embedded server."""
    agency_code: str = "000.00.00.H00"
    """This agency's code (dossier codes, certification register, exports)."""


def open_storage(config: StorageConfig) -> Storage:
    """Start what is embedded, connect, migrate when behind; ``close()`` stops the
    embedded S3. ``Storage.migrated`` says whether a migration ran.

    The data directory, the SQLite file (and so its WAL, which SQLite creates with the
    database's mode) and the spool are private to this user: 0700 and 0600."""
    private_dir(config.data_dir)
    embedded: EmbeddedS3 | None = None
    s3 = config.s3
    if s3 is None:
        embedded = EmbeddedS3(config.data_dir)
        ep = embedded.start()
        atexit.register(embedded.stop)
        s3 = ObjectStoreSettings(
            endpoint=ep.endpoint,
            access_key=ep.access_key,
            secret_key=ep.secret_key,
            bucket=config.bucket,
            lock_mode=config.lock_mode,
            retention_days=config.retention_days,
            sse=config.sse,
            presign_seconds=config.presign_seconds,
        )
    try:
        objects = ObjectStore(s3)
        url = config.database_url or sqlite_url(private_file(config.data_dir / "catalogue.db"))
        engine = make_engine(url)
        migrated = migrate(engine)
    except BaseException:
        if embedded is not None:
            embedded.stop()
        raise
    spool = private_dir(config.data_dir / "spool")
    return Storage(
        engine,
        objects,
        spool_dir=spool,
        agency_code=config.agency_code,
        on_close=embedded.stop if embedded else None,
        migrated=migrated,
    )

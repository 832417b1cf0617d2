"""Settings of the storage section (``SOHOA_STORAGE__<FIELD>``).

Leave ``s3_endpoint`` empty to run the embedded SeaweedFS in the data directory, and
``database_url`` empty to use the SQLite file there; production points both at servers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, SecretStr

if TYPE_CHECKING:
    from storage import StorageConfig


class StorageSettings(BaseModel):
    """Objects (S3), catalogue (SQL) and their protection."""

    database_url: SecretStr | None = None
    """``postgresql://user:pass@host/db``; empty = SQLite ``<data_dir>/catalogue.db``."""
    s3_endpoint: str | None = None
    """``host:port`` of any S3 server (MinIO, SeaweedFS, Ceph); empty = embedded SeaweedFS."""
    s3_access_key: SecretStr | None = None
    """Access key for ``s3_endpoint`` (the embedded server generates its own)."""
    s3_secret_key: SecretStr | None = None
    """Secret key for ``s3_endpoint``."""
    s3_secure: bool = False
    """HTTPS to ``s3_endpoint``."""
    s3_region: str | None = None
    """Region, when the server needs one."""
    bucket: str = "sohoa"
    """Bucket for every object (created with object lock when missing)."""
    lock_mode: Literal["GOVERNANCE", "COMPLIANCE", "NONE"] = "GOVERNANCE"
    """Object lock retention mode; COMPLIANCE cannot be lifted by anyone before it ends."""
    retention_days: int = Field(default=3650, ge=1)
    """Days a stored object cannot be deleted or overwritten."""
    sse: bool = False
    """Ask the S3 server to encrypt objects at rest (SSE-S3)."""
    presign_seconds: int = Field(default=300, ge=10, le=3600)
    """Lifetime of presigned download links."""
    agency_code: str = "000.00.00.H00"
    """This agency's code (Circular 10/2016/TT-BTTTT), used in dossier codes."""

    def to_config(self, data_dir: Path) -> StorageConfig:
        """The storage package's own config (it knows nothing of pydantic or api)."""
        from storage import ObjectStoreSettings, StorageConfig

        lock = None if self.lock_mode == "NONE" else self.lock_mode
        s3 = None
        if self.s3_endpoint:
            s3 = ObjectStoreSettings(
                endpoint=self.s3_endpoint,
                access_key=self.s3_access_key.get_secret_value() if self.s3_access_key else "",
                secret_key=self.s3_secret_key.get_secret_value() if self.s3_secret_key else "",
                bucket=self.bucket,
                secure=self.s3_secure,
                region=self.s3_region,
                lock_mode=lock,
                retention_days=self.retention_days,
                sse=self.sse,
                presign_seconds=self.presign_seconds,
            )
        return StorageConfig(
            data_dir=data_dir,
            database_url=self.database_url.get_secret_value() if self.database_url else None,
            s3=s3,
            bucket=self.bucket,
            lock_mode=lock,
            retention_days=self.retention_days,
            sse=self.sse,
            presign_seconds=self.presign_seconds,
            agency_code=self.agency_code,
        )

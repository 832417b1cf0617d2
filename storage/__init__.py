"""Objects over S3 (minio client), the SQL catalogue and the tamper-evident audit log."""

from __future__ import annotations

__all__: list[str] = []

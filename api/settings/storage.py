"""Settings of the storage section (``SOHOA_STORAGE__<FIELD>``)."""

from __future__ import annotations

from pydantic import BaseModel


class StorageSettings(BaseModel):
    """Fields are added here as the storage package needs them."""

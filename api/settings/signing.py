"""Settings of the signing section (``SOHOA_SIGNING__<FIELD>``)."""

from __future__ import annotations

from pydantic import BaseModel


class SigningSettings(BaseModel):
    """Fields are added here as the signing package needs them."""

"""Settings of the digitizer section (``SOHOA_DIGITIZER__<FIELD>``)."""

from __future__ import annotations

from pydantic import BaseModel


class DigitizerSettings(BaseModel):
    """Fields are added here as the digitizer package needs them."""

"""One settings object for the whole service (pydantic-settings).

Environment variables use the prefix ``SOHOA_`` and ``__`` between a section and its
field, e.g. ``SOHOA_STORAGE__S3_ENDPOINT`` or ``SOHOA_SIGNING__LEVEL``. Each section lives
in its own module beside this one. Obtain it with :func:`get_settings` (cached), never
at import time.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.settings.digitizer import DigitizerSettings
from api.settings.signing import SigningSettings
from api.settings.storage import StorageSettings

__all__ = [
    "DigitizerSettings",
    "Mode",
    "Settings",
    "SigningSettings",
    "StorageSettings",
    "get_settings",
]


class Mode(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SOHOA_", env_nested_delimiter="__", extra="ignore"
    )

    mode: Mode = Mode.DEVELOPMENT
    """``production`` refuses development keys, default secrets and embedded fallbacks."""
    data_dir: Path = Path("data")
    """Where embedded parts keep their state (SQLite file, SeaweedFS, development PKI)."""

    digitizer: DigitizerSettings = Field(default_factory=DigitizerSettings)
    signing: SigningSettings = Field(default_factory=SigningSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)

    @property
    def production(self) -> bool:
        return self.mode is Mode.PRODUCTION


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

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

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.settings.digitizer import DigitizerSettings
from api.settings.signing import SigningSettings
from api.settings.storage import StorageSettings

__all__ = [
    "DigitizerSettings",
    "Language",
    "LanguageSettings",
    "Mode",
    "Settings",
    "SigningSettings",
    "StorageSettings",
    "development_fallbacks",
    "get_settings",
]


class Mode(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Language(StrEnum):
    """Language of staff-facing text; Vietnamese first."""

    VI = "vi"
    EN = "en"


class LanguageSettings(BaseSettings):
    """The staff language alone (``SOHOA_LANG``), readable when the rest of the settings
    is not valid: ``sohoa --help`` and the error that names a bad setting need it."""

    model_config = SettingsConfigDict(env_prefix="SOHOA_", extra="ignore")

    lang: Language = Language.VI
    """Language of the CLI's help and messages, reports and the digitizer's warnings."""


class Settings(LanguageSettings):
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

    @model_validator(mode="after")
    def _digitizer_speaks_the_staff_language(self) -> Settings:
        # SOHOA_DIGITIZER__UI_LANGUAGE predates SOHOA_LANG and still wins when set.
        if "ui_language" not in self.digitizer.model_fields_set:
            self.digitizer.ui_language = self.lang.value
        return self

    @model_validator(mode="after")
    def _production_has_no_development_fallbacks(self) -> Settings:
        if self.production:
            problems = development_fallbacks(self)
            if problems:
                raise ValueError(
                    "chế độ production không dùng cấu hình phát triển / production mode "
                    "refuses development fallbacks: " + "; ".join(problems)
                )
        return self


def development_fallbacks(settings: Settings) -> list[str]:
    """What in ``settings`` is an embedded default or a placeholder, as env variable hints.

    Development mode runs on these; production must name its own servers, key and agency.
    """
    defaults_signing = SigningSettings()
    defaults_storage = StorageSettings()
    problems = []
    storage, signing = settings.storage, settings.signing
    if not storage.s3_endpoint:
        problems.append("SOHOA_STORAGE__S3_ENDPOINT is empty (embedded SeaweedFS)")
    if storage.database_url is None:
        problems.append("SOHOA_STORAGE__DATABASE_URL is empty (SQLite file)")
    if storage.agency_code == defaults_storage.agency_code:
        problems.append("SOHOA_STORAGE__AGENCY_CODE is the placeholder")
    if signing.pkcs12_path is None and signing.pkcs11_module is None:
        problems.append(
            "neither SOHOA_SIGNING__PKCS12_PATH nor SOHOA_SIGNING__PKCS11_MODULE is set "
            "(development PKI)"
        )
    if signing.agency == defaults_signing.agency:
        problems.append("SOHOA_SIGNING__AGENCY is the placeholder")
    if signing.verify_url_base == defaults_signing.verify_url_base:
        problems.append("SOHOA_SIGNING__VERIFY_URL_BASE is the placeholder")
    return problems


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

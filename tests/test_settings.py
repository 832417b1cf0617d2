"""Settings: production refuses development fallbacks; bad settings are one CLI line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import (
    Language,
    LanguageSettings,
    Mode,
    Settings,
    SigningSettings,
    StorageSettings,
)

FALLBACK_VARIABLES = (
    "SOHOA_STORAGE__S3_ENDPOINT",
    "SOHOA_STORAGE__DATABASE_URL",
    "SOHOA_STORAGE__AGENCY_CODE",
    "SOHOA_SIGNING__PKCS12_PATH",
    "SOHOA_SIGNING__AGENCY",
    "SOHOA_SIGNING__VERIFY_URL_BASE",
)


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SOHOA_"):
            monkeypatch.delenv(name)


def _sohoa(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_defaults_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch)
    settings = Settings()
    assert settings.mode is Mode.DEVELOPMENT
    assert not settings.production


def test_production_names_every_development_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch)
    with pytest.raises(ValidationError) as caught:
        Settings(mode=Mode.PRODUCTION)
    message = str(caught.value)
    for variable in FALLBACK_VARIABLES:
        assert variable in message


def test_production_with_its_own_servers_key_and_agency_is_accepted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _clean_env(monkeypatch)
    settings = Settings(
        mode=Mode.PRODUCTION,
        storage=StorageSettings(
            s3_endpoint="s3.tinh.gov.vn:9000",
            database_url="postgresql://sohoa@db.tinh.gov.vn/sohoa",  # type: ignore[arg-type]
            agency_code="000.00.31.H29",
        ),
        signing=SigningSettings(
            pkcs12_path=tmp_path / "agency.p12",
            agency="UBND phường Bến Nghé",
            verify_url_base="https://dichvucong.tinh.gov.vn/xac-thuc/",
        ),
    )
    assert settings.production


def test_production_without_servers_is_one_cli_line_and_starts_nothing(tmp_path: Path) -> None:
    result = _sohoa(
        "storage",
        "fixity",
        env={"SOHOA_MODE": "production", "SOHOA_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sohoa: error [invalid_settings]:")
    assert "SOHOA_STORAGE__S3_ENDPOINT" in lines[0]
    assert not any(tmp_path.iterdir()), "nothing may be created before settings are valid"


def test_an_invalid_setting_is_named_by_its_variable(tmp_path: Path) -> None:
    result = _sohoa(
        "storage",
        "fixity",
        env={"SOHOA_SIGNING__LEVEL": "B-X", "SOHOA_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "sohoa: error [invalid_settings]:" in result.stderr
    assert "SOHOA_SIGNING__LEVEL" in result.stderr


def test_an_unwritable_output_directory_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    scan = Path(__file__).resolve().parent.parent / "samples" / "demo" / "khai_sinh-clean.png"
    result = _sohoa("digitize", str(scan), "--out", "/proc/sohoa-out", env={}, cwd=tmp_path)
    assert result.returncode in (2, 3)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("sohoa: error [")


def test_sohoa_lang_sets_the_staff_language_and_the_digitizer_follows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clean_env(monkeypatch)
    assert Settings().lang is Language.VI
    assert Settings().digitizer.to_spec().ui_language == "vi"
    monkeypatch.setenv("SOHOA_LANG", "en")
    settings = Settings()
    assert settings.lang is Language.EN and LanguageSettings().lang is Language.EN
    assert settings.digitizer.to_spec().ui_language == "en"


def test_the_older_digitizer_language_setting_still_wins_when_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clean_env(monkeypatch)
    monkeypatch.setenv("SOHOA_LANG", "en")
    monkeypatch.setenv("SOHOA_DIGITIZER__UI_LANGUAGE", "vi")
    assert Settings().digitizer.ui_language == "vi"


def test_an_invalid_setting_is_named_in_english_with_sohoa_lang_en(tmp_path: Path) -> None:
    result = _sohoa(
        "storage",
        "fixity",
        env={"SOHOA_LANG": "en", "SOHOA_SIGNING__LEVEL": "B-X", "SOHOA_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("sohoa: error [invalid_settings]: invalid settings: ")
    assert "SOHOA_SIGNING__LEVEL" in result.stderr and "cấu hình" not in result.stderr

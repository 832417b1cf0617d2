"""The CLI speaks Vietnamese by default and English with ``SOHOA_LANG=en``."""

from __future__ import annotations

import importlib
import os
import string
import subprocess
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest

from api.cli import main as cli

COMMANDS = (
    [],
    ["digitize"],
    ["sign"],
    ["verify"],
    ["renew"],
    ["storage"],
    ["storage", "fixity"],
)
#: argparse's and sohoa's English words that must not show in the Vietnamese help.
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "default:")


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        cli([*argv, "--help"])
    assert ended.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "sohoa")
def test_help_is_vietnamese_by_default(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOHOA_LANG", raising=False)
    text = _help(argv, capsys)
    assert text.startswith(f"cách dùng: {' '.join(['sohoa', *argv])}"), text
    assert "in hướng dẫn này rồi thoát" in text
    for english in ENGLISH:
        assert english not in text, (english, text)
    assert text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "sohoa")
def test_help_is_english_with_sohoa_lang_en(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_LANG", "en")
    text = _help(argv, capsys)
    assert text.startswith(f"usage: {' '.join(['sohoa', *argv])}"), text
    assert "show this help message and exit" in text
    assert "cách dùng" not in text and "hướng dẫn" not in text, text


def test_an_unknown_language_is_one_invalid_settings_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    result = subprocess.run(
        [sys.executable, "-m", "api", "--help"],
        env={**env, "SOHOA_LANG": "fr"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("sohoa: error [invalid_settings]: cấu hình không hợp lệ: ")
    assert "SOHOA_LANG" in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_missing_file_is_named_in_the_staff_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SOHOA_LANG", raising=False)
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path))
    assert cli(["renew", "/nonexistent/ho-so"]) == 2
    assert capsys.readouterr().err == (
        "sohoa: error [input_unreadable]: không có tệp hay thư mục /nonexistent/ho-so\n"
    )
    monkeypatch.setenv("SOHOA_LANG", "en")
    assert cli(["renew", "/nonexistent/ho-so"]) == 2
    assert capsys.readouterr().err == (
        "sohoa: error [input_unreadable]: no such file or folder: /nonexistent/ho-so\n"
    )


def _catalogues() -> dict[str, Mapping[str, tuple[str, str]]]:
    found = {}
    for name in (
        "api.cli",
        "api.cli.parser",
        "api.cli.digitize",
        "api.cli.sign",
        "api.cli.sign_checks",
        "api.cli.signing_setup",
        "api.cli.verify",
        "api.cli.renew",
        "api.cli.storage",
        "api.demo",
    ):
        module = importlib.import_module(name)
        for attr in ("_TEXTS", "_HELP"):
            if hasattr(module, attr):
                found[f"{name}.{attr}"] = getattr(module, attr)
    return found


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize(("where", "catalogue"), _catalogues().items())
def test_every_cli_text_has_both_languages_nfc_with_the_same_fields(
    where: str, catalogue: Mapping[str, tuple[str, str]]
) -> None:
    assert catalogue, where
    for key, (vi, en) in catalogue.items():
        assert vi and en, (where, key)
        assert vi == unicodedata.normalize("NFC", vi), (where, key)
        assert _fields(vi) == _fields(en), (where, key)


def test_help_stays_instant_by_not_loading_pydantic_or_the_libraries() -> None:
    """Given SOHOA_LANG unset, ``vi`` or ``en``, ``sohoa --help`` reads it without the
    settings machinery; any other spelling goes through the settings (case-insensitive)."""
    script = (
        "import sys\n"
        "from api.cli import main\n"
        "try:\n"
        "    main(['sign', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'pydantic', 'pydantic_settings', 'signing', 'digitizer', 'storage'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k.upper() != "SOHOA_LANG"}
    for extra, first_line in (
        ({}, "cách dùng: sohoa sign"),
        ({"SOHOA_LANG": "en"}, "usage: sohoa sign"),
    ):
        run = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.stdout.startswith(first_line), run.stdout
        assert run.stderr == "[]\n", run.stderr
    lower = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "sohoa_lang": "en"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert lower.stdout.startswith("usage: sohoa sign"), lower.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", ("phải lớn hơn hoặc bằng 0", "phải là một số nguyên", "'COMPLIANCE' hoặc 'NONE'")),
        ("en", ("greater than or equal to 0", "valid integer", "'COMPLIANCE' or 'NONE'")),
    ],
)
def test_bad_settings_are_explained_in_the_staff_language(
    lang: str, words: tuple[str, ...]
) -> None:
    """Given three bad SOHOA_* values, then the one invalid_settings line names each
    variable and says what is wrong with it in the staff's language (pydantic only
    speaks English; its error types are said in Vietnamese by api/cli/settings_words)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    bad = {
        "SOHOA_DIGITIZER__JOBS": "-3",
        "SOHOA_DIGITIZER__RENDER_DPI": "abc",
        "SOHOA_STORAGE__LOCK_MODE": "BAD",
    }
    result = subprocess.run(
        [sys.executable, "-m", "api", "storage", "migrate"],
        env={**env, **bad, "SOHOA_LANG": lang},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    for name in bad:
        assert name in result.stderr
    for word in words:
        assert word in result.stderr
    if lang == "vi":
        assert "Input should" not in result.stderr

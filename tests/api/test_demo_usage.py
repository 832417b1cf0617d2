"""``python -m api.demo`` (``./dev.sh run``) ends a mistyped command line like ``sohoa`` does:
one coded line naming its own ``--help``, exit status 2, in the staff language."""

from __future__ import annotations

import re

import pytest

from api.demo import main as demo

MISTAKES = {
    "unknown-option": ["--deep"],
    "jobs-zero": ["--jobs", "0"],
    "jobs-word": ["--jobs", "many"],
    "out-without-value": ["--out"],
    "stray-argument": ["samples"],
}


@pytest.mark.parametrize("argv", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistyped_demo_command_is_one_vietnamese_line(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOHOA_LANG", raising=False)
    assert demo(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    pattern = r"sohoa: error \[bad_argument\]: .+ — xem `python -m api\.demo --help`\n"
    assert re.fullmatch(pattern, err), err
    for english in ("usage:", "error:", "argument", "unrecognized", "expected", "whole"):
        assert english not in err.split("]: ", 1)[1], err


@pytest.mark.parametrize("argv", MISTAKES.values(), ids=MISTAKES.keys())
def test_with_sohoa_lang_en_the_demo_line_is_english(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_LANG", "en")
    assert demo(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert re.fullmatch(
        r"sohoa: error \[bad_argument\]: .+; see `python -m api\.demo --help`\n", err
    )
    assert "xem" not in err and "tham số" not in err, err


def test_an_unknown_language_is_the_clis_coded_settings_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_LANG", "fr")
    assert demo(["--jobs", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sohoa: error [invalid_settings]: ") and "SOHOA_LANG" in err, err

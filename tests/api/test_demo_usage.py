"""``python -m api.demo`` (``./dev.sh run``) ends a mistyped command line like ``sohoa`` does:
one coded line naming its own ``--help``, exit status 2, in the staff language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from api.demo import DEMO
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


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", ("tệp", "loại (độ tin cậy)", "cảnh báo", "1 trang trong", "PDF tìm kiếm được")),
        ("en", ("file", "type (confidence)", "warnings", "1 page(s) in", "searchable PDFs")),
    ],
)
def test_the_demo_summary_is_in_the_staff_language(
    lang: str,
    words: tuple[str, ...],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Given one bundled scan, when the demo runs, then its table and closing lines are in
    ``SOHOA_LANG``'s language, and the scan's type matches the generator's truth."""
    monkeypatch.setenv("SOHOA_LANG", lang)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("khai_sinh-clean.png", "khai_sinh-clean.truth.json"):
        shutil.copy(DEMO / name, inputs / name)

    assert demo(["--inputs", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0

    out = capsys.readouterr().out
    for word in words:
        assert word in out, out
    [row] = [line for line in out.splitlines() if line.startswith("khai_sinh-clean.png")]
    cells = row.split()
    assert (cells[1], cells[2], cells[4]) == ("1", "khai_sinh", "khai_sinh"), row
    assert (tmp_path / "out" / "khai_sinh-clean.pdf").is_file()

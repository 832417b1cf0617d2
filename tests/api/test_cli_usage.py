"""A mistyped command line ends in one coded line and exit 2, never argparse's usage block.

Every case here fails while parsing, before any settings, file, key or server is used.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main as cli
from api.cli.i18n import ARGPARSE_VI

#: argv -> the program whose ``--help`` the line points to.
MISTAKES = {
    "nothing": ([], "sohoa"),
    "unknown-command": (["no-such-command"], "sohoa"),
    "digitize-no-input": (["digitize"], "sohoa digitize"),
    "digitize-jobs-zero": (["digitize", "--jobs", "0", "a.png"], "sohoa digitize"),
    "digitize-jobs-word": (["digitize", "--jobs", "many", "a.png"], "sohoa digitize"),
    "sign-no-files": (["sign"], "sohoa sign"),
    "sign-one-file": (["sign", "a.pdf"], "sohoa sign"),
    "sign-bad-level": (["sign", "a.pdf", "b.pdf", "--level", "B-X"], "sohoa sign"),
    "sign-bad-box": (["sign", "a.pdf", "b.pdf", "--box", "1,2"], "sohoa sign"),
    "sign-empty-box": (["sign", "a.pdf", "b.pdf", "--box", "9,9,1,1"], "sohoa sign"),
    "sign-bad-date": (["sign", "a.pdf", "b.pdf", "--date", "23/11/2026"], "sohoa sign"),
    "sign-bad-page": (["sign", "a.pdf", "b.pdf", "--page", "last"], "sohoa sign"),
    "verify-no-file": (["verify"], "sohoa verify"),
    "verify-bad-time": (["verify", "a.pdf", "--as-of", "yesterday"], "sohoa verify"),
    "verify-bad-lang": (["verify", "a.pdf", "--lang", "fr"], "sohoa verify"),
    "verify-unknown-option": (["verify", "a.pdf", "--deep"], "sohoa verify"),
    "renew-no-path": (["renew"], "sohoa renew"),
    "renew-negative-days": (["renew", "x", "--within-days", "-1"], "sohoa renew"),
    "storage-no-action": (["storage"], "sohoa storage"),
    "storage-unknown-action": (["storage", "nope"], "sohoa storage"),
    "storage-unknown-option": (["storage", "fixity", "--deep"], "sohoa storage fixity"),
}


@pytest.fixture(autouse=True)
def _no_language_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOHOA_LANG", raising=False)


@pytest.mark.parametrize(("argv", "prog"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistyped_command_is_one_vietnamese_line_with_a_help_hint(
    argv: list[str], prog: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err
    assert re.fullmatch(rf"sohoa: error \[bad_argument\]: .+ — xem `{prog} --help`\n", err), err
    for english in ("usage:", "error:", "argument", "required", "invalid", "expected"):
        assert english not in err.split("]: ", 1)[1], err


@pytest.mark.parametrize(
    ("argv", "prog"),
    [MISTAKES["sign-one-file"], MISTAKES["unknown-command"], MISTAKES["renew-negative-days"]],
    ids=["sign-one-file", "unknown-command", "renew-negative-days"],
)
def test_with_sohoa_lang_en_the_line_is_english(
    argv: list[str], prog: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_LANG", "en")
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(rf"sohoa: error \[bad_argument\]: .+; see `{prog} --help`\n", err), err
    assert "xem" not in err and "tham số" not in err, err


def test_the_line_names_what_was_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["sign", "a.pdf"]) == 2
    assert "thiếu tham số bắt buộc: OUT.pdf" in capsys.readouterr().err
    assert cli(["sign", "a.pdf", "b.pdf", "--level", "B-X"]) == 2
    err = capsys.readouterr().err
    assert "--level" in err and "'B-X'" in err and "B-LTA" in err, err


def test_argparse_speaks_english_again_after_a_vietnamese_parse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given the CLI ran in Vietnamese in this process, argparse elsewhere is untouched."""
    cli(["sign"])
    capsys.readouterr()
    assert getattr(argparse, "_") is gettext.gettext  # noqa: B009
    parser = argparse.ArgumentParser(prog="other", add_help=True)
    assert "usage: other" in parser.format_help()


def _argparse_msgids() -> set[str]:
    """Every literal message argparse passes through gettext."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"_", "ngettext"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


_FIELD = re.compile(r"%(?:\([a-z_]+\))?[sdr]")


def test_every_argparse_message_of_this_python_has_vietnamese_with_the_same_fields() -> None:
    msgids = _argparse_msgids()
    assert "the following arguments are required: %s" in msgids  # the scan sees argparse
    missing = sorted(set(msgids) - set(ARGPARSE_VI))
    assert not missing, f"argparse of Python {sys.version_info[:2]} added messages: {missing}"
    for msgid in msgids:
        assert sorted(_FIELD.findall(ARGPARSE_VI[msgid])) == sorted(_FIELD.findall(msgid)), msgid


def test_the_installed_sohoa_command_gives_the_same_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api", "verify"],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("sohoa: error [bad_argument]: thiếu tham số bắt buộc"), (
        result.stderr
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr

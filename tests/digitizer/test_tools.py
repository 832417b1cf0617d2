"""The one runner: a faulty or missing tool becomes our error with the stderr tail."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from digitizer.errors import ToolFailedError, ToolMissingError, ToolTimeoutError
from digitizer.messages import CATALOGUE, message
from digitizer.runner import run
from tests.digitizer.conftest import run_cli


def _fake(bin_dir: Path, name: str, script: str) -> dict[str, str]:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def test_crashing_tesseract_gives_tool_failed_with_its_stderr_tail(
    page_png: Path, tmp_path: Path
) -> None:
    env = _fake(
        tmp_path / "bin",
        "tesseract",
        "echo 'Error in pixReadMem: simulated libtesseract crash' >&2\nkill -SEGV $$\n",
    )

    for lang, signal in (("vi", "tín hiệu 11"), ("en", "signal 11")):
        run = run_cli(
            ["digitize", str(page_png), "--out", str(tmp_path / lang), "--json"],
            env={**env, "SOHOA_LANG": lang},
        )

        assert "Traceback" not in run.stderr
        assert run.returncode == 3
        [result] = run.results
        assert result["error"]["code"] == "tool_failed"
        # The message is in the staff's language and keeps the tool's own words.
        assert signal in result["error"]["message"]
        assert "simulated libtesseract crash" in result["error"]["message"]
        assert "[tool_failed]" in run.stderr


def test_runner_raises_missing_with_install_hint() -> None:
    with pytest.raises(ToolMissingError, match="apt-get install poppler-utils"):
        run(["/nonexistent/pdftotext", "-v"], timeout=5)


def test_runner_raises_timeout(tmp_path: Path) -> None:
    with pytest.raises(ToolTimeoutError, match=r"did not finish within 0\.5 s"):
        run(["sleep", "5"], timeout=0.5)


def test_runner_keeps_the_stderr_tail_of_a_failure() -> None:
    with pytest.raises(ToolFailedError, match=r"status 3.*boom at the end"):
        run(["sh", "-c", "echo start >&2; echo 'boom at the end' >&2; exit 3"], timeout=5)


def test_every_warning_code_has_vietnamese_and_english() -> None:
    for code, texts in CATALOGUE.items():
        assert set(texts) == {"vi", "en"}, code
    assert message("low_dpi", "en", dpi=150) == (
        "Low resolution (150 dpi); the rule asks for at least 200 dpi — rescan."
    )
    assert "tối thiểu 200 dpi" in message("low_dpi", "vi", dpi=150)

"""dev.sh colours its ``[dev]`` lines only on a terminal, and never with NO_COLOR.

The script is sourced, which defines its functions and runs nothing (no install).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BOLD_LINE = b"\x1b[1m[dev]\x1b[0m hello\n"
PLAIN_LINE = b"[dev] hello\n"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return {**env, **extra}


def _log_into_a_pipe(**extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", "source ./dev.sh && log hello"],
        cwd=ROOT,
        env=_env(**extra),
        capture_output=True,
        timeout=30,
    )


def _log_onto_a_terminal(**extra: str) -> bytes:
    primary, secondary = os.openpty()
    try:
        subprocess.run(
            ["bash", "-c", "source ./dev.sh && log hello"],
            cwd=ROOT,
            env=_env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=secondary,
            timeout=30,
            check=True,
        )
        # The terminal turns "\n" into "\r\n" on the way out.
        return os.read(primary, 4096).replace(b"\r\n", b"\n")
    finally:
        os.close(secondary)
        os.close(primary)


def test_log_lines_in_a_pipe_or_ci_log_are_plain() -> None:
    result = _log_into_a_pipe()
    assert result.returncode == 0, result.stderr
    assert result.stderr == PLAIN_LINE
    assert result.stdout == b""  # sourcing ran no step


def test_log_lines_on_a_terminal_are_bold() -> None:
    assert _log_onto_a_terminal() == BOLD_LINE


def test_no_color_turns_the_bold_off_even_on_a_terminal() -> None:
    assert _log_onto_a_terminal(NO_COLOR="1") == PLAIN_LINE


def test_an_unknown_dev_sh_command_still_prints_its_usage() -> None:
    result = subprocess.run(
        ["./dev.sh", "frobnicate"], cwd=ROOT, env=_env(), capture_output=True, timeout=30
    )
    assert result.returncode == 2
    assert result.stderr == b"usage: ./dev.sh [run|test|setup]\n"

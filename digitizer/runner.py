"""The one way the digitizer runs an external program.

Every program start goes through :func:`run` (the page's second reads run in-process,
:mod:`digitizer.engine`): a timeout, the argv logged at debug level under
``digitizer.tools.<program>``, and any failure turned into our error with the tail of
the program's stderr. Tests inject faults here (a fake binary on ``PATH``), nowhere else.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from digitizer.errors import ToolFailedError, ToolMissingError, ToolTimeoutError

__all__ = ["INSTALL_HINTS", "run", "tool_versions"]

#: The Debian package that provides each program, for the "install it" message.
INSTALL_HINTS: Mapping[str, str] = {
    "tesseract": "apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet",
    "pdftotext": "apt-get install poppler-utils",
    "pdftoppm": "apt-get install poppler-utils",
    "pdfinfo": "apt-get install poppler-utils",
}

_TAIL_CHARS = 600


def _tail(data: bytes | str | None) -> str:
    if not data:
        return ""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return " ".join(text.strip()[-_TAIL_CHARS:].split())


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` and return the completed process (stdout and stderr as bytes).

    Raises ToolMissingError when the program is not on PATH, ToolTimeoutError past
    ``timeout`` seconds and ToolFailedError on a non-zero exit or a signal.
    """
    args = [os.fspath(a) for a in argv]
    program = Path(args[0]).name
    log = logging.getLogger(f"digitizer.tools.{program}")
    exe = shutil.which(args[0])
    if exe is None:
        hint = INSTALL_HINTS.get(program, f"install {program}")
        raise ToolMissingError(program=program, hint=hint)
    full_env = None if env is None else {**os.environ, **env}
    log.debug("run %s", args)
    try:
        proc = subprocess.run(  # noqa: S603 - argv built by us, never a shell
            [exe, *args[1:]],
            capture_output=True,
            timeout=timeout,
            env=full_env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeoutError(
            program=program, seconds=float(timeout), stderr=_tail(exc.stderr) or "—"
        ) from None
    except OSError as exc:
        raise ToolFailedError(program=program, reason=str(exc)) from None
    if proc.returncode != 0:
        stderr = _tail(proc.stderr) or "—"
        if proc.returncode < 0:
            raise ToolFailedError(program=program, signal=-proc.returncode, stderr=stderr)
        raise ToolFailedError(program=program, status=proc.returncode, stderr=stderr)
    log.debug("%s finished", program)
    return proc


@cache
def tool_versions() -> dict[str, str]:
    """The versions of the external programs, probed once per process."""
    versions: dict[str, str] = {}
    for program, flag in (("tesseract", "--version"), ("pdftotext", "-v"), ("pdftoppm", "-v")):
        try:
            proc = run([program, flag], timeout=30)
        except ToolMissingError:
            versions[program] = "missing"
            continue
        out = (proc.stdout or proc.stderr).decode("utf-8", "replace").strip().splitlines()
        versions[program] = out[0] if out else "unknown"
    # The second reads' engine inside the workers (digitizer.engine) has its own library.
    try:
        from tesserocr import tesseract_version
    except ImportError:
        versions["tesseract (second reads)"] = "missing"
    else:
        versions["tesseract (second reads)"] = tesseract_version().splitlines()[0]
    return versions

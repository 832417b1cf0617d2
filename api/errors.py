"""One place that turns the packages' own errors into a CLI line or an HTTP body.

Each package keeps a small hierarchy rooted in one base class whose instances carry a
stable ``code`` (snake_case, never reworded) and a message that says what to do.
Callers branch on ``code``, never on the text.
"""

from __future__ import annotations

import sys
from typing import Protocol, runtime_checkable

#: Exit status for "an input or an argument was bad" (the CLI contract).
EXIT_BAD_INPUT = 2
#: Exit status for "a part we depend on is missing or failed" (tool, server).
EXIT_ENVIRONMENT = 3


@runtime_checkable
class CodedError(Protocol):
    """What every package error offers: a stable code and a readable message."""

    code: str


def is_coded(exc: BaseException) -> bool:
    return isinstance(getattr(exc, "code", None), str)


def one_line(exc: BaseException) -> str:
    """The single line the CLI prints for a coded error."""
    code = getattr(exc, "code", "internal_error")
    text = " ".join(str(exc).split()) or code
    return f"sohoa: error [{code}]: {text}"


def exit_status(exc: BaseException) -> int:
    status = getattr(exc, "exit_status", None)
    return status if isinstance(status, int) else EXIT_BAD_INPUT


def report(exc: BaseException) -> int:
    """Print the error's line on stderr and return the exit status for it."""
    print(one_line(exc), file=sys.stderr)
    return exit_status(exc)

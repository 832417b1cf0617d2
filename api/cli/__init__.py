"""The ``sohoa`` command line.

Each sub-command lives in its own module under ``api/cli/`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` (a function taking
the parsed arguments and returning the exit status). Heavy imports happen inside the
handler so that ``sohoa --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from api.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, is_coded, report

__all__ = ["main"]

#: Sub-command modules, in the order ``--help`` lists them.
_MODULES = ("digitize", "sign", "storage")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sohoa",
        description="Số hóa hồ sơ, giấy tờ tại Bộ phận Một cửa — digitize, sign, store, reuse.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _MODULES:
        try:
            module = importlib.import_module(f"api.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"api.cli.{name}":
                continue  # that sub-command is not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader went away (``sohoa verify f.pdf | head``): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        status: int = args.handler(args)
    except KeyboardInterrupt:
        print("sohoa: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if is_coded(exc):
            return report(exc)
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            return report(_SettingsError(exc))
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            return report(_FileSystemError(exc))
        raise
    return status


class _SettingsError(Exception):
    """The environment's ``SOHOA_*`` settings are invalid (named by their variables)."""

    code = "invalid_settings"
    exit_status = EXIT_BAD_INPUT

    def __init__(self, exc: Exception) -> None:
        from pydantic import ValidationError

        parts = []
        if isinstance(exc, ValidationError):
            for error in exc.errors():
                where = "__".join(str(part) for part in error["loc"]).upper()
                name = f"SOHOA_{where}: " if where else ""
                parts.append(f"{name}{error['msg']}")
        super().__init__("cấu hình không hợp lệ / invalid settings: " + "; ".join(parts))


class _FileSystemError(Exception):
    """A file or directory could not be read or written (permissions, missing, full disk)."""

    code = "file_system_error"
    exit_status = EXIT_ENVIRONMENT

    def __init__(self, exc: OSError) -> None:
        where = f" {exc.filename}" if exc.filename else ""
        reason = exc.strerror or str(exc)
        super().__init__(f"không đọc/ghi được{where}: {reason} / cannot read or write{where}")


if __name__ == "__main__":
    sys.exit(main())

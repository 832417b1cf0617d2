"""The ``sohoa`` command line.

Each sub-command lives in its own module under ``api/cli/`` and exposes
``register(subparsers, lang)``, which adds its parser, with its help in ``lang``, and
sets ``handler`` (a function taking the parsed arguments, ``args.language`` among them,
and returning the exit status). Heavy imports happen inside the handler so that
``sohoa --help`` stays instant.

Staff read Vietnamese first: help and messages are Vietnamese unless ``SOHOA_LANG=en``
(``api/cli/i18n.py``). Every failure, a mistyped command line included, is one line
``sohoa: error [code]: …`` on stderr (``api/errors.py``) and an exit status.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Sequence

from api.cli.i18n import argparse_language, say
from api.cli.parser import BadArgumentsError, CliParser
from api.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, is_coded, report

__all__ = ["main", "staff_language"]

#: Sub-command modules, in the order ``--help`` lists them.
_MODULES = ("digitize", "sign", "verify", "renew", "storage")

_TEXTS = {
    "description": (
        "Số hóa hồ sơ, giấy tờ tại Bộ phận Một cửa: số hóa, ký số, lưu trữ, tái sử dụng. "
        "Đặt SOHOA_LANG=en để dùng tiếng Anh.",
        "Digitize, sign, store and reuse the papers of a one-stop counter. "
        "SOHOA_LANG=vi for Vietnamese.",
    ),
    "verbose": ("ghi nhật ký chi tiết hơn (-vv: rất chi tiết)", "more log output (-vv: much more)"),
    "interrupted": ("sohoa: đã dừng theo yêu cầu (Ctrl-C)", "sohoa: interrupted"),
    "invalid_settings": ("cấu hình không hợp lệ: {problems}", "invalid settings: {problems}"),
    "file_system": (
        "không đọc/ghi được{where}: {reason}",
        "cannot read or write{where}: {reason}",
    ),
}


def build_parser(lang: str = "vi") -> CliParser:
    """The whole command line in *lang*; call it inside :func:`argparse_language`."""
    parser = CliParser(prog="sohoa", description=say(_TEXTS, "description", lang), lang=lang)
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help=say(_TEXTS, "verbose", lang)
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _MODULES:
        try:
            module = importlib.import_module(f"api.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"api.cli.{name}":
                continue  # that sub-command is not built yet
            raise
        module.register(sub, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader went away (``sohoa verify f.pdf | head``): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def staff_language() -> str:
    """``SOHOA_LANG``, read without loading pydantic when it is unset or plainly ``vi`` or
    ``en``, so that ``sohoa --help`` stays instant; any other spelling goes through
    ``LanguageSettings``, which decides it or names the mistake."""
    named = [name for name in os.environ if name.upper() == "SOHOA_LANG"]
    if not named:
        return "vi"
    if named == ["SOHOA_LANG"] and os.environ["SOHOA_LANG"] in ("vi", "en"):
        return os.environ["SOHOA_LANG"]
    from pydantic import ValidationError

    from api.settings import LanguageSettings

    try:
        return LanguageSettings().lang.value
    except ValidationError as exc:
        raise _SettingsError(exc, "vi") from exc


def _run(argv: Sequence[str] | None) -> int:
    try:
        lang = staff_language()
        with argparse_language(lang):
            args = build_parser(lang).parse_args(argv)
    except (BadArgumentsError, _SettingsError) as exc:
        return report(exc)
    args.language = lang
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        status: int = args.handler(args)
    except KeyboardInterrupt:
        print(say(_TEXTS, "interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:
        if is_coded(exc):
            return report(exc)
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            return report(_SettingsError(exc, lang))
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            return report(_FileSystemError(exc, lang))
        raise
    return status


class _SettingsError(Exception):
    """The environment's ``SOHOA_*`` settings are invalid (named by their variables)."""

    code = "invalid_settings"
    exit_status = EXIT_BAD_INPUT

    def __init__(self, exc: Exception, lang: str) -> None:
        from pydantic import ValidationError

        from api.cli.settings_words import problem

        parts = []
        if isinstance(exc, ValidationError):
            for error in exc.errors():
                where = "__".join(str(part) for part in error["loc"]).upper()
                name = f"SOHOA_{where}: " if where else ""
                parts.append(f"{name}{problem(error, lang)}")
        super().__init__(say(_TEXTS, "invalid_settings", lang, problems="; ".join(parts)))


class _FileSystemError(Exception):
    """A file or directory could not be read or written (permissions, missing, full disk)."""

    code = "file_system_error"
    exit_status = EXIT_ENVIRONMENT

    def __init__(self, exc: OSError, lang: str) -> None:
        where = f" {exc.filename}" if exc.filename else ""
        reason = exc.strerror or str(exc)
        super().__init__(say(_TEXTS, "file_system", lang, where=where, reason=reason))


if __name__ == "__main__":
    sys.exit(main())

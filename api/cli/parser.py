"""argparse, ending a mistyped command in one coded line instead of its usage block.

Every parser of the ``sohoa`` command (the sub-commands' too) is a :class:`CliParser`:
a missing or unknown argument raises :class:`BadArgumentsError`, which the CLI's one
error handler prints as ``sohoa: error [bad_argument]: … — xem `sohoa sign --help```
with exit status 2, like every other bad input. The value parsers here raise
``argparse.ArgumentTypeError`` with a message in the staff language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from api.cli.i18n import say
from api.errors import EXIT_BAD_INPUT

__all__ = ["BadArgumentsError", "CliParser", "date_value", "moment_value", "whole_number"]

_TEXTS = {
    "unknown": ("không hiểu tham số: {extras}", "unrecognized arguments: {extras}"),
    "see_help": ("{message} — xem `{prog} --help`", "{message}; see `{prog} --help`"),
    "not_whole": ("cần một số nguyên, không phải {text!r}", "not a whole number: {text!r}"),
    "below": ("cần một số ≥ {least}, không phải {value}", "must be at least {least}, not {value}"),
    "not_date": (
        "cần một ngày dạng YYYY-MM-DD, không phải {text!r}",
        "not a date as YYYY-MM-DD: {text!r}",
    ),
    "not_moment": (
        "cần một thời điểm ISO 8601 (2026-11-23 hoặc 2026-11-23T08:30+07:00), không phải {text!r}",
        "not an ISO 8601 time (2026-11-23 or 2026-11-23T08:30+07:00): {text!r}",
    ),
}


class BadArgumentsError(Exception):
    """The command line does not parse: an argument missing, unknown or mistyped."""

    code = "bad_argument"
    exit_status = EXIT_BAD_INPUT


class CliParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are :class:`BadArgumentsError` in *lang*."""

    def __init__(self, *args: Any, lang: str = "vi", command: bool = False, **kwargs: Any) -> None:
        self.lang = lang
        self.command = command
        """A sub-command's parser: it refuses what it does not know itself, so that the
        hint names its own ``--help``."""
        super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        # Sub-commands' parsers are CliParsers in the same language.
        kwargs.setdefault(
            "parser_class", functools.partial(CliParser, lang=self.lang, command=True)
        )
        return super().add_subparsers(**kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if self.command and extras:
            self.error(say(_TEXTS, "unknown", self.lang, extras=" ".join(extras)))
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        raise BadArgumentsError(say(_TEXTS, "see_help", self.lang, message=message, prog=self.prog))


def whole_number(lang: str, least: int | None = None) -> Callable[[str], int]:
    """A ``type=`` for an integer argument, at least *least* when given."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(say(_TEXTS, "not_whole", lang, text=text)) from None
        if least is not None and value < least:
            raise argparse.ArgumentTypeError(say(_TEXTS, "below", lang, least=least, value=value))
        return value

    return parse


def date_value(lang: str) -> Callable[[str], dt.date]:
    """A ``type=`` for a calendar date ``YYYY-MM-DD``."""

    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(say(_TEXTS, "not_date", lang, text=text)) from None

    return parse


def moment_value(lang: str) -> Callable[[str], dt.datetime]:
    """A ``type=`` for an ISO 8601 time; one without a zone is taken as UTC."""

    def parse(text: str) -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(say(_TEXTS, "not_moment", lang, text=text)) from None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    return parse

"""The CLI's words: Vietnamese by default, English with ``SOHOA_LANG=en``.

Each command keeps a catalogue of ``key -> (Vietnamese, English)``, the shape of
``signing.messages.MESSAGES``, and looks its texts up with :func:`say` in the language
``api.settings.LanguageSettings`` names. argparse's own words ("usage:", "the following
arguments are required: …") are in :data:`ARGPARSE_VI`; :func:`argparse_language`
puts them in front of argparse while a parser is built and used.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping

__all__ = ["ARGPARSE_VI", "Catalogue", "argparse_language", "say"]

#: key -> (Vietnamese, English); templates use ``str.format`` fields.
Catalogue = Mapping[str, tuple[str, str]]


def say(catalogue: Catalogue, key: str, lang: str, /, **values: object) -> str:
    """The text for *key* in *lang* (``vi`` unless ``en``), filled with *values*."""
    vi, en = catalogue[key]
    template = en if lang == "en" else vi
    return template.format(**values) if values else template


#: argparse's English messages (its gettext msgids, for Python 3.11 to 3.13) in
#: Vietnamese. Placeholders are argparse's own ``%`` fields and must stay as they are.
#: For ``ngettext`` the key is the singular form: Vietnamese has no plural.
ARGPARSE_VI: Mapping[str, str] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh con",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "expected one argument": "cần đúng một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    'argument "-" with mode %r': 'tham số "-" với chế độ %r',
    # What follows only a mistake in sohoa's own parser definitions can trigger.
    ".__call__() not defined": ".__call__() chưa được định nghĩa",
    "conflicting subparser: %s": "lệnh con bị trùng: %s",
    "conflicting subparser alias: %s": "tên khác của lệnh con bị trùng: %s",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r",
    "'required' is an invalid argument for positionals": (
        "'required' không dùng được cho tham số vị trí"
    ),
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng ký tự %(prefix_chars)r"
    ),
    "dest= is required for options like %r": "tùy chọn như %r cần có dest=",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r",
    "conflicting option string: %s": "tùy chọn bị trùng: %s",
    "mutually exclusive arguments must be optional": ("các tham số loại trừ nhau phải là tùy chọn"),
    "cannot have multiple subparser arguments": "không thể có nhiều nhóm lệnh con",
    "%r is not callable": "%r không gọi được",
}


def _vi_gettext(message: str) -> str:
    return ARGPARSE_VI.get(message, message)


def _vi_ngettext(singular: str, plural: str, n: int) -> str:
    if singular in ARGPARSE_VI:
        return ARGPARSE_VI[singular]
    return singular if n == 1 else plural


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """Let argparse speak *lang* while the block builds, parses and prints help.

    argparse translates through gettext's process-wide default domain, which only reads
    compiled catalogues chosen by the ``LANGUAGE`` variable. Swapping argparse's two
    module-level lookups for the duration of one parse keeps the change to argparse
    alone, and to this block; an unknown message stays English.
    """
    if lang != "vi":
        yield
        return
    saved = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009
    setattr(argparse, "_", _vi_gettext)  # noqa: B010
    setattr(argparse, "ngettext", _vi_ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010

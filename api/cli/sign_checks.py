"""The checks ``sohoa sign`` makes before the key or a TSA is used, and OUT's writing.

At B-T and up a failure after signing would spend a TSA time-stamp for nothing, so every
argument, the PDF's pages and OUT's folder are checked first; OUT is then written through
a temporary file beside it and renamed, so a crash never leaves half a signed file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from api.cli.i18n import say
from api.cli.signing_setup import SignCommandError

__all__ = ["check_against_pdf", "check_certify_args", "commit", "reserve"]

_TEXTS = {
    "output_is_input": (
        "tệp ra trùng tệp vào: {output}; hãy chọn một tên khác",
        "OUT is the same file as IN: {output}; choose another name",
    ),
    "output_dir_missing": (
        "thư mục của tệp ra không tồn tại: {folder}; hãy tạo nó trước",
        "the output folder does not exist: {folder}; create it first",
    ),
    "output_is_folder": ("tệp ra là một thư mục: {output}", "OUT is a folder: {output}"),
    "folder_unwritable": (
        "không ghi được vào {folder}: {reason}",
        "cannot write into {folder}: {reason}",
    ),
    "write_failed": ("không ghi được {output}: {reason}", "cannot write {output}: {reason}"),
    "stray": ("{flags} chỉ dùng cùng --certify", "{flags} need --certify"),
    "certify_number": (
        "--certify cần số chứng thực là số nguyên dương, không phải {value!r}",
        "--certify takes a positive whole number, not {value!r}",
    ),
    "certify_missing": ("--certify cần thêm {flags}", "--certify also needs {flags}"),
    "future_date": (
        "ngày chứng thực {date} ở tương lai",
        "the certification date {date} is in the future",
    ),
    "page_range": (
        "--page {page}: tệp chỉ có {count} trang",
        "--page {page}: the PDF has {count} page(s)",
    ),
    "box_off_page": (
        "--box {box} nằm ngoài trang {page} ({bounds})",
        "--box {box} is outside page {page} ({bounds})",
    ),
}


def _refuse(key: str, lang: str, code: str | None = None, **values: object) -> Exception:
    return SignCommandError(say(_TEXTS, key, lang, **values), code)


def reserve(output: Path, source: Path, lang: str) -> Path:
    """Check OUT before any key or TSA is used and hold a temporary file next to it.

    At B-T and up a failure after signing would spend a TSA time-stamp for nothing, so
    an unwritable place is found out first, by creating the file that will become OUT.
    """
    if output.resolve() == source.resolve() or (
        output.exists() and source.exists() and os.path.samefile(output, source)
    ):
        raise _refuse("output_is_input", lang, "output_is_input", output=output)
    if not output.parent.is_dir():
        raise _refuse("output_dir_missing", lang, "output_dir_missing", folder=output.parent)
    if output.is_dir():
        raise _refuse("output_is_folder", lang, "output_unwritable", output=output)
    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=".sohoa-", suffix=".pdf")
        os.close(fd)
    except OSError as exc:
        raise _refuse(
            "folder_unwritable",
            lang,
            "output_unwritable",
            folder=output.parent,
            reason=exc.strerror,
        ) from exc
    return Path(tmp)


def commit(tmp: Path, output: Path, data: bytes, lang: str) -> None:
    """Write *data* to the reserved *tmp* and move it onto *output*, atomically, so a
    crash never leaves half a signed file."""
    try:
        tmp.write_bytes(data)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _refuse(
            "write_failed", lang, "output_unwritable", output=output, reason=exc.strerror
        ) from exc


def check_certify_args(args: argparse.Namespace, lang: str) -> None:
    if args.certify is None:
        given = (
            ("--book", args.book),
            ("--certifier", args.certifier),
            ("--title", args.title),
            ("--date", args.date),
            ("--page", args.page),
            ("--verify-url", args.verify_url),
        )
        stray = [flag for flag, value in given if value is not None]
        if stray:
            raise _refuse("stray", lang, flags=", ".join(stray))
        return
    if not (args.certify.isascii() and args.certify.isdigit() and int(args.certify) > 0):
        raise _refuse("certify_number", lang, value=args.certify)
    needed = (("--book", args.book), ("--certifier", args.certifier), ("--title", args.title))
    missing = [flag for flag, value in needed if not value]
    if missing:
        raise _refuse("certify_missing", lang, flags=", ".join(missing))
    if args.date is not None and args.date > dt.date.today():
        raise _refuse("future_date", lang, date=args.date)


def check_against_pdf(args: argparse.Namespace, pdf: bytes, lang: str) -> None:
    """--page and --box must fit the document; checked before the key is used."""
    from signing import open_for_signing, page_sizes

    boxes = page_sizes(open_for_signing(pdf))
    if args.page is not None and not 1 <= args.page <= len(boxes):
        raise _refuse("page_range", lang, page=args.page, count=len(boxes))
    if args.box is None or (args.invisible and args.certify is None):
        return
    page = (args.page or len(boxes)) if args.certify is not None else 1
    x0, y0, x1, y1 = boxes[page - 1]
    bx0, by0, bx1, by1 = args.box
    if bx0 < x0 or by0 < y0 or bx1 > x1 or by1 > y1:
        box = f"{bx0:g},{by0:g},{bx1:g},{by1:g}"
        raise _refuse(
            "box_off_page", lang, box=box, page=page, bounds=f"{x0:g},{y0:g},{x1:g},{y1:g}"
        )

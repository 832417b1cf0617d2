"""``sohoa digitize INPUT... [--out DIR] [--json] [--jobs N]``.

Writes ``DIR/<stem>.pdf`` and ``DIR/<stem>.json`` per input; with ``--json`` prints one
JSON object per input per line on stdout. A progress bar goes to stderr when it is a
terminal. Exit status 0 when every input succeeded, 2 when any input was bad, 3 when a
tool the digitizer needs is missing or failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.i18n import say
from api.cli.parser import whole_number

__all__ = ["register"]

if TYPE_CHECKING:
    from digitizer import DigitizeResult


_TEXTS = {
    "help": (
        "nhận dạng ảnh quét, ảnh chụp và PDF thành PDF tìm kiếm được và JSON",
        "OCR scans, photos and PDFs into searchable PDFs and JSON",
    ),
    "description": (
        "Số hóa: nhận dạng ảnh quét, ảnh chụp và PDF thành PDF tìm kiếm được và JSON.",
        "Digitize: OCR scans, photos and PDFs into searchable PDFs and JSON.",
    ),
    "inputs": ("tệp PNG, JPEG, TIFF hoặc PDF", "PNG, JPEG, TIFF or PDF files"),
    "out": ("thư mục ghi kết quả (mặc định: out)", "output directory (default: out)"),
    "json": (
        "in mỗi tệp một dòng JSON ra stdout",
        "print one JSON object per input per line on stdout",
    ),
    "jobs": (
        "số tiến trình nhận dạng (mặc định: mỗi lõi một tiến trình)",
        "page workers (default: one per core)",
    ),
    "page": ("trang {first}", "page {first}"),
    "pages": ("trang {first}–{last}", "pages {first}–{last}"),
    "span": (
        "{pages}: {doc_type} (độ tin cậy {confidence:.2f})",
        "{pages}: {doc_type} (confidence {confidence:.2f})",
    ),
    "on_page": (" (trang {page})", " (page {page})"),
    "done": ("{source} → {pdf} ({count} trang)", "{source} → {pdf} ({count} pages)"),
    "done_one": ("{source} → {pdf} (1 trang)", "{source} → {pdf} (1 page)"),
    "bar": (
        "{done}/{known} trang · {rate:.1f} trang/phút",
        "{done}/{known} pages · {rate:.1f} pages/min",
    ),
}


def register(subparsers: Any, lang: str) -> None:
    parser = subparsers.add_parser(
        "digitize", help=say(_TEXTS, "help", lang), description=say(_TEXTS, "description", lang)
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=say(_TEXTS, "inputs", lang))
    parser.add_argument(
        "--out", type=Path, default=Path("out"), metavar="DIR", help=say(_TEXTS, "out", lang)
    )
    parser.add_argument("--json", action="store_true", help=say(_TEXTS, "json", lang))
    parser.add_argument(
        "--jobs",
        type=whole_number(lang, least=1),
        default=None,
        metavar="N",
        help=say(_TEXTS, "jobs", lang),
    )
    parser.set_defaults(handler=handle)


class _Bar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int, known: int) -> None:
        if not self.enabled or known <= 0:
            return
        width = 30
        filled = int(width * done / known)
        rate = done / max(time.monotonic() - self.start, 1e-6) * 60
        counts = say(_TEXTS, "bar", self.lang, done=done, known=known, rate=rate)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {counts}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _print_summary(result: DigitizeResult, lang: str) -> None:
    """What the clerk must look at: each document's type and every warning."""
    for span in result.spans:
        if span.first_page == span.last_page:
            pages = say(_TEXTS, "page", lang, first=span.first_page)
        else:
            pages = say(_TEXTS, "pages", lang, first=span.first_page, last=span.last_page)
        line = say(
            _TEXTS,
            "span",
            lang,
            pages=pages,
            doc_type=span.doc_type,
            confidence=span.doc_type_confidence,
        )
        print(f"  {line}")
    notices = [*result.warnings]
    for span in result.spans:
        notices.extend(span.warnings)
    for report in result.pages:
        notices.extend(report.warnings)
    for notice in notices:
        where = say(_TEXTS, "on_page", lang, page=notice.page) if notice.page else ""
        print(f"  ! [{notice.code}] {notice.message}{where}")


def handle(args: argparse.Namespace) -> int:
    from api.errors import EXIT_BAD_INPUT
    from api.settings import get_settings
    from digitizer import Digitizer, DigitizerError, to_json

    lang = args.language
    spec = get_settings().digitizer.to_spec(jobs=args.jobs)
    bar = _Bar(lang)
    status = 0
    try:
        with Digitizer(spec, args.out, progress=bar) as digitizer:
            for result in digitizer.run(args.inputs):
                if args.json:
                    print(json.dumps(to_json(result), ensure_ascii=False), flush=True)
                if result.ok:
                    if not args.json:
                        if bar.enabled:
                            sys.stderr.write("\r")
                        done = say(
                            _TEXTS,
                            "done_one" if len(result.pages) == 1 else "done",
                            lang,
                            source=result.source,
                            pdf=result.output_pdf,
                            count=len(result.pages),
                        )
                        print(done)
                        _print_summary(result, lang)
                else:
                    if bar.enabled:
                        sys.stderr.write("\r")
                    print(
                        f"sohoa: error [{result.error_code}]: {result.source}: "
                        f"{result.error_text(lang)}",
                        file=sys.stderr,
                    )
                    status = max(status, result.error_exit_status or EXIT_BAD_INPUT)
    except DigitizerError as exc:
        # Not one input's fault (a tool missing at start-up): the whole run stops here.
        if bar.enabled:
            sys.stderr.write("\r")
        print(f"sohoa: error [{exc.code}]: {exc.message(lang)}", file=sys.stderr)
        return max(status, exc.exit_status)
    finally:
        bar.close()
    return status

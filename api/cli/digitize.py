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

__all__ = ["register"]

if TYPE_CHECKING:
    from digitizer import DigitizeResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "digitize",
        help="OCR scans, photos and PDFs into searchable PDFs and JSON",
        description="Số hóa: nhận dạng ảnh quét, ảnh chụp và PDF thành PDF tìm kiếm được và JSON.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="PNG, JPEG, TIFF or PDF files")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="output directory (default: out)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per input per line on stdout"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="page workers (default: one per core)"
    )
    parser.set_defaults(handler=handle)


class _Bar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int, known: int) -> None:
        if not self.enabled or known <= 0:
            return
        width = 30
        filled = int(width * done / known)
        rate = done / max(time.monotonic() - self.start, 1e-6) * 60
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{known} trang"
            f" · {rate:.1f} trang/phút"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _print_summary(result: DigitizeResult) -> None:
    """What the clerk must look at: each document's type and every warning, in Vietnamese."""
    for span in result.spans:
        pages = (
            f"trang {span.first_page}"
            if span.first_page == span.last_page
            else f"trang {span.first_page}–{span.last_page}"
        )
        print(f"  {pages}: {span.doc_type} (độ tin cậy {span.doc_type_confidence:.2f})")
    notices = [*result.warnings]
    for span in result.spans:
        notices.extend(span.warnings)
    for report in result.pages:
        notices.extend(report.warnings)
    for notice in notices:
        where = f" (trang {notice.page})" if notice.page else ""
        print(f"  ! [{notice.code}] {notice.message}{where}")


def handle(args: argparse.Namespace) -> int:
    from api.errors import EXIT_BAD_INPUT
    from api.settings import get_settings
    from digitizer import Digitizer, to_json

    if args.jobs is not None and args.jobs < 1:
        print("sohoa: error [bad_argument]: --jobs must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    spec = get_settings().digitizer.to_spec(jobs=args.jobs)
    bar = _Bar()
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
                        print(f"{result.source} → {result.output_pdf} ({len(result.pages)} trang)")
                        _print_summary(result)
                else:
                    if bar.enabled:
                        sys.stderr.write("\r")
                    print(
                        f"sohoa: error [{result.error_code}]: {result.source}: "
                        f"{result.error_message}",
                        file=sys.stderr,
                    )
                    status = max(status, result.error_exit_status or EXIT_BAD_INPUT)
    finally:
        bar.close()
    return status

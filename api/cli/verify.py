"""``sohoa verify FILE.pdf [--json] [--as-of TIME] [--offline] [--lang vi|en]``.

Prints the validation report, every code in words in the staff language (``SOHOA_LANG``,
or ``--lang``); ``--json`` prints it with the codes, for machines. Exit status 0 only
when every signature is TOTAL_PASSED, 1 otherwise; 2 for bad input, 3 for a failing
service (OCSP, CRL).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from api.cli.i18n import say
from api.cli.parser import moment_value

__all__ = ["EXIT_NOT_PASSED", "register"]

#: Exit status when a signature is not TOTAL_PASSED (or the file is unsigned).
EXIT_NOT_PASSED = 1

_TEXTS = {
    "help": ("kiểm tra mọi chữ ký số của một tệp PDF", "validate every signature of a PDF"),
    "description": (
        "Kiểm tra chữ ký số (ETSI EN 319 102-1). Mã thoát 0 chỉ khi mọi chữ ký đều đạt.",
        "Validate digital signatures (ETSI EN 319 102-1). Exit 0 only when all pass.",
    ),
    "file": ("tệp PDF cần kiểm tra", "the PDF to check"),
    "json": ("in báo cáo dạng JSON, giữ nguyên các mã", "print the report as JSON, with codes"),
    "lang": (
        "ngôn ngữ của báo cáo (mặc định: SOHOA_LANG)",
        "language of the readable report (default: SOHOA_LANG)",
    ),
    "as_of": (
        "kiểm tra tại thời điểm ISO 8601 này (không tải gì từ mạng)",
        "validate as of this ISO 8601 time (never fetches online)",
    ),
    "offline": ("chỉ dùng những gì có trong tệp", "use only what the file carries"),
    "soft_fail": (
        "chấp nhận khi máy chủ thu hồi không trả lời (kém chặt chẽ hơn)",
        "tolerate unreachable revocation servers (weaker)",
    ),
    "trust_root": (
        "chứng thư gốc tin cậy (dùng nhiều lần được; mặc định: theo cấu hình)",
        "trust anchor certificate (repeatable; default: settings)",
    ),
    "unreadable_signed": (
        "Kết quả: KHÔNG đạt — tệp đã ký nhưng không còn đọc được như PDF; nội dung đã bị "
        "sửa đổi hoặc hỏng sau khi ký.",
        "Result: FAILED — the file was signed but no longer reads as a PDF; it was "
        "changed or damaged after signing.",
    ),
}


def register(subparsers: Any, lang: str) -> None:
    v = subparsers.add_parser(
        "verify",
        help=say(_TEXTS, "help", lang),
        description=say(_TEXTS, "description", lang),
    )
    v.add_argument("file", type=Path, metavar="FILE.pdf", help=say(_TEXTS, "file", lang))
    v.add_argument("--json", action="store_true", help=say(_TEXTS, "json", lang))
    v.add_argument("--lang", choices=("vi", "en"), default=None, help=say(_TEXTS, "lang", lang))
    v.add_argument(
        "--as-of",
        type=moment_value(lang),
        default=None,
        metavar="TIME",
        help=say(_TEXTS, "as_of", lang),
    )
    v.add_argument("--offline", action="store_true", help=say(_TEXTS, "offline", lang))
    v.add_argument("--soft-fail", action="store_true", help=say(_TEXTS, "soft_fail", lang))
    v.add_argument(
        "--trust-root",
        type=Path,
        action="append",
        default=None,
        help=say(_TEXTS, "trust_root", lang),
    )
    v.set_defaults(handler=handle_verify)


def handle_verify(args: argparse.Namespace) -> int:
    from api.cli.signing_setup import quiet_pyhanko, read_input, trust_from_settings
    from api.settings import get_settings
    from signing import PdfInputError, validate_pdf

    lang = args.lang or args.language
    trust = trust_from_settings(
        get_settings(), args.trust_root, offline=args.offline, soft_fail=args.soft_fail
    )
    data = read_input(args.file, args.language)
    try:
        with quiet_pyhanko(args):
            report = validate_pdf(data, trust, as_of=args.as_of)
    except PdfInputError as exc:
        if exc.code != PdfInputError.code or b"/ByteRange" not in data:
            raise
        # It was signed (it has a signature's byte range) and no longer reads as a PDF:
        # bytes were changed after signing. That is a failed verification, not bad input.
        _print_unreadable_signed(args.json, lang)
        return EXIT_NOT_PASSED
    print(report.to_json() if args.json else report.to_text(lang))
    return 0 if report.all_passed else EXIT_NOT_PASSED


def _print_unreadable_signed(as_json: bool, lang: str) -> None:
    message = say(_TEXTS, "unreadable_signed", lang)
    if as_json:
        body = {
            "all_passed": False,
            "signatures": [],
            "error": "signed_file_unreadable",
            "message": message,
        }
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print(message)

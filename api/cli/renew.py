"""``sohoa renew PATH... [--within-days N] [--tsa-url URL]``.

Adds an archive time-stamp to each B-LTA file whose newest TSA certificate expires
within N days. One line per file on stdout (``PATH: state``, an error's code kept as
is), a summary on stderr. Exit status 0, 2 for bad input, 3 when a file failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from api.cli.i18n import say
from api.cli.parser import whole_number

__all__ = ["register"]

_TEXTS = {
    "help": (
        "thêm dấu thời gian lưu trữ cho các tệp B-LTA cần gia hạn",
        "add archive time-stamps to B-LTA files that need them",
    ),
    "description": (
        "Gia hạn dấu thời gian lưu trữ (B-LTA) trước khi chứng thư TSA hết hạn.",
        "Renew archive time-stamps (B-LTA) before the TSA certificate expires.",
    ),
    "paths": ("tệp PDF hoặc thư mục", "PDF files or folders"),
    "within_days": (
        "gia hạn khi chứng thư TSA hết hạn trong vòng N ngày (mặc định: theo cấu hình)",
        "renew when the TSA certificate expires within N days (default: settings)",
    ),
    "tsa_url": (
        "máy chủ dấu thời gian RFC 3161 (mặc định: SOHOA_SIGNING__TSA_URL)",
        "RFC 3161 TSA (default: SOHOA_SIGNING__TSA_URL)",
    ),
    "no_such": ("không có tệp hay thư mục {path}", "no such file or folder: {path}"),
    "tsa_needed": (
        "gia hạn cần máy chủ dấu thời gian: --tsa-url hoặc SOHOA_SIGNING__TSA_URL",
        "renewal needs a TSA: --tsa-url or SOHOA_SIGNING__TSA_URL",
    ),
    "renewed": ("đã gia hạn", "renewed"),
    "ok": ("chưa cần gia hạn", "ok"),
    "error": ("lỗi {code}", "error {code}"),
    "line": (
        "{path}: {state} (chứng thư TSA hết hạn {expires})",
        "{path}: {state} (TSA certificate expires {expires})",
    ),
    "summary": (
        "đã gia hạn {renewed}, lỗi {failed}, đã xem {checked} tệp",
        "{renewed} renewed, {failed} failed, {checked} checked",
    ),
}


def register(subparsers: Any, lang: str) -> None:
    r = subparsers.add_parser(
        "renew", help=say(_TEXTS, "help", lang), description=say(_TEXTS, "description", lang)
    )
    r.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=say(_TEXTS, "paths", lang))
    r.add_argument(
        "--within-days",
        type=whole_number(lang, least=0),
        default=None,
        metavar="N",
        help=say(_TEXTS, "within_days", lang),
    )
    r.add_argument("--tsa-url", default=None, metavar="URL", help=say(_TEXTS, "tsa_url", lang))
    r.set_defaults(handler=handle_renew)


def _pdfs(paths: list[Path], lang: str) -> list[Path]:
    from api.cli.signing_setup import SignCommandError

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.pdf") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise SignCommandError(say(_TEXTS, "no_such", lang, path=path), "input_unreadable")
    return found


def handle_renew(args: argparse.Namespace) -> int:
    from api.cli.signing_setup import SignCommandError, quiet_pyhanko, trust_from_settings
    from api.settings import get_settings
    from signing import renew_files

    lang = args.language
    files = _pdfs(args.paths, lang)
    settings = get_settings()
    s = settings.signing
    tsa_url = args.tsa_url or s.tsa_url
    if not tsa_url:
        raise SignCommandError(say(_TEXTS, "tsa_needed", lang), code="tsa_not_configured")
    within = s.renew_within_days if args.within_days is None else args.within_days
    with quiet_pyhanko(args):
        results = renew_files(
            files,
            within_days=within,
            tsa_url=tsa_url,
            trust=trust_from_settings(settings),
            tsa_timeout=s.tsa_timeout,
        )
    failed = 0
    for r in results:
        expires = r.tsa_certificate_expires.isoformat() if r.tsa_certificate_expires else "-"
        if r.error_code:
            state = say(_TEXTS, "error", lang, code=r.error_code)
        else:
            state = say(_TEXTS, "renewed" if r.renewed else "ok", lang)
        failed += bool(r.error_code)
        print(say(_TEXTS, "line", lang, path=r.path, state=state, expires=expires))
    renewed = sum(r.renewed for r in results)
    summary = say(_TEXTS, "summary", lang, renewed=renewed, failed=failed, checked=len(results))
    print(summary, file=sys.stderr)
    return 3 if failed else 0

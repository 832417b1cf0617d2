"""``sohoa sign IN.pdf OUT.pdf [--level B-B|B-T|B-LT|B-LTA] [--certify NUMBER --book BOOK
--certifier NAME --title TITLE ...] [--upgrade]``.

Signs with the configured key (or the development PKI), showing the agency mark at the
top right of page 1 and, with ``--certify``, the certified-copy stamp low on the last
page too, each in blank space (``--box`` puts the signature's own mark where asked). A
mark that found no blank space is drawn on white and named in a ``sohoa: warning
[code]`` line on stderr. ``--upgrade`` raises an already signed file to ``--level``
instead (after a B-B signature made while the TSA was down).

Every argument and OUT are checked before the key or a TSA is used. Bad input exits 2
and a missing or failing service (TSA, HSM, OCSP) 3, with one line
``sohoa: error [code]: ...`` from api/errors.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from api.cli.i18n import say
from api.cli.parser import date_value, whole_number

__all__ = ["register"]

_LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")

_HELP = {
    "help": ("ký số một tệp PDF (PAdES B-B đến B-LTA)", "sign a PDF (PAdES B-B to B-LTA)"),
    "description": (
        "Ký số PAdES bản sao điện tử hoặc chứng thực bản sao từ bản chính.",
        "Sign a digitized copy with PAdES, or certify a copy from its original.",
    ),
    "input": ("tệp PDF cần ký", "the PDF to sign"),
    "output": ("nơi ghi tệp PDF đã ký", "where the signed PDF goes"),
    "level": (
        "mức PAdES (mặc định: SOHOA_SIGNING__LEVEL)",
        "PAdES level (default: SOHOA_SIGNING__LEVEL)",
    ),
    "tsa_url": (
        "máy chủ dấu thời gian RFC 3161 (mặc định: theo cấu hình)",
        "RFC 3161 TSA (default: settings)",
    ),
    "upgrade": (
        "IN đã được ký: nâng lên mức --level, không thêm chữ ký",
        "IN is already signed: raise it to --level, adding no signature",
    ),
    "invisible": ("không in dấu của cơ quan lên trang", "no visible agency mark"),
    "agency": (
        "tên cơ quan trong dấu (mặc định: theo cấu hình)",
        "agency name in the mark (default: settings)",
    ),
    "copy_kind": ("loại bản sao in trong dấu", "kind of copy in the mark"),
    "box": (
        "vị trí chữ ký hiển thị, tính bằng point PDF (mặc định: chỗ trống tìm thấy trên trang)",
        "where the visible signature goes, in PDF points (default: the blank space found "
        "on the page)",
    ),
    "reason": ("lý do ký, ghi trong chữ ký", "reason recorded in the signature"),
    "location": ("nơi ký, ghi trong chữ ký", "location recorded in the signature"),
    "certified": ("chứng thực bản sao từ bản chính", "certified copy from the original"),
    "certify": (
        "số chứng thực: ký như bản sao chứng thực mang số này",
        "certification number: sign as a certified copy with this number",
    ),
    "book": ("sổ chứng thực, ví dụ 01/2026-SCT/BS", "register book, e.g. 01/2026-SCT/BS"),
    "certifier": ("họ tên người ký chứng thực", "certifier's name"),
    "title": ("chức danh người ký chứng thực", "certifier's title"),
    "date": (
        "ngày chứng thực YYYY-MM-DD (mặc định: hôm nay)",
        "certification date YYYY-MM-DD (default: today)",
    ),
    "page": (
        "trang đặt lời chứng, đếm từ 1 (mặc định: trang cuối)",
        "1-based page of the stamp (default: last)",
    ),
    "verify_url": (
        "địa chỉ trong mã QR (mặc định: tiền tố theo cấu hình + số chứng thực)",
        "URL in the QR code (default: settings prefix + number)",
    ),
}

_TEXTS = {
    "not_box": (
        "cần X0,Y0,X1,Y1 tính bằng point, không phải {text!r}",
        "not X0,Y0,X1,Y1 in points: {text!r}",
    ),
    "empty_box": ("khung rỗng: {text}", "an empty box: {text}"),
    "development": (
        "khóa phát triển, không có giá trị pháp lý",
        "DEVELOPMENT key, no legal value",
    ),
}


def register(subparsers: Any, lang: str) -> None:
    def h(key: str) -> str:
        return say(_HELP, key, lang)

    p = subparsers.add_parser("sign", help=h("help"), description=h("description"))
    p.add_argument("input", type=Path, metavar="IN.pdf", help=h("input"))
    p.add_argument("output", type=Path, metavar="OUT.pdf", help=h("output"))
    p.add_argument("--level", choices=_LEVELS, default=None, help=h("level"))
    p.add_argument("--tsa-url", default=None, metavar="URL", help=h("tsa_url"))
    p.add_argument("--upgrade", action="store_true", help=h("upgrade"))
    p.add_argument("--invisible", action="store_true", help=h("invisible"))
    p.add_argument("--agency", default=None, help=h("agency"))
    p.add_argument("--copy-kind", default=None, help=h("copy_kind"))
    p.add_argument("--box", type=_box(lang), default=None, metavar="X0,Y0,X1,Y1", help=h("box"))
    p.add_argument("--reason", default=None, help=h("reason"))
    p.add_argument("--location", default=None, help=h("location"))
    c = p.add_argument_group(h("certified"))
    c.add_argument("--certify", metavar="NUMBER", default=None, help=h("certify"))
    c.add_argument("--book", help=h("book"))
    c.add_argument("--certifier", metavar="NAME", help=h("certifier"))
    c.add_argument("--title", help=h("title"))
    c.add_argument("--date", type=date_value(lang), default=None, help=h("date"))
    c.add_argument("--page", type=whole_number(lang), default=None, help=h("page"))
    c.add_argument("--verify-url", default=None, metavar="URL", help=h("verify_url"))
    p.set_defaults(handler=handle_sign)


def _box(lang: str) -> Callable[[str], tuple[float, float, float, float]]:
    def parse(text: str) -> tuple[float, float, float, float]:
        try:
            x0, y0, x1, y1 = (float(v) for v in text.split(","))
        except ValueError:
            raise argparse.ArgumentTypeError(say(_TEXTS, "not_box", lang, text=text)) from None
        if x1 <= x0 or y1 <= y0:
            raise argparse.ArgumentTypeError(say(_TEXTS, "empty_box", lang, text=text))
        return (x0, y0, x1, y1)

    return parse


def handle_sign(args: argparse.Namespace) -> int:
    from api.cli.signing_setup import quiet_pyhanko

    with quiet_pyhanko(args):
        return _sign(args)


def _sign(args: argparse.Namespace) -> int:
    from api.cli.sign_checks import check_against_pdf, check_certify_args, commit, reserve
    from api.cli.signing_setup import agency_from_settings, read_input, trust_from_settings
    from api.settings import get_settings
    from signing import (
        AgencyMarkSpec,
        CertifiedCopySpec,
        Level,
        SignSpec,
        open_for_signing,
        sign_pdf,
        staff_message,
        upgrade_pdf,
    )

    lang = args.language
    settings = get_settings()
    s = settings.signing
    level = Level(args.level or s.level)
    tsa_url = args.tsa_url or s.tsa_url
    if not args.upgrade:
        check_certify_args(args, lang)
    pdf = read_input(args.input, lang)
    if args.upgrade:
        open_for_signing(pdf)
    else:
        check_against_pdf(args, pdf, lang)
    tmp = reserve(args.output, args.input, lang)
    try:
        if args.upgrade:
            agency = agency_from_settings(settings) if not tsa_url else None
            out = upgrade_pdf(
                pdf,
                level,
                tsa_url=tsa_url,
                trust=trust_from_settings(settings),
                tsa_timeout=s.tsa_timeout,
                timestamper=agency.local_tsa if agency is not None else None,
            )
            commit(tmp, args.output, out, lang)
            print(f"{args.output}: {level}")
            return 0
        certified = None
        if args.certify is not None:
            certified = CertifiedCopySpec(
                number=args.certify,
                book=args.book,
                date=args.date or dt.date.today(),
                certifier_name=args.certifier,
                certifier_title=args.title,
                agency=args.agency or s.agency,
                page=args.page,
                verification_url=args.verify_url or f"{s.verify_url_base}{args.certify}",
                box=args.box,
            )
        # A certified copy made by scanning is also the agency's digitized copy: it keeps
        # the agency mark at the top right of page 1 (Decree 30/2020, appendix I).
        mark = None
        if not args.invisible:
            mark = AgencyMarkSpec(
                agency=args.agency or s.agency,
                copy_kind=args.copy_kind or s.copy_kind,
                box=None if certified else args.box,
            )
        agency = agency_from_settings(settings)
        spec = SignSpec(
            level=level,
            tsa_url=tsa_url,
            tsa_timeout=s.tsa_timeout,
            reason=args.reason,
            location=args.location,
            mark=mark,
            certified_copy=certified,
        )
        if level.rank >= Level.B_LT.rank:  # the chain's revocation data is gathered now
            spec = replace(spec, trust=trust_from_settings(settings))
        result = sign_pdf(pdf, spec, agency)
        commit(tmp, args.output, result.pdf, lang)
    finally:
        tmp.unlink(missing_ok=True)
    for code in result.warnings:
        print(f"sohoa: warning [{code}]: {staff_message(code, lang)}", file=sys.stderr)
    development = f" ({say(_TEXTS, 'development', lang)})" if agency.development else ""
    print(
        f"{args.output}: {result.level}, {result.field_name}, "
        f"{result.signing_time.isoformat()}{development}"
    )
    return 0

"""``sohoa sign``, ``sohoa verify`` and ``sohoa renew``.

- ``sohoa sign IN.pdf OUT.pdf [--level B-B|B-T|B-LT|B-LTA] [--certify NUMBER --book BOOK
  --certifier NAME --title TITLE ...] [--upgrade]`` signs with the configured key (or
  the development PKI), showing the agency mark at the top right of page 1 and, with
  ``--certify``, the certified-copy stamp low on the last page too, each in blank space
  (``--box`` puts the signature's own mark where asked). A mark that found no blank
  space is drawn on white and named in a ``sohoa: warning [code]`` line on stderr.
  ``--upgrade`` raises an already signed file to ``--level`` instead (after a B-B
  signature made while the TSA was down).
- ``sohoa verify FILE.pdf [--json] [--as-of TIME] [--offline] [--lang vi|en]`` prints
  the validation report (Vietnamese by default); exit status 0 only when every
  signature is TOTAL_PASSED, 1 otherwise.
- ``sohoa renew PATH... [--within-days N]`` adds an archive time-stamp to each B-LTA
  file whose newest TSA certificate expires within N days.

Bad input exits 2 and a missing or failing service (TSA, HSM, OCSP) 3, with one line
``sohoa: error [code]: ...`` from api/errors.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.settings import Settings
    from signing import AgencySigner, TrustSpec

__all__ = ["agency_from_settings", "register", "trust_from_settings"]

EXIT_NOT_PASSED = 1

_PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


class SignCommandError(Exception):
    """A bad argument or an unreadable file given to the signing commands."""

    code = "bad_argument"
    exit_status = 2

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


def register(subparsers: Any) -> None:
    levels = ("B-B", "B-T", "B-LT", "B-LTA")
    p = subparsers.add_parser(
        "sign", help="sign a PDF (PAdES B-B to B-LTA)",
        description="Ký số PAdES bản sao điện tử hoặc chứng thực bản sao từ bản chính.",
    )
    p.add_argument("input", type=Path, metavar="IN.pdf")
    p.add_argument("output", type=Path, metavar="OUT.pdf")
    p.add_argument("--level", choices=levels, default=None,
                   help="PAdES level (default: SOHOA_SIGNING__LEVEL)")
    p.add_argument("--tsa-url", default=None, help="RFC 3161 TSA (default: settings)")
    p.add_argument("--upgrade", action="store_true",
                   help="IN is already signed: raise it to --level, adding no signature")
    p.add_argument("--invisible", action="store_true", help="no visible agency mark")
    p.add_argument("--agency", default=None, help="agency name in the mark (default: settings)")
    p.add_argument("--copy-kind", default=None, help="kind of copy in the mark")
    p.add_argument("--box", type=_box, default=None, metavar="X0,Y0,X1,Y1",
                   help="where the visible signature goes, in PDF points (default: the "
                        "blank space found on the page)")
    p.add_argument("--reason", default=None)
    p.add_argument("--location", default=None)
    c = p.add_argument_group("certified copy (chứng thực bản sao)")
    c.add_argument("--certify", metavar="NUMBER", default=None,
                   help="certification number: sign as a certified copy with this number")
    c.add_argument("--book", help="register book, e.g. 01/2026-SCT/BS")
    c.add_argument("--certifier", help="certifier's name")
    c.add_argument("--title", help="certifier's title")
    c.add_argument("--date", type=dt.date.fromisoformat, default=None,
                   help="certification date YYYY-MM-DD (default: today)")
    c.add_argument("--page", type=int, default=None, help="1-based page (default: last)")
    c.add_argument("--verify-url", default=None,
                   help="URL in the QR code (default: settings prefix + number)")
    p.set_defaults(handler=handle_sign)

    v = subparsers.add_parser(
        "verify", help="validate every signature of a PDF",
        description="Kiểm tra chữ ký số (ETSI EN 319 102-1). Exit 0 only when all pass.",
    )
    v.add_argument("file", type=Path, metavar="FILE.pdf")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="language of the readable report (default: vi)")
    v.add_argument("--as-of", type=_moment, default=None, metavar="TIME",
                   help="validate as of this ISO 8601 time (never fetches online)")
    v.add_argument("--offline", action="store_true", help="use only what the file carries")
    v.add_argument("--soft-fail", action="store_true",
                   help="tolerate unreachable revocation servers (weaker)")
    v.add_argument("--trust-root", type=Path, action="append", default=None,
                   help="trust anchor certificate (repeatable; default: settings)")
    v.set_defaults(handler=handle_verify)

    r = subparsers.add_parser(
        "renew", help="add archive time-stamps to B-LTA files that need them",
        description="Gia hạn dấu thời gian lưu trữ (B-LTA) trước khi chứng thư TSA hết hạn.",
    )
    r.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="PDF files or folders")
    r.add_argument("--within-days", type=int, default=None,
                   help="renew when the TSA certificate expires within N days")
    r.add_argument("--tsa-url", default=None)
    r.set_defaults(handler=handle_renew)


def _box(text: str) -> tuple[float, float, float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not X0,Y0,X1,Y1 in points: {text}") from exc
    if x1 <= x0 or y1 <= y0:
        raise argparse.ArgumentTypeError(f"an empty box: {text}")
    return (x0, y0, x1, y1)


def _moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text}") from exc
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _dev_dir(settings: Settings) -> Path:
    return settings.signing.dev_pki_dir or settings.data_dir / "dev-pki"


def agency_from_settings(settings: Settings) -> AgencySigner:
    """The configured signer: HSM, else PKCS#12, else the development PKI."""
    from signing import Pkcs11KeySpec, Pkcs12KeySpec, load_development_signer, load_signer

    s = settings.signing
    extra = tuple(s.extra_certs)
    if s.pkcs11_module is not None:
        if not (s.pkcs11_token_label and s.pkcs11_key_label and s.pkcs11_pin):
            raise SignCommandError(
                "PKCS#11 needs SOHOA_SIGNING__PKCS11_TOKEN_LABEL, __PKCS11_KEY_LABEL and "
                "__PKCS11_PIN", code="signing_settings_incomplete")
        return load_signer(
            Pkcs11KeySpec(module=s.pkcs11_module, token_label=s.pkcs11_token_label,
                          pin=s.pkcs11_pin.get_secret_value(), key_label=s.pkcs11_key_label,
                          cert_label=s.pkcs11_cert_label, extra_certs=extra),
            production=settings.production)
    if s.pkcs12_path is not None:
        passphrase = s.pkcs12_passphrase.get_secret_value() if s.pkcs12_passphrase else None
        return load_signer(Pkcs12KeySpec(s.pkcs12_path, passphrase, extra),
                           production=settings.production)
    return load_development_signer(_dev_dir(settings), production=settings.production)


def trust_from_settings(settings: Settings, roots: list[Path] | None = None, *,
                        offline: bool = False, soft_fail: bool = False) -> TrustSpec:
    """Trust anchors from *roots*, the settings, or (in development) the dev PKI root."""
    from signing import RevocationMode, TrustSpec, load_certificates
    from signing.devpki import DevelopmentPki

    s = settings.signing
    paths = list(roots or s.trust_roots)
    if not paths and not settings.production:
        dev = DevelopmentPki.at(_dev_dir(settings))
        if dev.root.exists():
            paths = [dev.root]
    mode = RevocationMode.SOFT_FAIL if soft_fail else RevocationMode(s.revocation)
    return TrustSpec(roots=load_certificates(paths), intermediates=load_certificates(s.extra_certs),
                     revocation=mode, allow_fetching=s.allow_fetching and not offline)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SignCommandError(f"cannot read {path}: {exc.strerror}",
                               code="input_unreadable") from exc


def _reserve(output: Path, source: Path) -> Path:
    """Check OUT before any key or TSA is used and hold a temporary file next to it.

    At B-T and up a failure after signing would spend a TSA time-stamp for nothing, so
    an unwritable place is found out first, by creating the file that will become OUT.
    """
    if output.resolve() == source.resolve() or (
            output.exists() and source.exists() and os.path.samefile(output, source)):
        raise SignCommandError(
            f"tệp ra trùng tệp vào: {output}; hãy chọn một tên khác (OUT must differ from IN)",
            code="output_is_input")
    if not output.parent.is_dir():
        raise SignCommandError(
            f"thư mục của tệp ra không tồn tại: {output.parent}; hãy tạo nó trước "
            "(the output folder does not exist)", code="output_dir_missing")
    if output.is_dir():
        raise SignCommandError(f"tệp ra là một thư mục: {output} (OUT is a folder)",
                               code="output_unwritable")
    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=".sohoa-", suffix=".pdf")
        os.close(fd)
    except OSError as exc:
        raise SignCommandError(f"không ghi được vào {output.parent}: {exc.strerror} "
                               "(the output folder is not writable)",
                               code="output_unwritable") from exc
    return Path(tmp)


def _commit(tmp: Path, output: Path, data: bytes) -> None:
    """Write *data* to the reserved *tmp* and move it onto *output*, atomically, so a
    crash never leaves half a signed file."""
    try:
        tmp.write_bytes(data)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SignCommandError(f"không ghi được {output}: {exc.strerror} (cannot write)",
                               code="output_unwritable") from exc


@contextlib.contextmanager
def _quiet_pyhanko(args: argparse.Namespace) -> Iterator[None]:
    """pyHanko's own warnings carry tracebacks and certificate subjects (a citizen's
    name on a personal certificate), and a font notice on every signature: shown only
    with ``-vv``."""
    if getattr(args, "verbose", 0) >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in _PYHANKO_LOGGERS]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)


def _check_certify_args(args: argparse.Namespace) -> None:
    if args.certify is None:
        stray = [flag for flag, value in (
            ("--book", args.book), ("--certifier", args.certifier), ("--title", args.title),
            ("--date", args.date), ("--page", args.page), ("--verify-url", args.verify_url),
        ) if value is not None]
        if stray:
            raise SignCommandError(f"{', '.join(stray)} chỉ dùng cùng --certify "
                                   f"({', '.join(stray)} need --certify)")
        return
    if not (args.certify.isascii() and args.certify.isdigit() and int(args.certify) > 0):
        raise SignCommandError(f"--certify cần số chứng thực là số nguyên dương, không phải "
                               f"{args.certify!r} (--certify takes a positive number)")
    missing = [flag for flag, value in (("--book", args.book), ("--certifier", args.certifier),
                                        ("--title", args.title)) if not value]
    if missing:
        raise SignCommandError(f"--certify cần thêm {', '.join(missing)} "
                               f"(--certify also needs {', '.join(missing)})")
    if args.date is not None and args.date > dt.date.today():
        raise SignCommandError(f"ngày chứng thực {args.date} ở tương lai "
                               "(the certification date is in the future)")


def _check_against_pdf(args: argparse.Namespace, pdf: bytes) -> None:
    """--page and --box must fit the document; checked before the key is used."""
    from signing import open_for_signing, page_sizes

    boxes = page_sizes(open_for_signing(pdf))
    if args.page is not None and not 1 <= args.page <= len(boxes):
        raise SignCommandError(f"--page {args.page}: tệp chỉ có {len(boxes)} trang "
                               f"(the PDF has {len(boxes)} page(s))")
    if args.box is None or (args.invisible and args.certify is None):
        return
    page = (args.page or len(boxes)) if args.certify is not None else 1
    x0, y0, x1, y1 = boxes[page - 1]
    bx0, by0, bx1, by1 = args.box
    if bx0 < x0 or by0 < y0 or bx1 > x1 or by1 > y1:
        raise SignCommandError(
            f"--box {bx0:g},{by0:g},{bx1:g},{by1:g} nằm ngoài trang {page} "
            f"({x0:g},{y0:g},{x1:g},{y1:g}) (the box is outside the page)")


def handle_sign(args: argparse.Namespace) -> int:
    with _quiet_pyhanko(args):
        return _sign(args)


def _sign(args: argparse.Namespace) -> int:
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

    settings = get_settings()
    s = settings.signing
    level = Level(args.level or s.level)
    tsa_url = args.tsa_url or s.tsa_url
    if not args.upgrade:
        _check_certify_args(args)
    pdf = _read(args.input)
    if args.upgrade:
        open_for_signing(pdf)
    else:
        _check_against_pdf(args, pdf)
    tmp = _reserve(args.output, args.input)
    try:
        if args.upgrade:
            agency = agency_from_settings(settings) if not tsa_url else None
            trust = trust_from_settings(settings)
            out = upgrade_pdf(pdf, level, tsa_url=tsa_url, trust=trust,
                              tsa_timeout=s.tsa_timeout,
                              timestamper=agency.local_tsa if agency is not None else None)
            _commit(tmp, args.output, out)
            print(f"{args.output}: {level}")
            return 0
        certified = None
        if args.certify is not None:
            certified = CertifiedCopySpec(
                number=args.certify, book=args.book, date=args.date or dt.date.today(),
                certifier_name=args.certifier, certifier_title=args.title,
                agency=args.agency or s.agency, page=args.page,
                verification_url=args.verify_url or f"{s.verify_url_base}{args.certify}",
                box=args.box,
            )
        # A certified copy made by scanning is also the agency's digitized copy: it keeps
        # the agency mark at the top right of page 1 (Decree 30/2020, appendix I).
        mark = None if args.invisible else AgencyMarkSpec(
            agency=args.agency or s.agency, copy_kind=args.copy_kind or s.copy_kind,
            box=None if certified else args.box)
        agency = agency_from_settings(settings)
        spec = SignSpec(level=level, tsa_url=tsa_url, tsa_timeout=s.tsa_timeout,
                        reason=args.reason, location=args.location, mark=mark,
                        certified_copy=certified)
        if level.rank >= Level.B_LT.rank:  # the chain's revocation data is gathered now
            spec = replace(spec, trust=trust_from_settings(settings))
        result = sign_pdf(pdf, spec, agency)
        _commit(tmp, args.output, result.pdf)
    finally:
        tmp.unlink(missing_ok=True)
    for code in result.warnings:
        print(f"sohoa: warning [{code}]: {staff_message(code)}", file=sys.stderr)
    development = f" ({_DEVELOPMENT_VI})" if agency.development else ""
    print(f"{args.output}: {result.level}, {result.field_name}, "
          f"{result.signing_time.isoformat()}{development}")
    return 0


_DEVELOPMENT_VI = "khóa phát triển, không có giá trị pháp lý"


def handle_verify(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from signing import PdfInputError, validate_pdf

    trust = trust_from_settings(get_settings(), args.trust_root, offline=args.offline,
                                soft_fail=args.soft_fail)
    data = _read(args.file)
    try:
        with _quiet_pyhanko(args):
            report = validate_pdf(data, trust, as_of=args.as_of)
    except PdfInputError as exc:
        if exc.code != PdfInputError.code or b"/ByteRange" not in data:
            raise
        # It was signed (it has a signature's byte range) and no longer reads as a PDF:
        # bytes were changed after signing. That is a failed verification, not bad input.
        _print_unreadable_signed(args)
        return EXIT_NOT_PASSED
    print(report.to_json() if args.json else report.to_text(args.lang))
    return 0 if report.all_passed else EXIT_NOT_PASSED


_UNREADABLE_SIGNED = {
    "vi": "Kết quả: KHÔNG đạt — tệp đã ký nhưng không còn đọc được như PDF; nội dung đã bị "
          "sửa đổi hoặc hỏng sau khi ký.",
    "en": "Result: FAILED — the file was signed but no longer reads as a PDF; it was "
          "changed or damaged after signing.",
}


def _print_unreadable_signed(args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps({"all_passed": False, "signatures": [],
                          "error": "signed_file_unreadable",
                          "message": _UNREADABLE_SIGNED["vi"]}, ensure_ascii=False, indent=2))
    else:
        print(_UNREADABLE_SIGNED["en" if args.lang == "en" else "vi"])


def _pdfs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.pdf") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise SignCommandError(f"no such file or folder: {path}", code="input_unreadable")
    return found


def handle_renew(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from signing import renew_files

    if args.within_days is not None and args.within_days < 0:
        raise SignCommandError(f"--within-days phải ≥ 0, không phải {args.within_days} "
                               "(--within-days must not be negative)")
    files = _pdfs(args.paths)
    settings = get_settings()
    s = settings.signing
    tsa_url = args.tsa_url or s.tsa_url
    if not tsa_url:
        raise SignCommandError("renewal needs a TSA: --tsa-url or SOHOA_SIGNING__TSA_URL",
                               code="tsa_not_configured")
    within = s.renew_within_days if args.within_days is None else args.within_days
    with _quiet_pyhanko(args):
        results = renew_files(files, within_days=within, tsa_url=tsa_url,
                              trust=trust_from_settings(settings),
                              tsa_timeout=s.tsa_timeout)
    failed = 0
    for r in results:
        expires = r.tsa_certificate_expires.isoformat() if r.tsa_certificate_expires else "-"
        state = "error " + r.error_code if r.error_code else ("renewed" if r.renewed else "ok")
        failed += bool(r.error_code)
        print(f"{r.path}: {state} (TSA certificate expires {expires})")
    print(f"{sum(r.renewed for r in results)} renewed, {failed} failed, {len(results)} checked",
          file=sys.stderr)
    return 3 if failed else 0

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
import datetime as dt
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.settings import Settings
    from signing import AgencySigner, TrustSpec

__all__ = ["agency_from_settings", "register", "trust_from_settings"]

EXIT_NOT_PASSED = 1


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


def _write(path: Path, data: bytes) -> None:
    """Atomically, so a crash never leaves half a signed file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sohoa-", suffix=".pdf")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise SignCommandError(f"cannot write {path}: {exc.strerror}",
                               code="output_unwritable") from exc


def handle_sign(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from signing import (
        AgencyMarkSpec,
        CertifiedCopySpec,
        Level,
        SignSpec,
        sign_pdf,
        staff_message,
        upgrade_pdf,
    )

    settings = get_settings()
    s = settings.signing
    level = Level(args.level or s.level)
    tsa_url = args.tsa_url or s.tsa_url
    pdf = _read(args.input)
    if args.upgrade:
        agency = agency_from_settings(settings) if not tsa_url else None
        trust = trust_from_settings(settings)
        out = upgrade_pdf(pdf, level, tsa_url=tsa_url, trust=trust, tsa_timeout=s.tsa_timeout,
                          timestamper=agency.local_tsa if agency is not None else None)
        _write(args.output, out)
        print(f"{args.output}: {level}")
        return 0
    certified = None
    if args.certify is not None:
        missing = [flag for flag, value in (("--book", args.book), ("--certifier", args.certifier),
                                            ("--title", args.title)) if not value]
        if missing:
            raise SignCommandError(f"--certify also needs {', '.join(missing)}")
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
    if level.rank >= Level.B_LT.rank:  # the chain's revocation data is gathered while signing
        spec = replace(spec, trust=trust_from_settings(settings))
    result = sign_pdf(pdf, spec, agency)
    _write(args.output, result.pdf)
    for code in result.warnings:
        print(f"sohoa: warning [{code}]: {staff_message(code)}", file=sys.stderr)
    print(f"{args.output}: {result.level}, {result.field_name}, "
          f"{result.signing_time.isoformat()}")
    return 0


def handle_verify(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from signing import validate_pdf

    trust = trust_from_settings(get_settings(), args.trust_root, offline=args.offline,
                                soft_fail=args.soft_fail)
    report = validate_pdf(_read(args.file), trust, as_of=args.as_of)
    print(report.to_json() if args.json else report.to_text(args.lang))
    return 0 if report.all_passed else EXIT_NOT_PASSED


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

    settings = get_settings()
    s = settings.signing
    tsa_url = args.tsa_url or s.tsa_url
    if not tsa_url:
        raise SignCommandError("renewal needs a TSA: --tsa-url or SOHOA_SIGNING__TSA_URL",
                               code="tsa_not_configured")
    within = s.renew_within_days if args.within_days is None else args.within_days
    results = renew_files(_pdfs(args.paths), within_days=within, tsa_url=tsa_url,
                          trust=trust_from_settings(settings), tsa_timeout=s.tsa_timeout)
    failed = 0
    for r in results:
        expires = r.tsa_certificate_expires.isoformat() if r.tsa_certificate_expires else "-"
        state = "error " + r.error_code if r.error_code else ("renewed" if r.renewed else "ok")
        failed += bool(r.error_code)
        print(f"{r.path}: {state} (TSA certificate expires {expires})")
    print(f"{sum(r.renewed for r in results)} renewed, {failed} failed, {len(results)} checked",
          file=sys.stderr)
    return 3 if failed else 0

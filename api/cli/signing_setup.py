"""What ``sohoa sign``, ``verify`` and ``renew`` share: the signer and trust anchors from
the settings, reading an input, keeping pyHanko quiet, and their coded error."""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from api.cli.i18n import say
from api.errors import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from api.settings import Settings
    from signing import AgencySigner, TrustSpec

__all__ = [
    "SignCommandError",
    "agency_from_settings",
    "quiet_pyhanko",
    "read_input",
    "trust_from_settings",
]

_PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")

_TEXTS = {
    "pkcs11_incomplete": (
        "PKCS#11 cần thêm SOHOA_SIGNING__PKCS11_TOKEN_LABEL, __PKCS11_KEY_LABEL và __PKCS11_PIN",
        "PKCS#11 needs SOHOA_SIGNING__PKCS11_TOKEN_LABEL, __PKCS11_KEY_LABEL and __PKCS11_PIN",
    ),
    "missing": ("không có tệp {path}", "no such file: {path}"),
    "unreadable": ("không đọc được {path}: {reason}", "cannot read {path}: {reason}"),
}


class SignCommandError(Exception):
    """A bad argument or an unreadable file given to the signing commands."""

    code = "bad_argument"
    exit_status = EXIT_BAD_INPUT

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


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
                say(_TEXTS, "pkcs11_incomplete", settings.lang),
                code="signing_settings_incomplete",
            )
        key = Pkcs11KeySpec(
            module=s.pkcs11_module,
            token_label=s.pkcs11_token_label,
            pin=s.pkcs11_pin.get_secret_value(),
            key_label=s.pkcs11_key_label,
            cert_label=s.pkcs11_cert_label,
            extra_certs=extra,
        )
        return load_signer(key, production=settings.production)
    if s.pkcs12_path is not None:
        passphrase = s.pkcs12_passphrase.get_secret_value() if s.pkcs12_passphrase else None
        return load_signer(
            Pkcs12KeySpec(s.pkcs12_path, passphrase, extra), production=settings.production
        )
    return load_development_signer(_dev_dir(settings), production=settings.production)


def trust_from_settings(
    settings: Settings,
    roots: list[Path] | None = None,
    *,
    offline: bool = False,
    soft_fail: bool = False,
) -> TrustSpec:
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
    return TrustSpec(
        roots=load_certificates(paths),
        intermediates=load_certificates(s.extra_certs),
        revocation=mode,
        allow_fetching=s.allow_fetching and not offline,
    )


def read_input(path: Path, lang: str) -> bytes:
    """The bytes of *path*, or ``input_unreadable`` naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SignCommandError(say(_TEXTS, "missing", lang, path=path), "input_unreadable") from exc
    except OSError as exc:
        message = say(_TEXTS, "unreadable", lang, path=path, reason=exc.strerror)
        raise SignCommandError(message, "input_unreadable") from exc


@contextlib.contextmanager
def quiet_pyhanko(args: argparse.Namespace) -> Iterator[None]:
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

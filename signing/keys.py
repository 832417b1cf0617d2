"""The agency's signing key: from a PKCS#12 file or from an HSM over PKCS#11.

A key is loaded once per process: :func:`load_signer` keeps the pyHanko signer (and,
for PKCS#11, its open token session) in a cache keyed by the frozen key spec, so a
signature never pays for reading a file, deriving a PKCS#12 key or logging in to a
token again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign import signers
from pyhanko.sign.timestamps import TimeStamper

from signing.errors import CertificateNotUsableError, DevelopmentKeyRefusedError, KeyLoadError

__all__ = [
    "AgencySigner",
    "KeySpec",
    "Pkcs11KeySpec",
    "Pkcs12KeySpec",
    "check_usable",
    "forget_signers",
    "is_development_certificate",
    "load_signer",
    "register_signer",
]

log = logging.getLogger(__name__)

#: The word every certificate of the development PKI carries in its subject.
DEVELOPMENT_MARK = "DEVELOPMENT"


@dataclass(frozen=True)
class Pkcs12KeySpec:
    """A key and certificate in a PKCS#12 (.p12, .pfx) file."""

    path: Path
    """The PKCS#12 file."""
    passphrase: str | None = None
    """Its passphrase (None when the file is not encrypted)."""
    extra_certs: tuple[Path, ...] = ()
    """Further CA certificates (PEM or DER files) to embed with the signature."""


@dataclass(frozen=True)
class Pkcs11KeySpec:
    """A key on a PKCS#11 token (an HSM, a smart card, SoftHSM2)."""

    module: Path
    """The PKCS#11 module, e.g. ``/usr/lib/softhsm/libsofthsm2.so``."""
    token_label: str
    """Label of the token holding the key."""
    pin: str
    """User PIN of the token."""
    key_label: str
    """Label of the private key object."""
    cert_label: str | None = None
    """Label of the certificate object; the key label when None."""
    extra_certs: tuple[Path, ...] = ()
    """CA certificates not on the token (PEM or DER files) to embed with the signature."""


KeySpec = Pkcs12KeySpec | Pkcs11KeySpec


@dataclass(frozen=True, eq=False)
class AgencySigner:
    """A loaded signing key, ready for any number of signatures."""

    signer: signers.Signer
    """pyHanko's signer object (holds the key or the token session)."""
    certificate: x509.Certificate
    """The signer's certificate."""
    chain: tuple[x509.Certificate, ...]
    """CA certificates embedded with each signature."""
    development: bool
    """True when the certificate belongs to the development PKI."""
    local_tsa: TimeStamper | None = None
    """An in-process TSA of the development PKI; never set for a real key."""
    serial: threading.Lock | None = None
    """Held while the key signs, for tokens whose one session must not be shared by
    threads at once (PKCS#11); None when the key can sign concurrently."""

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)


_cache: dict[KeySpec, AgencySigner] = {}
_lock = threading.Lock()


def is_development_certificate(cert: x509.Certificate) -> bool:
    return DEVELOPMENT_MARK in str(cert.subject.human_friendly).upper()


def load_signer(spec: KeySpec, *, production: bool = False) -> AgencySigner:
    """The signer for *spec*, loaded on first use and cached for the process.

    Raises :class:`DevelopmentKeyRefusedError` when *production* is set and the
    certificate is a development one, :class:`KeyLoadError` when the key cannot be had.
    """
    with _lock:
        agency = _cache.get(spec)
        if agency is None:
            agency = _load_pkcs12(spec) if isinstance(spec, Pkcs12KeySpec) else _load_pkcs11(spec)
            _cache[spec] = agency
            log.info(
                "signing key loaded (%s, development=%s)", type(spec).__name__, agency.development
            )
    if production and agency.development:
        raise DevelopmentKeyRefusedError(
            "the configured signing certificate is a DEVELOPMENT one; production mode "
            "needs the agency's PKCS#12 file or HSM key "
            "(SOHOA_SIGNING__PKCS12_PATH or SOHOA_SIGNING__PKCS11_MODULE)"
        )
    return agency


def register_signer(spec: KeySpec, agency: AgencySigner) -> None:
    """Put an already built signer in the cache (the development PKI uses it)."""
    with _lock:
        _cache[spec] = agency


def forget_signers() -> None:
    """Drop every cached signer (closing nothing: sessions end with the process)."""
    with _lock:
        _cache.clear()


def _load_extra(paths: tuple[Path, ...]) -> list[x509.Certificate]:
    certs = []
    for path in paths:
        try:
            certs.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as exc:
            raise KeyLoadError(f"cannot read the CA certificate {path}: {exc}") from exc
    return certs


def _load_pkcs12(spec: Pkcs12KeySpec) -> AgencySigner:
    try:
        data = spec.path.read_bytes()
    except OSError as exc:
        raise KeyLoadError(f"cannot read the PKCS#12 file {spec.path}: {exc.strerror}") from exc
    passphrase = spec.passphrase.encode() if spec.passphrase is not None else None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=_load_extra(spec.extra_certs), passphrase=passphrase
        )
    except (ValueError, TypeError) as exc:
        raise KeyLoadError(
            f"cannot open the PKCS#12 file {spec.path}: wrong passphrase or not a PKCS#12 "
            f"file ({exc})"
        ) from exc
    cert = signer.signing_cert
    if cert is None:  # pragma: no cover - load_pkcs12_data always sets it
        raise KeyLoadError(f"the PKCS#12 file {spec.path} holds no certificate")
    chain = tuple(c for c in signer.cert_registry if c != cert)
    return AgencySigner(
        signer=signer, certificate=cert, chain=chain, development=is_development_certificate(cert)
    )


def _load_pkcs11(spec: Pkcs11KeySpec) -> AgencySigner:
    from pkcs11 import PKCS11Error as LibError
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    extra = _load_extra(spec.extra_certs)
    try:
        session = open_pkcs11_session(
            str(spec.module),
            token_criteria=TokenCriteria(label=spec.token_label),
            user_pin=spec.pin,
        )
        signer = PKCS11Signer(
            session,
            cert_label=spec.cert_label or spec.key_label,
            key_label=spec.key_label,
            ca_chain=extra,
        )
        # Pull the certificate now: a wrong label should fail at start-up, not mid-signature.
        cert = signer.signing_cert
    except (LibError, HankoSigningError, OSError, RuntimeError) as exc:
        raise KeyLoadError(
            f"cannot use the key {spec.key_label!r} on PKCS#11 token {spec.token_label!r} "
            f"({spec.module}): {type(exc).__name__} {exc}".strip()
        ) from exc
    if cert is None:
        raise KeyLoadError(
            f"no certificate labelled {spec.cert_label or spec.key_label!r} "
            f"on token {spec.token_label!r}"
        )
    return AgencySigner(
        signer=signer,
        certificate=cert,
        chain=tuple(extra),
        development=is_development_certificate(cert),
        serial=threading.Lock(),
    )


def check_usable(cert: x509.Certificate, at: dt.datetime) -> None:
    """Refuse to sign with a certificate outside its validity or without signing key usage."""
    validity = cert["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    if at < not_before or at > not_after:
        raise CertificateNotUsableError(
            f"the signing certificate is valid from {not_before.isoformat()} to "
            f"{not_after.isoformat()}, not at {at.isoformat()}; install a current certificate"
        )
    usage = cert.key_usage_value
    if usage is not None and not ({"digital_signature", "non_repudiation"} & set(usage.native)):
        raise CertificateNotUsableError(
            "the signing certificate's key usage allows neither digital signature nor "
            "non-repudiation"
        )

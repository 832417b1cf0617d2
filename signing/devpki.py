"""A development PKI, made on first run when no key is configured.

Root CA → issuing CA → agency signer (with an extended key usage, so that viewers
such as poppler accept it), plus a TSA certificate for an in-process time-stamper.
Every subject says DEVELOPMENT; :func:`ensure_development_pki` refuses to run in
production mode and :func:`signing.keys.load_signer` refuses such a certificate there.
Serial numbers are random (RFC 5280 unique serials). Certificates declare no OCSP or
CRL address: nothing serves them on a developer's machine.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from signing.errors import DevelopmentKeyRefusedError, KeyLoadError
from signing.keys import (
    DEVELOPMENT_MARK,
    AgencySigner,
    Pkcs12KeySpec,
    load_signer,
    register_signer,
)

__all__ = ["DevelopmentPki", "ensure_development_pki", "load_development_signer"]

log = logging.getLogger(__name__)

#: RFC 9336 id-kp-documentSigning.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class DevelopmentPki:
    """Where the development PKI's files are."""

    directory: Path
    """The directory holding everything below."""
    root: Path
    """Root CA certificate (PEM): the trust anchor for validation."""
    issuing_ca: Path
    """Issuing CA certificate (PEM)."""
    signer_p12: Path
    """Agency signer key, certificate and chain (PKCS#12)."""
    passphrase_file: Path
    """Random passphrase of the PKCS#12 file (mode 0600)."""
    tsa_cert: Path
    """TSA certificate (PEM) of the in-process time-stamper."""
    tsa_key: Path
    """TSA private key (PKCS#8 PEM, mode 0600)."""

    @classmethod
    def at(cls, directory: Path) -> DevelopmentPki:
        return cls(
            directory=directory,
            root=directory / "root-ca.pem",
            issuing_ca=directory / "issuing-ca.pem",
            signer_p12=directory / "agency-signer.p12",
            passphrase_file=directory / "agency-signer.pass",
            tsa_cert=directory / "tsa.pem",
            tsa_key=directory / "tsa.key.pem",
        )

    @property
    def key_spec(self) -> Pkcs12KeySpec:
        return Pkcs12KeySpec(
            path=self.signer_p12,
            passphrase=self.passphrase_file.read_text().strip(),
            extra_certs=(self.root,),
        )

    def complete(self) -> bool:
        return all(
            p.exists()
            for p in (
                self.root,
                self.issuing_ca,
                self.signer_p12,
                self.passphrase_file,
                self.tsa_cert,
                self.tsa_key,
            )
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sohoa DEVELOPMENT PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{common_name} (DEVELOPMENT, not valid)"),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: rsa.RSAPrivateKey,
    *,
    now: dt.datetime,
    years: int,
    ca: bool,
    eku: list[x509.ObjectIdentifier] | None = None,
    eku_critical: bool = False,
) -> x509.Certificate:
    name = _name(subject)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer is not None else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=0 if ca and issuer else None), critical=True
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=eku_critical)
    return builder.sign(issuer_key, hashes.SHA256())


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def ensure_development_pki(directory: Path, *, production: bool) -> DevelopmentPki:
    """The development PKI in *directory*, generated there if it is not complete yet."""
    if production:
        raise DevelopmentKeyRefusedError(
            "no signing key is configured and production mode never uses a DEVELOPMENT "
            "PKI; configure the agency's PKCS#12 file or HSM key"
        )
    pki = DevelopmentPki.at(directory)
    if pki.complete():
        return pki
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KeyLoadError(
            f"cannot create the development PKI directory {directory}: {exc.strerror}"
        ) from exc
    now = dt.datetime.now(dt.UTC)
    root_key, ca_key, signer_key, tsa_key = _key(), _key(), _key(), _key()
    root = _cert("sohoa Root CA", root_key, None, root_key, now=now, years=20, ca=True)
    ca = _cert("sohoa Issuing CA", ca_key, root, root_key, now=now, years=10, ca=True)
    signer = _cert(
        "Agency signer",
        signer_key,
        ca,
        ca_key,
        now=now,
        years=3,
        ca=False,
        eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING],
    )
    tsa = _cert(
        "sohoa TSA",
        tsa_key,
        root,
        root_key,
        now=now,
        years=10,
        ca=False,
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
        eku_critical=True,
    )
    passphrase = secrets.token_urlsafe(24)
    blob = pkcs12.serialize_key_and_certificates(
        b"agency-signer",
        signer_key,
        signer,
        [ca],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    _write_private(pki.passphrase_file, passphrase.encode())
    _write_private(pki.signer_p12, blob)
    _write_private(
        pki.tsa_key,
        tsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    pki.tsa_cert.write_bytes(_pem(tsa))
    pki.issuing_ca.write_bytes(_pem(ca))
    pki.root.write_bytes(_pem(root))  # written last: complete() keys on all of them
    log.warning(
        "generated a %s PKI in %s; never use it for real documents", DEVELOPMENT_MARK, directory
    )
    return pki


def load_development_signer(directory: Path, *, production: bool) -> AgencySigner:
    """The development signer (generated if needed), with its in-process TSA attached."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = ensure_development_pki(directory, production=production)
    agency = load_signer(pki.key_spec, production=production)
    if agency.local_tsa is None:
        tsa_cert = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(pki.tsa_cert.read_bytes()).public_bytes(
                serialization.Encoding.DER
            )
        )
        tsa_private = serialization.load_pem_private_key(pki.tsa_key.read_bytes(), None)
        tsa_key = asn1_keys.PrivateKeyInfo.load(
            tsa_private.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        root = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(pki.root.read_bytes()).public_bytes(
                serialization.Encoding.DER
            )
        )
        local = DummyTimeStamper(
            tsa_cert=tsa_cert,
            tsa_key=tsa_key,
            certs_to_embed=SimpleCertificateStore.from_certs([root]),
        )
        agency = AgencySigner(
            signer=agency.signer,
            certificate=agency.certificate,
            chain=agency.chain,
            development=True,
            local_tsa=local,
        )
        register_signer(pki.key_spec, agency)
    return agency

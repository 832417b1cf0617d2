"""Settings of the signing section (``SOHOA_SIGNING__<FIELD>``).

The key comes from a PKCS#11 token when ``pkcs11_module`` is set, else from a PKCS#12
file when ``pkcs12_path`` is set, else from a development PKI generated under
``dev_pki_dir`` (refused in production mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr

LevelName = Literal["B-B", "B-T", "B-LT", "B-LTA"]


class SigningSettings(BaseModel):
    """Where the agency's key is, which level to sign at, and what to trust."""

    level: LevelName = "B-B"
    """PAdES level of new signatures; B-T and up need ``tsa_url`` (or the dev PKI's TSA)."""
    tsa_url: str | None = None
    """RFC 3161 time-stamping service URL."""
    tsa_timeout: float = 10.0
    """Seconds to wait for the TSA before failing with ``tsa_unavailable``."""

    pkcs12_path: Path | None = None
    """The agency's PKCS#12 file."""
    pkcs12_passphrase: SecretStr | None = None
    """Its passphrase."""
    pkcs11_module: Path | None = None
    """PKCS#11 module of the HSM, e.g. ``/usr/lib/softhsm/libsofthsm2.so``."""
    pkcs11_token_label: str | None = None
    """Label of the token holding the key."""
    pkcs11_pin: SecretStr | None = None
    """User PIN of the token."""
    pkcs11_key_label: str | None = None
    """Label of the private key (and of the certificate unless ``pkcs11_cert_label``)."""
    pkcs11_cert_label: str | None = None
    """Label of the certificate object, when it differs from the key's."""
    extra_certs: list[Path] = Field(default_factory=list)
    """CA certificates to embed with signatures (PEM or DER files)."""
    dev_pki_dir: Path | None = None
    """Where the development PKI lives; ``<data_dir>/dev-pki`` when unset."""

    trust_roots: list[Path] = Field(default_factory=list)
    """Trust anchors for validation and for gathering B-LT data (PEM or DER files)."""
    revocation: Literal["hard-fail", "soft-fail", "require"] = "hard-fail"
    """Revocation checking; soft-fail reports a dead responder as trusted."""
    allow_fetching: bool = True
    """Fetch OCSP/CRL data over the network while signing (B-LT) and validating."""

    agency: str = "Cơ quan số hóa (chưa cấu hình)"
    """Agency name printed in the visible mark of digitized copies."""
    copy_kind: str = "Bản sao điện tử"
    """Kind of copy printed first in the mark."""
    verify_url_base: str = "https://sohoa.invalid/xac-thuc/"
    """Prefix of the verification URL in a certified copy's QR code."""
    renew_within_days: int = 90
    """Renew archive time-stamps whose TSA certificate expires within this many days."""

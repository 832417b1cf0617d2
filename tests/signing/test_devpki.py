"""The development PKI: made on first run, marked DEVELOPMENT, refused in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from signing import (
    DevelopmentKeyRefusedError,
    Indication,
    Level,
    SignSpec,
    TrustSpec,
    ensure_development_pki,
    load_certificates,
    load_development_signer,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from tests.signing.conftest import make_pdf, mark_spec


def _certs(directory: Path) -> list[x509.Certificate]:
    pki = ensure_development_pki(directory, production=False)
    _, leaf, chain = pkcs12.load_key_and_certificates(
        pki.signer_p12.read_bytes(), pki.passphrase_file.read_bytes().strip()
    )
    assert leaf is not None
    return [
        x509.load_pem_x509_certificate(pki.root.read_bytes()),
        *chain,
        leaf,
        x509.load_pem_x509_certificate(pki.tsa_cert.read_bytes()),
    ]


def test_development_pki_names_say_development_and_serials_are_unique(tmp_path: Path) -> None:
    certs = _certs(tmp_path / "pki")
    assert len(certs) == 4
    for cert in certs:
        assert "DEVELOPMENT" in cert.subject.rfc4514_string()
    assert len({c.serial_number for c in certs}) == 4
    root, ca, signer, tsa = certs
    assert signer.issuer == ca.subject and ca.issuer == root.subject
    eku = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    tsa_eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert tsa_eku.critical and list(tsa_eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    # private material is not world-readable
    assert (tmp_path / "pki" / "agency-signer.p12").stat().st_mode & 0o077 == 0


def test_development_pki_is_made_once_and_reused(tmp_path: Path) -> None:
    first = _certs(tmp_path / "pki")
    second = _certs(tmp_path / "pki")
    assert [c.serial_number for c in first] == [c.serial_number for c in second]


def test_production_mode_refuses_the_development_pki(tmp_path: Path) -> None:
    with pytest.raises(DevelopmentKeyRefusedError) as err:
        ensure_development_pki(tmp_path / "pki", production=True)
    assert err.value.code == "development_key_refused"
    assert not (tmp_path / "pki").exists()
    pki = ensure_development_pki(tmp_path / "pki", production=False)
    with pytest.raises(DevelopmentKeyRefusedError):
        load_signer(pki.key_spec, production=True)


@pytest.mark.parametrize("level", [Level.B_B, Level.B_LTA], ids=str)
def test_development_signer_signs_at_b_b_and_b_lta_with_its_own_tsa(
    tmp_path: Path, level: Level
) -> None:
    agency = load_development_signer(tmp_path / "pki", production=False)
    assert agency.development and agency.local_tsa is not None
    pdf = sign_pdf(make_pdf(1), SignSpec(level=level, mark=mark_spec()), agency).pdf
    trust = TrustSpec(
        roots=load_certificates([tmp_path / "pki" / "root-ca.pem"]), allow_fetching=False
    )
    report = validate_pdf(pdf, trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].pades_level == str(level)

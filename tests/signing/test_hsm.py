"""Signing with a key on a PKCS#11 token (SoftHSM2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signing import (
    Indication,
    KeyLoadError,
    Level,
    Pkcs11KeySpec,
    SignSpec,
    TrustSpec,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from tests.signing import services
from tests.signing.conftest import mark_spec

pytestmark = [pytest.mark.hsm, pytest.mark.tsa]


def _spec(token: services.SoftHsmToken, pin: str | None = None) -> Pkcs11KeySpec:
    # The token holds the key and the agency certificate; the issuing CA comes from a
    # file, as in most HSM set-ups.
    return Pkcs11KeySpec(
        module=Path(services.SOFTHSM_LIB),
        token_label=token.label,
        pin=pin or token.pin,
        key_label=token.key_label,
        extra_certs=(token.conf.parent / "interm.cert.pem",),
    )


@pytest.mark.parametrize("level", [Level.B_B, Level.B_LTA], ids=str)
def test_pkcs11_key_signs_a_pdf_that_validates_and_pdfsig_trusts(
    softhsm: services.SoftHsmToken,
    certomancer: services.Certomancer,
    trust: TrustSpec,
    sample_pdf: bytes,
    nss_db: Path,
    tmp_path: Path,
    level: Level,
) -> None:
    agency = load_signer(_spec(softhsm))
    assert "TEST UBND phuong Ben Nghe" in agency.subject
    spec = SignSpec(level=level, tsa_url=certomancer.tsa_url(), mark=mark_spec(), trust=trust)
    pdf = sign_pdf(sample_pdf, spec, agency).pdf
    report = validate_pdf(pdf, trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].pades_level == str(level)
    path = tmp_path / "hsm.pdf"
    path.write_bytes(pdf)
    out = services.pdfsig(path, nss_db)
    assert "Signature is Valid." in out and "Certificate is Trusted." in out, out


def test_pkcs11_signer_is_loaded_once_per_process(softhsm: services.SoftHsmToken) -> None:
    first = load_signer(_spec(softhsm))
    second = load_signer(_spec(softhsm))
    assert first is second
    assert first.signer is second.signer  # one token session, reused


def test_wrong_pin_is_a_coded_key_error(softhsm: services.SoftHsmToken) -> None:
    with pytest.raises(KeyLoadError) as err:
        load_signer(_spec(softhsm, pin="0000"))
    assert err.value.code == "signing_key_unavailable"
    assert err.value.exit_status == 3
    assert "sohoa-test" in str(err.value)


def test_missing_key_label_is_a_coded_key_error(softhsm: services.SoftHsmToken) -> None:
    spec = Pkcs11KeySpec(
        module=Path(services.SOFTHSM_LIB),
        token_label=softhsm.label,
        pin=softhsm.pin,
        key_label="no-such-key",
    )
    with pytest.raises(KeyLoadError) as err:
        load_signer(spec)
    assert err.value.code == "signing_key_unavailable"


def test_threads_share_one_pkcs11_signer_safely(
    softhsm: services.SoftHsmToken, trust: TrustSpec, sample_pdf: bytes
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    agency = load_signer(_spec(softhsm))

    def one(_: int) -> bytes:
        return sign_pdf(sample_pdf, SignSpec(level=Level.B_B), agency).pdf

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(one, range(8)))
    assert len(set(pdfs)) == 8  # distinct field names and signatures
    for pdf in pdfs[:2]:
        assert validate_pdf(pdf, trust).signatures[0].indication is Indication.TOTAL_PASSED

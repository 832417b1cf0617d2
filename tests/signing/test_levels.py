"""All four PAdES levels: produced, validated by sohoa and by poppler's pdfsig."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from signing import Indication, Level, TrustSpec, validate_pdf
from tests.signing import services

pytestmark = [pytest.mark.tsa]

LEVELS = list(Level)


@pytest.mark.parametrize("level", LEVELS, ids=str)
def test_every_level_is_total_passed_by_sohoa_validator(
    signed: dict[Level, bytes], trust: TrustSpec, level: Level
) -> None:
    report = validate_pdf(signed[level], trust)
    assert len(report.signatures) == 1
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    assert sig.sub_indication is None
    assert sig.intact and sig.valid and sig.trusted
    assert sig.pades_level == str(level)
    assert "TEST UBND phuong Ben Nghe" in sig.signer
    assert sig.chain == ("TEST UBND phuong Ben Nghe", "TEST Issuing CA", "TEST Root CA")
    assert sig.claimed_signing_time is not None
    assert report.all_passed
    if level is Level.B_B:
        assert sig.timestamp_time is None
        assert sig.modification_level == "NONE"
    else:
        assert sig.timestamp_time is not None
    if level in (Level.B_LT, Level.B_LTA):
        assert sig.modification_level == "LTA_UPDATES"
        assert sig.modifications_permitted is True


@pytest.mark.parametrize("level", LEVELS, ids=str)
def test_pdfsig_reports_every_level_valid_and_trusted(
    signed: dict[Level, bytes], nss_db: Path, tmp_path: Path, level: Level
) -> None:
    path = tmp_path / f"{level}.pdf"
    path.write_bytes(signed[level])
    out = services.pdfsig(path, nss_db)
    first = out.split("Signature #2")[0]
    assert "Signature Validation: Signature is Valid." in first, out
    assert "Certificate Validation: Certificate is Trusted." in first, out
    assert "ETSI.CAdES.detached" in first
    if level is Level.B_LTA:
        # the archive time-stamp is there too, as a second signature field
        assert re.search(r"Signature #2:\n  - Signature Field Name: Timestamp", out), out


@pytest.mark.parametrize("level", [Level.B_LT, Level.B_LTA], ids=str)
def test_long_term_levels_validate_offline_from_the_file_alone(
    signed: dict[Level, bytes], offline_trust: TrustSpec, level: Level
) -> None:
    report = validate_pdf(signed[level], offline_trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()


@pytest.fixture(scope="module")
def dead_pki(
    tmp_path_factory: pytest.TempPathFactory, sample_pdf: bytes
) -> tuple[TrustSpec, dict[Level, bytes]]:
    """Files signed against a second PKI that is then shut down entirely: its TSA,
    OCSP responder and CRL server no longer answer (connections are refused)."""
    from signing import AgencyMarkSpec, Pkcs12KeySpec, SignSpec, load_certificates, load_signer
    from signing import sign_pdf as sign

    with services.serve_certomancer(tmp_path_factory.mktemp("short-lived-pki")) as pki:
        roots = load_certificates([pki.cert_path("root")])
        agency = load_signer(Pkcs12KeySpec(pki.pkcs12(), services.P12_PASSPHRASE.decode()))
        files = {
            level: sign(
                sample_pdf,
                SignSpec(
                    level=level,
                    tsa_url=pki.tsa_url(),
                    trust=TrustSpec(roots=roots),
                    mark=AgencyMarkSpec(agency="UBND"),
                ),
                agency,
            ).pdf
            for level in (Level.B_B, Level.B_LTA)
        }
    return TrustSpec(roots=roots, allow_fetching=True, fetch_timeout=2), files


def test_b_lta_validates_with_the_tsa_and_ocsp_server_stopped(
    dead_pki: tuple[TrustSpec, dict[Level, bytes]],
) -> None:
    """Given a B-LTA file whose PKI is gone, when it is validated with fetching
    allowed, then it still passes from what it carries."""
    trust, files = dead_pki
    report = validate_pdf(files[Level.B_LTA], trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].pades_level == "B-LTA"


def test_dead_revocation_server_fails_under_hard_fail_and_passes_under_soft_fail(
    dead_pki: tuple[TrustSpec, dict[Level, bytes]],
) -> None:
    """Hard-fail is the default: a B-B signature whose OCSP responder and CRL server do
    not answer is not trusted. Soft-fail, chosen knowingly, reports it trusted."""
    from dataclasses import replace

    from signing import RevocationMode

    trust, files = dead_pki
    assert trust.revocation is RevocationMode.HARD_FAIL
    hard = validate_pdf(files[Level.B_B], trust).signatures[0]
    assert hard.indication is Indication.INDETERMINATE
    assert not hard.trusted
    soft = validate_pdf(files[Level.B_B], replace(trust, revocation=RevocationMode.SOFT_FAIL))
    assert soft.signatures[0].indication is Indication.TOTAL_PASSED, soft.to_text()
    assert soft.revocation_mode == "soft-fail"


@pytest.mark.parametrize("level", [Level.B_B, Level.B_T], ids=str)
def test_short_term_levels_need_revocation_data_online_under_hard_fail(
    signed: dict[Level, bytes], offline_trust: TrustSpec, level: Level
) -> None:
    """B-B and B-T carry no revocation data: offline and hard-fail they cannot pass."""
    report = validate_pdf(signed[level], offline_trust)
    sig = report.signatures[0]
    assert sig.indication is Indication.INDETERMINATE
    assert sig.intact and sig.valid and not sig.trusted


def test_every_level_only_appends_to_the_input(
    signed: dict[Level, bytes], sample_pdf: bytes
) -> None:
    for level in Level:
        assert signed[level].startswith(sample_pdf), level


def test_b_lta_carries_an_archive_timestamp_covering_the_dss(
    signed: dict[Level, bytes], trust: TrustSpec
) -> None:
    report = validate_pdf(signed[Level.B_LTA], trust)
    assert len(report.document_timestamps) == 1
    ts = report.document_timestamps[0]
    assert ts.intact
    assert "TEST TSA long-lived" in ts.tsa
    assert ts.tsa_certificate_expires.year == 2080

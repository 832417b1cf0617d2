"""Archive time-stamp renewal, checked by validating far in the future."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from api.cli import main as cli
from signing import (
    AgencySigner,
    Indication,
    Level,
    SignSpec,
    TrustSpec,
    needs_renewal,
    renew_files,
    renew_pdf,
    sign_pdf,
    validate_pdf,
)
from tests.signing import services
from tests.signing.conftest import mark_spec

pytestmark = [pytest.mark.tsa]

IN_2050 = dt.datetime(2050, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def short_lta(
    certomancer: services.Certomancer, agency: AgencySigner, trust: TrustSpec, sample_pdf: bytes
) -> bytes:
    """B-LTA whose only time-stamps come from a TSA whose certificate ends in about 400 days."""
    spec = SignSpec(
        level=Level.B_LTA, tsa_url=certomancer.tsa_url("tsa-short"), mark=mark_spec(), trust=trust
    )
    return sign_pdf(sample_pdf, spec, agency).pdf


def test_short_lived_tsa_file_is_due_for_renewal(short_lta: bytes) -> None:
    due, expires = needs_renewal(short_lta, within_days=services.TSA_SHORT_DAYS + 1)
    assert due and expires is not None
    left = expires - dt.datetime.now(dt.UTC)
    assert (
        dt.timedelta(days=services.TSA_SHORT_DAYS - 1)
        < left
        <= dt.timedelta(days=services.TSA_SHORT_DAYS)
    )
    not_yet, _ = needs_renewal(short_lta, within_days=services.TSA_SHORT_DAYS - 2)
    assert not not_yet
    later, _ = needs_renewal(short_lta, within_days=30, now=expires - dt.timedelta(days=10))
    assert later


def test_unrenewed_file_fails_in_2050_and_renewed_one_passes(
    short_lta: bytes, certomancer: services.Certomancer, trust: TrustSpec, offline_trust: TrustSpec
) -> None:
    """Given a B-LTA file stamped by a TSA whose certificate ends in about 400 days,
    when validated as of 2050 it is not passed; after renewal with a TSA valid until
    2080 the same signature is TOTAL_PASSED as of 2050 (offline, from the file)."""
    before = validate_pdf(short_lta, offline_trust, as_of=IN_2050)
    assert before.signatures[0].indication is not Indication.TOTAL_PASSED, before.to_text()

    renewed = renew_pdf(short_lta, tsa_url=certomancer.tsa_url("tsa-long"), trust=trust)
    assert renewed.startswith(short_lta)  # only appended
    after = validate_pdf(renewed, offline_trust, as_of=IN_2050)
    assert after.signatures[0].indication is Indication.TOTAL_PASSED, after.to_text()
    assert len(after.document_timestamps) == 2
    assert after.document_timestamps[-1].tsa_certificate_expires.year == 2080
    assert not needs_renewal(renewed, within_days=365)[0]


def test_renew_files_renews_only_due_b_lta_files(
    tmp_path: Path,
    short_lta: bytes,
    signed: dict[Level, bytes],
    certomancer: services.Certomancer,
    trust: TrustSpec,
) -> None:
    due = tmp_path / "due.pdf"
    fresh = tmp_path / "fresh.pdf"
    bt = tmp_path / "bt.pdf"
    broken = tmp_path / "broken.pdf"
    due.write_bytes(short_lta)
    fresh.write_bytes(signed[Level.B_LTA])
    bt.write_bytes(signed[Level.B_T])
    broken.write_bytes(b"not a pdf")
    results = {
        r.path.name: r
        for r in renew_files(
            [due, fresh, bt, broken],
            within_days=services.TSA_SHORT_DAYS + 1,
            tsa_url=certomancer.tsa_url("tsa-long"),
            trust=trust,
        )
    }
    assert results["due.pdf"].renewed
    assert not results["fresh.pdf"].renewed and results["fresh.pdf"].error_code is None
    assert not results["bt.pdf"].renewed
    assert results["broken.pdf"].error_code == "not_a_pdf"
    assert due.read_bytes().startswith(short_lta)
    assert fresh.read_bytes() == signed[Level.B_LTA]


def test_cli_renew_walks_a_folder(
    tmp_path: Path,
    short_lta: bytes,
    certomancer: services.Certomancer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from api.settings import get_settings

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(short_lta)
    monkeypatch.setenv("SOHOA_SIGNING__TRUST_ROOTS", f'["{certomancer.cert_path("root")}"]')
    get_settings.cache_clear()
    try:
        status = cli(
            [
                "renew",
                str(folder),
                "--within-days",
                "2000",
                "--tsa-url",
                certomancer.tsa_url("tsa-long"),
            ]
        )
    finally:
        get_settings.cache_clear()
    assert status == 0
    assert "a.pdf: đã gia hạn" in capsys.readouterr().out
    assert (folder / "a.pdf").read_bytes().startswith(short_lta)


def test_cli_verify_as_of_2050_tells_renewed_from_unrenewed(
    tmp_path: Path,
    short_lta: bytes,
    certomancer: services.Certomancer,
    trust: TrustSpec,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from api.settings import get_settings

    old = tmp_path / "old.pdf"
    new = tmp_path / "new.pdf"
    old.write_bytes(short_lta)
    new.write_bytes(renew_pdf(short_lta, tsa_url=certomancer.tsa_url("tsa-long"), trust=trust))
    monkeypatch.setenv("SOHOA_SIGNING__TRUST_ROOTS", f'["{certomancer.cert_path("root")}"]')
    get_settings.cache_clear()
    try:
        assert cli(["verify", str(old), "--as-of", "2050-06-01T00:00:00Z", "--offline"]) == 1
        assert cli(["verify", str(new), "--as-of", "2050-06-01", "--offline", "--lang", "en"]) == 0
    finally:
        get_settings.cache_clear()
    assert "Validation as of 2050-06-01T00:00:00+00:00" in capsys.readouterr().out

"""A TSA that does not answer: a coded error, then B-B now and an upgrade later."""

from __future__ import annotations

import socket

import pytest

from signing import (
    AgencySigner,
    Indication,
    Level,
    SignSpec,
    TrustSpec,
    TsaNotConfiguredError,
    TsaUnavailableError,
    current_level,
    sign_pdf,
    upgrade_pdf,
    validate_pdf,
)
from tests.signing import services
from tests.signing.conftest import mark_spec

pytestmark = [pytest.mark.tsa]


def _dead_url() -> str:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


@pytest.mark.parametrize("level", [Level.B_T, Level.B_LTA], ids=str)
def test_tsa_that_does_not_answer_is_a_coded_error(
    agency: AgencySigner, trust: TrustSpec, sample_pdf: bytes, level: Level
) -> None:
    url = _dead_url()
    with pytest.raises(TsaUnavailableError) as err:
        sign_pdf(sample_pdf, SignSpec(level=level, tsa_url=url, tsa_timeout=2, trust=trust), agency)
    assert err.value.code == "tsa_unavailable"
    assert err.value.exit_status == 3
    assert url in str(err.value)
    assert "B-B" in str(err.value)  # it says what the caller can do instead


def test_timestamp_level_without_a_tsa_is_a_coded_error(
    agency: AgencySigner, sample_pdf: bytes
) -> None:
    with pytest.raises(TsaNotConfiguredError) as err:
        sign_pdf(sample_pdf, SignSpec(level=Level.B_T), agency)
    assert err.value.code == "tsa_not_configured"


@pytest.mark.parametrize("target", [Level.B_T, Level.B_LT, Level.B_LTA], ids=str)
def test_b_b_signed_while_tsa_was_down_is_upgraded_later(
    agency: AgencySigner,
    trust: TrustSpec,
    certomancer: services.Certomancer,
    sample_pdf: bytes,
    target: Level,
) -> None:
    bb = sign_pdf(sample_pdf, SignSpec(level=Level.B_B, mark=mark_spec()), agency).pdf
    assert current_level(bb) is Level.B_B
    upgraded = upgrade_pdf(bb, target, tsa_url=certomancer.tsa_url(), trust=trust)
    assert upgraded.startswith(bb)  # the signed file is never rewritten
    assert current_level(upgraded) is target
    report = validate_pdf(upgraded, trust)
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, report.to_text()
    assert sig.pades_level == str(target)
    assert sig.timestamp_time is not None  # the document time-stamp's time
    assert len(report.document_timestamps) >= 1
    # raising to the level it already has changes nothing
    assert upgrade_pdf(upgraded, target, tsa_url=certomancer.tsa_url(), trust=trust) == upgraded


def test_upgraded_b_lt_validates_offline(
    agency: AgencySigner,
    trust: TrustSpec,
    offline_trust: TrustSpec,
    certomancer: services.Certomancer,
    sample_pdf: bytes,
) -> None:
    bb = sign_pdf(sample_pdf, SignSpec(level=Level.B_B), agency).pdf
    lt = upgrade_pdf(bb, Level.B_LT, tsa_url=certomancer.tsa_url(), trust=trust)
    report = validate_pdf(lt, offline_trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()

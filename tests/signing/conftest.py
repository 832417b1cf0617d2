"""Fixtures for the signing tests: a certomancer PKI on loopback, a SoftHSM2 token, an
NSS database for pdfsig, and sample PDFs."""

from __future__ import annotations

import io
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from signing import (
    AgencyMarkSpec,
    AgencySigner,
    CertifiedCopySpec,
    Level,
    Pkcs12KeySpec,
    SignSpec,
    TrustSpec,
    load_certificates,
    load_signer,
    sign_pdf,
)
from tests.signing import services

AGENCY = "UBND phường Bến Nghé, Quận 1"


def _require(tool: str, package: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install {package}")


@pytest.fixture(scope="session")
def certomancer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.Certomancer]:
    """TSA (short- and long-lived), OCSP responder and CRLs on 127.0.0.1."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with services.serve_certomancer(tmp_path_factory.mktemp("certomancer")) as service:
        yield service


@pytest.fixture(scope="session")
def trust(certomancer: services.Certomancer) -> TrustSpec:
    return TrustSpec(roots=load_certificates([certomancer.cert_path("root")]))


@pytest.fixture(scope="session")
def offline_trust(trust: TrustSpec) -> TrustSpec:
    return TrustSpec(roots=trust.roots, allow_fetching=False)


@pytest.fixture(scope="session")
def agency(certomancer: services.Certomancer) -> AgencySigner:
    """The agency signer from a PKCS#12 file."""
    return load_signer(Pkcs12KeySpec(certomancer.pkcs12(), services.P12_PASSPHRASE.decode()))


@pytest.fixture(scope="session")
def nss_db(certomancer: services.Certomancer) -> Path:
    _require("certutil", "libnss3-tools")
    _require("pdfsig", "poppler-utils")
    return services.make_nss_db(certomancer.workdir, certomancer.cert_path("root"))


def make_pdf(pages: int = 2) -> bytes:
    """A small uncompressed PDF whose page text is easy to find and flip."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    for i in range(pages):
        c.setFont("Helvetica", 14)
        c.drawString(72, 600, f"Giay to so hoa - trang {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    return make_pdf()


def mark_spec() -> AgencyMarkSpec:
    return AgencyMarkSpec(agency=AGENCY)


def certified_spec(page: int | None = None) -> CertifiedCopySpec:
    import datetime as dt

    return CertifiedCopySpec(
        number="1234",
        book="01/2026-SCT/BS",
        date=dt.date(2026, 11, 23),
        certifier_name="Nguyễn Thị Hồng Nhung",
        certifier_title="Phó Chủ tịch",
        agency="UBND phường Bến Nghé",
        verification_url="https://sohoa.example.vn/xac-thuc/1234",
        page=page,
    )


@pytest.fixture(scope="session")
def signed(
    certomancer: services.Certomancer, agency: AgencySigner, trust: TrustSpec, sample_pdf: bytes
) -> dict[Level, bytes]:
    """The sample signed once at every level, with the agency mark (long-lived TSA)."""
    out = {}
    for level in Level:
        spec = SignSpec(
            level=level, tsa_url=certomancer.tsa_url("tsa-long"), mark=mark_spec(), trust=trust
        )
        out[level] = sign_pdf(sample_pdf, spec, agency).pdf
    return out


@pytest.fixture(scope="session")
def softhsm(
    certomancer: services.Certomancer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[services.SoftHsmToken]:
    """A SoftHSM2 token holding the agency key and certificate."""
    _require("softhsm2-util", "softhsm2")
    if not Path(services.SOFTHSM_LIB).exists():
        pytest.fail(f"{services.SOFTHSM_LIB} is missing: apt-get install softhsm2")
    workdir = tmp_path_factory.mktemp("softhsm")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(services.softhsm_conf(workdir))
    shutil.copy(certomancer.cert_path("interm"), workdir / "interm.cert.pem")
    try:
        yield services.make_softhsm_token(
            workdir, certomancer.key_path("signer"), certomancer.cert_der("signer")
        )
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old

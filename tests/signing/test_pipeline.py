"""The named signing stages let another signer step in between digest and embed."""

from __future__ import annotations

import asyncio

import pytest
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from signing import AgencySigner, Indication, Level, SignSpec, TrustSpec, validate_pdf
from signing.pipeline import digest, embed, post_process, prepare
from tests.signing import services
from tests.signing.conftest import mark_spec

pytestmark = [pytest.mark.tsa]


def test_external_signer_steps_in_between_digest_and_embed(
    agency: AgencySigner, trust: TrustSpec, certomancer: services.Certomancer, sample_pdf: bytes
) -> None:
    """Given the document digest handed out after the digest stage, when a CMS made
    elsewhere (here: the same key driven directly, as a remote service would) is
    embedded, then post-processing completes a B-LTA file that validates."""

    async def flow() -> bytes:
        spec = SignSpec(
            level=Level.B_LTA, tsa_url=certomancer.tsa_url(), mark=mark_spec(), trust=trust
        )
        prepared = await prepare(sample_pdf, spec, agency)
        to_sign = digest(prepared)
        assert len(to_sign.document_digest) == 32  # SHA-256 of the byte ranges
        info = prepared.validation_info
        remote_cms = await agency.signer.async_sign(
            to_sign.document_digest,
            "sha256",
            use_pades=True,
            timestamper=prepared.tbs.timestamper,
            signed_attr_settings=PdfCMSSignedAttributes(
                signing_time=prepared.signing_time,
                adobe_revinfo_attr=None if info is None else info.adobe_revinfo_attr,
            ),
        )
        post = embed(prepared, to_sign, remote_cms.dump())
        return await post_process(prepared, post)

    pdf = asyncio.run(flow())
    report = validate_pdf(pdf, trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].pades_level == "B-LTA"


def test_sign_pdf_refuses_to_run_inside_an_event_loop(
    agency: AgencySigner, sample_pdf: bytes
) -> None:
    from signing import sign_pdf

    async def inside() -> None:
        sign_pdf(sample_pdf, SignSpec(), agency)

    with pytest.raises(RuntimeError, match="await"):
        asyncio.run(inside())

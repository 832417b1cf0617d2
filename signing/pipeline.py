"""Signing a PDF in named stages: prepare → digest → sign → embed → post-process.

The stages are pyHanko's own interrupted-signing steps, kept apart so that an HSM or a
remote signer can step in between ``digest`` (which yields the byte-range digest) and
``embed`` (which takes a CMS object from anywhere). :func:`sign_pdf` runs them in a row.

Every change is an incremental update appended to the input: a signed PDF is never
rewritten.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO, Any

from asn1crypto import cms
from pyhanko.pdf_utils import misc
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import (
    PdfPostSignatureDocument,
    PdfSigningSession,
    PdfTBSDocument,
)
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

from signing.errors import SigningError
from signing.failures import translate_errors
from signing.inputs import open_for_signing
from signing.keys import AgencySigner, check_usable
from signing.marks import draw_extra_mark, plan_marks
from signing.model import Level, SignResult, SignSpec, TrustSpec
from signing.trust import signing_validation_context

__all__ = [
    "Prepared",
    "digest",
    "embed",
    "post_process",
    "prepare",
    "sign",
    "sign_pdf",
    "sign_pdf_async",
    "timestamper_for",
]

log = logging.getLogger(__name__)


class TsaNotConfiguredError(SigningError):
    """A level with a timestamp was asked for but no TSA is configured."""

    code = "tsa_not_configured"


@functools.lru_cache(maxsize=16)
def _http_timestamper(url: str, timeout: float) -> HTTPTimeStamper:
    # One client per TSA for the process: pyHanko sizes the signature with a dry-run
    # token that the client fetches once and then keeps; a fresh client per signature
    # would ask the TSA twice for every signature.
    return HTTPTimeStamper(url, timeout=timeout)


def timestamper_for(spec: SignSpec, agency: AgencySigner) -> TimeStamper | None:
    """The TSA client for *spec*'s level, or None at B-B."""
    if not spec.level.needs_tsa:
        return None
    if spec.tsa_url:
        return _http_timestamper(spec.tsa_url, spec.tsa_timeout)
    if agency.local_tsa is not None:
        return agency.local_tsa
    raise TsaNotConfiguredError(
        f"level {spec.level} needs a time-stamping authority: set SOHOA_SIGNING__TSA_URL, "
        "or sign at B-B now and upgrade later"
    )


@dataclass
class Prepared:
    """State between the stages of one signature (mutable: each stage fills its part)."""

    spec: SignSpec
    agency: AgencySigner
    writer: IncrementalPdfFileWriter
    session: PdfSigningSession
    tbs: PdfTBSDocument
    field_name: str
    signing_time: dt.datetime
    validation_info: Any
    warnings: tuple[str, ...] = ()
    output: IO[bytes] | None = None


def _gathering_trust(spec: SignSpec, agency: AgencySigner) -> TrustSpec:
    """Anchors for building the chain whose revocation data goes into the file.

    When the caller configured none, the self-signed certificates shipped with the key
    (a PKCS#12 file usually carries its root) serve: this only decides which OCSP and
    CRL data to collect, never whether a signature is trusted.
    """
    if spec.trust.roots:
        return spec.trust
    roots = tuple(bytes(c.dump()) for c in agency.chain if c.self_signed != "no")
    return replace(spec.trust, roots=roots)


async def prepare(
    pdf: bytes, spec: SignSpec, agency: AgencySigner, now: dt.datetime | None = None
) -> Prepared:
    """Open the PDF for an incremental update, add the field and its appearance, gather
    validation data (B-LT and up) and reserve room for the signature."""
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    open_for_signing(pdf)  # an image, an empty or an encrypted file: its own code
    check_usable(agency.certificate, when)
    name = spec.field_name or f"Sig-{uuid.uuid4().hex[:12]}"
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    long_term = spec.level.rank >= Level.B_LT.rank
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=spec.reason,
        location=spec.location,
        embed_validation_info=long_term,
        use_pades_lta=spec.level is Level.B_LTA,
        validation_context=(
            signing_validation_context(_gathering_trust(spec, agency), list(agency.chain))
            if long_term
            else None
        ),
        md_algorithm="sha256",
    )
    plan = plan_marks(pdf, spec, writer, name, when)
    draw_extra_mark(writer, plan)
    pdf_signer = signers.PdfSigner(
        meta,
        agency.signer,
        timestamper=timestamper_for(spec, agency),
        stamp_style=plan.style,
        new_field_spec=plan.field,
    )
    session = pdf_signer.init_signing_session(writer)
    session.system_time = when  # the mark, the CMS signing-time and the result agree
    validation_info = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(validation_info, tight=False)
    tbs = session.prepare_tbs_document(
        validation_info=validation_info,
        bytes_reserved=reserved,
        appearance_text_params=dict(plan.params) or None,
    )
    return Prepared(
        spec=spec,
        agency=agency,
        writer=writer,
        session=session,
        tbs=tbs,
        field_name=name,
        signing_time=when,
        validation_info=validation_info,
        warnings=plan.warnings,
    )


def digest(prepared: Prepared) -> PreparedByteRangeDigest:
    """Write the document with a placeholder and hash its byte ranges."""
    prepared_digest, output = prepared.tbs.digest_tbs_document()
    prepared.output = output
    return prepared_digest


async def sign(prepared: Prepared, prepared_digest: PreparedByteRangeDigest) -> cms.ContentInfo:
    """Make the CMS signature over the digest (the key or the HSM works here); from B-T
    the signature time-stamp is fetched and attached."""
    info = prepared.validation_info
    lock = prepared.agency.serial
    if lock is not None:
        # A token session is one conversation: threads take turns. An async caller
        # runs signing in a worker thread, so this wait never blocks its event loop.
        with lock:
            return await _sign_with(prepared, prepared_digest, info)
    return await _sign_with(prepared, prepared_digest, info)


async def _sign_with(
    prepared: Prepared, prepared_digest: PreparedByteRangeDigest, info: Any
) -> cms.ContentInfo:
    return await prepared.agency.signer.async_sign(
        prepared_digest.document_digest,
        prepared.tbs.md_algorithm,
        use_pades=True,
        timestamper=prepared.tbs.timestamper,
        signed_attr_settings=PdfCMSSignedAttributes(
            signing_time=prepared.signing_time,
            adobe_revinfo_attr=None if info is None else info.adobe_revinfo_attr,
        ),
    )


def embed(
    prepared: Prepared, prepared_digest: PreparedByteRangeDigest, signature: cms.ContentInfo | bytes
) -> PdfPostSignatureDocument:
    """Write the CMS object (ours, or one a remote signer returned) into its placeholder."""
    assert prepared.output is not None, "digest() comes before embed()"
    return PdfTBSDocument.resume_signing(
        prepared.output,
        prepared_digest=prepared_digest,
        signature_cms=signature,
        post_sign_instr=prepared.tbs.post_sign_instructions,
        validation_context=prepared.tbs.validation_context,
    )


async def post_process(prepared: Prepared, post: PdfPostSignatureDocument) -> bytes:
    """B-LT: the document security store; B-LTA: the archive document time-stamp."""
    assert prepared.output is not None
    await post.post_signature_processing(prepared.output, chunk_size=misc.DEFAULT_CHUNK_SIZE)
    prepared.output.seek(0)
    return prepared.output.read()


async def sign_pdf_async(
    pdf: bytes, spec: SignSpec, agency: AgencySigner, now: dt.datetime | None = None
) -> SignResult:
    """Run the five stages."""
    with translate_errors(spec.tsa_url):
        prepared = await prepare(pdf, spec, agency, now)
        prepared_digest = digest(prepared)
        signature = await sign(prepared, prepared_digest)
        post = embed(prepared, prepared_digest, signature)
        signed = await post_process(prepared, post)
    log.info("signed a PDF at %s (%d bytes)", spec.level, len(signed))
    return SignResult(
        pdf=signed,
        level=spec.level,
        field_name=prepared.field_name,
        signing_time=prepared.signing_time,
        signer=agency.subject,
        warnings=prepared.warnings,
    )


def sign_pdf(
    pdf: bytes, spec: SignSpec, agency: AgencySigner, now: dt.datetime | None = None
) -> SignResult:
    """Sign *pdf* at ``spec.level`` with *agency*'s key (blocking wrapper)."""
    return _run(lambda: sign_pdf_async(pdf, spec, agency, now))


def _run(factory: Callable[[], Any]) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    raise RuntimeError("inside an event loop: await the *_async function instead")

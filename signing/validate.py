"""Validating every signature of a PDF with pyHanko's AdES validation (ETSI EN 319 102-1).

A signature with its own time-stamp (B-T and up) goes through the long-term (LTA)
process: the chain of document time-stamps serves as the evidence record, the document
security store supplies certificates and revocation data, and validation can be
carried out "as of" any moment (time travel for renewal tests, or an archivist checking
what could be proven at a date). A signature without one (B-B, or B-B raised later by
document time-stamps) goes through the basic process, see :func:`_basic`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import replace
from typing import Any

from asn1crypto import x509
from asn1crypto.crl import CertificateList
from asn1crypto.ocsp import OCSPResponse
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed, AdESStatus
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation.ades import (
    AdESBasicValidationResult,
    ades_basic_validation,
    ades_lta_validation,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.policy_decl import LocalKnowledge, PdfSignatureValidationSpec
from pyhanko.sign.validation.status import ModificationInfo, PdfSignatureStatus
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import NonRevokedStatusAssertion
from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

from signing.errors import PdfInputError
from signing.inputs import open_reader
from signing.keys import is_development_certificate
from signing.model import TrustSpec
from signing.reasons import SUB_REASONS, chain_reasons
from signing.report import (
    DocumentTimestampReport,
    Indication,
    SignatureReport,
    ValidationReport,
)
from signing.trust import validation_spec

__all__ = ["validate_pdf", "validate_pdf_async"]

log = logging.getLogger(__name__)

_INDICATION = {
    AdESStatus.PASSED: Indication.TOTAL_PASSED,
    AdESStatus.INDETERMINATE: Indication.INDETERMINATE,
    AdESStatus.FAILED: Indication.TOTAL_FAILED,
}


def _subject(cert: x509.Certificate | None) -> str:
    return str(cert.subject.human_friendly) if cert is not None else "-"


def _common_name(cert: x509.Certificate) -> str:
    name = cert.subject.native.get("common_name")
    return str(name) if name else _subject(cert)


def _not_after(cert: x509.Certificate) -> dt.datetime:
    value: dt.datetime = cert["tbs_certificate"]["validity"]["not_after"].native
    return value


def pades_level(sig: EmbeddedPdfSignature, reader: PdfFileReader) -> str:
    """The baseline level the file shows for *sig* (ETSI EN 319 142-1, §6.3).

    B-T: a signature time-stamp, or a document time-stamp over it. B-LT: a document
    security store. B-LTA: a document time-stamp covering that store.
    """
    later = [
        ts
        for ts in reader.embedded_timestamp_signatures
        if ts.signed_revision > sig.signed_revision
    ]
    if sig.attached_timestamp_data is None and not later:
        return "B-B"
    if "/DSS" not in reader.root:
        return "B-T"
    for ts in later:
        if "/DSS" in reader.get_historical_root(ts.signed_revision):
            return "B-LTA"
    return "B-LT"


def _timestamp_report(ts: EmbeddedPdfSignature) -> DocumentTimestampReport:
    tst_info = ts.signed_data["encap_content_info"]["content"].parsed
    try:
        intact = ts.compute_digest() == tst_info["message_imprint"]["hashed_message"].native
    except (PdfError, ValueError):
        intact = False
    return DocumentTimestampReport(
        field_name=str(ts.field_name),
        time=tst_info["gen_time"].native,
        tsa=_subject(ts.signer_cert),
        tsa_certificate_expires=_not_after(ts.signer_cert),
        intact=intact,
    )


def _dss_knowledge(reader: PdfFileReader) -> LocalKnowledge:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return LocalKnowledge()
    return LocalKnowledge(
        known_ocsps=[
            c
            for r in dss.ocsps
            for c in OCSPContainer.load_multi(OCSPResponse.load(r.get_object().data))
        ],
        known_crls=[
            CRLContainer(crl_data=CertificateList.load(c.get_object().data)) for c in dss.crls
        ],
        known_certs=list(dss.load_certs()),
    )


async def _basic(
    sig: EmbeddedPdfSignature,
    reader: PdfFileReader,
    spec: PdfSignatureValidationSpec,
    timing: ValidationTimingInfo,
) -> AdESBasicValidationResult[Any]:
    """ETSI basic validation (§5.3), for a signature without its own time-stamp.

    pyHanko's with-time and LTA processes require a signature time-stamp and report
    SIG_CONSTRAINTS_FAILURE without one, so a B-B signature, and one raised later by
    document time-stamps only, is checked with the chain valid at the validation time
    (revocation data from the file's DSS first, then online unless offline).
    """
    sig.compute_integrity_info(diff_policy=spec.diff_policy)
    base = spec.signature_validation_spec
    dss = _dss_knowledge(reader)
    known = base.local_knowledge
    sv_spec = replace(
        base,
        local_knowledge=LocalKnowledge(
            known_ocsps=known.known_ocsps + dss.known_ocsps,
            known_crls=known.known_crls + dss.known_crls,
            known_certs=known.known_certs + dss.known_certs,
        ),
    )
    # ades_basic_validation builds a plain CMS status; coverage and modifications are
    # read from the embedded signature by the caller.
    return await ades_basic_validation(
        sig.signed_data,
        sv_spec,
        timing_info=timing,
        raw_digest=sig.compute_digest(),
    )


def _assume_future(
    spec: PdfSignatureValidationSpec, reader: PdfFileReader, timing: ValidationTimingInfo
) -> PdfSignatureValidationSpec:
    """For a validation time in the future, take the newest time-stamp's TSA certificate
    as not revoked then: no revocation data from the future can exist, and that is the
    one assumption an archive makes between two renewals (pyHanko's own LTA simulation
    makes it too). Everything older must still be proven from the file."""
    if timing.validation_time <= dt.datetime.now(dt.UTC):
        return spec
    stamps = sorted(reader.embedded_timestamp_signatures, key=lambda ts: ts.signed_revision)
    if not stamps:
        return spec
    base = spec.signature_validation_spec
    known = base.local_knowledge
    assertion = NonRevokedStatusAssertion(stamps[-1].signer_cert.sha256, at=timing.validation_time)
    knowledge = replace(known, nonrevoked_assertions=[*known.nonrevoked_assertions, assertion])
    return replace(spec, signature_validation_spec=replace(base, local_knowledge=knowledge))


async def _one(
    sig: EmbeddedPdfSignature, reader: PdfFileReader, trust: TrustSpec, timing: ValidationTimingInfo
) -> SignatureReport:
    claimed = sig.self_reported_timestamp
    level = pades_level(sig, reader)
    process = "long-term" if sig.attached_timestamp_data is not None else "basic"

    async def run(t: TrustSpec) -> AdESBasicValidationResult[Any]:
        spec = _assume_future(validation_spec(t, None), reader, timing)
        if process == "basic":
            return await _basic(sig, reader, spec, timing)
        return await ades_lta_validation(sig, spec, timing_info=timing)

    try:
        # The file's own validation data first: pyHanko's fetchers, once allowed, drop
        # the embedded OCSP responses when a responder does not answer, so a B-LT file
        # whose responder has gone would fail although it carries all it needs.
        with chain_reasons() as reasons:
            result = None
            if trust.allow_fetching and "/DSS" in reader.root:
                result = await run(replace(trust, allow_fetching=False))
                if result.ades_subindic is not AdESPassed.OK:
                    result = None
            if result is None:
                reasons.clear()
                result = await run(trust)
    except (PdfError, ValueError, KeyError) as exc:
        # A signature pyHanko cannot even parse is a format failure, not a crash.
        log.info("signature %s could not be processed: %s", sig.field_name, type(exc).__name__)
        return SignatureReport(
            field_name=str(sig.field_name),
            indication=Indication.TOTAL_FAILED,
            sub_indication="FORMAT_FAILURE",
            intact=False,
            valid=False,
            trusted=False,
            signer="-",
            claimed_signing_time=claimed,
            timestamp_time=None,
            best_signature_time=None,
            pades_level=level,
            coverage=None,
            modification_level=None,
            modifications_permitted=None,
            chain=(),
            message=str(exc)[-300:],
            process=process,
        )
    status = result.api_status
    sub = result.ades_subindic
    ts_time = None
    if status is not None and status.timestamp_validity is not None:
        ts_time = status.timestamp_validity.timestamp
    if ts_time is None:
        ts_time = getattr(result, "oldest_evidence_record_timestamp", None)
    if ts_time is None:
        later = [
            _timestamp_report(ts).time
            for ts in reader.embedded_timestamp_signatures
            if ts.signed_revision > sig.signed_revision
        ]
        ts_time = min(later, default=None)
    chain: tuple[str, ...] = ()
    if status is not None and status.validation_path is not None:
        certs = list(status.validation_path.iter_certs(include_root=True))
        chain = tuple(_common_name(c) for c in reversed(certs))
    if isinstance(status, PdfSignatureStatus):
        integrity: ModificationInfo = status
    else:
        integrity = ModificationInfo(**sig.summarise_integrity_info())
    coverage = integrity.coverage
    modification = integrity.modification_level
    permitted = integrity.docmdp_ok
    intact = bool(status.intact) if status is not None else False
    sub_name = None if sub is AdESPassed.OK else str(sub.standard_name)
    if not intact or sub_name == "HASH_FAILURE":
        # The signed bytes are not the ones signed: the signature proves nothing about
        # them, and the changes after it cannot be told apart from a forgery.
        intact, modification, permitted = False, None, None
    message = result.failure_msg or (reasons[-1] if reasons else None)
    if message is None and sub_name is not None:
        message = SUB_REASONS.get(sub_name, sub_name)
    return SignatureReport(
        field_name=str(sig.field_name),
        indication=_INDICATION[sub.status],
        sub_indication=sub_name,
        intact=intact,
        valid=intact and status is not None and bool(status.valid),
        trusted=bool(status.trusted) if status is not None else False,
        signer=_subject(sig.signer_cert),
        claimed_signing_time=claimed,
        timestamp_time=ts_time,
        best_signature_time=getattr(result, "best_signature_time", None),
        pades_level=level,
        coverage=coverage.name if coverage is not None else None,
        modification_level=modification.name if modification is not None else None,
        modifications_permitted=permitted,
        chain=chain,
        message=message,
        process=process,
        development=is_development_certificate(sig.signer_cert),
    )


async def validate_pdf_async(
    pdf: bytes, trust: TrustSpec, as_of: dt.datetime | None = None
) -> ValidationReport:
    """Validate every signature of *pdf*; *as_of* moves the validation time."""
    validation_spec(trust, None)  # refuse early when no anchor is configured
    reader = open_reader(pdf)
    if as_of is None:
        timing = ValidationTimingInfo.now(tz=dt.UTC)
    else:
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=dt.UTC)
        timing = ValidationTimingInfo(
            validation_time=moment, best_signature_time=moment, point_in_time_validation=True
        )
    damaged = _load_signatures(reader)
    regular = list(reader.embedded_regular_signatures)
    stamps = list(reader.embedded_timestamp_signatures)
    reports = [await _one(sig, reader, trust, timing) for sig in regular]
    return ValidationReport(
        validation_time=timing.validation_time,
        revocation_mode=str(trust.revocation),
        signatures=tuple(reports) + tuple(damaged),
        document_timestamps=tuple(_timestamp_report(ts) for ts in stamps),
    )


def _load_signatures(reader: PdfFileReader) -> list[SignatureReport]:
    """Parse every signature field one by one; a damaged one becomes a FORMAT_FAILURE
    entry instead of making the whole file unreadable.

    pyHanko parses all of them at once and keeps the list in the reader; the list of
    the readable ones is put there, so that its LTA process (which walks the document
    time-stamps itself) sees the same signatures as this report.
    """
    good: list[EmbeddedPdfSignature] = []
    damaged: list[SignatureReport] = []
    try:
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except (PdfError, ValueError, KeyError) as exc:
        raise PdfInputError(f"the signature fields of this PDF cannot be read: {exc}") from exc
    for fq_name, sig_obj, sig_field in fields:
        try:
            good.append(EmbeddedPdfSignature(reader, sig_field, fq_name))
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            log.info("a signature field could not be parsed: %s", type(exc).__name__)
            obj = sig_obj.get_object() if hasattr(sig_obj, "get_object") else sig_obj
            kind = "document time-stamp" if obj.get("/Type") == "/DocTimeStamp" else "signature"
            damaged.append(
                SignatureReport(
                    field_name=str(fq_name),
                    indication=Indication.TOTAL_FAILED,
                    sub_indication="FORMAT_FAILURE",
                    intact=False,
                    valid=False,
                    trusted=False,
                    signer="-",
                    claimed_signing_time=None,
                    timestamp_time=None,
                    best_signature_time=None,
                    pades_level="-",
                    coverage=None,
                    modification_level=None,
                    modifications_permitted=None,
                    chain=(),
                    message=f"the {kind} cannot be parsed: {str(exc)[-200:]}",
                    process="-",
                )
            )
    # pyHanko's own cache slot, private to it: set by name on purpose.
    setattr(  # noqa: B010
        reader, "_embedded_signatures", sorted(good, key=lambda s: s.signed_revision)
    )
    return damaged


def validate_pdf(
    pdf: bytes, trust: TrustSpec, as_of: dt.datetime | None = None
) -> ValidationReport:
    """Blocking wrapper of :func:`validate_pdf_async`."""
    return asyncio.run(validate_pdf_async(pdf, trust, as_of))

"""Raising a signed PDF's level later, and renewing archive time-stamps.

Both only append incremental updates: a document time-stamp (RFC 3161 token over the
whole file), and document security store revisions with the certificates, OCSP
responses and CRLs needed to validate what came before. A signature made at B-B
while the TSA was down reaches B-T, B-LT or B-LTA this way (a document time-stamp is
a valid B-T time-stamp under ETSI EN 319 142-1).

Limitation: pyHanko's with-time and LTA validation processes need a signature
time-stamp inside the signature itself, which cannot be added later without rewriting
it. An upgraded B-B signature is therefore validated by the basic process (see
``signing.validate``): it passes while its chain is valid and checkable, but it does
not survive the signer certificate's expiry the way a signature made at B-T or above
does. Upgrading is the fallback for a TSA outage, not a substitute for signing with a
time-stamp.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.validation.dss import async_add_validation_info
from pyhanko_certvalidator import ValidationContext

from signing.errors import PdfInputError, SigningError, ValidationInputError
from signing.failures import translate_errors
from signing.inputs import open_reader
from signing.model import Level, TrustSpec
from signing.trust import signing_validation_context
from signing.validate import pades_level

__all__ = [
    "RenewalResult",
    "needs_renewal",
    "renew_files",
    "renew_pdf",
    "upgrade_pdf",
]

log = logging.getLogger(__name__)

_LEVELS = {lvl.value: lvl for lvl in Level}


def current_level(pdf: bytes) -> Level:
    """The lowest level among the file's signatures (what the file as a whole reaches)."""
    reader = open_reader(pdf)
    sigs = list(reader.embedded_regular_signatures)
    if not sigs:
        raise PdfInputError("the PDF carries no signature to upgrade or renew")
    return min((_LEVELS[pades_level(s, reader)] for s in sigs), key=lambda lvl: lvl.rank)


async def _doc_timestamp(
    pdf: bytes, timestamper: TimeStamper, vc: ValidationContext | None
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = await PdfTimeStamper(timestamper).async_timestamp_pdf(
        writer, "sha256", validation_context=vc
    )
    return bytes(out.getvalue())


async def _add_validation_data(pdf: bytes, vc_factory: Callable[[], ValidationContext]) -> bytes:
    reader = open_reader(pdf)
    for index, _ in enumerate(list(reader.embedded_regular_signatures)):
        # Re-read after every update: each one is appended to the previous output.
        sig = list(open_reader(pdf).embedded_regular_signatures)[index]
        out = await async_add_validation_info(sig, vc_factory(), output=io.BytesIO())
        pdf = bytes(out.getvalue())
    return pdf


async def upgrade_pdf_async(
    pdf: bytes,
    target: Level,
    *,
    tsa_url: str | None,
    trust: TrustSpec,
    tsa_timeout: float = 10.0,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Bring every signature of *pdf* up to *target*; unchanged if it is there already."""
    level = current_level(pdf)
    if level.rank >= target.rank:
        return pdf
    if timestamper is None:
        if not tsa_url:
            raise ValidationInputError(f"raising a file to {target} needs a TSA URL")
        timestamper = HTTPTimeStamper(tsa_url, timeout=tsa_timeout)

    def vc() -> ValidationContext:
        return signing_validation_context(trust, [])

    with translate_errors(tsa_url):
        if level is Level.B_B:
            pdf = await _doc_timestamp(
                pdf, timestamper, vc() if target.rank >= Level.B_LT.rank else None
            )
        if target.rank >= Level.B_LT.rank and level.rank < Level.B_LT.rank:
            pdf = await _add_validation_data(pdf, vc)
        if target is Level.B_LTA:
            pdf = await _doc_timestamp(pdf, timestamper, vc())
    log.info("upgraded a PDF from %s to %s", level, target)
    return pdf


def upgrade_pdf(
    pdf: bytes,
    target: Level,
    *,
    tsa_url: str | None,
    trust: TrustSpec,
    tsa_timeout: float = 10.0,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Blocking wrapper of :func:`upgrade_pdf_async`."""
    return asyncio.run(
        upgrade_pdf_async(
            pdf,
            target,
            tsa_url=tsa_url,
            trust=trust,
            tsa_timeout=tsa_timeout,
            timestamper=timestamper,
        )
    )


def needs_renewal(
    pdf: bytes, within_days: int, now: dt.datetime | None = None
) -> tuple[bool, dt.datetime | None]:
    """Whether *pdf* is B-LTA and its newest time-stamp's TSA certificate expires within
    *within_days* of *now*; also that expiry (None when the file has no document
    time-stamp)."""
    reader = open_reader(pdf)
    stamps = sorted(reader.embedded_timestamp_signatures, key=lambda ts: ts.signed_revision)
    if not stamps or current_level(pdf) is not Level.B_LTA:
        return False, None
    expires: dt.datetime = stamps[-1].signer_cert["tbs_certificate"]["validity"]["not_after"].native
    moment = now or dt.datetime.now(dt.UTC)
    return expires - moment <= dt.timedelta(days=within_days), expires


async def renew_pdf_async(
    pdf: bytes, *, tsa_url: str, trust: TrustSpec, tsa_timeout: float = 10.0
) -> bytes:
    """Add validation data for the newest time-stamp, then a new archive time-stamp."""
    reader = open_reader(pdf)
    stamper = PdfTimeStamper(HTTPTimeStamper(tsa_url, timeout=tsa_timeout))
    with translate_errors(tsa_url):
        out = await stamper.async_update_archival_timestamp_chain(
            reader, signing_validation_context(trust, []), in_place=False, output=io.BytesIO()
        )
    return bytes(out.getvalue())


def renew_pdf(pdf: bytes, *, tsa_url: str, trust: TrustSpec, tsa_timeout: float = 10.0) -> bytes:
    """Blocking wrapper of :func:`renew_pdf_async`."""
    return asyncio.run(renew_pdf_async(pdf, tsa_url=tsa_url, trust=trust, tsa_timeout=tsa_timeout))


@dataclass(frozen=True)
class RenewalResult:
    """What renewal did to one file."""

    path: Path
    """The file."""
    renewed: bool
    """An archive time-stamp was added."""
    tsa_certificate_expires: dt.datetime | None
    """Expiry of the newest time-stamp's TSA certificate before renewal."""
    error_code: str | None = None
    """The coded error that stopped this file, if any (other files still go on)."""


def _replace(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".renew-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def renew_files(
    paths: list[Path],
    *,
    within_days: int,
    tsa_url: str,
    trust: TrustSpec,
    now: dt.datetime | None = None,
    tsa_timeout: float = 10.0,
) -> list[RenewalResult]:
    """Renew every B-LTA file among *paths* whose newest TSA certificate expires within
    *within_days*. Each file is replaced atomically by itself plus the appended update."""
    results = []
    for path in paths:
        try:
            pdf = path.read_bytes()
            due, expires = needs_renewal(pdf, within_days, now)
            if due:
                _replace(
                    path, renew_pdf(pdf, tsa_url=tsa_url, trust=trust, tsa_timeout=tsa_timeout)
                )
            results.append(RenewalResult(path, due, expires))
        except SigningError as exc:
            log.warning("renewal of one file stopped: %s", exc.code)
            results.append(RenewalResult(path, False, None, exc.code))
        except OSError as exc:
            log.warning("renewal of one file stopped: %s", exc.strerror)
            results.append(RenewalResult(path, False, None, "file_unreadable"))
    return results

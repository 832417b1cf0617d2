"""Turning pyHanko's and the certificate validator's exceptions into our coded errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator.errors import (
    InsufficientRevinfoError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

from signing.errors import (
    CertificateNotUsableError,
    PdfInputError,
    RevocationUnavailableError,
    SigningError,
    SigningFailedError,
    TsaUnavailableError,
)

__all__ = ["translate_errors"]

log = logging.getLogger(__name__)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _tail(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[-300:]


@contextmanager
def translate_errors(tsa_url: str | None) -> Iterator[None]:
    """Re-raise anything pyHanko throws while signing as a :class:`SigningError`."""
    try:
        yield
    except SigningError:
        raise
    except Exception as exc:
        causes = list(_chain(exc))
        if any(isinstance(c, TimestampRequestError) for c in causes):
            raise TsaUnavailableError(
                f"the time-stamping authority {tsa_url or '(local)'} did not answer "
                f"({_tail(causes[-1])}); retry later, or sign at B-B now and upgrade "
                "the file later"
            ) from exc
        if any(isinstance(c, RevokedError) for c in causes):
            raise CertificateNotUsableError(
                f"the signing certificate or its CA is revoked: {_tail(exc)}"
            ) from exc
        if any(isinstance(c, InsufficientRevinfoError | PathBuildingError) for c in causes):
            raise RevocationUnavailableError(
                "the revocation data (OCSP, CRL) or the CA certificates needed for a "
                f"long-term signature could not be had: {_tail(exc)}; check the trust "
                "anchors and that the OCSP responder and CRL server answer"
            ) from exc
        if any(isinstance(c, PathValidationError) for c in causes):
            raise CertificateNotUsableError(
                f"the signing certificate's chain does not validate: {_tail(exc)}"
            ) from exc
        if isinstance(exc, PdfError) and not isinstance(exc, HankoSigningError):
            raise PdfInputError(f"the PDF cannot be signed: {_tail(exc)}") from exc
        if isinstance(exc, HankoSigningError | ValueError):
            raise SigningFailedError(f"pyHanko refused to sign: {_tail(exc)}") from exc
        raise

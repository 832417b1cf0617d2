"""The signing package's errors: a stable ``code`` each, and a message that says what to do.

Exit statuses follow the CLI contract of ``api/errors.py``: 2 for bad input or
configuration, 3 for a part we depend on (a TSA, an HSM, a revocation server) that is
missing or failed.
"""

from __future__ import annotations

__all__ = [
    "BadSigningArgumentError",
    "CertificateNotUsableError",
    "DevelopmentKeyRefusedError",
    "EmptyFileError",
    "EncryptedPdfError",
    "KeyLoadError",
    "NotAPdfError",
    "PdfInputError",
    "RevocationUnavailableError",
    "SigningError",
    "SigningFailedError",
    "TsaUnavailableError",
    "ValidationInputError",
]

_EXIT_BAD_INPUT = 2
_EXIT_ENVIRONMENT = 3


class SigningError(Exception):
    """Base of every error the signing package raises on purpose."""

    code: str = "signing_error"
    """Stable snake_case code; callers branch on it, never on the message."""
    exit_status: int = _EXIT_BAD_INPUT
    """CLI exit status for this kind of failure."""


class KeyLoadError(SigningError):
    """The signing key or its certificate could not be loaded (file, passphrase, token, PIN)."""

    code = "signing_key_unavailable"
    exit_status = _EXIT_ENVIRONMENT


class DevelopmentKeyRefusedError(SigningError):
    """A development key or development PKI was asked for in production mode."""

    code = "development_key_refused"


class CertificateNotUsableError(SigningError):
    """The signer's certificate is expired, not yet valid or lacks the needed key usage."""

    code = "signer_certificate_not_usable"


class TsaUnavailableError(SigningError):
    """The time-stamping authority did not answer or answered with an error."""

    code = "tsa_unavailable"
    exit_status = _EXIT_ENVIRONMENT


class RevocationUnavailableError(SigningError):
    """Revocation data (OCSP, CRL) for a long-term signature could not be gathered."""

    code = "revocation_unavailable"
    exit_status = _EXIT_ENVIRONMENT


class PdfInputError(SigningError):
    """The input is not a PDF pyHanko can sign or read (damaged, encrypted, hybrid xrefs)."""

    code = "pdf_unreadable"


class EmptyFileError(PdfInputError):
    """The input file has no bytes at all (an interrupted copy or scan)."""

    code = "empty_file"


class NotAPdfError(PdfInputError):
    """The input does not start like a PDF (an image, a web page, a Word file…)."""

    code = "not_a_pdf"


class EncryptedPdfError(PdfInputError):
    """The PDF is encrypted (password or permissions): it must be decrypted first."""

    code = "encrypted_pdf"


class BadSigningArgumentError(SigningError):
    """A request that cannot fit the document (a page it lacks, a box off the page)."""

    code = "bad_argument"


class SigningFailedError(SigningError):
    """pyHanko refused to sign for a reason not covered by a more specific error."""

    code = "signing_failed"


class ValidationInputError(SigningError):
    """A validation request could not be carried out (no trust anchor, unreadable file)."""

    code = "validation_input_invalid"

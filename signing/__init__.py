"""PAdES signatures with pyHanko: keys, timestamps, long-term validation, certified
copies and validation reports. Knows PDFs and certificates, nothing else.

Typical use::

    agency = load_signer(Pkcs12KeySpec(path, passphrase))      # once per process
    result = sign_pdf(pdf, SignSpec(level=Level.B_LTA, tsa_url=url, mark=...), agency)
    report = validate_pdf(result.pdf, TrustSpec(roots=(root_der,)))

Visible marks go in blank space found on a low-resolution render of the page
(``signing.placement``); ``result.warnings`` names any mark that had to cover content.
"""

from __future__ import annotations

from signing.appearance import FontMissingError, agency_mark_text, certified_copy_text
from signing.devpki import DevelopmentPki, ensure_development_pki, load_development_signer
from signing.errors import (
    BadSigningArgumentError,
    CertificateNotUsableError,
    DevelopmentKeyRefusedError,
    EmptyFileError,
    EncryptedPdfError,
    KeyLoadError,
    NotAPdfError,
    PdfInputError,
    RevocationUnavailableError,
    SigningError,
    SigningFailedError,
    TsaUnavailableError,
    ValidationInputError,
)
from signing.inputs import open_for_signing, open_reader, page_sizes, sniff_pdf
from signing.keys import AgencySigner, KeySpec, Pkcs11KeySpec, Pkcs12KeySpec, load_signer
from signing.ltv import (
    RenewalResult,
    current_level,
    needs_renewal,
    renew_files,
    renew_pdf,
    upgrade_pdf,
)
from signing.marks import MARK_COVERS_CONTENT, STAMP_COVERS_CONTENT
from signing.messages import MESSAGES, staff_message
from signing.model import (
    AgencyMarkSpec,
    CertifiedCopySpec,
    Level,
    RevocationMode,
    SignResult,
    SignSpec,
    TrustSpec,
)
from signing.pipeline import TsaNotConfiguredError, sign_pdf, sign_pdf_async
from signing.placement import PageRenderError
from signing.report import DocumentTimestampReport, Indication, SignatureReport, ValidationReport
from signing.trust import load_certificates
from signing.validate import validate_pdf, validate_pdf_async

__all__ = [
    "MARK_COVERS_CONTENT",
    "MESSAGES",
    "STAMP_COVERS_CONTENT",
    "AgencyMarkSpec",
    "AgencySigner",
    "BadSigningArgumentError",
    "CertificateNotUsableError",
    "CertifiedCopySpec",
    "DevelopmentKeyRefusedError",
    "DevelopmentPki",
    "DocumentTimestampReport",
    "EmptyFileError",
    "EncryptedPdfError",
    "FontMissingError",
    "Indication",
    "KeyLoadError",
    "KeySpec",
    "Level",
    "NotAPdfError",
    "PageRenderError",
    "PdfInputError",
    "Pkcs11KeySpec",
    "Pkcs12KeySpec",
    "RenewalResult",
    "RevocationMode",
    "RevocationUnavailableError",
    "SignResult",
    "SignSpec",
    "SignatureReport",
    "SigningError",
    "SigningFailedError",
    "TrustSpec",
    "TsaNotConfiguredError",
    "TsaUnavailableError",
    "ValidationInputError",
    "ValidationReport",
    "agency_mark_text",
    "certified_copy_text",
    "current_level",
    "ensure_development_pki",
    "load_certificates",
    "load_development_signer",
    "load_signer",
    "needs_renewal",
    "open_for_signing",
    "open_reader",
    "page_sizes",
    "renew_files",
    "renew_pdf",
    "sign_pdf",
    "sign_pdf_async",
    "sniff_pdf",
    "staff_message",
    "upgrade_pdf",
    "validate_pdf",
    "validate_pdf_async",
]

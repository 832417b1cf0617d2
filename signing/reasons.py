"""Why a signature did not pass, in words, when pyHanko's result carries none."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

__all__ = ["CHAIN_LOGGER", "SUB_INDICATIONS", "SUB_REASONS", "chain_reasons", "sub_reason"]

#: pyHanko logs why a chain failed (with a traceback and the signer's subject) instead of
#: putting it in the result; this is where, so the reason can go on the report instead.
CHAIN_LOGGER = "pyhanko.sign.validation.generic_cms"

#: Every ETSI EN 319 102-1 sub-indication pyHanko reports -> (Vietnamese, English): why
#: the signature did not pass, in words a desk clerk or an archivist can act on.
SUB_INDICATIONS: dict[str, tuple[str, str]] = {
    "FORMAT_FAILURE": (
        "chữ ký hoặc tệp sai định dạng nên không kiểm tra được",
        "the signature or the file is malformed and cannot be checked",
    ),
    "HASH_FAILURE": (
        "nội dung đã ký bị thay đổi sau khi ký",
        "the signed bytes were changed after signing",
    ),
    "SIG_CRYPTO_FAILURE": (
        "chữ ký số không đúng về mặt mật mã",
        "the cryptographic signature does not check out",
    ),
    "REVOKED": (
        "chứng thư số của người ký đã bị thu hồi",
        "the signer's certificate has been revoked",
    ),
    "NOT_YET_VALID": (
        "chứng thư số của người ký chưa có hiệu lực tại thời điểm kiểm tra",
        "the signer's certificate was not yet valid at the validation time",
    ),
    "SIG_CONSTRAINTS_FAILURE": (
        "chữ ký không đáp ứng các ràng buộc của chính sách kiểm tra",
        "the signature does not meet the validation policy's constraints",
    ),
    "CHAIN_CONSTRAINTS_FAILURE": (
        "chuỗi chứng thư không đáp ứng các ràng buộc của chính sách kiểm tra",
        "the certificate chain does not meet the validation policy's constraints",
    ),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": (
        "không xác thực được chuỗi chứng thư của người ký tại thời điểm kiểm tra",
        "the signer's certificate chain could not be validated at the validation time",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE": (
        "thuật toán mật mã hoặc độ dài khóa không còn được chấp nhận",
        "a cryptographic algorithm or key size is no longer accepted",
    ),
    "EXPIRED": (
        "chứng thư số của người ký đã hết hạn",
        "the signer's certificate has expired",
    ),
    "POLICY_PROCESSING_ERROR": (
        "không xử lý được chính sách chữ ký",
        "the signature policy could not be processed",
    ),
    "SIGNATURE_POLICY_NOT_AVAILABLE": (
        "không có chính sách chữ ký mà chữ ký yêu cầu",
        "the signature policy the signature names is not available",
    ),
    "TIMESTAMP_ORDER_FAILURE": (
        "thứ tự các dấu thời gian không hợp lệ",
        "the time-stamps are not in a valid order",
    ),
    "NO_SIGNING_CERTIFICATE_FOUND": (
        "không tìm thấy chứng thư số của người ký",
        "the signer's certificate was not found",
    ),
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "không có chuỗi chứng thư từ người ký đến một chứng thư gốc tin cậy",
        "no chain from the signer's certificate to a trust anchor",
    ),
    "REVOKED_NO_POE": (
        "chứng thư số của người ký đã bị thu hồi và không có bằng chứng chữ ký có trước đó",
        "the signer's certificate is revoked",
    ),
    "REVOKED_CA_NO_POE": (
        "một chứng thư cấp trên trong chuỗi đã bị thu hồi và không có bằng chứng chữ ký có "
        "trước đó",
        "a CA certificate in the chain is revoked and no proof of existence before that was found",
    ),
    "OUT_OF_BOUNDS_NO_POE": (
        "chứng thư số của người ký không còn hiệu lực tại thời điểm kiểm tra và không có "
        "bằng chứng chữ ký có trước đó",
        "the signer's certificate was not valid at the validation time and no proof of "
        "existence before that was found",
    ),
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": (
        "thông tin thu hồi nằm ngoài thời hạn hiệu lực của chứng thư và không có bằng chứng "
        "có trước đó",
        "the revocation data falls outside the certificate's validity and no proof of "
        "existence before that was found",
    ),
    "OUT_OF_BOUNDS_NOT_REVOKED": (
        "chứng thư số của người ký không còn hiệu lực tại thời điểm kiểm tra (không bị thu hồi)",
        "the signer's certificate was not valid at the validation time (it is not revoked)",
    ),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": (
        "thuật toán mật mã không còn được chấp nhận và không có bằng chứng chữ ký có trước đó",
        "a cryptographic algorithm is no longer accepted and no proof of existence before "
        "that was found",
    ),
    "NO_POE": (
        "không có bằng chứng chữ ký đã tồn tại vào thời điểm cần thiết",
        "no proof that the signature existed at the time needed",
    ),
    "TRY_LATER": (
        "chưa có thông tin thu hồi chứng thư; hãy kiểm tra lại sau",
        "revocation information is not available yet",
    ),
    "SIGNED_DATA_NOT_FOUND": (
        "không tìm thấy dữ liệu đã được ký",
        "the signed data was not found",
    ),
    "GENERIC": (
        "không kết luận được vì một lý do khác",
        "no conclusion could be reached for another reason",
    ),
}

#: The English reason by sub-indication: what the JSON report's ``message`` says when
#: pyHanko gives none.
SUB_REASONS = {code: en for code, (_vi, en) in SUB_INDICATIONS.items()}


def sub_reason(code: str, lang: str = "vi") -> str | None:
    """Why a signature with sub-indication *code* did not pass, in ``vi`` or ``en``."""
    words = SUB_INDICATIONS.get(code)
    if words is None:
        return None
    return words[1] if lang == "en" else words[0]


@contextlib.contextmanager
def chain_reasons() -> Iterator[list[str]]:
    """Collect the chain errors pyHanko logs, and let them through to the log handlers
    only when the logger's configured level would have let them through anyway."""
    logger = logging.getLogger(CHAIN_LOGGER)
    shown = logger.getEffectiveLevel()
    reasons: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and str(exc):
            reasons.append(str(exc))
        return record.levelno >= shown

    old_level = logger.level
    logger.setLevel(min(shown, logging.WARNING))
    logger.addFilter(keep)
    try:
        yield reasons
    finally:
        logger.removeFilter(keep)
        logger.setLevel(old_level)

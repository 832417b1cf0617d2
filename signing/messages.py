"""Staff-facing wording of the signing package's error codes: Vietnamese, and English.

The exception's own message carries the details (which file, which URL, the tool's
output); this catalogue gives the counter screen one fixed sentence per code.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "REPORT_LABELS", "report_label", "staff_message"]

#: code -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "signing_key_unavailable": (
        "Không dùng được khóa ký (tệp PKCS#12, mật khẩu, thiết bị HSM hoặc mã PIN).",
        "The signing key cannot be used (PKCS#12 file, passphrase, HSM or PIN).",
    ),
    "development_key_refused": (
        "Chế độ vận hành không cho phép dùng khóa ký thử nghiệm (DEVELOPMENT).",
        "Production mode refuses the DEVELOPMENT signing key.",
    ),
    "signer_certificate_not_usable": (
        "Chứng thư số ký hết hạn, chưa có hiệu lực, bị thu hồi hoặc không dùng để ký.",
        "The signing certificate is expired, not yet valid, revoked or not for signing.",
    ),
    "tsa_unavailable": (
        "Máy chủ cấp dấu thời gian không trả lời; có thể ký B-B trước và nâng cấp sau.",
        "The time-stamping server did not answer; sign at B-B now and upgrade later.",
    ),
    "tsa_not_configured": (
        "Chưa cấu hình máy chủ cấp dấu thời gian cho mức ký đã chọn.",
        "No time-stamping server is configured for the chosen level.",
    ),
    "revocation_unavailable": (
        "Không lấy được thông tin thu hồi chứng thư (OCSP, CRL) để ký dài hạn.",
        "Revocation data (OCSP, CRL) for a long-term signature could not be had.",
    ),
    "pdf_unreadable": (
        "Tệp PDF hỏng, bị mã hóa hoặc không ký được.",
        "The PDF is damaged, encrypted or cannot be signed.",
    ),
    "empty_file": (
        "Tệp rỗng, không có nội dung; hãy quét hoặc sao chép lại.",
        "The file is empty; scan or copy it again.",
    ),
    "not_a_pdf": (
        "Tệp không phải PDF (ảnh, trang web…); hãy chọn đúng tệp PDF.",
        "The file is not a PDF (an image, a web page…); choose the PDF file.",
    ),
    "encrypted_pdf": (
        "Tệp PDF bị mã hóa; hãy lưu một bản không mã hóa rồi ký.",
        "The PDF is encrypted; save an unencrypted copy and sign that.",
    ),
    "bad_argument": (
        "Tham số không hợp lệ cho tài liệu này.",
        "An argument does not fit this document.",
    ),
    "signing_failed": (
        "Ký số không thành công.",
        "Signing failed.",
    ),
    "validation_input_invalid": (
        "Không kiểm tra được chữ ký: thiếu chứng thư gốc tin cậy hoặc tệp không đọc được.",
        "The signature cannot be checked: no trust anchor or an unreadable file.",
    ),
    "page_render_failed": (
        "Không dựng được trang PDF để tìm chỗ trống cho chữ ký hiển thị (cài gói poppler-utils).",
        "The PDF page could not be rendered to find blank space for the visible signature.",
    ),
    "mark_covers_content": (
        "Trang 1 không còn chỗ trống: dấu của cơ quan được in trên nền trắng, che một phần "
        "nội dung; hãy kiểm tra bản sao.",
        "Page 1 has no blank space: the agency mark is drawn on white over some content; "
        "check the copy.",
    ),
    "stamp_covers_content": (
        "Trang không còn chỗ trống: lời chứng được in trên nền trắng ở góc dưới bên phải, che "
        "một phần nội dung; hãy kiểm tra bản sao.",
        "The page has no blank space: the certification stamp is drawn on white in the "
        "bottom-right corner over some content; check the copy.",
    ),
    "signature_font_missing": (
        "Thiếu phông chữ TeX Gyre Termes để hiển thị chữ ký (cài gói fonts-texgyre).",
        "The TeX Gyre Termes font for visible signatures is missing (fonts-texgyre).",
    ),
}


def staff_message(code: str, lang: str = "vi") -> str:
    """The fixed sentence for *code* in ``vi`` or ``en``; the code itself if unknown."""
    vi, en = MESSAGES.get(code, (code, code))
    return en if lang == "en" else vi


#: The validation report's codes in words, by field: code -> (Vietnamese, English). The
#: JSON report keeps the codes; the readable report shows these.
REPORT_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "indication": {
        "TOTAL_PASSED": ("đạt", "passed"),
        "INDETERMINATE": ("chưa kết luận được", "indeterminate"),
        "TOTAL_FAILED": ("không đạt", "failed"),
    },
    "coverage": {
        "ENTIRE_FILE": ("toàn bộ tệp", "the entire file"),
        "ENTIRE_REVISION": (
            "toàn bộ phiên bản đã ký (có phần bổ sung sau đó)",
            "the entire signed revision (with later additions)",
        ),
        "CONTIGUOUS_BLOCK_FROM_START": (
            "một đoạn liền từ đầu tệp, không phải cả phiên bản",
            "a contiguous block from the start, not a whole revision",
        ),
        "UNCLEAR": ("không xác định được", "unclear"),
    },
    "modification": {
        "NONE": ("không có", "none"),
        "LTA_UPDATES": (
            "chỉ bổ sung dữ liệu kiểm tra dài hạn",
            "long-term validation data only",
        ),
        "FORM_FILLING": ("điền biểu mẫu", "form filling"),
        "ANNOTATIONS": ("thêm chú thích", "annotations"),
        "OTHER": ("thay đổi khác", "other changes"),
    },
    "process": {
        "long-term": ("dài hạn, có dấu thời gian", "long-term, with a time-stamp"),
        "basic": (
            "cơ bản, không có dấu thời gian của chữ ký",
            "basic, no signature time-stamp",
        ),
    },
    "revocation": {
        "hard-fail": (
            "bắt buộc khi chứng thư có khai báo",
            "hard-fail, wherever a certificate declares it",
        ),
        "soft-fail": (
            "bỏ qua máy chủ không trả lời",
            "soft-fail, an unreachable server is tolerated",
        ),
        "require": ("bắt buộc cho mọi chứng thư", "required for every certificate"),
    },
}


def report_label(field: str, code: str, lang: str = "vi") -> str:
    """The words for *code* of the report's *field* in ``vi`` or ``en``; the code if unknown."""
    vi, en = REPORT_LABELS.get(field, {}).get(code, (code, code))
    return en if lang == "en" else vi

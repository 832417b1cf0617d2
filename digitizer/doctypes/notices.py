"""Warning codes of document typing with their Vietnamese and English texts."""

from __future__ import annotations

from enum import StrEnum

from digitizer.model import Notice

__all__ = ["WarningCode", "english", "notice"]


class WarningCode(StrEnum):
    """Stable codes a counter screen can show; never reworded."""

    ID_NUMBER_FORMAT = "id_number_format"
    ID_PROVINCE_UNKNOWN = "id_province_unknown"
    ID_GENDER_MISMATCH = "id_gender_mismatch"
    ID_CENTURY_MISMATCH = "id_century_mismatch"
    ID_BIRTH_YEAR_MISMATCH = "id_birth_year_mismatch"
    ENTERPRISE_CODE_FORMAT = "enterprise_code_format"
    EXPIRY_BEFORE_ISSUE = "expiry_before_issue"
    ISSUE_BEFORE_BIRTH = "issue_before_birth"
    DOCUMENT_EXPIRED = "document_expired"
    MRZ_CHECK_DIGIT = "mrz_check_digit"
    MACHINE_OCR_MISMATCH = "machine_ocr_mismatch"
    QR_MRZ_MISMATCH = "qr_mrz_mismatch"
    FIELD_MISSING = "field_missing"
    FIELD_REPAIRED = "field_repaired"
    NAME_DIACRITICS_MISSING = "name_diacritics_missing"
    NAME_REACCENTED = "name_reaccented"
    LOW_TYPE_CONFIDENCE = "low_type_confidence"


_TEXTS: dict[WarningCode, tuple[str, str]] = {
    WarningCode.ID_NUMBER_FORMAT: (
        "Số định danh cá nhân không đủ 12 chữ số; kiểm tra lại trên giấy tờ.",
        "The personal ID number does not have 12 digits; check it on the paper."),
    WarningCode.ID_PROVINCE_UNKNOWN: (
        "Mã tỉnh (3 chữ số đầu) của số định danh không tồn tại.",
        "The province code (first 3 digits) of the ID number does not exist."),
    WarningCode.ID_GENDER_MISMATCH: (
        "Chữ số giới tính trong số định danh không khớp với giới tính đọc được.",
        "The gender digit of the ID number disagrees with the gender read."),
    WarningCode.ID_CENTURY_MISMATCH: (
        "Chữ số thế kỷ trong số định danh không khớp với năm sinh.",
        "The century digit of the ID number disagrees with the year of birth."),
    WarningCode.ID_BIRTH_YEAR_MISMATCH: (
        "Hai chữ số năm sinh trong số định danh không khớp với ngày sinh.",
        "The birth-year digits of the ID number disagree with the date of birth."),
    WarningCode.ENTERPRISE_CODE_FORMAT: (
        "Mã số doanh nghiệp phải có 10 chữ số (13 với chi nhánh).",
        "An enterprise code has 10 digits (13 for a branch)."),
    WarningCode.EXPIRY_BEFORE_ISSUE: (
        "Ngày hết hạn sớm hơn ngày cấp.", "The expiry date is before the issue date."),
    WarningCode.ISSUE_BEFORE_BIRTH: (
        "Ngày cấp sớm hơn ngày sinh.", "The issue date is before the date of birth."),
    WarningCode.DOCUMENT_EXPIRED: (
        "Giấy tờ đã hết hạn sử dụng.", "The document is no longer valid."),
    WarningCode.MRZ_CHECK_DIGIT: (
        "Vùng MRZ có chữ số kiểm tra sai; đã dùng kết quả đọc chữ.",
        "An MRZ check digit failed; the OCR reading was kept."),
    WarningCode.MACHINE_OCR_MISMATCH: (
        "Mã QR/MRZ và phần chữ in trên giấy tờ không khớp nhau.",
        "The QR code or MRZ disagrees with the printed text."),
    WarningCode.QR_MRZ_MISMATCH: (
        "Mã QR và vùng MRZ không khớp nhau.", "The QR code and the MRZ disagree."),
    WarningCode.FIELD_MISSING: (
        "Không đọc được một trường bắt buộc của loại giấy tờ này.",
        "A field this document type carries could not be read."),
    WarningCode.FIELD_REPAIRED: (
        "Một chữ số của trường này đã được sửa theo trường khác (ví dụ năm sinh theo số "
        "định danh); cán bộ cần đối chiếu với giấy tờ.",
        "A digit of this field was corrected from another field (e.g. the birth year from "
        "the ID number); staff must check it against the paper."),
    WarningCode.NAME_DIACRITICS_MISSING: (
        "Họ tên đọc được không có dấu; cán bộ cần ghi lại đúng dấu theo giấy tờ.",
        "The name was read without any diacritics; staff must restore them from the paper."),
    WarningCode.NAME_REACCENTED: (
        "Dấu của họ tên đã được sửa theo danh sách tên thường dùng (chữ in hoa đọc sai dấu); "
        "cán bộ cần đối chiếu với giấy tờ.",
        "A mark of the name was corrected from the list of common given names (capitals "
        "read with a wrong mark); staff must check it against the paper."),
    WarningCode.LOW_TYPE_CONFIDENCE: (
        "Không chắc chắn về loại giấy tờ; cán bộ cần xác nhận.",
        "The document type is uncertain; staff must confirm it."),
}  # fmt: skip


def notice(code: WarningCode, page: int | None = None, detail: str = "") -> Notice:
    """A Notice with the Vietnamese text; ``detail`` names a field, never personal data."""
    text = _TEXTS[code][0]
    return Notice(str(code), f"{text} ({detail})" if detail else text, page)


def english(code: str) -> str:
    """The English text of a warning code (for an English-speaking screen)."""
    return _TEXTS[WarningCode(code)][1]

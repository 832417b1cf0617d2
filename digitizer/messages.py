"""The message catalogue: each warning code in Vietnamese (for the counter) and English.

Codes are stable; the texts may be improved at any time. Callers that show a
message look it up here by code and language.
"""

from __future__ import annotations

from collections.abc import Mapping

from digitizer.model import Notice

__all__ = ["CATALOGUE", "message", "notice"]

CATALOGUE: Mapping[str, Mapping[str, str]] = {
    "low_dpi": {
        "vi": "Độ phân giải thấp ({dpi:.0f} dpi); quy định yêu cầu tối thiểu 200 dpi"
        " — hãy quét lại.",
        "en": "Low resolution ({dpi:.0f} dpi); the rule asks for at least 200 dpi — rescan.",
    },
    "blurry": {
        "vi": "Ảnh bị mờ, chữ có thể đọc sai — hãy chụp hoặc quét lại.",
        "en": "The image is blurred and text may be misread — capture it again.",
    },
    "too_dark": {
        "vi": "Ảnh quá tối — hãy tăng ánh sáng hoặc quét lại.",
        "en": "The image is too dark — add light or rescan.",
    },
    "too_light": {
        "vi": "Ảnh quá nhạt, chữ mờ — hãy quét lại với độ tương phản cao hơn.",
        "en": "The image is too light and faint — rescan with more contrast.",
    },
    "low_contrast": {
        "vi": "Độ tương phản thấp — hãy kiểm tra lại ảnh quét.",
        "en": "Low contrast — check the scan.",
    },
    "cut_off": {
        "vi": "Nội dung chạm mép ảnh, trang có thể bị cắt mất"
        " — hãy đặt giấy ngay ngắn và quét lại.",
        "en": "Content touches the image edge; the page may be cut off"
        " — align the paper and rescan.",
    },
    "blank_page": {
        "vi": "Trang trắng — kiểm tra xem có phải trang cần số hóa không.",
        "en": "Blank page — check whether it belongs in the document.",
    },
    "low_confidence": {
        "vi": "Độ tin cậy nhận dạng thấp ({confidence:.0%}) — hãy kiểm tra kỹ nội dung.",
        "en": "Low recognition confidence ({confidence:.0%}) — check the text carefully.",
    },
    "rotated": {
        "vi": "Trang đã được xoay {rotation}° cho đúng chiều.",
        "en": "The page was turned {rotation}° upright.",
    },
    "skewed": {
        "vi": "Trang bị nghiêng {skew:.1f}° và đã được chỉnh thẳng.",
        "en": "The page was skewed by {skew:.1f}° and has been straightened.",
    },
    "perspective_corrected": {
        "vi": "Ảnh chụp đã được cắt theo mép giấy và chỉnh phối cảnh.",
        "en": "The photo was cropped to the sheet and its perspective corrected.",
    },
    "text_layer_kept": {
        "vi": "Tệp PDF đã có lớp văn bản; giữ nguyên, không nhận dạng lại.",
        "en": "The PDF already has a text layer; it was kept without OCR.",
    },
    "signed_pdf_kept": {
        "vi": "Tệp PDF có chữ ký số; giữ nguyên tệp gốc, không ghi đè.",
        "en": "The PDF is digitally signed; its original bytes were kept unchanged.",
    },
    # Classification unavailable: the text is kept and staff pick the type by hand; the
    # technical cause (a catalogue line, a model file) is in the log for the administrator.
    "doctype_error": {
        "vi": "Chưa xác định được loại giấy tờ tự động — hãy chọn loại bằng tay.",
        "en": "The document type could not be determined automatically — pick it by hand.",
    },
    "doctype_catalogue_invalid": {
        "vi": "Danh mục loại giấy tờ có lỗi nên chưa phân loại tự động được — hãy chọn loại"
        " bằng tay và báo quản trị viên sửa tệp danh mục (SOHOA_DOCTYPES_CATALOGUE).",
        "en": "The document-type catalogue has an error, so nothing was typed automatically"
        " — pick the type by hand and ask the administrator to fix the catalogue file"
        " (SOHOA_DOCTYPES_CATALOGUE).",
    },
    "doctype_model_version": {
        "vi": "Tệp mô hình phân loại thuộc phiên bản khác — hãy chọn loại bằng tay và báo"
        " quản trị viên dựng lại mô hình.",
        "en": "The classifier model file is of another version — pick the type by hand and"
        " ask the administrator to rebuild the model.",
    },
    "doctype_model_stale": {
        "vi": "Mô hình phân loại không khớp danh mục hiện hành — hãy chọn loại bằng tay và"
        " báo quản trị viên dựng lại mô hình.",
        "en": "The classifier model does not match the current catalogue — pick the type by"
        " hand and ask the administrator to rebuild the model.",
    },
    "doctype_model_unavailable": {
        "vi": "Chưa có mô hình phân loại dùng được — hãy chọn loại bằng tay và báo quản trị"
        " viên dựng mô hình.",
        "en": "No usable classifier model — pick the type by hand and ask the administrator"
        " to build it.",
    },
    "text_layer_garbage": {
        "vi": "Lớp văn bản của PDF không đọc được; đã nhận dạng lại bằng OCR.",
        "en": "The PDF's text layer is unreadable; the pages were OCRed instead.",
    },
}


def message(code: str, language: str = "vi", **values: object) -> str:
    """The catalogue text for ``code`` in ``language`` (``vi`` or ``en``), filled with values."""
    texts = CATALOGUE.get(code)
    if texts is None:
        return code
    template = texts.get(language) or texts["vi"]
    try:
        return template.format(**values)
    except (KeyError, ValueError, IndexError):
        return template


def notice(code: str, language: str = "vi", page: int | None = None, **values: object) -> Notice:
    """A Notice for ``code`` with its message in ``language``."""
    return Notice(code=code, message=message(code, language, **values), page=page)

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

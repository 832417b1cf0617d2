"""The digitizer's error messages: each error code in Vietnamese (for the counter) and English.

An error carries its stable ``code`` and ``params`` (numbers, format names, a tool's
name and stderr tail); :func:`render` puts them into the text for a language. Each code
has templates from the most detailed to the least: the first whose fields the error
filled is used, and the last has no field, so a message always renders whole. Codes are
stable; the texts may be improved at any time, keeping each pair's fields equal.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

__all__ = ["CATALOGUE", "FORMATS", "ErrorParams", "fields", "render"]

#: What an error fills its message with; JSON-ready and picklable.
ErrorParams = Mapping[str, str | int | float]

_AGAIN_VI = " — hãy quét hoặc xuất lại tệp."
_AGAIN_EN = "; scan or export it again."

#: code -> templates, most detailed first, each ``{"vi": ..., "en": ...}``.
CATALOGUE: Mapping[str, tuple[Mapping[str, str], ...]] = {
    "digitizer_error": (
        {"vi": "Không số hóa được tệp này.", "en": "This file cannot be digitized."},
    ),
    "input_not_found": (
        {
            "vi": "Không có tệp này — hãy kiểm tra lại đường dẫn.",
            "en": "The file does not exist; check the path.",
        },
    ),
    "input_unreadable": (
        {
            "vi": "Đường dẫn không phải một tệp đọc được — hãy kiểm tra tệp và quyền đọc.",
            "en": "The path is not a readable file; check it and its permissions.",
        },
    ),
    "empty_file": (
        {
            "vi": "Tệp rỗng (0 byte) — hãy quét hoặc sao chép lại.",
            "en": "The file is empty (0 bytes); scan or copy it again.",
        },
    ),
    "file_too_large": (
        {
            "vi": "Tệp có {size} byte, vượt giới hạn {limit} byte"
            " — hãy tách nhỏ tệp hoặc tăng SOHOA_DIGITIZER__MAX_BYTES.",
            "en": "The file has {size} bytes, more than the limit of {limit};"
            " split it or raise SOHOA_DIGITIZER__MAX_BYTES.",
        },
        {
            "vi": "Tệp vượt giới hạn dung lượng — hãy tách nhỏ tệp.",
            "en": "The file is over the size limit; split it.",
        },
    ),
    "unsupported_format": (
        {
            "vi": "Nội dung là {found}, không số hóa được"
            " — hãy chuyển sang PDF, PNG, JPEG hoặc TIFF.",
            "en": "The content is {found}, which cannot be digitized;"
            " convert it to PDF, PNG, JPEG or TIFF.",
        },
        {
            "vi": "Định dạng tệp không số hóa được — hãy chuyển sang PDF, PNG, JPEG hoặc TIFF.",
            "en": "This format cannot be digitized; convert it to PDF, PNG, JPEG or TIFF.",
        },
    ),
    "mislabelled_file": (
        {
            "vi": "Tên tệp ghi là {claimed} nhưng nội dung là {found}"
            " — hãy xuất đúng tài liệu (PDF, PNG, JPEG hoặc TIFF).",
            "en": "The name says {claimed} but the content is {found};"
            " export the real document (PDF, PNG, JPEG or TIFF).",
        },
        {
            "vi": "Đuôi tên tệp không khớp với nội dung"
            " — hãy xuất đúng tài liệu (PDF, PNG, JPEG hoặc TIFF).",
            "en": "The file's name and content do not match;"
            " export the real document (PDF, PNG, JPEG or TIFF).",
        },
    ),
    "truncated_file": (
        {
            "vi": "Tệp {kind} bị thiếu phần cuối (sao chép hoặc tải xuống bị ngắt?)"
            " — hãy sao chép hoặc quét lại.",
            "en": "The {kind} file ends too early (an interrupted copy or download?);"
            " copy or scan it again.",
        },
        {
            "vi": "Tệp bị thiếu phần cuối (sao chép hoặc tải xuống bị ngắt?)"
            " — hãy sao chép hoặc quét lại.",
            "en": "The file ends too early (an interrupted copy or download?);"
            " copy or scan it again.",
        },
    ),
    "corrupt_file": (
        {
            "vi": "Trang {page} của tệp {kind} bị hỏng, không đọc được ({detail})" + _AGAIN_VI,
            "en": "Page {page} of the {kind} file is damaged and cannot be read ({detail})"
            + _AGAIN_EN,
        },
        {
            "vi": "Trang {page} của tệp {kind} bị hỏng, không đọc được" + _AGAIN_VI,
            "en": "Page {page} of the {kind} file is damaged and cannot be read" + _AGAIN_EN,
        },
        {
            "vi": "Tệp {kind} bị hỏng, không đọc được ({detail})" + _AGAIN_VI,
            "en": "The {kind} file is damaged and cannot be read ({detail})" + _AGAIN_EN,
        },
        {
            "vi": "Tệp {kind} bị hỏng, không đọc được" + _AGAIN_VI,
            "en": "The {kind} file is damaged and cannot be read" + _AGAIN_EN,
        },
        {
            "vi": "Tệp bị hỏng, không đọc được" + _AGAIN_VI,
            "en": "The file is damaged and cannot be read" + _AGAIN_EN,
        },
    ),
    "encrypted_pdf": (
        {
            "vi": "Tệp PDF được bảo vệ bằng mật khẩu"
            " — hãy xin bản không có mật khẩu hoặc gỡ mật khẩu trước.",
            "en": "The PDF is protected by a password;"
            " ask for an unprotected copy or decrypt it first.",
        },
    ),
    "decompression_bomb": (
        {
            "vi": "Trang {page} sẽ thành ảnh {width}×{height} điểm, vượt giới hạn {limit} điểm"
            " — hãy quét lại ở 300 dpi hoặc tăng SOHOA_DIGITIZER__MAX_PIXELS.",
            "en": "Page {page} would decode to {width}×{height} pixels, more than the limit"
            " of {limit}; rescan at 300 dpi or raise SOHOA_DIGITIZER__MAX_PIXELS.",
        },
        {
            "vi": "Một trang quá lớn so với giới hạn số điểm ảnh — hãy quét lại ở 300 dpi.",
            "en": "A page is larger than the pixel limit; rescan at 300 dpi.",
        },
    ),
    "too_many_pages": (
        {
            "vi": "Tệp {kind} có {pages} trang, vượt giới hạn {limit} trang"
            " — hãy tách thành các tệp nhỏ hơn.",
            "en": "The {kind} has {pages} pages, more than the limit of {limit};"
            " split it into smaller files.",
        },
        {
            "vi": "Tệp có quá nhiều trang — hãy tách thành các tệp nhỏ hơn.",
            "en": "The file has too many pages; split it into smaller files.",
        },
    ),
    "no_pages": (
        {
            "vi": "Tài liệu không có trang nào — hãy kiểm tra lại tệp.",
            "en": "The document has no pages; check the file.",
        },
    ),
    "image_too_small": (
        {
            "vi": "Trang {page} chỉ có {width}×{height} điểm ảnh"
            " — hãy quét giấy ở độ phân giải 200–300 dpi.",
            "en": "Page {page} is only {width}×{height} pixels; scan the paper at 200–300 dpi.",
        },
        {
            "vi": "Ảnh quá nhỏ để đọc chữ — hãy quét giấy ở độ phân giải 200–300 dpi.",
            "en": "The image is too small to read; scan the paper at 200–300 dpi.",
        },
    ),
    "tool_missing": (
        {
            "vi": "Máy chưa cài chương trình '{program}' — hãy cài bằng lệnh: {hint}",
            "en": "'{program}' is not installed; install it with: {hint}",
        },
        {
            "vi": "Thiếu một chương trình mà bộ số hóa cần — hãy kiểm tra cài đặt (./dev.sh).",
            "en": "A program the digitizer needs is not installed; check the set-up (./dev.sh).",
        },
    ),
    "tool_failed": (
        {
            "vi": "{program} bị dừng bởi tín hiệu {signal} — hãy kiểm tra cài đặt."
            " stderr: {stderr}",
            "en": "{program} was killed by signal {signal}; check its installation."
            " stderr: {stderr}",
        },
        {
            "vi": "{program} kết thúc với mã lỗi {status} — hãy kiểm tra cài đặt. stderr: {stderr}",
            "en": "{program} exited with status {status}; check its installation. stderr: {stderr}",
        },
        {
            "vi": "Không chạy được {program}: {reason}",
            "en": "{program} could not be started: {reason}",
        },
        {
            "vi": "Không ghi được ảnh trang cho {program} vào {folder}"
            " — hãy kiểm tra chỗ trống trên đĩa.",
            "en": "Could not write the page image for {program} to {folder}; check the disk space.",
        },
        {
            "vi": "{program} chạy xong nhưng không cho kết quả — hãy kiểm tra cài đặt.",
            "en": "{program} finished without writing its output; check its installation.",
        },
        {
            "vi": "Một chương trình bên ngoài bị lỗi — hãy kiểm tra cài đặt và nhật ký.",
            "en": "An external program failed; check its installation and the log.",
        },
    ),
    "tool_timeout": (
        {
            "vi": "{program} không chạy xong trong {seconds:g} giây; trang có thể quá lớn"
            " hoặc máy đang quá tải. stderr: {stderr}",
            "en": "{program} did not finish within {seconds:g} s; the page may be too large"
            " or the machine overloaded. stderr: {stderr}",
        },
        {
            "vi": "{program} không dựng xong trang {page} trong thời gian cho phép"
            " — hãy thử lại khi máy bớt tải.",
            "en": "{program} did not render page {page} in time; retry when the machine is"
            " less busy.",
        },
        {
            "vi": "Một chương trình bên ngoài chạy quá thời gian cho phép — hãy thử lại.",
            "en": "An external program ran past its time limit; try again.",
        },
    ),
    "worker_crashed": (
        {
            "vi": "Tiến trình xử lý trang bị dừng đột ngột (hết bộ nhớ?)"
            " — hãy chạy lại riêng tệp này hoặc với --jobs 1.",
            "en": "A page worker died (out of memory?); retry the file alone or with --jobs 1.",
        },
    ),
    "internal_error": (
        {
            "vi": "Không ghi được kết quả: {reason} — hãy kiểm tra thư mục ra và chỗ trống.",
            "en": "Could not write the output: {reason}; check the output folder and space.",
        },
        {
            "vi": "Lỗi không lường trước ({error}) khi xử lý một trang — xem nhật ký.",
            "en": "Unexpected {error} while processing a page; see the log.",
        },
        {
            "vi": "Lỗi bên trong bộ số hóa — xem nhật ký để biết chi tiết.",
            "en": "An unexpected failure inside the digitizer; the log has the details.",
        },
    ),
}

#: The formats an input can turn out to be (the ``found`` field), by stable id.
FORMATS: Mapping[str, Mapping[str, str]] = {
    "gif_image": {"vi": "ảnh GIF", "en": "a GIF image"},
    "bmp_image": {"vi": "ảnh BMP", "en": "a BMP image"},
    "webp_image": {"vi": "ảnh WebP", "en": "a WebP image"},
    "jpeg2000_image": {"vi": "ảnh JPEG 2000", "en": "a JPEG 2000 image"},
    "zip_or_office": {"vi": "tệp nén ZIP hoặc văn bản Office", "en": "a ZIP or Office document"},
    "old_office": {"vi": "văn bản Office đời cũ", "en": "an old Office document"},
    "rtf_document": {"vi": "văn bản RTF", "en": "an RTF document"},
    "gzip_archive": {"vi": "tệp nén gzip", "en": "a gzip archive"},
    "rar_archive": {"vi": "tệp nén RAR", "en": "a RAR archive"},
    "7z_archive": {"vi": "tệp nén 7-Zip", "en": "a 7-Zip archive"},
    "photoshop_file": {"vi": "tệp Photoshop", "en": "a Photoshop file"},
    "html_page": {"vi": "trang web HTML", "en": "an HTML page"},
    "xml_or_svg": {"vi": "tệp XML hoặc SVG", "en": "an XML or SVG file"},
    "text_file": {"vi": "tệp văn bản thuần", "en": "a text file"},
    "unknown_binary": {"vi": "tệp nhị phân không rõ loại", "en": "an unknown binary file"},
}

#: Fields whose value is an id to be named in the staff language.
_NAMED: Mapping[str, Mapping[str, Mapping[str, str]]] = {"found": FORMATS}


def fields(template: str) -> set[str]:
    """The ``str.format`` field names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(code: str, lang: str = "vi", params: ErrorParams | None = None) -> str:
    """The message for ``code`` in ``lang`` (``en`` or else ``vi``), filled with ``params``.

    An unknown code renders as the base error's text; extra params are ignored.
    """
    values = dict(params or {})
    language = "en" if lang == "en" else "vi"
    for name, names in _NAMED.items():
        value = values.get(name)
        if isinstance(value, str) and value in names:
            values[name] = names[value][language]
    templates = CATALOGUE.get(code) or CATALOGUE["digitizer_error"]
    for template in templates:
        text = template[language]
        if fields(text) <= values.keys():
            try:
                return text.format(**values)
            except (ValueError, TypeError):  # a value of the wrong kind: a plainer text
                continue
    return templates[-1][language]

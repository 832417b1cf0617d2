"""Checking that an input is a PDF we can work on, before any key or TSA is used.

A PNG, an HTML error page saved as ``.pdf`` or an empty file otherwise reaches pyHanko
and comes back as "Illegal PDF header"; an encrypted PDF fails later, while the page is
rendered to place the mark. Each gets its own code and a sentence staff can act on.
"""

from __future__ import annotations

import io
from typing import Any

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from signing.errors import EmptyFileError, EncryptedPdfError, NotAPdfError, PdfInputError

__all__ = ["open_for_signing", "open_reader", "page_sizes", "sniff_pdf"]

#: PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H).
_HEADER_WINDOW = 1024

_KNOWN_KINDS = (
    (b"\x89PNG", "ảnh PNG (a PNG image)"),
    (b"\xff\xd8\xff", "ảnh JPEG (a JPEG image)"),
    (b"II*\x00", "ảnh TIFF (a TIFF image)"),
    (b"MM\x00*", "ảnh TIFF (a TIFF image)"),
    (b"PK\x03\x04", "tệp nén ZIP/DOCX (a ZIP or Office file)"),
)


def sniff_pdf(pdf: bytes) -> None:
    """Refuse an empty file or one that does not carry a PDF header."""
    if not pdf.strip():
        raise EmptyFileError(
            "tệp rỗng, không có nội dung; hãy quét hoặc sao chép lại (the file is empty)"
        )
    if b"%PDF-" in pdf[:_HEADER_WINDOW]:
        return
    kind = next((name for magic, name in _KNOWN_KINDS if pdf.startswith(magic)), None)
    head = pdf[:_HEADER_WINDOW].lstrip().lower()
    if kind is None and (head.startswith(b"<!doctype html") or head.startswith(b"<html")):
        kind = "trang web HTML (an HTML page)"
    raise NotAPdfError(
        f"tệp không phải PDF{': ' + kind if kind else ''}; hãy chọn đúng tệp "
        "PDF (the file is not a PDF)"
    )


def open_reader(pdf: bytes) -> PdfFileReader:
    """A lenient reader over *pdf*, after :func:`sniff_pdf`."""
    sniff_pdf(pdf)
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise PdfInputError(
            f"tệp PDF hỏng, không đọc được (the file is not a readable PDF: {exc})"
        ) from exc


def open_for_signing(pdf: bytes) -> PdfFileReader:
    """Like :func:`open_reader`, and refuse an encrypted PDF."""
    reader = open_reader(pdf)
    if reader.encrypted:
        raise EncryptedPdfError(
            "tệp PDF bị mã hóa (có mật khẩu hoặc hạn chế quyền); hãy "
            "lưu một bản không mã hóa rồi ký (the PDF is encrypted)"
        )
    return reader


def page_sizes(reader: PdfFileReader) -> list[tuple[float, float, float, float]]:
    """Each page's media box (x0, y0, x1, y1) in PDF points, in page order."""
    try:
        count = int(reader.root["/Pages"]["/Count"])
        boxes = []
        for index in range(count):
            page = reader.find_page_for_modification(index)[0].get_object()
            x0, y0, x1, y1 = (float(v) for v in _inherited(page, "/MediaBox"))
            boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise PdfInputError(
            f"không đọc được các trang của tệp PDF (the pages cannot be read: {exc})"
        ) from exc
    return boxes


def _inherited(page: Any, key: str) -> list[Any]:
    node: Any = page
    while node is not None:
        if key in node:
            return list(node[key])
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    raise KeyError(key)

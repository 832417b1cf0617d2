"""PDF inputs: structure checks with pikepdf, the text layer, signatures, page rendering."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

from digitizer.errors import (
    CorruptFileError,
    DecompressionBombError,
    EncryptedPdfError,
    ToolMissingError,
    ToolTimeoutError,
    TooManyPagesError,
    TruncatedFileError,
)
from digitizer.runner import run
from digitizer.spec import DigitizeSpec

__all__ = ["PdfFacts", "inspect_pdf", "is_garbage", "render_pdf_page"]

log = logging.getLogger(__name__)

_MIN_PAGE_CHARS = 20
"""A page whose text layer has fewer visible characters is treated as a scan."""


@dataclass(frozen=True, slots=True)
class PdfFacts:
    """What a PDF already carries."""

    signed: bool
    """It holds a digital signature: its bytes must never be rewritten."""
    page_texts: tuple[str, ...]
    """The text layer of each page (NFC), empty strings for a scan."""
    text_layer_usable: bool
    """Every page has real text, so OCR is not needed."""
    render_dpis: tuple[float, ...]
    """Per page, the resolution to rasterise at (the scan's own, when it has one)."""


def is_garbage(text: str) -> bool:
    """Whether extracted text is unreadable: broken encodings, private-use glyphs, no words."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < _MIN_PAGE_CHARS:
        return True
    odd = sum(
        1 for c in visible if unicodedata.category(c) in ("Co", "Cn", "Cc", "Cs") or c == "\ufffd"
    )
    letters = sum(1 for c in visible if c.isalpha())
    words = text.split()
    vowel_words = sum(1 for w in words if any(ch in "aeiouyAEIOUY" for ch in _strip_marks(w)))
    return (
        odd / len(visible) > 0.05
        or letters / len(visible) < 0.5
        or (len(words) >= 5 and vowel_words / len(words) < 0.5)
    )


def _strip_marks(word: str) -> str:
    base = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in base if not unicodedata.combining(c))


def _is_signed(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    if "/Perms" in root:
        return True
    form = root.get("/AcroForm")
    if form is None:
        return False
    stack = list(form.get("/Fields", []))
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        node = stack.pop()
        if node.get("/FT") == "/Sig" and "/V" in node:
            return True
        stack.extend(node.get("/Kids", []))
    return False


def _page_dpi(page: pikepdf.Page, default: int) -> float:
    box = [float(v) for v in page.mediabox]
    width_in = abs(box[2] - box[0]) / 72.0
    height_in = abs(box[3] - box[1]) / 72.0
    best = 0.0
    try:
        images = page.images
        for name in list(images.keys())[:20]:
            stream = images[name]
            w, h = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
            if width_in > 0 and height_in > 0:
                best = max(best, max(w, h) / max(width_in, height_in))
    except (pikepdf.PdfError, KeyError, TypeError, ValueError):
        best = 0.0
    return float(min(max(best, 150.0), 400.0)) if best else float(default)


def inspect_pdf(path: Path, spec: DigitizeSpec) -> PdfFacts:
    """Open the PDF's structure, refuse what cannot be read, and learn what it carries."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise TruncatedFileError(kind="PDF")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise EncryptedPdfError() from None
    except pikepdf.PdfError as exc:
        raise CorruptFileError(kind="PDF", detail=" ".join(str(exc).split())[-160:]) from None
    with pdf:
        count = len(pdf.pages)
        if count > spec.limits.max_pages:
            raise TooManyPagesError(kind="PDF", pages=count, limit=spec.limits.max_pages)
        signed = _is_signed(pdf)
        dpis = []
        for number, page in enumerate(pdf.pages, start=1):
            dpi = _page_dpi(page, spec.render_dpi)
            box = [float(v) for v in page.mediabox]
            w = abs(box[2] - box[0]) / 72.0 * dpi
            h = abs(box[3] - box[1]) / 72.0 * dpi
            if w * h > spec.limits.max_pixels:
                raise DecompressionBombError(
                    page=number, width=int(w), height=int(h), limit=spec.limits.max_pixels
                )
            dpis.append(dpi)
    texts = _text_layer(path, count, spec)
    usable = bool(texts) and all(not is_garbage(t) for t in texts)
    return PdfFacts(signed, texts, usable, tuple(dpis))


def _text_layer(path: Path, count: int, spec: DigitizeSpec) -> tuple[str, ...]:
    try:
        proc = run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], timeout=spec.tool_timeout)
    except (ToolTimeoutError, ToolMissingError):
        raise
    except Exception:  # a text layer we cannot read is no text layer
        log.info("pdftotext could not read the text layer; the PDF will be OCRed")
        return ("",) * count
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    texts = [unicodedata.normalize("NFC", p).strip() for p in pages[:count]]
    texts += [""] * (count - len(texts))
    return tuple(texts)


def render_pdf_page(path: Path, index: int, dpi: float, spec: DigitizeSpec) -> Image.Image:
    """Rasterise one page with pdf2image (pdftoppm), alone, so memory stays per page."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import (
        PDFInfoNotInstalledError,
        PDFPageCountError,
        PDFPopplerTimeoutError,
        PDFSyntaxError,
    )

    log.debug("render page %d at %.0f dpi", index + 1, dpi)
    try:
        images = convert_from_path(
            path,
            dpi=round(dpi),
            first_page=index + 1,
            last_page=index + 1,
            timeout=int(spec.tool_timeout),
        )
    except PDFInfoNotInstalledError:
        raise ToolMissingError(
            program="pdftoppm/pdfinfo", hint="apt-get install poppler-utils"
        ) from None
    except PDFPopplerTimeoutError:
        raise ToolTimeoutError(program="pdftoppm", page=index + 1) from None
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFileError(
            kind="PDF", page=index + 1, detail=" ".join(str(exc).split())[-160:]
        ) from None
    if not images:
        raise CorruptFileError(kind="PDF", page=index + 1)
    return images[0]

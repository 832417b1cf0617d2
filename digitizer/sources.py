"""Input checks and page loading: what a file is, whether it is safe, how to read a page.

:func:`inspect_input` runs in the driver and reads only headers and structure, so a
bad file is refused before any page work starts. :func:`load_page` runs in a worker
and decodes one page at a time (a PDF page is rasterised alone with pdf2image), so a
long document never sits in memory whole.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from digitizer.errors import (
    CorruptFileError,
    DecompressionBombError,
    DigitizerError,
    EmptyFileError,
    FileTooLargeError,
    ImageTooSmallError,
    InputNotFoundError,
    InputUnreadableError,
    MislabelledFileError,
    NoPagesError,
    TooManyPagesError,
    TruncatedFileError,
    UnsupportedFormatError,
)
from digitizer.pdfinput import PdfFacts, inspect_pdf, render_pdf_page
from digitizer.spec import DigitizeSpec, Limits

__all__ = ["InputPlan", "LoadedPage", "PageRef", "inspect_input", "load_page", "sniff"]

log = logging.getLogger(__name__)

# We enforce our own pixel limit with our own error code.
Image.MAX_IMAGE_PIXELS = None

_EXTENSIONS = {
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".pdf": "pdf",
}
_FOREIGN = (
    # Format ids, named in both languages by digitizer.error_messages.FORMATS.
    (b"GIF8", "gif_image"),
    (b"BM", "bmp_image"),
    (b"PK\x03\x04", "zip_or_office"),
    (b"\xd0\xcf\x11\xe0", "old_office"),
    (b"{\\rtf", "rtf_document"),
    (b"\x1f\x8b", "gzip_archive"),
    (b"Rar!", "rar_archive"),
    (b"7z\xbc\xaf", "7z_archive"),
    (b"\x00\x00\x00\x0cjP", "jpeg2000_image"),
    (b"8BPS", "photoshop_file"),
)


def sniff(head: bytes) -> str | None:
    """The supported format the first bytes announce, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def _describe_foreign(head: bytes) -> str:
    for magic, name in _FOREIGN:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp_image"
    text = head[:512].lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return "html_page"
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "xml_or_svg"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown_binary"
    return "text_file"


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where one page of an input is found; small enough to pickle into a worker."""

    path: str
    """Input file."""
    kind: str
    """``png``, ``jpeg``, ``tiff`` or ``pdf``."""
    index: int
    """0-based page index within the file."""
    number: int
    """1-based page number reported to callers."""
    dpi: float
    """Resolution to render (PDF) or the one recorded in the image (0 when unknown)."""


@dataclass(frozen=True, slots=True)
class InputPlan:
    """What :func:`inspect_input` learned about an accepted input."""

    path: Path
    """The input file."""
    kind: str
    """``png``, ``jpeg``, ``tiff`` or ``pdf``."""
    pages: tuple[PageRef, ...]
    """One reference per page, in order."""
    pdf: PdfFacts | None = None
    """Text layer and signature facts for a PDF input."""


@dataclass(frozen=True, slots=True)
class LoadedPage:
    """One decoded page image."""

    image: np.ndarray
    """BGR, uint8."""
    dpi: float
    """Resolution recorded in the file or used to render it; 0 when unknown."""


def _check_pixels(width: int, height: int, limits: Limits, page: int) -> None:
    if width * height > limits.max_pixels:
        raise DecompressionBombError(page=page, width=width, height=height, limit=limits.max_pixels)
    if min(width, height) < limits.min_side:
        raise ImageTooSmallError(page=page, width=width, height=height)


def _image_dpi(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        with contextlib.suppress(TypeError, ValueError):
            value = float(dpi[0])
            # 72 and 96 are what software writes when it knows nothing.
            return value if value >= 100 else 0.0
    return 0.0


def _check_complete(path: Path, kind: str) -> None:
    """Refuse a PNG or JPEG whose end marker is missing (decoders would silently pad it)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    marker = b"IEND" if kind == "png" else b"\xff\xd9"
    if marker not in tail:
        raise TruncatedFileError(kind=kind.upper())


def _inspect_image(path: Path, kind: str, spec: DigitizeSpec) -> tuple[PageRef, ...]:
    if kind in ("png", "jpeg"):
        _check_complete(path, kind)
    try:
        with warnings.catch_warnings():
            # Pillow warns about odd metadata on stderr; the structure check below decides.
            warnings.simplefilter("ignore")
            img = Image.open(path)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        # The end marker is present (checked above), so a header that does not parse is
        # damage inside the file, not a cut-off copy.
        raise CorruptFileError(kind=kind.upper()) from None
    with img:
        frames = getattr(img, "n_frames", 1) if kind == "tiff" else 1
        if frames > spec.limits.max_pages:
            raise TooManyPagesError(kind="TIFF", pages=frames, limit=spec.limits.max_pages)
        refs = []
        for index in range(frames):
            try:
                if index:
                    img.seek(index)
            except (OSError, EOFError, ValueError):
                raise CorruptFileError(kind="TIFF", page=index + 1) from None
            _check_pixels(img.width, img.height, spec.limits, index + 1)
            refs.append(PageRef(str(path), kind, index, index + 1, _image_dpi(img)))
    return tuple(refs)


def _decode_error(kind: str, exc: BaseException) -> DigitizerError:
    text = str(exc).lower()
    if "truncated" in text or "eof" in text or "end of file" in text or "premature" in text:
        return TruncatedFileError(kind=kind.upper())
    return CorruptFileError(kind=kind.upper(), detail=exc.__class__.__name__)


def inspect_input(path: Path, spec: DigitizeSpec) -> InputPlan:
    """Check one input against the limits and return its page plan, or raise a DigitizerError."""
    if not path.exists():
        raise InputNotFoundError()
    if not path.is_file() or not os.access(path, os.R_OK):
        raise InputUnreadableError()
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError()
    if size > spec.limits.max_bytes:
        raise FileTooLargeError(size=size, limit=spec.limits.max_bytes)
    with path.open("rb") as fh:
        head = fh.read(2048)
    kind = sniff(head)
    claimed = _EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        found = _describe_foreign(head)
        if claimed is not None:
            raise MislabelledFileError(claimed=claimed.upper(), found=found)
        raise UnsupportedFormatError(found=found)
    if kind == "pdf":
        facts = inspect_pdf(path, spec)
        refs = tuple(
            PageRef(str(path), "pdf", i, i + 1, dpi) for i, dpi in enumerate(facts.render_dpis)
        )
        plan = InputPlan(path, kind, refs, facts)
    else:
        plan = InputPlan(path, kind, _inspect_image(path, kind, spec))
    if not plan.pages:
        raise NoPagesError()
    return plan


def load_page(ref: PageRef, spec: DigitizeSpec) -> LoadedPage:
    """Decode one page into a BGR array (runs in a worker)."""
    if ref.kind == "pdf":
        img = render_pdf_page(Path(ref.path), ref.index, ref.dpi, spec)
        dpi = ref.dpi
    elif ref.kind in ("png", "jpeg"):
        # OpenCV decodes faster than Pillow and applies the EXIF orientation of a photo.
        bgr = cv2.imdecode(np.fromfile(ref.path, np.uint8), cv2.IMREAD_COLOR)
        if bgr is not None:
            _check_pixels(bgr.shape[1], bgr.shape[0], spec.limits, ref.number)
            return LoadedPage(bgr, ref.dpi)
        img, dpi = _pil_page(ref)
    else:
        img, dpi = _pil_page(ref)
    _check_pixels(img.width, img.height, spec.limits, ref.number)
    rgb = np.asarray(img.convert("RGB"))
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    return LoadedPage(bgr, dpi)


def _pil_page(ref: PageRef) -> tuple[Image.Image, float]:
    try:
        with Image.open(ref.path) as opened:
            if ref.index:
                opened.seek(ref.index)
            opened.load()
            dpi = _image_dpi(opened)
            img = ImageOps.exif_transpose(opened) if ref.kind == "jpeg" else opened.copy()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _decode_error(ref.kind, exc) from None
    return img, dpi

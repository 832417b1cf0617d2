"""What a caller asks of the digitizer: limits, OCR language, output options."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DigitizeSpec", "Limits", "PreprocessSpec"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep one hostile or broken input from exhausting the machine."""

    max_bytes: int = 200 * 1024 * 1024
    """Largest accepted input file."""
    max_pixels: int = 12_000 * 12_000
    """Largest decoded page (width × height); more is treated as a decompression bomb."""
    max_pages: int = 500
    """Most pages accepted in one input."""
    min_side: int = 64
    """Smallest accepted width or height of a page image, in pixels."""


@dataclass(frozen=True, slots=True)
class PreprocessSpec:
    """Which preprocessing steps run; each default was chosen on bench/ocr.py."""

    page_detection: bool = True
    """Find a photographed page on a background and straighten its perspective."""
    orientation: bool = True
    """Turn the page upright (0/90/180/270) using Tesseract's orientation detector."""
    deskew: bool = True
    """Rotate away a small skew measured from the text lines."""
    illumination: bool = True
    """Flatten uneven lighting and shadows before recognition."""
    leaders: bool = True
    """Erase dotted leaders after form labels, which Tesseract reads as junk."""
    seal: bool = True
    """Turn a light red seal or stamp to paper in the image Tesseract reads."""
    denoise: bool = False
    """Median-filter speckle noise before recognition."""
    binarize: bool = False
    """Hand Tesseract a black-and-white image instead of the flattened grey one."""
    border_crop: bool = False
    """Cut dark scanner borders away from the page image."""
    reread_small_print: bool = True
    """Read unsure lines of small print a second time (card titles keep their accents)."""
    reread_latin: bool = True
    """Read lines without a Vietnamese letter again with the English model (bilingual
    titles in capitals, which ``vie`` misreads surely)."""
    reread_dates: bool = True
    """Read the numbers of each date again, cut out, with the English model held to
    digits (``vie`` reads a serif 8 as a 6 surely); ~0.09 s more on a page with a doubtful date."""
    reread_mrz: bool = True
    """Read a card's or passport's MRZ band again with an A–Z 0–9 < whitelist."""
    restore_marks: bool = True
    """Give runs of words that spell a known administrative phrase (``GIẦY CHỨNG NHẬN``)
    the phrase's diacritics (:mod:`digitizer.marks`); names are never touched."""


@dataclass(frozen=True, slots=True)
class DigitizeSpec:
    """Everything one digitization run needs besides its inputs."""

    limits: Limits = Limits()
    """Size, pixel and page limits."""
    preprocess: PreprocessSpec = PreprocessSpec()
    """Preprocessing steps to run."""
    lang: str = "vie"
    """Tesseract language(s). ``vie`` won on bench/ocr.py --langs (clean, skew, shadow,
    photo): the lowest word error on clean, skew and shadow pages and 8% faster than
    ``Vietnamese`` (which reads photos better); ``vie+eng`` doubled the word error (the
    English model's words win over Vietnamese ones); Latin lines get ``eng`` in a second
    read instead (:func:`digitizer.reread.reread_latin_lines`)."""
    psm: int = 3
    """Tesseract page segmentation mode."""
    render_dpi: int = 300
    """Resolution at which PDF pages without a usable text layer are rasterised."""
    assumed_dpi: float = 300.0
    """Resolution assumed for an image that does not record one."""
    jobs: int = 0
    """Worker processes for pages; 0 means one per core."""
    tool_timeout: float = 300.0
    """Seconds one external program may run on one page."""
    jpeg_quality: int = 80
    """JPEG quality of page images in the output PDF."""
    pdfa: bool = True
    """Write PDF/A-2b metadata and output intent in the searchable PDF."""
    ui_language: str = "vi"
    """Language of warning messages: ``vi`` or ``en``."""

"""The per-page quality report: what a counter needs to decide whether to rescan."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from digitizer.imaging import shrink
from digitizer.messages import notice
from digitizer.model import Notice, Word

__all__ = ["PageQuality", "measure", "needs_colour", "warnings_for"]

MIN_DPI = 200.0
"""The national rule for digitized results (Decree 30/2020, appendix I)."""
BLUR_LIMIT = 0.12
"""Below this sharpness the strokes are smeared (measured on bench/ocr.py's noise_blur pages)."""
DARK_PAPER = 120.0
"""Paper brightness (0..255) below which a page is too dark."""
LOW_CONTRAST = 60.0
"""Ink-to-paper difference (0..255) below which a page is faint."""
LOW_CONFIDENCE = 0.6
"""Mean word confidence below which staff should check the text."""


@dataclass(frozen=True, slots=True)
class PageQuality:
    """Measured properties of one page (before clean-up unless stated)."""

    dpi: float
    """Effective resolution of the page as captured (estimated for a photo)."""
    sharpness: float
    """Edge sharpness: strong step share of the text edges, 0..1; low means blurred."""
    contrast: float
    """Difference between paper and ink brightness, 0..255."""
    brightness: float
    """Paper brightness, 0..255."""
    rotation: int
    """Quarter turn applied, degrees clockwise."""
    skew: float
    """Skew corrected, degrees (positive: the page was turned clockwise)."""
    blank: bool
    """No content on the page."""
    confidence: float
    """Mean OCR word confidence, 0..1."""
    colour: bool
    """The page has colour that matters (a seal, a signature, a photo)."""
    perspective_corrected: bool = False
    """The page was found in a photo and straightened."""


def measure(gray: np.ndarray) -> tuple[float, float, float]:
    """Sharpness (0..1), contrast and paper brightness of a grey page."""
    scale = min(1.0, 1400 / max(gray.shape))
    small = shrink(gray, scale)
    small = cv2.medianBlur(small, 3)
    paper = float(np.percentile(small, 90))
    # The ink level among the pixels clearly darker than the paper: a sparse page has
    # too few of them for a plain percentile of the whole page to see.
    darker = small[small < paper - 30]
    ink = float(np.percentile(darker, 10)) if darker.size >= 50 else paper
    contrast = paper - ink
    if contrast < 10:
        return 0.0, contrast, paper
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = cv2.magnitude(gx, gy) / (4.0 * contrast)
    edges = magnitude[magnitude > 0.1]
    sharpness = float(np.mean(edges > 0.5)) if edges.size else 0.0
    return sharpness, contrast, paper


def needs_colour(image: np.ndarray) -> bool:
    """Whether the page holds saturated colour (a red seal, a blue signature, a photo)."""
    if image.ndim != 3:
        return False
    scale = min(1.0, 600 / max(image.shape[:2]))
    small = shrink(image, scale)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    saturated = (hsv[:, :, 1] > 80) & (hsv[:, :, 2] > 50)
    return float(np.mean(saturated)) > 0.002


def _cut_off(words: tuple[Word, ...], width: int, height: int) -> bool:
    margin = max(2, int(0.004 * min(width, height)))
    touching = sum(
        1
        for w in words
        if w.confidence > 0.3
        and (
            w.box.left <= margin
            or w.box.top <= margin
            or w.box.left + w.box.width >= width - margin
            or w.box.top + w.box.height >= height - margin
        )
    )
    return touching >= 2


def warnings_for(
    q: PageQuality, *, words: tuple[Word, ...], width: int, height: int, page: int, language: str
) -> tuple[Notice, ...]:
    """The page's warnings with stable codes, messages in ``language``."""
    out: list[Notice] = []
    if q.blank:
        return (notice("blank_page", language, page),)
    if 0 < q.dpi < MIN_DPI:
        out.append(notice("low_dpi", language, page, dpi=q.dpi))
    if q.sharpness < BLUR_LIMIT:
        out.append(notice("blurry", language, page))
    if q.brightness < DARK_PAPER:
        out.append(notice("too_dark", language, page))
    elif q.contrast < LOW_CONTRAST:
        out.append(notice("low_contrast", language, page))
    if _cut_off(words, width, height):
        out.append(notice("cut_off", language, page))
    if q.confidence < LOW_CONFIDENCE:
        out.append(notice("low_confidence", language, page, confidence=q.confidence))
    if q.rotation:
        out.append(notice("rotated", language, page, rotation=q.rotation))
    if abs(q.skew) >= 1.0:
        out.append(notice("skewed", language, page, skew=abs(q.skew)))
    if q.perspective_corrected:
        out.append(notice("perspective_corrected", language, page))
    return tuple(out)

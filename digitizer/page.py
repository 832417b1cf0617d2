"""The page stages run in a worker: load → check → preprocess → recognise.

:func:`process_page` takes a picklable page reference and the frozen run context and
returns a picklable :class:`PageOutcome`; the page image itself never travels back to
the driver (it is written as a JPEG for the assembler).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from digitizer import doctypes
from digitizer.enhance import (
    binarize,
    crop_dark_border,
    denoise,
    erase_seal,
    flatten_illumination,
    ink_fraction,
    remove_leaders,
)
from digitizer.geometry import (
    find_page_quad,
    measure_orientation,
    rotate,
    upside_down_score,
    warp_quad,
)
from digitizer.imaging import shrink
from digitizer.marks import restore_marks
from digitizer.model import FieldValue, Notice, OcrPage
from digitizer.mrz import find_mrz_lines, reread_mrz, splice_lines
from digitizer.ocr import probe_score, recognise, text_of
from digitizer.quality import PageQuality, measure, needs_colour, warnings_for
from digitizer.reread import reread_latin_lines, reread_unsure_lines
from digitizer.rereaddates import reread_dates
from digitizer.sources import PageRef, load_page
from digitizer.spec import DigitizeSpec

__all__ = ["PageContext", "PageOutcome", "process_page"]

log = logging.getLogger(__name__)

_BLANK_INK = 0.0003
"""Share of ink pixels below which a page is blank (dust stays below it; one short
line of text on an A4 page is above it)."""
_MIN_SKEW = 0.2
"""Skews smaller than this are left alone: Tesseract copes, and rotating blurs a little."""
_A4_SHORT_INCHES = 8.27
_CARD_SHORT_INCHES = 2.125
_UPSIDE_DOWN = 0.1
"""The ascender vote must be at least this far below zero to turn the page over: a page
near zero (a card sheet: clean cccd -0.06, upside-down passport -0.05) is read as it
lies, mostly upright scans, and the unsure-read probe turns the rare wrong one."""
_SURE_READ = 0.75
"""A first read with a mean word confidence of at least this was read the right way up:
every correctly turned bench page read at 0.84 or more, the one page turned wrong (a photo
whose background edge swayed the line profiles) at 0.57. Only pages read less surely pay
the orientation probe, all four turns of a half-size copy."""


@dataclass(frozen=True, slots=True)
class PageContext:
    """The frozen context every page stage receives; pickles into the pool."""

    spec: DigitizeSpec
    """The run's settings."""
    workdir: Path
    """Where page images are written for the assembler."""


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """One processed page, ready for classification and assembly."""

    page: OcrPage
    """Recognised text and words."""
    quality: PageQuality
    """Measured quality."""
    warnings: tuple[Notice, ...]
    """Quality warnings with stable codes."""
    image_jpeg: Path
    """The corrected page image, JPEG (colour or grey)."""
    colour: bool
    """The JPEG is in colour."""
    width: int
    """Pixel width of the corrected image."""
    height: int
    """Pixel height of the corrected image."""
    machine_fields: dict[str, FieldValue] = field(default_factory=dict)
    """QR/MRZ fields found on the page."""


def _photo_dpi(quad: np.ndarray, height: int, width: int) -> float:
    """A photo records no useful resolution: judge it by the sheet's size, an ID card
    (85.6 × 54 mm) when the sheet has a card's proportions, else A4. The proportions come
    from the mean of opposite sides: the straightened image takes the longer of each
    pair, which perspective stretches (an A4 sheet came out 1.5 long, a card's ratio)."""
    tl, tr, br, bl = quad
    across = float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    down = float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    ratio = max(across, down) / max(min(across, down), 1.0)
    short = min(height, width)
    if 1.5 <= ratio <= 1.7:
        return short / _CARD_SHORT_INCHES
    return short / _A4_SHORT_INCHES


def _to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def _settle_rotation(level: np.ndarray, dpi: float, spec: DigitizeSpec) -> int:
    """Ask Tesseract which further turn of the levelled page reads best, on a half-size
    copy. Only for the few pages whose first read was unsure."""
    small = shrink(level, 0.5)
    scores = {
        turn: probe_score(rotate(small, turn, 0.0), dpi / 2, spec) for turn in (0, 180, 90, 270)
    }
    best = max(scores, key=lambda t: scores[t])
    log.debug("orientation probe: %s -> %d", scores, best)
    return best


def process_page(ref: PageRef, ctx: PageContext, base_name: str) -> PageOutcome:
    """Load, correct, measure and recognise one page."""
    spec, steps = ctx.spec, ctx.spec.preprocess
    loaded = load_page(ref, spec)
    image = loaded.image
    dpi = loaded.dpi or spec.assumed_dpi
    base = ctx.workdir / base_name

    perspective = False
    if steps.page_detection:
        quad = find_page_quad(image)
        if quad is not None:
            image = warp_quad(image, quad)
            perspective = True
            dpi = _photo_dpi(quad, image.shape[0], image.shape[1])
    gray = _to_gray(image)
    sharpness, contrast, brightness = measure(gray)

    flat = flatten_illumination(gray) if steps.illumination else gray
    rotation, skew, quarter = 0, 0.0, 0
    if steps.orientation or steps.deskew:
        found = measure_orientation(flat)
        rotation = quarter = found.rotation if steps.orientation else 0
        skew = found.skew if steps.deskew and abs(found.skew) >= _MIN_SKEW else 0.0
        if rotation or skew:
            flat = rotate(flat, rotation, skew)

    blank = ink_fraction(flat) < _BLANK_INK
    # What Tesseract reads; ``flat`` stays the page as it looks, for the output PDF.
    # Leaders are rows of dots: erasing them works the same way up or upside down, and
    # the up/down test reads better without them.
    ocr = remove_leaders(flat, dpi) if steps.leaders and not blank else flat
    if steps.orientation and not blank:
        extra = 180 if upside_down_score(ocr) < -_UPSIDE_DOWN else 0
        if extra:
            flat, ocr = rotate(flat, extra, 0.0), rotate(ocr, extra, 0.0)
            rotation = (rotation + extra) % 360
    if rotation or skew:
        # The same two steps as the grey page, so the two stay pixel-aligned.
        image = rotate(rotate(image, quarter, skew), (rotation - quarter) % 360, 0.0)

    if steps.border_crop:
        flat, (top, bottom, left, right) = crop_dark_border(flat)
        ocr = ocr[top : ocr.shape[0] - bottom, left : ocr.shape[1] - right]
        image = image[top : image.shape[0] - bottom, left : image.shape[1] - right]

    colour = needs_colour(image)
    if colour and steps.seal and not blank:
        ocr = erase_seal(ocr, image)
    ocr_image = denoise(ocr) if steps.denoise else ocr
    if steps.binarize:
        ocr_image = binarize(ocr_image)

    words: tuple = ()
    text, confidence = "", 0.0
    if not blank:
        found_text = recognise(ocr_image, dpi, base, spec)
        if steps.orientation and found_text.confidence < _SURE_READ:
            # Text read the right way up is read surely; an unsure read may be a page
            # the line profiles turned wrong. Ask Tesseract which turn reads best.
            turn = _settle_rotation(ocr_image, dpi, spec)
            if turn:
                flat, ocr_image = rotate(flat, turn, 0.0), rotate(ocr_image, turn, 0.0)
                image = rotate(image, turn, 0.0)
                rotation = (rotation + turn) % 360
                found_text = recognise(ocr_image, dpi, base, spec)
        words, text, confidence = found_text.words, found_text.text, found_text.confidence
        mrz_lines = set(find_mrz_lines(words)) if steps.reread_mrz else set()
        if steps.reread_small_print:
            words = reread_unsure_lines(ocr_image, words, dpi, spec, skip=mrz_lines)
        if steps.reread_latin:
            words = reread_latin_lines(ocr_image, words, dpi, spec, skip=mrz_lines)
        if steps.reread_dates:
            words = reread_dates(ocr_image, words, dpi, spec)
        mrz = reread_mrz(ocr_image, words, dpi, spec) if mrz_lines else None
        if steps.restore_marks:
            words = restore_marks(words)
        text = text_of(words)
        if mrz is not None:
            words = splice_lines(words, *mrz)
            text = text_of(words)

    height, width = flat.shape[:2]
    machine: dict[str, FieldValue] = {}
    if not blank:
        try:
            machine = doctypes.read_machine_zones(image, ref.number)
        except doctypes.DoctypeError as exc:
            log.warning("machine zones of page %d not read: %s", ref.number, exc.code)

    # Colour pages keep their colour (flattened per channel when lighting was corrected);
    # plain text pages are stored as the flattened grey image, which compresses far better.
    stored = (flatten_illumination(image) if steps.illumination else image) if colour else flat
    jpeg = base.with_suffix(".jpg")
    cv2.imwrite(str(jpeg), stored, [cv2.IMWRITE_JPEG_QUALITY, spec.jpeg_quality])

    quality = PageQuality(
        dpi=round(float(dpi), 1),
        sharpness=round(sharpness, 3),
        contrast=round(contrast, 1),
        brightness=round(brightness, 1),
        rotation=rotation,
        skew=round(-skew, 2),
        blank=blank,
        confidence=round(confidence, 3),
        colour=colour,
        perspective_corrected=perspective,
    )
    page = OcrPage(
        number=ref.number,
        text=text,
        words=words,
        width=width,
        height=height,
        dpi=float(dpi),
        confidence=confidence,
        blank=blank,
        source="ocr",
        machine_fields=machine,
    )
    notes = warnings_for(
        quality,
        words=words,
        width=width,
        height=height,
        page=ref.number,
        language=spec.ui_language,
    )
    return PageOutcome(page, quality, notes, jpeg, colour, width, height, machine)

"""The data words the digitizer hands between its stages and to its callers.

Frozen dataclasses, picklable (pages travel through a process pool). Coordinates are
pixels of the *corrected* page image, origin top-left.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page image, in pixels."""

    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning a counter screen can show: a stable code and a Vietnamese message."""

    code: str
    """Stable snake_case code (``low_dpi``, ``id_birth_year_mismatch``); never reworded."""
    message: str
    """Vietnamese text for staff; English lives in the message catalogue under the code."""
    page: int | None = None
    """1-based page number it concerns, or None for the whole document."""


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word."""

    text: str
    """NFC text."""
    confidence: float
    """0..1 (Tesseract's 0..100 divided by 100)."""
    box: Box
    line: int
    """Index of the line within the page, in reading order."""
    block: int = 0
    """Index of the block (paragraph) within the page."""


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One extracted field."""

    value: str
    """Normalised: dates ISO ``YYYY-MM-DD``, names NFC and title-cased, numbers digits only."""
    confidence: float
    """0..1."""
    source: str = "ocr"
    """``ocr``, ``qr``, ``mrz`` or ``rule``."""
    page: int | None = None
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class OcrPage:
    """What recognition produced for one page; the input of classification and extraction."""

    number: int
    """1-based page number in the input."""
    text: str
    """NFC text in reading order, lines separated by newlines."""
    words: tuple[Word, ...]
    width: int
    height: int
    dpi: float
    confidence: float
    """Mean word confidence, 0..1."""
    blank: bool = False
    source: str = "ocr"
    """``ocr`` when Tesseract read it, ``text_layer`` when taken from a PDF's own text."""
    machine_fields: dict[str, FieldValue] = field(default_factory=dict)
    """Fields decoded from a QR code or an MRZ on this page (source ``qr`` / ``mrz``)."""


@dataclass(frozen=True, slots=True)
class TypeGuess:
    """One candidate document type with a calibrated probability."""

    code: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentSpan:
    """One document found within an input (a split dossier has several)."""

    first_page: int
    last_page: int
    doc_type: str
    doc_type_confidence: float
    candidates: tuple[TypeGuess, ...] = ()
    fields: dict[str, FieldValue] = field(default_factory=dict)
    warnings: tuple[Notice, ...] = ()

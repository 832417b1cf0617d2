"""Machine-readable zone: find the `<`-rich OCR-B lines of a card back or a passport and
read them again on their own, with only the MRZ alphabet allowed.

The Vietnamese model reads an MRZ as words with diacritics and drops whole lines of
filler as noise; the English model held to ``A–Z 0–9 <`` on the cropped band reads them
exactly (bench/ocr.py, clean cccd and ho_chieu pages). The re-read lines replace the
first pass's words in place, so the page text keeps its reading order.
"""

from __future__ import annotations

import logging
from types import MappingProxyType

import cv2
import numpy as np

from digitizer.model import Box, Word
from digitizer.ocr import MRZ_MIN_CHARS, MRZ_MIN_FILLERS, read_words
from digitizer.spec import DigitizeSpec

__all__ = ["MRZ_ENGINE", "find_mrz_lines", "reread_mrz", "splice_lines"]

log = logging.getLogger(__name__)

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
MRZ_ENGINE = MappingProxyType({"load_system_dawg": "0", "load_freq_dawg": "0"})
"""Start-up settings of the MRZ reads' engine: no word lists for a line of codes."""
_TARGET_HEIGHT = 40
"""Character height in pixels the band is scaled to before the second read."""


def _lines(words: tuple[Word, ...]) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for w in words:
        out.setdefault(w.line, []).append(w)
    return out


def find_mrz_lines(words: tuple[Word, ...]) -> list[int]:
    """Line indices whose first-pass text looks like an MRZ line."""
    found = []
    for line, parts in _lines(words).items():
        joined = "".join(w.text for w in parts)
        if len(joined) >= MRZ_MIN_CHARS and joined.count("<") >= MRZ_MIN_FILLERS:
            found.append(line)
    return found


def _band(words: tuple[Word, ...], lines: list[int], shape: tuple[int, ...]) -> Box:
    boxes = [w.box for w in words if w.line in lines]
    height = float(np.median([b.height for b in boxes]))
    top = min(b.top for b in boxes)
    bottom = max(b.top + b.height for b in boxes)
    left = min(b.left for b in boxes)
    right = max(b.left + b.width for b in boxes)
    # A TD1 card has three lines: a line of mostly filler the first pass dropped may sit
    # just below (or above) the ones it kept, so look one line further each way.
    reach = 2.0 * height if len(lines) < 3 else 0.6 * height
    top = max(0, int(top - reach))
    bottom = min(shape[0], int(bottom + reach))
    left = max(0, int(left - 2 * height))
    right = min(shape[1], int(right + 2 * height))
    return Box(left, top, right - left, bottom - top)


def reread_mrz(
    gray: np.ndarray, words: tuple[Word, ...], dpi: float, spec: DigitizeSpec
) -> tuple[Box, list[Word]] | None:
    """Read the MRZ band again with the MRZ alphabet; None when the page has no MRZ."""
    lines = find_mrz_lines(words)
    if not lines:
        return None
    band = _band(words, lines, gray.shape)
    crop = gray[band.top : band.top + band.height, band.left : band.left + band.width]
    char_height = float(np.median([w.box.height for w in words if w.line in lines]))
    scale = max(1.0, min(3.0, _TARGET_HEIGHT / max(char_height, 1.0)))
    if scale > 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    read = read_words(
        crop,
        dpi * scale,
        spec,
        name="mrz",
        lang="eng",
        psm=6,
        keep_symbols=True,
        settings={"tessedit_char_whitelist": _ALPHABET},
        init=MRZ_ENGINE,
    )
    found: list[Word] = []
    for parts in _lines(read).values():
        joined = "".join(w.text for w in parts)
        if len(joined) < MRZ_MIN_CHARS or "<" not in joined:
            continue
        left = min(w.box.left for w in parts)
        top = min(w.box.top for w in parts)
        right = max(w.box.left + w.box.width for w in parts)
        bottom = max(w.box.top + w.box.height for w in parts)
        found.append(
            Word(
                text=joined,
                confidence=float(np.mean([w.confidence for w in parts])),
                box=Box(
                    band.left + int(left / scale),
                    band.top + int(top / scale),
                    int((right - left) / scale),
                    int((bottom - top) / scale),
                ),
                line=0,
            )
        )
    if not found:
        log.debug("MRZ band re-read found no MRZ line")
        return None
    return band, found


def splice_lines(words: tuple[Word, ...], band: Box, new: list[Word]) -> tuple[Word, ...]:
    """Replace the words inside ``band`` with ``new`` (one word per line), in place of the
    first replaced word, renumbering lines so they stay in reading order."""

    def inside(w: Word) -> bool:
        cy = w.box.top + w.box.height / 2
        cx = w.box.left + w.box.width / 2
        return (
            band.top <= cy <= band.top + band.height and band.left <= cx <= band.left + band.width
        )

    out: list[Word] = []
    renumber: dict[tuple[str, int], int] = {}
    inserted = False

    def number(key: tuple[str, int]) -> int:
        return renumber.setdefault(key, len(renumber))

    for w in words:
        if inside(w):
            if not inserted:
                for i, m in enumerate(new):
                    out.append(_with_line(m, number(("mrz", i)), w.block))
                inserted = True
            continue
        out.append(_with_line(w, number(("ocr", w.line)), w.block))
    if not inserted:
        block = (max((w.block for w in words), default=-1)) + 1
        for i, m in enumerate(new):
            out.append(_with_line(m, number(("mrz", i)), block))
    return tuple(out)


def _with_line(w: Word, line: int, block: int) -> Word:
    return Word(text=w.text, confidence=w.confidence, box=w.box, line=line, block=block)

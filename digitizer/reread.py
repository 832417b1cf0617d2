"""Second reading of the lines the page pass was unsure of, each line on its own.

In a page pass Tesseract reads a line in the context of its block; the small bold
capitals of a card title (``GIẤY PHÉP LÁI XE``) then lose their accents, while the same
line cut out with a margin reads right. Every unsure line is cut out, the cut-outs are
stacked with white gaps into one image (one Tesseract start per page, not per line) and
read as a block; a line's new reading replaces the old one when Tesseract is surer of it.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

import numpy as np

from digitizer.model import Box, Word
from digitizer.ocr import read_words
from digitizer.spec import DigitizeSpec

__all__ = ["reread_latin_lines", "reread_unsure_lines"]

log = logging.getLogger(__name__)

_UNSURE = 0.8
"""A line with a word read below this confidence is read again."""
_JUNK = 0.6
"""A line read with less mean confidence than this is junk (a seal, a photo), not text."""
_TALL = 2.5
"""A line whose words are this many times taller than the page's typical word is no text
line."""
_SMALL_INCHES = 0.11
"""Only small print is read again (word boxes up to ~8 pt: card print, footnotes): that
is where the page pass loses accents; on body text the second pass cost 15% of the page
time for a few words (bench/ocr.py --only clean)."""
_MAX_LINES = 4
"""Most lines read again per page: a bad photo has many unsure lines and would pay a
long second pass for little."""
_LATIN_LETTERS = 4
"""Fewest letters on a line for the English model to read it again."""
_MAX_LATIN_LINES = 16
"""Most lines the English model reads again per page."""
_MARGIN_Y = 0.4
_MARGIN_X = 0.3
"""Margins around a cut-out line, as a share of its height."""
_GAP = 1.0
"""White gap between stacked lines, as a share of the tallest line."""
_EDGE_JUNK = frozenset("_.,;:-~|'\"`‘’“”")
"""Specks at a cut-out's edge that Tesseract reads as punctuation."""

_LEADING_JUNK = ",._|~"
"""A speck at the left edge glued to the first word: no line starts with these."""


@dataclass(frozen=True, slots=True)
class _Cut:
    line: int
    box: Box
    y: int


def _by_line(words: tuple[Word, ...]) -> tuple[dict[int, list[Word]], float]:
    """The words grouped by line, and the page's typical word height (0 when no words)."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    typical = float(np.median([w.box.height for w in words])) if words else 0.0
    return lines, typical


def _unsure_lines(words: tuple[Word, ...], skip: set[int], dpi: float) -> dict[int, list[Word]]:
    lines, typical = _by_line(words)
    unsure = {
        k: v
        for k, v in lines.items()
        if k not in skip
        and min(w.confidence for w in v) < _UNSURE
        # A line of seal or signature junk is not worth a second look, and a "line"
        # taller than text is a misread graphic whose cut-out would hold other lines.
        and float(np.mean([w.confidence for w in v])) >= _JUNK
        and max(w.box.height for w in v) <= _TALL * typical
        and max(w.box.height for w in v) <= _SMALL_INCHES * dpi
        and any(c.isalpha() for w in v for c in w.text)
    }
    worst = sorted(unsure, key=lambda k: min(w.confidence for w in unsure[k]))[:_MAX_LINES]
    return {k: unsure[k] for k in sorted(worst)}


def _line_box(parts: list[Word], shape: tuple[int, ...]) -> Box:
    top = min(w.box.top for w in parts)
    bottom = max(w.box.top + w.box.height for w in parts)
    left = min(w.box.left for w in parts)
    right = max(w.box.left + w.box.width for w in parts)
    h = bottom - top
    top, bottom = max(0, int(top - _MARGIN_Y * h)), min(shape[0], int(bottom + _MARGIN_Y * h))
    left, right = max(0, int(left - _MARGIN_X * h)), min(shape[1], int(right + _MARGIN_X * h))
    return Box(left, top, right - left, bottom - top)


def _strip_edges(parts: list[Word]) -> list[Word]:
    while parts and set(parts[0].text) <= _EDGE_JUNK:
        parts = parts[1:]
    while parts and set(parts[-1].text) <= _EDGE_JUNK:
        parts = parts[:-1]
    if parts and parts[0].text[0] in _LEADING_JUNK:
        first = parts[0]
        parts = [
            Word(
                first.text.lstrip(_LEADING_JUNK),
                first.confidence,
                first.box,
                first.line,
                first.block,
            ),
            *parts[1:],
        ]
    return parts


def reread_unsure_lines(
    gray: np.ndarray,
    words: tuple[Word, ...],
    dpi: float,
    spec: DigitizeSpec,
    *,
    skip: set[int] | None = None,
) -> tuple[Word, ...]:
    """``words`` with each unsure line replaced by its second reading when that is surer."""
    unsure = _unsure_lines(words, skip or set(), dpi)
    return _reread(gray, words, unsure, dpi=dpi, spec=spec, name="lines", lang=spec.lang)


def _vietnamese(char: str) -> bool:
    """A letter only Vietnamese writes: a marked vowel, đ, ơ or ư."""
    return char in "đĐ" or (
        char.isalpha() and any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", char))
    )


def _latin_lines(words: tuple[Word, ...], skip: set[int]) -> dict[int, list[Word]]:
    lines, typical = _by_line(words)
    latin = {
        k: v
        for k, v in lines.items()
        if k not in skip
        and not any(_vietnamese(c) for w in v for c in w.text)
        and sum(c.isalpha() for w in v for c in w.text) >= _LATIN_LETTERS
        and max(w.box.height for w in v) <= _TALL * typical
        and float(np.mean([w.confidence for w in v])) >= _JUNK
    }
    return {k: latin[k] for k in sorted(latin)[:_MAX_LATIN_LINES]}


def reread_latin_lines(
    gray: np.ndarray,
    words: tuple[Word, ...],
    dpi: float,
    spec: DigitizeSpec,
    *,
    skip: set[int] | None = None,
) -> tuple[Word, ...]:
    """``words`` with each line read without a single Vietnamese letter read again with
    the English model, and replaced when that reading is surer.

    The ``vie`` model reads English capitals badly and surely ("THE DEGREE OE
    BACHELOR", "UNITVERSTTY" on a bilingual diploma); ``eng`` reads them right. A line
    of Vietnamese read without its marks loses nothing it still had.
    """
    latin = _latin_lines(words, skip or set())
    return _reread(gray, words, latin, dpi=dpi, spec=spec, name="latin", lang="eng")


def _reread(
    gray: np.ndarray,
    words: tuple[Word, ...],
    unsure: dict[int, list[Word]],
    *,
    dpi: float,
    spec: DigitizeSpec,
    name: str,
    lang: str,
) -> tuple[Word, ...]:
    """Stack the ``unsure`` lines' cut-outs into one image, read it once, and put each
    line's new reading in place of the old one when Tesseract is surer of it."""
    if not unsure:
        return words
    cuts: list[_Cut] = []
    boxes = {k: _line_box(v, gray.shape) for k, v in unsure.items()}
    gap = int(_GAP * max(b.height for b in boxes.values()))
    width = max(b.width for b in boxes.values()) + 2 * gap
    height = sum(b.height for b in boxes.values()) + gap * (len(boxes) + 1)
    canvas = np.full((height, width), 255, np.uint8)
    y = gap
    for line, box in boxes.items():
        canvas[y : y + box.height, gap : gap + box.width] = gray[
            box.top : box.top + box.height, box.left : box.left + box.width
        ]
        cuts.append(_Cut(line, box, y))
        y += box.height + gap
    read = read_words(canvas, dpi, spec, name=name, lang=lang, psm=6)

    again: dict[int, list[Word]] = {}
    for w in read:
        cy = w.box.top + w.box.height / 2
        cut = next((c for c in cuts if c.y - gap / 2 <= cy < c.y + c.box.height + gap / 2), None)
        if cut is None:
            continue
        again.setdefault(cut.line, []).append(
            Word(
                text=w.text,
                confidence=w.confidence,
                box=Box(
                    cut.box.left + w.box.left - gap,
                    cut.box.top + w.box.top - cut.y,
                    w.box.width,
                    w.box.height,
                ),
                line=cut.line,
                block=unsure[cut.line][0].block,
            )
        )
    better: dict[int, list[Word]] = {}
    for line, old in unsure.items():
        new = _strip_edges(sorted(again.get(line, []), key=lambda w: w.box.left))
        if not new or not len(old) <= len(new) <= len(old) + 2:
            continue
        if np.mean([w.confidence for w in new]) > np.mean([w.confidence for w in old]):
            better[line] = new
    log.debug("%s re-read: %d lines, %d replaced", name, len(unsure), len(better))
    if not better:
        return words
    out_words: list[Word] = []
    done: set[int] = set()
    for w in words:
        if w.line in better:
            if w.line not in done:
                out_words.extend(better[w.line])
                done.add(w.line)
            continue
        out_words.append(w)
    return tuple(out_words)

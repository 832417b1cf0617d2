"""Second reading of the digits of dates, each number cut out on its own.

The ``vie`` model reads some digits of a plain serif date surely and wrongly: an 8 as a
6 ("ngày 06" for "ngày 08", "2016" for "2018"), at over 0.9 confidence, on clean
scans. The English model held to digits reads the same cut-out right. Every number of
a date on the page (a ``dd/mm/yyyy`` word, or the numbers after *ngày*, *tháng*,
*năm*) is cut out with a margin, scaled to one height, and the cut-outs are stacked into
one image read once (one Tesseract start per page, ~0.1 s). A number's new reading
replaces the old one when it has the old one's shape (as many digits; for a whole date,
the same separators, or within two edits of a date read with a separator or digit lost),
a whole date stays a real date, and Tesseract is sure of it (see ``_SURE``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

from digitizer.doctypes.text import fold
from digitizer.model import Box, Word
from digitizer.ocr import read_words
from digitizer.spec import DigitizeSpec

__all__ = ["find_date_words", "is_doubtful", "reread_dates"]

log = logging.getLogger(__name__)

_LOOKALIKE = "0-9OoIl|\\]§"
"""What the page pass reads in place of a digit (see doctypes.normalise)."""
_NUMERIC = re.compile(
    rf"^[{_LOOKALIKE}]{{1,2}}[/.\-][{_LOOKALIKE}]{{1,2}}[/.\-][{_LOOKALIKE}]{{4}}$"
)
"""A whole ``dd/mm/yyyy`` date read as one word."""
_NEAR = re.compile(
    rf"^(?=(?:[^{_LOOKALIKE}]*[{_LOOKALIKE}]){{7,8}}[^{_LOOKALIKE}]*$)"
    rf"(?:[{_LOOKALIKE}]{{4}}[/.\-⁄][{_LOOKALIKE}]{{4}}"
    rf"|[{_LOOKALIKE}]{{1,2}}[/.\-⁄][{_LOOKALIKE}]{{1,2}}[/.\-⁄][{_LOOKALIKE}]{{3,4}})$"
)
"""A date read with a separator lost or changed, or a digit of its year dropped
(``1607/2029``, ``08/11⁄2011``, ``03/02/202``)."""
_WHOLE = re.compile(r"^([0-9]{1,2})([/.\-])([0-9]{1,2})\2([12][0-9]{3})$")
"""A re-read date."""
_SEPARATORS = "/.-"
_NEAR_EDITS = 2
"""Most edits between a near date and its re-read: a lost separator and a lost digit."""
_PART = re.compile(rf"^[{_LOOKALIKE}]{{1,4}}$")
"""A number after *ngày*, *tháng* or *năm*."""
_KEYWORDS = ("ngay", "thang", "nam")
_EDGE = "()[],.;:"
"""Punctuation glued to a date word's edges, kept as it was read."""
_MAX_WORDS = 24
"""Most numbers read again per page: a page of dated references stays cheap."""
_TARGET_HEIGHT = 48
"""Height in pixels a number's box is scaled to (never shrunk)."""
_MAX_SCALE = 4.0
_MARGIN = 0.35
"""Margin around a cut-out number, as a share of its height."""
_GAP = 0.8
"""White gap between stacked cut-outs, as a share of the target height."""
_DIGITS = "0123456789"
_SURE = 0.9
"""A re-read at least this sure replaces even a surer first reading: the page pass reads
an 8 as a 6 at 0.95; a re-read less sure than the first is kept only when it is this sure.
A number read less surely than this is read again whatever its digits."""
_SUSPECT_DIGITS = "6"
"""Digits the page pass writes surely in place of another: ``vie`` reads a serif 8 as a
6 at 0.95. A number read surely with only other digits is left alone, so most pages
need no second Tesseract run (~0.09 s each, bench/ocr.py --only clean)."""


@dataclass(frozen=True, slots=True)
class _Cut:
    index: int
    y: int
    height: int


def _core(text: str) -> tuple[str, str, str]:
    """``text`` split into leading punctuation, the core, trailing punctuation."""
    core = text.lstrip(_EDGE)
    lead = text[: len(text) - len(core)]
    stripped = core.rstrip(_EDGE)
    return lead, stripped, core[len(stripped) :]


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _smudge(core: str) -> bool:
    """A short word no date has in a number's place: digit look-alikes or symbols."""
    return bool(_PART.match(core)) or (0 < len(core) <= 2 and not any(c.islower() for c in core))


def find_date_words(words: tuple[Word, ...]) -> list[int]:
    """Indices of the words that hold a date's digits, in page order: a word read as
    ``dd/mm/yyyy`` (or with ``-`` or ``.``), and a number right after *ngày*, *tháng* or
    *năm* (diacritics may be lost) on a line where at least two such pairs stand, with
    a smudge read in a number's place there."""
    found: set[int] = set()
    lines: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
        core = _core(w.text)[1]
        # A date written across is wider than tall; a tall box is text the page pass
        # read sideways, whose cut-out would hold other lines.
        wide = w.box.width > w.box.height
        if wide and (_NUMERIC.match(core) or _NEAR.match(core)) and _has_digit(core):
            found.add(i)
    for indices in lines.values():
        numbers, smudges = [], []
        for before, after in pairwise(indices):
            if fold(_core(words[before].text)[1]) not in _KEYWORDS:
                continue
            core = _core(words[after].text)[1]
            if _PART.match(core) and _has_digit(core):
                numbers.append(after)
            elif _smudge(core):
                smudges.append(after)
        # Two numbers after the words of a date make it one; a smudge in the third
        # place ("tháng Š") is then a digit read as a symbol.
        if len(numbers) >= 2:
            found.update(numbers + smudges)
    return sorted(found)


def is_doubtful(word: Word) -> bool:
    """The page pass may have misread ``word``: it holds a suspect digit or anything but
    digits and a date's separators (a look-alike, a smudge, a lost separator), or was
    read unsurely."""
    core = _core(word.text)[1]
    well_formed = core.isdigit() or _WHOLE.match(core) is not None
    suspect = any(c in _SUSPECT_DIGITS for c in core)
    return word.confidence < _SURE or suspect or not well_formed


def _cut_box(box: Box, shape: tuple[int, ...]) -> Box:
    m = int(_MARGIN * box.height)
    top, left = max(0, box.top - m), max(0, box.left - m)
    bottom = min(shape[0], box.top + box.height + m)
    right = min(shape[1], box.left + box.width + m)
    return Box(left, top, right - left, bottom - top)


def _valid(old: str, new: str) -> bool:
    """``new`` may stand for ``old``: a number as long; a whole date that is a real one,
    with the old separators where it was read as a date, or within two edits of a near
    date."""
    if _PART.match(old) or len(old) <= 2:
        return new.isdigit() and len(new) == len(old)
    m = _WHOLE.match(new)
    if m is None:
        return False
    try:
        date(int(m[4]), int(m[3]), int(m[1]))
    except ValueError:
        return False
    if _NUMERIC.match(old):
        return len(new) == len(old) and all(
            (a in _SEPARATORS) == (b in _SEPARATORS) for a, b in zip(old, new, strict=True)
        )
    return Levenshtein.distance(old, new) <= _NEAR_EDITS


def reread_dates(
    gray: np.ndarray,
    words: tuple[Word, ...],
    dpi: float,
    spec: DigitizeSpec,
) -> tuple[Word, ...]:
    """``words`` with the digits of each date read again with the English model held to
        digits; a number's new reading is kept when it has the old one's shape. Only
    doubtful numbers are read again (see :func:`is_doubtful`)."""
    found = [i for i in find_date_words(words) if is_doubtful(words[i])][:_MAX_WORDS]
    if not found:
        return words
    target = _TARGET_HEIGHT
    gap = int(_GAP * target)
    crops: list[tuple[int, np.ndarray]] = []
    for i in found:
        box = _cut_box(words[i].box, gray.shape)
        crop = gray[box.top : box.top + box.height, box.left : box.left + box.width]
        scale = min(_MAX_SCALE, max(1.0, target / max(words[i].box.height, 1)))
        if scale > 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        crops.append((i, crop))
    width = max(c.shape[1] for _, c in crops) + 2 * gap
    height = sum(c.shape[0] for _, c in crops) + gap * (len(crops) + 1)
    canvas = np.full((height, width), 255, np.uint8)
    cuts: list[_Cut] = []
    y = gap
    for i, crop in crops:
        canvas[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        cuts.append(_Cut(i, y, crop.shape[0]))
        y += crop.shape[0] + gap
    scale_dpi = dpi * target / max(float(np.median([words[i].box.height for i in found])), 1.0)
    read = read_words(
        canvas,
        max(dpi, scale_dpi),
        spec,
        name="dates",
        lang="eng",
        psm=6,
        settings={"tessedit_char_whitelist": f"{_DIGITS}/.-"},
    )
    again: dict[int, list[Word]] = {}
    for w in read:
        cy = w.box.top + w.box.height / 2
        cut = next((c for c in cuts if c.y - gap / 2 <= cy < c.y + c.height + gap / 2), None)
        if cut is not None:
            again.setdefault(cut.index, []).append(w)
    out = list(words)
    replaced = 0
    for i, parts in again.items():
        old = words[i]
        lead, core, trail = _core(old.text)
        new = "".join(w.text for w in sorted(parts, key=lambda w: w.box.left))
        if new == core or not _valid(core, new):
            continue
        confidence = float(np.mean([w.confidence for w in parts]))
        if confidence < min(old.confidence, _SURE):
            continue
        out[i] = Word(lead + new + trail, confidence, old.box, old.line, old.block)
        replaced += 1
    log.debug("date re-read: %d numbers, %d replaced", len(found), replaced)
    return tuple(out)

"""A page as lines of words, each word with its folded form and box, for extraction."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from digitizer.doctypes.text import fold
from digitizer.model import Box, OcrPage, Word

__all__ = ["Line", "page_lines", "union_box"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page."""

    words: tuple[str, ...]
    """NFC words as read."""
    folded: tuple[str, ...]
    """The same words folded (no case, no diacritics); index-aligned with ``words``."""
    boxes: tuple[Box | None, ...]
    """Each word's box, None when the page had no word boxes (a text layer)."""
    confidences: tuple[float, ...]
    """Each word's OCR confidence 0..1."""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def folded_text(self) -> str:
        return " ".join(self.folded)

    def word_at(self, offset: int) -> int:
        """Index of the word containing or following ``offset`` of :attr:`folded_text`."""
        pos = 0
        for i, word in enumerate(self.folded):
            if offset < pos + len(word):
                return i
            pos += len(word) + 1
        return len(self.folded)


def union_box(boxes: Sequence[Box | None]) -> Box | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    left = min(b.left for b in real)
    top = min(b.top for b in real)
    right = max(b.left + b.width for b in real)
    bottom = max(b.top + b.height for b in real)
    return Box(left, top, right - left, bottom - top)


def _reading_order(row: list[Word]) -> list[Word]:
    """The line's words left to right, unless the boxes are in a turned page's frame.

    On a page turned upright before reading (a photo, a scan fed sideways or upside
    down) the boxes may be given in the scan's frame: a line then runs down or right to
    left there, and sorting by ``left`` would shuffle it. Recognition's own order is the
    reading order in that case.
    """
    if len(row) < 2:
        return list(row)
    width = max(w.box.left + w.box.width for w in row) - min(w.box.left for w in row)
    height = max(w.box.top + w.box.height for w in row) - min(w.box.top for w in row)
    lefts = [w.box.left for w in row]
    backwards = all(b < a for a, b in itertools.pairwise(lefts))
    if height > width or backwards:
        return list(row)
    return sorted(row, key=lambda w: w.box.left)


def _from_words(words: Sequence[Word]) -> list[Line]:
    by_line: dict[int, list[Word]] = {}
    for word in words:
        if word.text.strip():
            by_line.setdefault(word.line, []).append(word)
    lines = []
    for index in sorted(by_line):
        row = _reading_order(by_line[index])
        lines.append(
            Line(
                tuple(w.text for w in row),
                tuple(fold(w.text) for w in row),
                tuple(w.box for w in row),
                tuple(w.confidence for w in row),
            )
        )
    return lines


def page_lines(page: OcrPage) -> list[Line]:
    """The page's lines in reading order, with boxes when recognition gave them."""
    if page.words:
        return _from_words(page.words)
    lines = []
    for raw in page.text.splitlines():
        words = tuple(raw.split())
        if words:
            lines.append(
                Line(
                    words,
                    tuple(fold(w) for w in words),
                    (None,) * len(words),
                    (page.confidence or 0.9,) * len(words),
                )
            )
    return lines

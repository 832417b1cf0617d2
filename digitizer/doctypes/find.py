"""Where a printed label stands on a line: as whole words, OCR's comma slips forgiven."""

from __future__ import annotations

import functools
import re

from digitizer.doctypes.labels import BOUNDS, LABELS
from digitizer.doctypes.lines import Line

__all__ = ["SHORT_LABEL", "find_label", "has_label", "starts_with_label"]

#: A label shorter than this ("so ", "cha:") counts only at the start of a line.
SHORT_LABEL = 6


@functools.lru_cache(maxsize=512)
def _label_pattern(phrase: str) -> re.Pattern[str]:
    # OCR swaps a label's commas for dots or drops them ("Họ, chữ đệm. tên"), and the
    # label stands as whole words: "nguyen quan" is no label inside "nguyen quang toan".
    body = "".join(
        r"[,.;]?" if ch == "," else r" ?" if ch == " " else re.escape(ch) for ch in phrase
    )
    tail = r"(?![a-z0-9])" if phrase[-1].isalnum() else ""
    return re.compile(rf"(?<![a-z0-9]){body}{tail}")


def find_label(text: str, phrase: str) -> tuple[int, int]:
    """Where ``phrase`` stands as whole words in ``text``: (start, end), or (-1, -1)."""
    m = _label_pattern(phrase).search(text)
    return (m.start(), m.end()) if m else (-1, -1)


def starts_with_label(line: Line) -> bool:
    """Whether the line opens with a field's label (a labelled line of its own)."""
    text = line.folded_text
    return any(find_label(text, p)[0] == 0 for _, phrases in LABELS for p in phrases)


def has_label(line: Line) -> bool:
    """Whether any field's label, or a label that only ends values, stands on the line."""
    text = line.folded_text
    for _, phrases in (*LABELS, ("", BOUNDS)):
        for phrase in phrases:
            pos, _ = find_label(text, phrase)
            if pos == 0 or (pos > 0 and len(phrase) >= SHORT_LABEL):
                return True
    return False

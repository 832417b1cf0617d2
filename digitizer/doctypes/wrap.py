"""Where an address- or authority-like value wraps onto the lines under it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from digitizer.doctypes.lines import Line

__all__ = ["WRAPPING_FIELDS", "continuation"]

#: Fields whose value is a phrase long enough to wrap ("…, Thành phố Buôn / Ma Thuột, …").
WRAPPING_FIELDS = frozenset(
    {"residence", "place_of_origin", "issuing_authority", "enterprise_name"}
)
_MAX_LINES = 2
# A signature block or a form's bracketed hint ("(Ký, ghi rõ họ tên)") is no value's tail.
# A line opening with words and a colon ("Hạng/Class: B1") has a label of its own, even
# one no table knows.
_NOT_A_TAIL = re.compile(
    r"^[(\[]|\bngay\b.*\bthang\b|^(tm|kt|tl|tuq)\b|^(nguoi|chu tich|giam doc)\b"
    r"|^[a-z][a-z /()]{1,40}:"
)


def continuation(
    lines: Sequence[Line], index: int, start: int, labelled: Callable[[Line], bool]
) -> list[Line]:
    """The lines that carry on the value of ``lines[index]`` from word ``start`` to its end.

    A following line is the value's tail when it has no label of its own, sits under the
    value (its left edge at or left of the value's first word, at most a line's height
    below), is in the value's case, and is no signature block. Without word boxes the
    layout is unknown and nothing is taken.
    """
    line = lines[index]
    first = line.boxes[start] if start < len(line.boxes) else None
    if first is None:
        return []
    upper = " ".join(line.words[start:]).isupper()
    out: list[Line] = []
    prev = line
    for nxt in lines[index + 1 : index + 1 + _MAX_LINES]:
        boxes = [b for b in nxt.boxes if b is not None]
        prev_boxes = [b for b in prev.boxes if b is not None]
        if not boxes or not prev_boxes or labelled(nxt) or _NOT_A_TAIL.search(nxt.folded_text):
            break
        height = max(b.height for b in prev_boxes)
        left = min(b.left for b in boxes)
        top = min(b.top for b in boxes)
        bottom = max(b.top + b.height for b in prev_boxes)
        if left > first.left + height // 2 or top - bottom > height or top < bottom - height:
            break
        if nxt.text.isupper() != upper:
            break  # a capitals heading or signature title under a mixed-case value
        out.append(nxt)
        prev = nxt
    return out

"""Dossier splitting: where one document ends and the next begins in a multi-page scan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from digitizer.doctypes.classify import PageVerdict
from digitizer.doctypes.text import fold

__all__ = ["PageSlot", "boundaries"]

#: A title at least this strong on a page opens a new document.
_TITLE_STARTS = 0.62
#: A page whose best type differs from the running document's needs at least this
#: probability, and the running type at most _RUNNING_MAX on it, to open a new document.
_SWITCH_MIN = 0.75
_RUNNING_MAX = 0.15
# "Trang 2/3", "- 2 -", "2/3" alone on a line: a continuation page.
_CONTINUATION = re.compile(r"^(trang \d+ ?/ ?\d+|- ?[2-9] ?-|[2-9] ?/ ?[2-9])$")


@dataclass(frozen=True, slots=True)
class PageSlot:
    """One page of the input as splitting sees it."""

    number: int
    """1-based page number."""
    blank: bool
    """A blank (separator) page: dropped, but it hints at a boundary."""
    text: str
    """The page text (for continuation markers)."""
    verdict: PageVerdict | None
    """The classifier's verdict; None for blank pages."""


def _is_continuation(text: str) -> bool:
    lines = [fold(line) for line in text.splitlines() if line.strip()]
    edge = lines[:2] + lines[-2:]
    return any(_CONTINUATION.match(line) for line in edge)


def boundaries(slots: Sequence[PageSlot]) -> list[list[int]]:
    """Groups of page numbers, one per document, blank pages left out."""
    groups: list[list[int]] = []
    running: str | None = None
    after_blank = False
    for slot in slots:
        if slot.blank or slot.verdict is None:
            after_blank = True
            continue
        verdict = slot.verdict
        best = verdict.best
        title = verdict.title
        starts = not groups
        if not starts:
            titled = title is not None and title.score >= _TITLE_STARTS and (title.line <= 8)
            switched = (
                best.code != running
                and best.confidence >= _SWITCH_MIN
                and verdict.probabilities.get(running or "", 0.0) <= _RUNNING_MAX
            )
            continuation = _is_continuation(slot.text)
            starts = (
                (titled and not continuation)
                or (switched and not continuation)
                or (after_blank and best.code != running)
            )
        if starts:
            groups.append([slot.number])
            running = best.code
        else:
            groups[-1].append(slot.number)
        after_blank = False
    return groups

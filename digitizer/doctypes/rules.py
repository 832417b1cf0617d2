"""Title and keyword rules: what a reader at the counter looks at first."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from digitizer.doctypes.catalogue import Catalogue
from digitizer.doctypes.text import fold, fold_all

__all__ = ["RuleHit", "keyword_scores", "title_hits", "top_lines"]

#: Titles sit under the national motto within the first lines of a page.
_TOP_LINES = 16
#: partial_ratio at or above this counts as the phrase being present despite OCR slips.
_FUZZY_MIN = 86.0


@dataclass(frozen=True, slots=True)
class RuleHit:
    """The best title match of one type on a page."""

    code: str
    """The type."""
    score: float
    """0..1: fuzzy similarity times how much of its line the title fills."""
    line: int
    """Index of the matched line among the page's non-empty lines."""


def top_lines(text: str, limit: int = _TOP_LINES) -> list[str]:
    lines = [fold(line) for line in text.splitlines()]
    return [line for line in lines if len(line) >= 3][:limit]


def _phrase_score(phrase: str, line: str) -> float:
    if len(line) < 0.7 * len(phrase):
        return 0.0
    similarity = 100.0 if phrase in line else fuzz.partial_ratio(phrase, line)
    if similarity < _FUZZY_MIN:
        return 0.0
    # A title stands alone on its line; the same words inside a sentence mean little.
    coverage = min(1.0, len(phrase) / max(len(line), 1))
    return (similarity / 100.0) * (0.35 + 0.65 * coverage)


def title_hits(text: str, catalogue: Catalogue) -> list[RuleHit]:
    """Each type whose title appears near the top, best first."""
    lines = top_lines(text)
    hits: list[RuleHit] = []
    for spec in catalogue.types:
        best: RuleHit | None = None
        for index, line in enumerate(lines):
            for title in spec.folded_titles:
                score = _phrase_score(title, line)
                # Longer titles are more specific: "giấy chứng nhận kết hôn" beats "kết hôn".
                score *= min(1.0, 0.75 + len(title) / 80.0)
                if score > 0 and (best is None or score > best.score):
                    best = RuleHit(spec.code, score, index)
        if best is not None:
            hits.append(best)
    hits.sort(key=lambda h: (-h.score, h.line))
    return hits


def keyword_scores(text: str, catalogue: Catalogue) -> dict[str, float]:
    """Share of each type's keywords present anywhere in the text (exact, folded)."""
    folded = fold(text)
    scores: dict[str, float] = {}
    for spec in catalogue.types:
        if spec.keywords:
            found = sum(1 for k in fold_all(spec.keywords) if k in folded)
            scores[spec.code] = found / len(spec.keywords)
    return scores

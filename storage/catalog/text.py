"""Text as the catalogue stores it: NFC for display, folded for search.

Search indexes each folded word and each pair of adjacent words ("tran thi", "thi lan").
Names and places are typed as units, and a pair of common words is rare where each word
alone is not ("thi" is in 1 of 14 names, "noi" in every "Nơi cư trú"), so a query first
asks for its words *next to a word they were typed beside* — a few selective pairs the
index intersects in a millisecond — and only when no document has that does it fall back
to every word anywhere (:func:`word_query`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

__all__ = ["fold", "nfc", "pair_query", "search_terms", "word_query"]

_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Vietnamese text is stored NFC (composed), whatever the scanner or keyboard sent."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ → d: ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_terms(query: str, limit: int = 16) -> list[str]:
    """The folded words of a query, at most ``limit`` of them (a long paste is trimmed)."""
    return _WORD.findall(fold(query))[:limit]


def _term(words: str, dialect: str) -> str:
    # Terms are \w+ words joined by one space: no quote can occur inside.
    return f'"{words}"' if dialect == "sqlite" else f"'{words}'"


def word_query(terms: list[str], dialect: str) -> str:
    """Every word anywhere: a tsquery (PostgreSQL) or FTS5 MATCH text (SQLite)."""
    op = " AND " if dialect == "sqlite" else " & "
    return op.join(_term(t, dialect) for t in terms)


def pair_query(terms: list[str], dialect: str) -> str | None:
    """Every word next to a word it was typed beside; None for a one-word query.

    ``a b c d`` → ``ab & (ab | bc) & (bc | cd) & cd``: each word is covered by one of the
    adjacent pairs it belongs to, so "Trần Thị Lan Hà Nội" finds "… Trần Thị Lan … Hà Nội"
    (pairs "tran thi", "thi lan", "ha noi") without "lan ha" being in the text.
    """
    if len(terms) < 2:
        return None
    and_, or_ = (" AND ", " OR ") if dialect == "sqlite" else (" & ", " | ")
    pairs = [_term(f"{a} {b}", dialect) for a, b in itertools.pairwise(terms)]
    parts = [pairs[0]]
    parts += [f"({left}{or_}{right})" for left, right in itertools.pairwise(pairs)]
    parts.append(pairs[-1])
    return and_.join(dict.fromkeys(parts))  # a two-word query: one pair, once

"""Text folding shared by the rules and the model: case, diacritics and spacing removed."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_all", "nfc"]

_SPACE = re.compile(r"\s+")
# đ/Đ is a letter of its own, not d + a combining mark, so NFD leaves it; OCR that drops
# diacritics reads it as d.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", bare.lower()).strip()


@lru_cache(maxsize=1024)
def fold_all(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`fold` of each catalogue phrase, computed once: every page is matched
    against the same titles and keywords."""
    return tuple(fold(p) for p in phrases)

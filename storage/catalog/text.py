"""Text as the catalogue stores it: NFC for display, folded for search."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "nfc", "search_terms"]

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

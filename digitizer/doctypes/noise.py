"""Simulated OCR slips, so a model trained on clean generator text survives real scans."""

from __future__ import annotations

import random
import unicodedata

__all__ = ["ocr_noise"]

# Confusions Tesseract makes on Vietnamese print (seen in bench/data OCR output).
_CONFUSIONS = {
    "o": "0ơôó", "0": "oO", "l": "1I|", "1": "lI", "i": "lí", "e": "éêc", "a": "áăâ",
    "u": "ưú", "n": "m", "m": "rn", "c": "e", "h": "b", "đ": "d", "d": "đ", "y": "ý",
    "5": "S", "8": "B", ".": ",", ",": ".", ":": ";",
}  # fmt: skip


def _strip_marks(word: str) -> str:
    word = word.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ocr_noise(text: str, rng: random.Random, level: float) -> str:
    """``text`` as a poor scan might read: marks lost, letters confused, lines lost or joined.

    ``level`` 0..1 scales every kind of slip.
    """
    out_lines: list[str] = []
    for line in text.splitlines():
        if rng.random() < 0.04 * level:
            continue
        words = []
        for raw in line.split():
            word = _strip_marks(raw) if rng.random() < 0.3 * level else raw
            chars = []
            for ch in word:
                r = rng.random()
                if r < 0.025 * level:
                    continue
                confusable = r < 0.07 * level and ch.lower() in _CONFUSIONS
                chars.append(rng.choice(_CONFUSIONS[ch.lower()]) if confusable else ch)
            if rng.random() < 0.03 * level and len(chars) > 3:
                cut = rng.randrange(1, len(chars) - 1)
                chars.insert(cut, " ")
            words.append("".join(chars))
        if out_lines and rng.random() < 0.03 * level:
            out_lines[-1] += " " + " ".join(words)
        else:
            out_lines.append(" ".join(words))
        if rng.random() < 0.02 * level:
            out_lines.append(rng.choice(["|", "—", "~", "' ,", "ị"]))
    return unicodedata.normalize("NFC", "\n".join(out_lines))

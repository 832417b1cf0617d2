"""Diacritics of known administrative phrases, restored after recognition.

The ``vie`` model reads the letters of bold capitals right and their marks wrong, and
surely: ``GIẦY CHỨNG NHẬN`` for ``GIẤY``, ``TÀI SẲN`` for ``SẢN``, ``GẮN LIÊN`` for
``LIỀN`` (bench/ocr.py: 190 of the 478 reference words missing over its degradations
had the right letters and the wrong marks). No image clean-up changes that; the words
around it do. A run of words whose letters, marks aside, spell a phrase of the
phrase book (the catalogue's titles and keywords, and the set phrases of administrative
papers in ``phrases.txt``) takes the phrase's marks, each word keeping its own case and
the punctuation glued to it.

Only runs of three words or more are matched: one or two syllables say too little
(``số``/``sổ``, ``nguyên``/``nguyễn``, ``thị trấn``/``Thị Trân``). The words of a name
line (the rest of a line starting ``Họ và tên``, ``Họ, chữ đệm và tên``, …, and the line
below it) are never changed, so a citizen's name stays as it was read. A word written
with the same marks placed otherwise (``hoà`` and ``hòa``, ``uỷ`` and ``ủy``) is left as
it was read.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

from digitizer.doctypes.catalogue import load_catalogue
from digitizer.doctypes.errors import DoctypeError
from digitizer.doctypes.labels import LABELS
from digitizer.doctypes.text import fold
from digitizer.model import Word

__all__ = ["PhraseBook", "phrase_book", "restore_marks"]

log = logging.getLogger(__name__)

_PHRASES = Path(__file__).with_name("phrases.txt")
_EDGE = "\"'“”‘’()[]{}.,;:!?…-–—/"
"""Punctuation that may be glued to either end of a word."""
_MIN_WORDS = 3
"""Shortest run that is matched. Two words collide with names and everyday words
(``NGUYỄN THỊ TRÂN`` would take the marks of *thị trấn*, ``Công nhân`` of *công nhận*,
``sử dụng chúng`` of *sử dụng chung*); three marked the same way rarely do."""
_NAME_FIELDS = frozenset({"full_name", "father_name", "mother_name", "husband_name", "wife_name"})


def _core(text: str) -> tuple[str, str, str]:
    """``(head, core, tail)``: the word without the punctuation glued to its ends."""
    core = text.strip(_EDGE)
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _spelling(text: str) -> tuple[str, list[str]]:
    """The letters of ``text`` without marks (đ kept) and its marks, sorted: ``ủy`` and
    ``uỷ`` spell the same."""
    parts = unicodedata.normalize("NFD", text.lower())
    marks = sorted(c for c in parts if unicodedata.combining(c))
    return "".join(c for c in parts if not unicodedata.combining(c)), marks


def _cased(marked: str, like: str) -> str:
    """``marked`` written in the case of ``like`` (same letters, marks aside)."""
    like = unicodedata.normalize("NFC", like)
    if len(marked) == len(like):
        return "".join(
            m.upper() if c.isupper() else m.lower() for m, c in zip(marked, like, strict=True)
        )
    if like.isupper():
        return marked.upper()
    if like[:1].isupper():
        return marked[:1].upper() + marked[1:].lower()
    return marked.lower()


class PhraseBook:
    """Marked phrases keyed by their folded words; a key two phrases mark differently is
    dropped (the words alone cannot tell which one a page means)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        book: dict[tuple[str, ...], tuple[str, ...] | None] = {}
        for phrase in phrases:
            words = tuple(c for c in (_core(w)[1] for w in phrase.split()) if c)
            if len(words) < _MIN_WORDS or not all(w.isalpha() for w in words):
                continue
            marked = tuple(unicodedata.normalize("NFC", w.lower()) for w in words)
            key = tuple(fold(w) for w in marked)
            known = book.get(key, marked)
            if known is None or [_spelling(w) for w in known] != [_spelling(w) for w in marked]:
                book[key] = None
            else:
                book.setdefault(key, marked)
        self._book = {k: v for k, v in book.items() if v is not None}
        self.longest = max((len(k) for k in self._book), default=0)

    def __len__(self) -> int:
        return len(self._book)

    def get(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        return self._book.get(key)


@cache
def phrase_book() -> PhraseBook:
    """The shipped phrase book: the catalogue's titles and keywords and ``phrases.txt``."""
    try:
        catalogue = load_catalogue()
    except DoctypeError as exc:
        # The classifier tells staff; the set phrases still hold.
        log.warning("phrase book without the catalogue: %s", exc.code)
        phrases = []
    else:
        phrases = [p for t in catalogue.types for p in (*t.titles, *t.keywords)]
    for raw in _PHRASES.read_text(encoding="utf-8").splitlines():
        phrase = raw.split("#", 1)[0].strip()
        if phrase:
            phrases.append(phrase)
    return PhraseBook(phrases)


@cache
def _name_labels() -> tuple[str, ...]:
    return tuple(label for field, labels in LABELS if field in _NAME_FIELDS for label in labels)


def _name_words(words: tuple[Word, ...]) -> set[int]:
    """Indexes of the words that may be a person's name: the rest of a line that starts
    with a name label, and the whole next line (a card prints ``Họ và tên / Full name:``
    above the name)."""
    lines: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    order = list(lines)
    out: set[int] = set()
    for n, line in enumerate(order):
        folded = fold(" ".join(words[i].text for i in lines[line]))
        if any(folded.startswith(label) for label in _name_labels()):
            out.update(lines[line])
            if n + 1 < len(order):
                out.update(lines[order[n + 1]])
    return out


def restore_marks(words: tuple[Word, ...], book: PhraseBook | None = None) -> tuple[Word, ...]:
    """``words`` with each run that spells a phrase of ``book`` (longest first) given the
    phrase's marks. Punctuation-only words inside a run are passed over ("Độc lập - Tự
    do"); runs may cross lines, as a wrapped title does."""
    book = book or phrase_book()
    if not book.longest:
        return words
    # Indexes of the words that hold letters, with their cores folded once.
    parts = [(i, *_core(w.text)) for i, w in enumerate(words)]
    seq = [(i, head, core, tail) for i, head, core, tail in parts if core]
    folded = [fold(core) for _, _, core, _ in seq]
    names = _name_words(words)
    out = list(words)
    k = 0
    while k < len(seq):
        for n in range(min(book.longest, len(seq) - k), _MIN_WORDS - 1, -1):
            marked = book.get(tuple(folded[k : k + n]))
            if marked is None or any(i in names for i, *_ in seq[k : k + n]):
                continue
            for (i, head, core, tail), good in zip(seq[k : k + n], marked, strict=True):
                if _spelling(core) != _spelling(good):
                    out[i] = replace(words[i], text=f"{head}{_cased(good, core)}{tail}")
            k += n
            break
        else:
            k += 1
    return tuple(out)

"""Normalisers for what was read: dates to ISO, names NFC and cased, digits only."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from digitizer.doctypes.text import fold, nfc

__all__ = [
    "correct_surname",
    "digits",
    "marks_missing",
    "normalise_gender",
    "normalise_name",
    "parse_date",
    "parse_dates",
]

# OCR reads these in place of digits inside numbers.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                                   "S": "5", "B": "8", "Z": "2", "§": "8", "i": "1",
                                   "]": "1"})  # fmt: skip
# "]" for "1" is Tesseract's slip on a serif 1 ("năm 202]", "ngày 3]").
_NUM = r"[0-9OoIil§\]]{1,2}"
# A two-digit day or month OCR split in two ("2 4/06/1998", "22/1 1/2034": a wide gap in
# a serif "11"); only where the separator follows at once, so "Số 5 12/03/2020" is 12/03.
_SPLIT = r"[0-9] [0-9]"
# A year may be split too ("năm 20 21").
_YEAR = r"[12](?: ?[0-9OoIil§\]]){3}"
# A day or month between the words may also be read with "t" for a serif "1" ("ngày 0T",
# "tháng TÌ" for 11): no word of a date is a lone "t", so it is a digit there.
_WORDY_NUM = rf"(?:{_SPLIT}|[0-9OoIil§\]t]{{1,2}})"
# A short speck OCR made a word of ("tháng 01 VẤN năm") may stand before the next word.
_SPECK = r"(?:[^\s0-9]{1,3}\s+)?"
# "ngày 05 tháng 3 năm 2021" (diacritics possibly lost), matched on folded text; a speck
# glued to a number ("tháng 5Š") is let pass between the words.
_WORDY = re.compile(
    rf"ngay\s*({_WORDY_NUM})[^\s0-9]?\s*,?\s*{_SPECK}thang\s*({_WORDY_NUM})[^\s0-9]?\s*,?"
    rf"\s*{_SPECK}nam\s*({_YEAR})"
)
# 05/03/2021, 05-03-2021, 05.03.2021, 5 / 3 / 2021, and split numbers (see _SPLIT).
_NUMERIC = re.compile(
    rf"(?<![0-9])({_NUM}|{_SPLIT})\s*[/\-.]\s*({_NUM}|{_SPLIT})\s*[/\-.]\s*({_YEAR})(?![0-9])"
)
# 2021-03-05 (already ISO)
_ISO = re.compile(r"(?<![0-9])([12][0-9]{3})-([0-9]{2})-([0-9]{2})(?![0-9])")
# Compact ddmmyyyy as in the CCCD QR payload.
_COMPACT = re.compile(r"^([0-9]{2})([0-9]{2})([12][0-9]{3})$")


def _num(text: str) -> int:
    return int(text.replace(" ", "").translate(_DIGIT_LOOKALIKES).replace("t", "1"))


def _make(day: int, month: int, year: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_dates(text: str) -> list[tuple[int, str]]:
    """Every date in ``text`` as (position in the folded text, ISO string), in order."""
    folded = fold(text)
    found: list[tuple[int, str]] = []
    for m in _WORDY.finditer(folded):
        iso = _make(_num(m[1]), _num(m[2]), _num(m[3]))
        if iso:
            found.append((m.start(), iso))
    for m in _NUMERIC.finditer(folded):
        iso = _make(_num(m[1]), _num(m[2]), _num(m[3]))
        if iso:
            found.append((m.start(), iso))
    for m in _ISO.finditer(folded):
        iso = _make(int(m[3]), int(m[2]), int(m[1]))
        if iso:
            found.append((m.start(), iso))
    found.sort()
    return found


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, from any Vietnamese written form."""
    m = _COMPACT.match(text.strip())
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    dates = parse_dates(text)
    return dates[0][1] if dates else None


def digits(text: str) -> str:
    """Only the digits, after mapping OCR look-alikes (O→0, I→1, …)."""
    return re.sub(r"[^0-9]", "", text.translate(_DIGIT_LOOKALIKES))


_NAME_JUNK = re.compile(r"[^\w\s'-]", re.UNICODE)


def normalise_name(text: str) -> str:
    """NFC, stray punctuation and digits removed, each word capitalised ("Nguyễn Văn An")."""
    cleaned = _NAME_JUNK.sub(" ", nfc(text))
    words = [w for w in cleaned.split() if not any(ch.isdigit() for ch in w) and w != "_"]
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


#: Vietnamese family names; OCR drops or swaps their marks ("Nguyên", "Trấn") and, unlike
#: given names, the folded spelling of each names exactly one of them.
_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Đào", "Cao", "Lâm", "Tô",
    "Tạ", "Chu", "Đoàn", "Trịnh", "Lưu", "Thái", "Kiều", "Quách", "Tăng", "Châu", "Phùng", "Hứa",
    "Lại", "Triệu", "Vương", "Từ", "Đàm", "Thân", "Mạc", "Khúc", "Tôn", "Nghiêm", "Âu", "Doãn",
    "Diệp", "Lục", "Đồng", "Bạch", "Khổng", "Viên", "Quan", "Tiêu", "Thạch", "Đậu", "Hàn", "Khương",
    "Văn", "Kha", "Giáp", "Ninh", "Tống", "Nông", "Lò", "Hầu", "Mẫn",
)  # fmt: skip
_FOLD_COUNTS = Counter(fold(n) for n in _SURNAMES)
# Two family names that fold alike would make the choice a guess: such folds are left out.
_SURNAME_BY_FOLD = {fold(n): n for n in _SURNAMES if _FOLD_COUNTS[fold(n)] == 1}


def _bare(text: str) -> bool:
    return fold(text) == text.lower()


def marks_missing(name: str) -> bool:
    """Whether OCR lost every mark of a name whose family name is spelled with marks.

    "Nguyen My Huyen": the family name folds to "Nguyễn", so the paper carries marks and
    none was read; the given names' marks cannot be guessed, so staff must look.
    """
    parts = name.split()
    known = _SURNAME_BY_FOLD.get(fold(parts[0])) if parts else None
    return known is not None and not _bare(known) and _bare(name)


def correct_surname(name: str) -> tuple[str, bool]:
    """The name with its family name spelled as the known one it folds to; and if it changed.

    A name read with no marks at all is kept as read: re-accenting only its family name
    ("Nguyễn My Huyen") would make a spelling that is on no paper (see :func:`marks_missing`).
    A family name read with a wrong mark ("Nguyên Văn An") is corrected.
    """
    parts = name.split(" ", 1)
    known = _SURNAME_BY_FOLD.get(fold(parts[0]))
    if known is None or known == parts[0] or marks_missing(name):
        return name, False
    return " ".join([known, *parts[1:]]), True


def normalise_gender(text: str) -> str | None:
    """``Nam`` or ``Nữ`` from Vietnamese or English forms, else None."""
    # OCR glues marks and specks to the word ("NỮŒ"): judge the letters a-z it starts with.
    for word in fold(text).replace("/", " ").split():
        letters = re.match(r"[a-z]*", word)
        head = letters.group(0) if letters else ""
        if head in ("nu", "female", "f"):
            return "Nữ"
        if head in ("nam", "male", "m"):
            return "Nam"
    return None

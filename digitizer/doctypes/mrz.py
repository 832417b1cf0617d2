"""The machine-readable zone of an ID card (ICAO 9303 TD1: three lines of 30 characters)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from digitizer.doctypes.normalise import normalise_name
from digitizer.model import FieldValue

__all__ = ["MrzResult", "check_digit", "find_td1", "find_td3", "parse_td1", "parse_td3"]

_TD1_WIDTH = 30
_WEIGHTS = (7, 3, 1)
# OCR of the filler: Tesseract's Vietnamese model reads "<" as these now and then; and a
# phone photo's round 0 or O as "@" (a demo card back: "@611187F3111183VNM…"). Dropping
# the "@" as a speck would shift every field after it by one column.
_FILLER_LOOKALIKES = str.maketrans(
    {"«": "<", "‹": "<", "〈": "<", "(": "<", "[": "<", "{": "<", "@": "O"}
)
_LINE = re.compile(r"[A-Z0-9<]{26,48}")
# Letters OCR puts in places where the zone can only hold digits.
_DIGIT_FIX = str.maketrans("OQDIZSBG", "00012586")
_TD3_WIDTH = 44


@dataclass(frozen=True, slots=True)
class MrzResult:
    """What a TD1 MRZ says, and whether its check digits hold."""

    fields: dict[str, FieldValue]
    """id_number, document_number, date_of_birth, gender, expiry_date, full_name."""
    checks_ok: bool
    """True when every check digit (document, birth, expiry, composite) agrees."""


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    return 0  # "<"


def check_digit(data: str) -> str:
    """ICAO 9303 check digit of ``data`` (weights 7, 3, 1 repeating, modulo 10)."""
    return str(sum(_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(data)) % 10)


def _yymmdd(text: str, *, future: bool) -> str | None:
    if not text.isdigit():
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:6])
    # Birth dates lie in the past, expiry dates up to ~30 years ahead; pick the century so.
    pivot = (date.today().year + (30 if future else 0)) % 100
    century = 2000 if yy <= pivot else 1900
    try:
        return date(century + yy, mm, dd).isoformat()
    except ValueError:
        return None


def _mrz_lines(text: str) -> list[str]:
    """Each line as MRZ characters, or "" when it does not look like a zone line."""
    lines = []
    for raw in text.splitlines():
        cleaned = raw.translate(_FILLER_LOOKALIKES).replace(" ", "").upper()
        if cleaned.count("<") >= 3:
            # Specks OCR adds between the characters of a zone line ("T1,INH").
            cleaned = re.sub(r"[^A-Z0-9<]", "", cleaned)
        lines.append(cleaned if _LINE.fullmatch(cleaned) else "")
    return lines


def find_td1(text: str) -> tuple[str, str, str] | None:
    """Three consecutive MRZ-looking lines in OCR text, padded or cut to 30 characters."""
    lines = [*_mrz_lines(text), ""]
    for i in range(len(lines) - 2):
        a, b, c = lines[i : i + 3]
        # The name line is the one OCR loses most (short, and marks in it): without it the
        # numbers and dates still stand on their own check digits.
        # A passport's name line ("P<VNM…") is no card's first line: that is find_td3's.
        if a and b and len(a) <= 34 and "VNM" in a[1:6] and not a.startswith("P<"):
            # The document code is "I?" on an ID card; OCR reads the I as T, 1 or L.
            a = "I" + a[1:] if a[2:5] == "VNM" else a
            a, b, c = (x[:_TD1_WIDTH].ljust(_TD1_WIDTH, "<") for x in (a, b, c))
            a = a[:5] + a[5:27].translate(_DIGIT_FIX) + a[27:]
            b = (
                b[:7].translate(_DIGIT_FIX)
                + b[7]
                + b[8:15].translate(_DIGIT_FIX)
                + b[15:29]
                + (b[29].translate(_DIGIT_FIX))
            )
            return a, b, c
    return None


# Nationality, birth date and its check digit, sex: where they stand fixes the line's frame.
_TD3_ANCHOR = re.compile(r"VNM[0-9OQDIZSBG]{7}[MF<]")


def _realign_td3(line: str) -> str:
    """A passport's second zone line with characters OCR lost at its start made up as "<".

    "3570229<0VNM1002115F…" lost the document number's "C": the nationality belongs at
    column 10. The padded characters fail their check digit, so only the fields whose own
    check digits hold are trusted.
    """
    m = _TD3_ANCHOR.search(line)
    if m is None or not 6 <= m.start() < 10:
        return line
    return "<" * (10 - m.start()) + line


def find_td3(text: str) -> tuple[str, str] | None:
    """Two passport MRZ lines (ICAO TD3, 44 characters) in OCR text."""
    lines = _mrz_lines(text)
    raw = text.splitlines()
    for i in range(len(lines) - 1):
        a, b = lines[i], _realign_td3(lines[i + 1])
        if not a and b and len(b) >= 40 and b[10:13] == "VNM" and raw[i].lstrip().startswith("P<"):
            # The name line read with marks or cut short ("P<VNMHOANG<<KTM<THÀO<<"): the
            # second line's fields are checked by their own digits; the name is left out.
            a = "P<VNM"
        if a and b and a.startswith("P") and "VNM" in a[1:6] and len(b) >= 40:
            a, b = (x[:_TD3_WIDTH].ljust(_TD3_WIDTH, "<") for x in (a, b))
            b = (
                b[:10]
                + b[10:13]
                + b[13:20].translate(_DIGIT_FIX)
                + b[20]
                + (b[21:43].translate(_DIGIT_FIX))
                + b[43].translate(_DIGIT_FIX)
            )
            return a, b
    return None


def parse_td3(lines: tuple[str, str], page: int | None = None) -> MrzResult:
    """Fields of a passport's TD3 MRZ; the personal number holds the 12-digit ID number."""
    l1, l2 = lines
    number, number_check = l2[0:9], l2[9]
    birth, birth_check, sex = l2[13:19], l2[19], l2[20]
    expiry, expiry_check = l2[21:27], l2[27]
    personal, personal_check = l2[28:42], l2[42]
    composite = l2[0:10] + l2[13:20] + l2[21:43]
    checks = (
        check_digit(number) == number_check,
        check_digit(birth) == birth_check,
        check_digit(expiry) == expiry_check,
        check_digit(personal) == personal_check or personal_check == "<",
        check_digit(composite) == l2[43],
    )
    ok = all(checks)
    out: dict[str, FieldValue] = {}

    def put(name: str, value: str | None, good: bool) -> None:
        if value:
            out[name] = FieldValue(value, 0.99 if good else 0.5, "mrz", page)

    put("document_number", number.replace("<", ""), checks[0])
    put("date_of_birth", _yymmdd(birth, future=False), checks[1])
    put("expiry_date", _yymmdd(expiry, future=True), checks[2])
    digits12 = re.match(r"[0-9]{12}", personal)
    put("id_number", digits12.group(0) if digits12 else None, checks[3] and checks[4])
    put("gender", {"M": "Nam", "F": "Nữ"}.get(sex), True)
    surname, _, given = l1[5:].partition("<<")
    name = " ".join(p for p in (surname.replace("<", " "), given.replace("<", " ")) if p.strip())
    put("full_name", normalise_name(name) if name.strip() else None, True)
    return MrzResult(out, ok)


def _number_from_personal(l1: str) -> str:
    """A Vietnamese card's first zone line with its document number, when that fails its
    check digit, taken from the 12-digit personal number beside it, whose last 9 digits
    it is. Only a number that passes the check digit is taken (a photo read "306656408"
    as "366656468"; the personal number "091306656408" kept it)."""
    number, check, personal = l1[5:14], l1[14], l1[15:27]
    if check_digit(number) == check or not personal.isdigit():
        return l1
    if check_digit(personal[3:]) != check:
        return l1
    return l1[:5] + personal[3:] + l1[14:]


def parse_td1(lines: tuple[str, str, str], page: int | None = None) -> MrzResult:
    """Fields of a TD1 MRZ; a failed check digit lowers confidence and says so."""
    l1, l2, l3 = lines
    l1 = _number_from_personal(l1)
    doc_number, doc_check, optional1 = l1[5:14], l1[14], l1[15:30]
    birth, birth_check, sex = l2[0:6], l2[6], l2[7]
    expiry, expiry_check = l2[8:14], l2[14]
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    checks = (
        check_digit(doc_number) == doc_check,
        check_digit(birth) == birth_check,
        check_digit(expiry) == expiry_check,
        check_digit(composite) == l2[29],
    )
    ok = all(checks)
    out: dict[str, FieldValue] = {}

    def put(name: str, value: str | None, good: bool = ok) -> None:
        if value:
            out[name] = FieldValue(value, 0.99 if good else 0.5, "mrz", page)

    # Vietnamese cards carry the 12-digit personal number in the optional data; the
    # document number is its last 9 digits.
    personal = re.match(r"[0-9]{12}", optional1)
    put("id_number", personal.group(0) if personal else None, checks[0] and checks[3])
    put("document_number", doc_number.replace("<", ""), checks[0])
    put("date_of_birth", _yymmdd(birth, future=False), checks[1])
    put("expiry_date", _yymmdd(expiry, future=True), checks[2])
    put("gender", {"M": "Nam", "F": "Nữ"}.get(sex), True)
    surname, _, given = l3.partition("<<")
    name = " ".join(p for p in (surname.replace("<", " "), given.replace("<", " ")) if p.strip())
    put("full_name", normalise_name(name) if name.strip() else None, True)
    return MrzResult(out, ok)

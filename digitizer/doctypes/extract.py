"""Fields read from a document's pages: label → value, normalised, with a box on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digitizer.doctypes.labels import FIELD_KINDS, LABELS
from digitizer.doctypes.lines import Line, page_lines, union_box
from digitizer.doctypes.normalise import (
    correct_surname,
    digits,
    normalise_gender,
    normalise_name,
    parse_date,
    parse_dates,
)
from digitizer.doctypes.text import fold
from digitizer.model import FieldValue, OcrPage

__all__ = ["extract_fields"]

_SHORT_LABEL = 6
_SECTIONS = (
    (re.compile(r"^(thong tin )?(nguoi |ben )?chong\b"), "husband_name"),
    (re.compile(r"^(thong tin )?(nguoi |ben )?vo\b"), "wife_name"),
)
_LEADER = re.compile(r"\.{3,}|…|_{3,}|-{3,}| \.{2,}")
_HONORIFIC = re.compile(
    r"^(ông|bà|anh|chị|ong|ba|anh|chi|mr\.?|mrs\.?|ms\.?)\s*[:/]?\s+", re.IGNORECASE
)
_ID_LOOKALIKES = str.maketrans("OoIl§", "00118")
_ID_RUN = re.compile(r"(?<![0-9])([0-9]{12}|[0-9]{9})(?![0-9])")
_NUMBER = re.compile(r"[0-9OoIl]{1,6}")
_DOCNUM = re.compile(r"(?:[A-ZĐ]{1,3} ?)?[0-9][0-9A-Za-zĐđ/\-.]*")
# "Hà Nội, ngày 05 tháng 3 năm 2021": the place-and-date line above a signature.
_PLACE_DATE = re.compile(r"[^0-9,]{2,60}, *ngay *[0-9oil]{1,2} *thang *[0-9oil]{1,2} *nam")
# The same date line wrapped after the place: "ngày 01 tháng 01 năm 2014" alone.
_DATE_LINE = re.compile(r"^ngay *[0-9oil]{1,2} *thang *[0-9oil]{1,2} *nam *[0-9oil]{4}\W*$")
_AUTHORITY = re.compile(
    r"^(uy ban nhan dan|ubnd|so |phong |cuc |bo |cong an|truong |dai hoc|toa an|chi cuc|"
    r"van phong|trung tam|ministry|department|bo cong an)"
)
_MOTTO = ("cong hoa xa hoi", "doc lap", "socialist republic", "independence")


@dataclass(frozen=True, slots=True)
class _Hit:
    field: str
    line: int
    start: int
    """Word index where the value starts."""
    end: int
    """Word index where the value ends (exclusive)."""


def _label_hits(line: Line, index: int, wanted: set[str]) -> list[_Hit]:
    text = line.folded_text
    found: list[tuple[int, int, str]] = []  # (start offset, end offset, field)
    # The wanted fields claim their labels first; the others' labels then only bound
    # values: "Bà: NGUYỄN THỊ AN, Năm sinh: 1964" ends the name at "Năm sinh".
    for claim in (True, False):
        for name, phrases in LABELS:
            if (name in wanted) != claim:
                continue
            for phrase in phrases:
                pos = text.find(phrase)
                if pos < 0 or (len(phrase) < _SHORT_LABEL and pos != 0):
                    continue
                if any(s <= pos < e or pos <= s < pos + len(phrase) for s, e, _ in found):
                    continue
                found.append((pos, pos + len(phrase), name))
                break
    found.sort()
    hits = []
    for i, (_, end, name) in enumerate(found):
        if name not in wanted:
            continue
        first = line.word_at(end)
        # A label word may be cut by the phrase ("sinh:"); the value starts after it.
        if first < len(line.folded) and _word_start(line, first) < end:
            first += 1
        last = line.word_at(found[i + 1][0]) if i + 1 < len(found) else len(line.words)
        hits.append(_Hit(name, index, first, max(first, last)))
    return hits


def _word_start(line: Line, i: int) -> int:
    return sum(len(w) + 1 for w in line.folded[:i])


def _value_words(line: Line, start: int, end: int) -> tuple[int, int]:
    """Skip an English label and punctuation between the label and the value."""
    for j in range(start, end):
        if _LEADER.search(line.folded[j]):
            end = j + 1  # the value stops at the dotted leader; OCR noise follows it
            break
    words = line.folded[start:end]
    for j in range(len(words) - 1, -1, -1):
        # An English label ends with ":" ("/ Full name:"); a value with digits never is one.
        if (
            words[j].endswith(":")
            and not _LEADER.search(words[j])
            and not any(ch.isdigit() for ch in words[j])
            and any(ch.isalpha() for ch in words[j])
        ):
            return start + j + 1, end
    while start < end and re.fullmatch(r"[:/.\-|]+", line.folded[start]):
        start += 1
    return start, end


def _parse(kind: str, raw: str) -> tuple[str | None, float]:
    """Normalised value and how sure the parse is (0..1)."""
    # Forms print dotted leaders after a value; OCR turns their tail into noise.
    cleaned = _LEADER.split(raw, maxsplit=1)[0].strip(" :;,./|-_")
    if kind == "name":
        words = []
        for word in _HONORIFIC.sub("", cleaned).split():
            if not word.replace("-", "").isalpha():
                break
            words.append(word)
        name, corrected = correct_surname(normalise_name(" ".join(words)))
        if not 2 <= len(name.split()) <= 7:
            return None, 0.0
        return name, 0.95 if corrected else 1.0
    if kind == "date":
        iso = parse_date(cleaned)
        return (iso, 1.0) if iso else (None, 0.0)
    if kind == "id":
        m = _ID_RUN.search(digits_keep_gaps(cleaned))
        return (m.group(1), 1.0 if len(m.group(1)) == 12 else 0.8) if m else (None, 0.0)
    if kind == "enterprise":
        value = digits(cleaned.split()[0] if cleaned.split() else "")
        return (value, 1.0) if len(value) >= 8 else (None, 0.0)
    if kind == "gender":
        gender = normalise_gender(cleaned)
        return (gender, 1.0) if gender else (None, 0.0)
    if kind == "number":
        m = _NUMBER.search(cleaned)
        return (digits(m.group(0)), 1.0) if m else (None, 0.0)
    if kind == "docnum":
        m = _DOCNUM.search(cleaned.replace("§", "8"))
        return (m.group(0).rstrip(".,"), 0.9) if m else (None, 0.0)
    return (cleaned, 0.9) if len(cleaned) >= 3 else (None, 0.0)


def digits_keep_gaps(text: str) -> str:
    """Digits of a number OCR may have spaced out ("079 203 012345") joined up."""
    return re.sub(r"(?<=[0-9OoIl§]) (?=[0-9OoIl§])", "", text).translate(_ID_LOOKALIKES)


def _field_value(lines: Sequence[Line], hit: _Hit, page: int) -> FieldValue | None:
    kind = FIELD_KINDS[hit.field]
    line = lines[hit.line]
    start, end = _value_words(line, hit.start, hit.end)
    candidates = [(line, start, end)]
    # The value may sit under its label (the card prints "Họ và tên / Full name:" above),
    # but only when nothing follows the label on its own line.
    if hit.line + 1 < len(lines) and start >= end:
        nxt = lines[hit.line + 1]
        candidates.append((nxt, 0, len(nxt.words)))
    for cand, a, b in candidates:
        if a >= b:
            continue
        value, sure = _parse(kind, " ".join(cand.words[a:b]))
        if value is None:
            continue
        confs = cand.confidences[a:b]
        conf = sure * (sum(confs) / len(confs) if confs else 0.5)
        return FieldValue(value, round(conf, 3), "ocr", page, union_box(cand.boxes[a:b]))
    return None


def _issue_date_from_signature(lines: Sequence[Line], page: int) -> FieldValue | None:
    for line in lines:
        text = line.folded_text
        m = _PLACE_DATE.search(text) or _DATE_LINE.match(text)
        if m:
            dates = [d for pos, d in parse_dates(line.text) if pos >= m.start()]
            if dates:
                conf = sum(line.confidences) / len(line.confidences)
                return FieldValue(
                    dates[0], round(0.9 * conf, 3), "ocr", page, union_box(line.boxes)
                )
    return None


def _authority_from_header(lines: Sequence[Line], page: int) -> FieldValue | None:
    for i, line in enumerate(lines[:6]):
        text = line.folded_text
        if _AUTHORITY.match(text) and not any(m in text for m in _MOTTO):
            words = list(line.words)
            boxes = list(line.boxes)
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if (
                nxt is not None
                and nxt.text.isupper()
                and not any(m in nxt.folded_text for m in _MOTTO)
                and len(nxt.words) <= 8
            ):
                words += nxt.words
                boxes += nxt.boxes
            conf = sum(line.confidences) / len(line.confidences)
            value = " ".join(words).strip(" -_")
            return FieldValue(value, round(0.7 * conf, 3), "ocr", page, union_box(boxes))
    return None


def extract_fields(pages: Iterable[OcrPage], wanted: Iterable[str]) -> dict[str, FieldValue]:
    """The wanted fields as read from the pages' text (source ``ocr``); first reading wins."""
    want = set(wanted)
    out: dict[str, FieldValue] = {}
    for page in pages:
        lines = page_lines(page)
        section: str | None = None
        for index, line in enumerate(lines):
            # A marriage certificate prints the same labels twice, under "Thông tin người
            # chồng" and "Thông tin người vợ": the section says whose name it is.
            for marker, field_name in _SECTIONS:
                if field_name in want and marker.search(line.folded_text):
                    section = field_name
            looking = want - set(out)
            if section is not None and section not in out:
                looking |= {"full_name"}
            for found in _label_hits(line, index, looking):
                hit = found
                if hit.field == "full_name" and section is not None and "full_name" not in want:
                    hit = _Hit(section, hit.line, hit.start, hit.end)
                if hit.field in out:
                    continue
                fv = _field_value(lines, hit, page.number)
                if fv is not None:
                    out[hit.field] = fv
        if "issue_date" in want and "issue_date" not in out:
            fv = _issue_date_from_signature(lines, page.number)
            if fv is not None:
                out["issue_date"] = fv
        if "issuing_authority" in want and "issuing_authority" not in out:
            fv = _authority_from_header(lines, page.number)
            if fv is not None:
                out["issuing_authority"] = fv
    return out


def folded_equal(a: str, b: str) -> bool:
    return fold(a) == fold(b)

"""Fields read from a document's pages: label → value, normalised, with a box on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digitizer.doctypes.authority import authority_case
from digitizer.doctypes.find import SHORT_LABEL, find_label, has_label, starts_with_label
from digitizer.doctypes.labels import BOUNDS, FIELD_KINDS, LABELS
from digitizer.doctypes.lines import Line, page_lines, union_box
from digitizer.doctypes.normalise import (
    correct_surname,
    digits,
    marks_missing,
    normalise_gender,
    normalise_name,
    parse_date,
)
from digitizer.doctypes.signature import authority_from_header, issue_date_from_signature
from digitizer.doctypes.text import fold
from digitizer.doctypes.wrap import WRAPPING_FIELDS, continuation
from digitizer.model import FieldValue, OcrPage

__all__ = ["extract_fields"]

_SECTIONS = (
    (re.compile(r"^(thong tin )?(nguoi |ben )?chong\b"), "husband_name"),
    (re.compile(r"^(thong tin )?(nguoi |ben )?vo\b"), "wife_name"),
)
# A name read with no marks at all is right only in its letters.
_MARKS_MISSING_SURE = 0.7
_LEADER = re.compile(r"\.{3,}|…|_{3,}|-{3,}| \.{2,}")
_HONORIFIC = re.compile(
    r"^(ông|bà|anh|chị|ong|ba|anh|chi|mr\.?|mrs\.?|ms\.?)\s*[:/]?\s+", re.IGNORECASE
)
_ADDRESS = frozenset({"ong", "ba", "ong/ba", "anh", "chi", "anh/chi", "mr", "mrs", "ms", "cua"})
# Words of an address: a line with one is a residence, never a document number.
_ADDRESS_UNIT = re.compile(
    r"\b(phuong|xa(?! hoi)|quan|huyen|tinh|thanh pho|thi tran|thi xa|thon|ap)\b"
)
# "]" is Tesseract's slip for a serif "1" at the end of a number ("06615497529]").
_ID_LOOKALIKES = str.maketrans("OoIl§]", "001181")
_ID_RUN = re.compile(r"(?<![0-9])([0-9]{12}|[0-9]{9})(?![0-9])")
_NUMBER = re.compile(r"[0-9OoIl]{1,6}")
_DOCNUM = re.compile(r"(?:[A-ZĐ]{1,3} ?)?[0-9][0-9A-Za-zĐđ/\-.]*")


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
        for name, phrases in (*LABELS, ("", BOUNDS)):
            if (name in wanted) != claim:
                continue
            for phrase in phrases:
                pos, stop = find_label(text, phrase)
                if pos < 0 or (len(phrase) < SHORT_LABEL and pos != 0):
                    continue
                if any(s <= pos < e or pos <= s < stop for s, e, _ in found):
                    continue
                found.append((pos, stop, name))
                if name:
                    break  # a field's first label; every value-ending label counts
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


def _label_like(word: str) -> bool:
    """A word that may belong to a label: letters, no digits, not a dotted leader."""
    return (
        not _LEADER.search(word)
        and not any(ch.isdigit() for ch in word)
        and any(ch.isalpha() for ch in word)
    )


def _value_words(line: Line, start: int, end: int) -> tuple[int, int]:
    """Skip the label's tail or English half up to its colon; end before a later label."""
    for j in range(start, end):
        if _LEADER.search(line.folded[j]):
            end = j + 1  # the value stops at the dotted leader; OCR noise follows it
            break
    words = line.folded[start:end]
    colons = [j for j, w in enumerate(words) if w.endswith(":") and _label_like(w)]
    # The first colon closes this field's own label ("/ Full name:", "tên người được
    # cấp:"); a later one closes the next label on the line ("Nữ Quốc tịch / Nationality:"),
    # which the value never runs into.
    if colons:
        start = start + colons[0] + 1
        words = line.folded[start:end]
        later = [j for j, w in enumerate(words) if w.endswith(":") and _label_like(w)]
        if later:
            # A label no table knows: its English half after a "/" at least stays out
            # (a known one, "Quốc tịch", already ended the value at "Quốc").
            stop = later[0]
            slash = [j for j in range(stop) if words[j].startswith("/") or words[j].endswith("/")]
            end = start + (slash[-1] if slash else stop)
    while start < end and re.fullmatch(r"[:/.\-|]+", line.folded[start]):
        start += 1
    return start, end


def _house_number(line: Line, start: int) -> bool:
    """Whether a bare "Số 53" opens an address ("Số 53 Lê Lợi, Thị trấn Yên Định, …")."""
    label_end = line.folded[start - 1] if 0 < start <= len(line.folded) else ""
    return not label_end.endswith(":") and bool(_ADDRESS_UNIT.search(line.folded_text))


def _after_own_label(line: Line, field: str) -> tuple[int, int]:
    """The words of ``line`` after a label of ``field`` it opens with (all when none).

    A heading "1. Tên công ty" is followed by "Tên công ty viết bằng tiếng Việt: CÔNG TY
    …": the value under the heading still has a label of its own to skip.
    """
    text = line.folded_text
    for phrase in dict(LABELS).get(field, ()):
        pos, stop = find_label(text, phrase)
        if pos == 0:
            first = line.word_at(stop)
            if first < len(line.folded) and _word_start(line, first) < stop:
                first += 1
            return _value_words(line, first, len(line.words))
    return 0, len(line.words)


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
        if marks_missing(name):
            return name, _MARKS_MISSING_SURE  # kept as read; validation asks staff to look
        return name, 0.95 if corrected else 1.0
    if kind == "date":
        iso = parse_date(cleaned)
        return (iso, 1.0) if iso else (None, 0.0)
    if kind == "id":
        joined = _join_digit_gaps(cleaned)
        m = _ID_RUN.search(joined.translate(_ID_LOOKALIKES))
        if not m:
            return None, 0.0
        sure = 1.0 if len(m.group(1)) == 12 else 0.8
        if joined[m.start(1) : m.end(1)] != m.group(1):
            sure *= 0.9  # a look-alike letter was read as a digit: less sure
        return m.group(1), sure
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
    return _join_digit_gaps(text).translate(_ID_LOOKALIKES)


def _join_digit_gaps(text: str) -> str:
    return re.sub(r"(?<=[0-9OoIl§\]]) (?=[0-9OoIl§\]])", "", text)


def _field_value(lines: Sequence[Line], hit: _Hit, page: int) -> FieldValue | None:
    kind = FIELD_KINDS[hit.field]
    line = lines[hit.line]
    if hit.field == "document_number" and _house_number(line, hit.start):
        return None
    start, end = _value_words(line, hit.start, hit.end)
    candidates = [(hit.line, start, end)]
    # The value may sit under its label (the card prints "Họ và tên / Full name:" above),
    # when nothing or only a short English label without its colon ("Họ và tên/Full
    # name") follows the label, and the next line is not itself a labelled line.
    around = line.folded[max(0, hit.start - 1) : hit.start + 1]
    if hit.line + 1 < len(lines) and (
        start >= end
        or (
            end - start <= 3
            and any(w.startswith("/") or "/" in w[1:] for w in around)
            and not any(ch.isdigit() for w in line.folded[start:end] for ch in w)
        )
    ):
        nxt = lines[hit.line + 1]
        if start >= end or not starts_with_label(nxt):
            candidates.append((hit.line + 1, *_after_own_label(nxt, hit.field)))
    for at, a, b in candidates:
        if a >= b:
            continue
        cand = lines[at]
        words, boxes, confs = (
            list(cand.words[a:b]),
            list(cand.boxes[a:b]),
            list(cand.confidences[a:b]),
        )
        if hit.field in WRAPPING_FIELDS and b == len(cand.words):
            for tail in continuation(lines, at, a, has_label):
                words += tail.words
                boxes += tail.boxes
                confs += tail.confidences
        value, sure = _parse(kind, " ".join(words))
        if value is None:
            continue
        conf = sure * (sum(confs) / len(confs) if confs else 0.5)
        if kind == "name" and " ".join(words).isupper():
            value = _title_case_spelling(lines, value, conf / sure)
        if hit.field == "issuing_authority":
            value = authority_case(value)
        return FieldValue(value, round(conf, 3), "ocr", page, union_box(boxes))
    return None


def _title_case_spelling(lines: Sequence[Line], name: str, caps_conf: float) -> str:
    """The page's title-case spelling of a name printed in capitals, when it has one.

    OCR places the marks on capitals less surely ("NGUYỄN THỊ MỸ" for "My") than on
    lower-case letters, and forms often repeat the name in running text ("Xét đề nghị của
    ông/bà Nguyễn Thị My"): a title-case reading that folds alike and carries marks wins.
    """
    target = fold(name).split()
    n = len(target)
    for line in lines:
        for i in range(len(line.words) - n + 1):
            if list(line.folded[i : i + n]) != target:
                continue
            # Only a name in running text, after a form of address ("của ông/bà ..."):
            # a signature block's names are often in a script face OCR reads worse.
            if i == 0 or line.folded[i - 1].strip(":,") not in _ADDRESS:
                continue
            words = line.words[i : i + n]
            confs = line.confidences[i : i + n]
            if sum(confs) / n <= caps_conf:
                continue  # read less surely than the capitals (a signature's italics)
            if all(w[:1].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
                spelled = normalise_name(" ".join(words))
                if spelled != fold(spelled) and fold(spelled) == fold(name):
                    return correct_surname(spelled)[0]
    return name


def _same_reading(a: str, b: str) -> bool:
    """Two readings of one value that differ only in a digit or two (OCR's 6/8, 3/8, …)."""
    return len(a) == len(b) and 0 < sum(x != y for x, y in zip(a, b, strict=True)) <= 2


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
            # Dates and ID numbers stay wanted once read: a second reading may correct one.
            looking = {f for f in want if f not in out or FIELD_KINDS[f] in ("date", "id")}
            if section is not None and section not in out:
                looking |= {"full_name"}
            for found in _label_hits(line, index, looking):
                hit = found
                if hit.field == "full_name" and section is not None and "full_name" not in want:
                    hit = _Hit(section, hit.line, hit.start, hit.end)
                if hit.field in out and FIELD_KINDS[hit.field] not in ("date", "id"):
                    continue
                fv = _field_value(lines, hit, page.number)
                if fv is None:
                    continue
                first = out.get(hit.field)
                if first is None:
                    out[hit.field] = fv
                elif _same_reading(first.value, fv.value):
                    # A bilingual form prints the value twice ("Date of birth", "Ngày sinh");
                    # when the readings differ by a digit the surer one wins, but no surer
                    # than the weaker reading: the disagreement itself is worth a look.
                    kept = fv if fv.confidence > first.confidence else first
                    low = min(fv.confidence, first.confidence)
                    out[hit.field] = FieldValue(kept.value, low, kept.source, kept.page, kept.box)
        if "issue_date" in want:
            fv = issue_date_from_signature(lines, page.number)
            first = out.get("issue_date")
            if fv is not None and first is None:
                out["issue_date"] = fv
            elif fv is not None and first is not None and _same_reading(first.value, fv.value):
                # The date above the signature repeats the labelled one a digit apart (OCR's
                # 6/8): neither reading is surer, so the kept one is flagged as unsure.
                low = min(first.confidence, fv.confidence, 0.5)
                out["issue_date"] = FieldValue(
                    first.value, low, first.source, first.page, first.box
                )
        if "issuing_authority" in want and "issuing_authority" not in out:
            fv = authority_from_header(lines, page.number)
            if fv is not None:
                out["issuing_authority"] = fv
    return out


def folded_equal(a: str, b: str) -> bool:
    return fold(a) == fold(b)

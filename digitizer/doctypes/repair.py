"""Digit repairs a second reading proves: a date's year against the ID number or the register.

OCR confuses digits of like shape (6/8, 3/8, 5/6, 1/7). A date read with one such slip
still parses, so no format rule catches it; another field that carries the same digits
does. A repair is never silent: the value's confidence drops and a ``field_repaired``
notice names the field, so staff look at the paper.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from digitizer.doctypes.notices import WarningCode, notice
from digitizer.doctypes.text import fold
from digitizer.model import FieldValue, Notice, OcrPage

__all__ = ["REPAIRED_CONFIDENCE", "repair_fields"]

#: Ceiling of a repaired value's confidence: below what an unrepaired clean reading gets.
REPAIRED_CONFIDENCE = 0.6
# "Số: 66/2008", "Quyển số: 02/2008", "Số vào sổ cấp bằng: 7125/ĐHCQ-2010": a register
# number ends with the year of the register it was entered in, the year of issue.
_REGISTER = re.compile(r"^(quyen )?so\b[^:]{0,30}:\s*[0-9a-z./-]*?[/-]((?:19|20)[0-9]{2})\b")


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _with_year(fv: FieldValue, year: int) -> FieldValue | None:
    try:
        day = date.fromisoformat(fv.value).replace(year=year)
    except ValueError:
        return None
    return FieldValue(
        day.isoformat(), min(fv.confidence, REPAIRED_CONFIDENCE), fv.source, fv.page, fv.box
    )


def _birth_year_from_id(id_number: str) -> int | None:
    """The year of birth a 12-digit personal number encodes (century digit + two digits)."""
    if len(id_number) != 12 or not id_number.isdigit():
        return None
    century = 1900 + 100 * (int(id_number[3]) // 2)
    return century + int(id_number[4:6])


def _register_year(pages: Sequence[OcrPage]) -> int | None:
    """The one year the page's register numbers end with, or None (none, or several)."""
    years = set()
    for page in pages:
        for line in page.text.splitlines():
            m = _REGISTER.search(fold(line).strip())
            if m:
                years.add(int(m[2]))
    return years.pop() if len(years) == 1 else None


def repair_fields(
    fields: Mapping[str, FieldValue], pages: Sequence[OcrPage]
) -> tuple[dict[str, FieldValue], list[Notice]]:
    """``fields`` with OCR'd date years repaired where another reading proves the digit."""
    out = dict(fields)
    notes: list[Notice] = []

    def repair(name: str, proven: int | None) -> None:
        fv = out.get(name)
        if fv is None or proven is None or fv.source != "ocr":
            return
        read = fv.value[:4]
        if not _one_digit_apart(read, str(proven)):
            return
        fixed = _with_year(fv, proven)
        if fixed is not None:
            out[name] = fixed
            notes.append(notice(WarningCode.FIELD_REPAIRED, fv.page, name))

    id_fv = out.get("id_number")
    if id_fv is not None:
        repair("date_of_birth", _birth_year_from_id(id_fv.value))
    repair("issue_date", _register_year(pages))
    return out, notes

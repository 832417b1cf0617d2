"""Cross-checks of what was read on one paper: warnings with stable codes, never fixes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from digitizer.doctypes.labels import FIELD_KINDS
from digitizer.doctypes.normalise import marks_missing
from digitizer.doctypes.notices import WarningCode, notice
from digitizer.model import FieldValue, Notice

__all__ = [
    "PROVINCE_CODES",
    "add_months",
    "check_enterprise_code",
    "check_id_number",
    "validate_fields",
]

#: First three digits of a 12-digit personal ID number: the province of birth
#: registration (Circular 07/2016/TT-BCA; the 63 provinces before the 2025 merger).
PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
})  # fmt: skip
_ID_LENGTH = 12
_ENTERPRISE_LENGTHS = (10, 13)


def _century_digit(year: int, gender: str) -> int:
    # 0/1 for 1900-1999, 2/3 for 2000-2099, …; even male, odd female.
    return 2 * ((year // 100) - 19) + (1 if gender == "Nữ" else 0)


def check_id_number(
    id_number: str,
    date_of_birth: str | None = None,
    gender: str | None = None,
    page: int | None = None,
) -> list[Notice]:
    """The rules of a 12-digit personal ID number against the birth date and gender read."""
    if len(id_number) != _ID_LENGTH or not id_number.isdigit():
        return [notice(WarningCode.ID_NUMBER_FORMAT, page, "id_number")]
    out: list[Notice] = []
    if id_number[:3] not in PROVINCE_CODES:
        out.append(notice(WarningCode.ID_PROVINCE_UNKNOWN, page, "id_number"))
    digit = int(id_number[3])
    if gender in ("Nam", "Nữ") and digit % 2 != (1 if gender == "Nữ" else 0):
        out.append(notice(WarningCode.ID_GENDER_MISMATCH, page, "id_number/gender"))
    if date_of_birth:
        try:
            year = date.fromisoformat(date_of_birth).year
        except ValueError:
            year = None
        if year is not None:
            if digit // 2 != (year // 100) - 19:
                out.append(notice(WarningCode.ID_CENTURY_MISMATCH, page, "id_number/date_of_birth"))
            if id_number[4:6] != f"{year % 100:02d}":
                out.append(
                    notice(WarningCode.ID_BIRTH_YEAR_MISMATCH, page, "id_number/date_of_birth")
                )
    return out


def check_enterprise_code(code: str, page: int | None = None) -> list[Notice]:
    """An enterprise code has 10 digits, or 13 for a branch (10 + 3)."""
    if code.isdigit() and len(code) in _ENTERPRISE_LENGTHS:
        return []
    return [notice(WarningCode.ENTERPRISE_CODE_FORMAT, page, "enterprise_code")]


def _iso(fields: Mapping[str, FieldValue], name: str) -> date | None:
    fv = fields.get(name)
    if fv is None:
        return None
    try:
        return date.fromisoformat(fv.value)
    except ValueError:
        return None


def validate_fields(
    fields: Mapping[str, FieldValue],
    *,
    as_of: date | None = None,
    valid_months: int | None = None,
) -> list[Notice]:
    """Every cross-check that applies to the fields read from one document.

    ``as_of`` is the day validity is judged on (time is an input; None skips the check);
    ``valid_months`` is the catalogue's validity counted from the issue date.
    """
    out: list[Notice] = []
    id_fv = fields.get("id_number")
    if id_fv is not None:
        dob = fields.get("date_of_birth")
        gender = fields.get("gender")
        out += check_id_number(
            id_fv.value, dob.value if dob else None, gender.value if gender else None, id_fv.page
        )
    for name, fv in fields.items():
        # The MRZ spells names without marks by design; only a printed reading lost them.
        if FIELD_KINDS.get(name) == "name" and fv.source != "mrz" and marks_missing(fv.value):
            out.append(notice(WarningCode.NAME_DIACRITICS_MISSING, fv.page, name))
    ent = fields.get("enterprise_code")
    if ent is not None:
        out += check_enterprise_code(ent.value, ent.page)
    issue, expiry, birth = (
        _iso(fields, "issue_date"),
        _iso(fields, "expiry_date"),
        _iso(fields, "date_of_birth"),
    )
    if issue and expiry and expiry < issue:
        out.append(notice(WarningCode.EXPIRY_BEFORE_ISSUE, None, "expiry_date"))
    if issue and birth and issue < birth:
        out.append(notice(WarningCode.ISSUE_BEFORE_BIRTH, None, "issue_date"))
    if as_of is not None:
        last = expiry
        if last is None and issue is not None and valid_months:
            last = add_months(issue, valid_months)
        if last is not None and as_of > last:
            out.append(notice(WarningCode.DOCUMENT_EXPIRED, None, "expiry_date"))
    return out


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)

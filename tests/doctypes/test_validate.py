"""Each validation rule pinned: it warns with its stable code, never fixes the value."""

from __future__ import annotations

from datetime import date

from digitizer.doctypes import check_enterprise_code, check_id_number, validate_fields
from digitizer.model import FieldValue


def _codes(notices: list) -> set[str]:
    return {n.code for n in notices}


def test_consistent_id_number_gives_no_warning() -> None:
    # 079 = Hồ Chí Minh, 2 = male born 2000-2099, 03 = born 2003.
    assert check_id_number("079203012345", "2003-01-15", "Nam") == []
    # 001 = Hà Nội, 1 = female born 1900-1999, 85 = born 1985.
    assert check_id_number("001185000123", "1985-07-30", "Nữ") == []


def test_id_number_of_wrong_length_warns_format() -> None:
    assert _codes(check_id_number("07920301234")) == {"id_number_format"}
    assert _codes(check_id_number("07920301234X")) == {"id_number_format"}


def test_unknown_province_code_warns() -> None:
    assert _codes(check_id_number("003203012345", "2003-01-15", "Nam")) == {"id_province_unknown"}


def test_gender_digit_against_gender_read() -> None:
    assert _codes(check_id_number("079203012345", "2003-01-15", "Nữ")) == {"id_gender_mismatch"}
    assert _codes(check_id_number("079303012345", "2003-01-15", "Nam")) == {"id_gender_mismatch"}


def test_century_digit_against_year_of_birth() -> None:
    # Digit 0 says born 1900-1999, the paper says 2003.
    assert _codes(check_id_number("079003012345", "2003-01-15", "Nam")) == {"id_century_mismatch"}


def test_birth_year_digits_against_date_of_birth() -> None:
    assert _codes(check_id_number("079204012345", "2003-01-15", "Nam")) == {
        "id_birth_year_mismatch"
    }


def test_enterprise_code_has_ten_or_thirteen_digits() -> None:
    assert check_enterprise_code("0312345678") == []
    assert check_enterprise_code("0312345678001") == []
    assert _codes(check_enterprise_code("031234567")) == {"enterprise_code_format"}
    assert _codes(check_enterprise_code("03123456780")) == {"enterprise_code_format"}


def test_validate_fields_keeps_values_and_reports_every_rule() -> None:
    fields = {
        "id_number": FieldValue("079204012345", 0.9),
        "date_of_birth": FieldValue("2003-01-15", 0.9),
        "gender": FieldValue("Nữ", 0.9),
        "issue_date": FieldValue("2001-01-01", 0.9),
        "expiry_date": FieldValue("2000-01-01", 0.9),
    }
    before = dict(fields)
    codes = _codes(validate_fields(fields))
    assert codes == {
        "id_gender_mismatch",
        "id_birth_year_mismatch",
        "expiry_before_issue",
        "issue_before_birth",
    }
    assert fields == before  # warnings only, never silent fixes


def test_marital_status_paper_expires_six_months_after_issue() -> None:
    fields = {"issue_date": FieldValue("2025-01-10", 0.9)}
    assert validate_fields(fields, as_of=date(2025, 7, 10), valid_months=6) == []
    assert _codes(validate_fields(fields, as_of=date(2025, 7, 11), valid_months=6)) == {
        "document_expired"
    }


def test_every_warning_has_vietnamese_and_english_text() -> None:
    from digitizer.doctypes import WarningCode, english
    from digitizer.doctypes.notices import notice

    for code in WarningCode:
        assert notice(code).message
        assert english(code)

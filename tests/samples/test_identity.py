"""ID numbers, enterprise codes and dates agree with the facts they encode."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pytest

import samples
from samples.people import add_months, date_long, id_number_for, random_person
from samples.places import PROVINCE_CODES

KINDS_WITH_ID_AND_BIRTH = ("cccd", "khai_sinh", "xac_nhan_hon_nhan", "to_khai", "ho_chieu")


def _check_id(id_number: str, birth: dt.date, gender: str | None) -> None:
    assert len(id_number) == 12 and id_number.isdigit()
    assert 1 <= int(id_number[:3]) <= 96
    assert id_number[:3] in set(PROVINCE_CODES.values())
    century_digit = int(id_number[3])
    assert century_digit // 2 == birth.year // 100 - 19
    if gender is not None:
        assert century_digit % 2 == (0 if gender == "Nam" else 1)
    assert id_number[4:6] == f"{birth.year % 100:02d}"


def test_id_number_encodes_province_century_gender_and_year() -> None:
    assert id_number_for("Hồ Chí Minh", dt.date(2003, 5, 1), True, 12345) == "079203012345"
    assert id_number_for("Hà Nội", dt.date(1985, 1, 1), False, 7) == "001185000007"
    assert id_number_for("Cà Mau", dt.date(2100, 1, 1), True, 1)[3] == "4"


def test_random_people_have_id_numbers_matching_birth_gender_and_province() -> None:
    rng = random.Random(5)
    for _ in range(300):
        p = random_person(rng)
        _check_id(p.id_number, p.birth, p.gender)
        assert p.id_number[:3] == PROVINCE_CODES[p.birth_province]


@pytest.mark.parametrize("kind", KINDS_WITH_ID_AND_BIRTH)
def test_documents_carry_id_numbers_agreeing_with_birth_date_and_gender(kind: str) -> None:
    checked = 0
    for seed in range(20):
        doc = samples.make_document(kind, seed, "all")
        if "id_number" not in doc.fields:  # a birth certificate from before 2016
            assert kind == "khai_sinh" and doc.fields["issue_date"] < "2016"
            continue
        checked += 1
        birth = dt.date.fromisoformat(doc.fields["date_of_birth"])
        _check_id(doc.fields["id_number"], birth, doc.fields.get("gender"))
    assert checked >= 8


def test_enterprise_codes_have_ten_digits() -> None:
    for seed in range(20):
        code = samples.make_document("dang_ky_doanh_nghiep", seed).fields["enterprise_code"]
        assert len(code) == 10 and code.isdigit()


@pytest.mark.parametrize("kind", samples.KINDS)
def test_truth_is_nfc_with_iso_dates_and_known_field_names(kind: str) -> None:
    known = {
        "full_name", "id_number", "date_of_birth", "gender", "place_of_origin", "residence",
        "document_number", "issue_date", "expiry_date", "issuing_authority", "enterprise_code",
        "enterprise_name", "parcel_number", "map_sheet_number", "father_name", "mother_name",
        "husband_name", "wife_name",
    }  # fmt: skip
    for seed in range(3):
        doc = samples.make_document(kind, seed, "all")
        assert set(doc.fields) <= known
        for name, value in doc.fields.items():
            assert unicodedata.is_normalized("NFC", value)
            if name.endswith("_date") or name == "date_of_birth":
                dt.date.fromisoformat(value)
        for page in doc.pages:
            assert unicodedata.is_normalized("NFC", page)
        if "gender" in doc.fields:
            assert doc.fields["gender"] in {"Nam", "Nữ"}
        if "full_name" in doc.fields:
            assert doc.fields["full_name"] == doc.fields["full_name"].title()


def test_field_values_appear_on_the_page_as_printed() -> None:
    """Given a birth certificate, its ID number, name (in capitals) and birth date are in
    the page text, so the truth text and the fields describe the same paper."""
    doc = next(
        d for s in range(20) if "id_number" in (d := samples.make_document("khai_sinh", s)).fields
    )
    text = doc.pages[0]
    assert doc.fields["id_number"] in text
    assert doc.fields["full_name"].upper() in text
    y, m, d = doc.fields["date_of_birth"].split("-")
    assert f"{d}/{m}/{y}" in text


def test_long_dates_follow_the_decree_30_style() -> None:
    assert date_long(dt.date(2021, 3, 5)) == "ngày 05 tháng 3 năm 2021"
    assert date_long(dt.date(2021, 2, 15), place="Hà Nội") == "Hà Nội, ngày 15 tháng 02 năm 2021"


def test_marital_status_confirmation_expires_six_months_after_issue() -> None:
    for seed in range(10):
        f = samples.make_document("xac_nhan_hon_nhan", seed).fields
        issue, expiry = (
            dt.date.fromisoformat(f["issue_date"]),
            dt.date.fromisoformat(f["expiry_date"]),
        )
        months = (expiry.year - issue.year) * 12 + expiry.month - issue.month
        assert months == 6


def test_month_arithmetic_survives_29_february() -> None:
    assert add_months(dt.date(2016, 2, 29), -12 * 45) == dt.date(1971, 2, 28)
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)


@pytest.mark.parametrize("variant_set", ["train", "heldout"])
def test_every_kind_builds_for_many_seeds(variant_set: str) -> None:
    """No seed makes a builder fail (leap days, old cards, long addresses)."""
    for kind in samples.KINDS:
        for seed in range(20):
            doc = samples.make_document(kind, seed, variant_set)
            assert doc.pages and all(isinstance(p, str) for p in doc.pages)
    for seed in range(10):
        assert samples.make_dossier(seed, variant_set=variant_set).documents

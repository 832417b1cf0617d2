"""Dates to ISO from every Vietnamese written form; names NFC and cased; digits cleaned."""

from __future__ import annotations

import unicodedata

import pytest

from digitizer.doctypes import digits, normalise_gender, normalise_name, parse_date, parse_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ngày 05 tháng 3 năm 2021", "2021-03-05"),
        ("Hà Nội, ngày 5 tháng 03 năm 2021", "2021-03-05"),
        ("ngay 05 thang 3 nam 2021", "2021-03-05"),  # OCR lost the diacritics
        ("NGÀY 05 THÁNG 3 NĂM 2021", "2021-03-05"),
        ("05/03/2021", "2021-03-05"),
        ("05-03-2021", "2021-03-05"),
        ("5.3.2021", "2021-03-05"),
        ("Ngày sinh / Date of birth: 15/01/2003", "2003-01-15"),
        ("2021-03-05", "2021-03-05"),
        ("05032021", "2021-03-05"),  # the CCCD QR payload form
        ("O5/03/2O21", "2021-03-05"),  # OCR read zeros as O
    ],
)
def test_parse_date_gives_iso_from_vietnamese_forms(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["31/02/2021", "ngày 32 tháng 1 năm 2020", "không có ngày", ""])
def test_parse_date_refuses_impossible_or_absent_dates(text: str) -> None:
    assert parse_date(text) is None


def test_parse_dates_finds_every_date_in_order() -> None:
    text = "Cấp ngày 01/02/2020, có giá trị đến ngày 01 tháng 02 năm 2030"
    assert [iso for _, iso in parse_dates(text)] == ["2020-02-01", "2030-02-01"]


def test_normalise_name_is_nfc_and_title_cased() -> None:
    decomposed = unicodedata.normalize("NFD", "NGUYỄN THỊ  HỒNG-NHUNG")
    name = normalise_name(decomposed)
    assert name == "Nguyễn Thị Hồng-nhung" or name == "Nguyễn Thị Hồng-Nhung"
    assert unicodedata.is_normalized("NFC", name)
    assert normalise_name("  đặng văn  an.  ") == "Đặng Văn An"


def test_normalise_name_drops_digits_and_stray_marks() -> None:
    assert normalise_name("TRẦN | VĂN 3 BÌNH:") == "Trần Văn Bình"


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("Nam", "Nam"),
        ("Nữ", "Nữ"),
        ("nu", "Nữ"),
        ("Giới tính / Sex: Nữ", "Nữ"),
        ("Male", "Nam"),
        ("F", "Nữ"),
        ("khác", None),
    ],
)
def test_normalise_gender(text: str, gender: str | None) -> None:
    assert normalise_gender(text) == gender


def test_digits_maps_ocr_lookalikes() -> None:
    assert digits("O79 2O3 Ol2345") == "079203012345"

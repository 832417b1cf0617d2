"""Dates and names as the OCR really gives them, and the field defects found on the held-out set.

The lines are as Tesseract printed them on the benchmark's pages (names and numbers are
the generator's, not anyone's): the slips in them are OCR's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from digitizer.doctypes import analyse, default_classifier, load_catalogue
from digitizer.doctypes.authority import authority_case
from digitizer.doctypes.extract import extract_fields
from digitizer.doctypes.mrz import find_td1, find_td3, parse_td3
from digitizer.doctypes.names import reaccent, respell_names
from digitizer.doctypes.normalise import parse_date
from digitizer.doctypes.repair import REPAIRED_CONFIDENCE
from digitizer.model import Box, FieldValue, OcrPage, Word

_LINE = 45
_HEIGHT = 30


def _text_page(text: str) -> OcrPage:
    return OcrPage(1, text, (), 2480, 3508, 300.0, 0.9)


def _boxed_page(rows: list[tuple[int, str]]) -> OcrPage:
    """A page from (left edge, text) lines; each word 20 px a letter, 12 px apart."""
    words = []
    top = 200
    for line, (left, text) in enumerate(rows):
        x = left
        for word in text.split():
            words.append(Word(word, 0.9, Box(x, top, 20 * len(word), _HEIGHT), line))
            x += 20 * len(word) + 12
        top += _LINE
    return OcrPage(1, "\n".join(t for _, t in rows), tuple(words), 2480, 3508, 300.0, 0.9)


def _values(page: OcrPage, *wanted: str) -> dict[str, str]:
    return {k: v.value for k, v in extract_fields([page], wanted).items()}


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Ngày, tháng, năm đăng ký: ngày 0T tháng 01 năm 2023", "2023-01-01"),  # T for 1
        ("Hải Phòng, ngày 25 tháng TÌ năm 2020", "2020-11-25"),  # TÌ for 11
        ("Ba Đình, ngày 14 tháng II năm 2019", "2019-11-14"),
        ("Thừu Thiện Huế, ngày 01 tháng 01 VẤN năm 2014", "2014-01-01"),  # a speck word
        ("Đà Lạt, ngày 3] tháng 0] năm 2025", "2025-01-31"),
        ("Ngày, tháng, nắm đăng ký: ngay 22 thang 6 nam 2023", "2023-06-22"),
        ("ngày 2 4 tháng 6 năm 20 23", "2023-06-24"),  # split digits
    ],
)
def test_wordy_dates_with_ocr_slips(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Ngày sinh: 2 4/06/1998", "1998-06-24"),
        ("Có giá trị đến: 22/1 1/2034", "2034-11-22"),
        ("Ngày cấp: 05/03/20 21", "2021-03-05"),
        ("Ngày sinh: 0l/0l/2001", "2001-01-01"),
        ("Số 5 12/03/2020", "2020-03-12"),  # a number before the date is not its day
    ],
)
def test_numeric_dates_with_split_or_lookalike_digits(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["Châu Thành, ngày tháng 8 năm 2023", "Hà Nội, ngày 20 tháng năm 2017", "ngày 5 tháng 3"],
)
def test_a_date_missing_a_part_is_not_made_up(text: str) -> None:
    assert parse_date(text) is None


def test_signature_date_with_a_speck_word_is_the_issue_date() -> None:
    page = _text_page(
        "Có giá trị đến/Expires: 01/01/2024.\n"
        "Thừu Thiện Huế, ngày 01 tháng 01 VẤN năm 2014\n"
        "GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI."
    )
    assert _values(page, "issue_date")["issue_date"] == "2014-01-01"


def test_a_labelled_birth_date_line_is_no_signature_date() -> None:
    page = _text_page("Ngày sinh/Date of birth: 22/03/1967\nHạng/Class: B1")
    assert "issue_date" not in _values(page, "issue_date")


def test_signature_date_a_digit_off_the_labelled_one_flags_it_unsure() -> None:
    page = _text_page(
        "Ngày, tháng, năm đăng ký: ngày 06 tháng 10 năm 2014\n"
        "Chồng Vợ Hải Hậu, ngày 08 tháng 10 năm 2014"
    )
    fv = extract_fields([page], ("issue_date",))["issue_date"]
    assert fv.value == "2014-10-06" and fv.confidence <= 0.5


def test_passport_zone_line_that_lost_its_first_character_still_gives_checked_dates() -> None:
    text = (
        "Ngày sinh/Đate of birth: L02/2010\n"
        "P<VNMHOANG<<KIM<THAQ<<<<<<<\n"
        "3570229<0VNM1002115F3502099001310220500<<08"
    )
    assert find_td1(text) is None  # the passport's name line is no card's first line
    lines = find_td3(text)
    assert lines is not None
    fields = parse_td3(lines, 1).fields
    assert (fields["date_of_birth"].value, fields["date_of_birth"].confidence) == (
        "2010-02-11",
        0.99,
    )
    assert fields["expiry_date"].value == "2035-02-09"
    assert fields["document_number"].confidence < 0.9  # its first character was lost


# -- names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "spelled"),
    [
        ("Nguyễn Đức Tuần", "Nguyễn Đức Tuấn"),  # "Tuần" (week) is no given name
        ("Nguyễn Hông Hương", "Nguyễn Hồng Hương"),
        ("Trần Thanh Yên", "Trần Thanh Yến"),
    ],
)
def test_a_syllable_no_name_carries_takes_the_one_name_it_fits(read: str, spelled: str) -> None:
    assert reaccent(read) == (spelled, True)


@pytest.mark.parametrize(
    "read",
    [
        "Lê Hồng Chỉ",  # fits Chi and Chí: ambiguous, left as read
        "Lê Đinh Hai",  # Đinh fits Định and Đình; Hai has no marks to judge
        "Nguyen Duc Tuan",  # no marks at all: nothing to go on
        "Phạm Thị Hoà",  # the old mark placement of Hòa: the same reading
        "Nguyễn Văn An",
    ],
)
def test_a_name_is_left_as_read_unless_one_spelling_fits(read: str) -> None:
    assert reaccent(read) == (read, False)


def test_reaccented_name_is_less_sure_and_carries_a_notice() -> None:
    fields = {"full_name": FieldValue("Đặng Đình Tuần", 0.92, "ocr", 1, None)}
    out, notes = respell_names(fields, [_text_page("Cho: Ông Đặng Đình Tuần")])
    assert out["full_name"].value == "Đặng Đình Tuấn"
    assert out["full_name"].confidence <= REPAIRED_CONFIDENCE
    assert [n.code for n in notes] == ["name_reaccented"]


def test_mrz_name_takes_its_marks_from_the_printed_name() -> None:
    # The label line was lost ("Họ và name:"), so only the MRZ gave the name.
    page = _text_page("Họ và name:\nNGUYÊN ĐỨC TUẦN\nP<VNMNGUYEN<<DUC<TUAN<<<<<<<<<<<<<<<<<<<<<<<")
    fields = {"full_name": FieldValue("Nguyen Duc Tuan", 0.99, "mrz", 1, None)}
    out, _ = respell_names(fields, [page])
    assert (out["full_name"].value, out["full_name"].source) == ("Nguyễn Đức Tuấn", "ocr")


# -- authority, enterprise name, document number, unknown labels ----------------------


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("BỘ CÔNG AN", "Bộ Công an"),
        ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH AN GIANG", "Sở Tài nguyên và Môi trường Tỉnh An Giang"),
        ("ỦY BAN NHÂN DÂN PHƯỜNG BẾN NGHÉ", "Ủy ban nhân dân Phường Bến Nghé"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TU", "Sở Kế hoạch và Đầu tư"),
        ("UBND XÃ TÂN LẬP", "UBND Xã Tân Lập"),
        ("Công an Quận Lê Chân", "Công an Quận Lê Chân"),  # printed in mixed case: kept
    ],
)
def test_authority_in_capitals_is_stored_in_the_usual_case(printed: str, stored: str) -> None:
    assert authority_case(printed) == stored


def test_header_authority_does_not_take_the_title_under_it() -> None:
    page = _text_page(
        "PHÒNG ĐĂNG KÝ KINH DOANH\n"
        "GIẦY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP\n"
        "Mã số doanh nghiệp: 0395285626"
    )
    assert _values(page, "issuing_authority")["issuing_authority"] == "Phòng Đăng ký kinh doanh"


@pytest.mark.parametrize("colon", [":", ""])
def test_enterprise_name_under_a_heading_leaves_its_own_label(colon: str) -> None:
    page = _text_page(
        "1. Tên công ty\n"
        f"Tên công ty viết bằng tiếng Việt{colon} CÔNG TY TNHH ĐẦU TƯ THÀNH ĐẠT\n"
        "Tên công ty viết bằng tiếng nước ngoài: THANH DAT INVESTMENT COMPANY"
    )
    got = _values(page, "enterprise_name")["enterprise_name"]
    assert got == "CÔNG TY TNHH ĐẦU TƯ THÀNH ĐẠT"


def test_driving_licence_number_is_not_a_house_number() -> None:
    page = _text_page(
        "GIẦY PHÉP LÁI XE / DRIVER'S LICENSE\n658173687471\n"
        "Họ tên/Full name: PHAN BÍCH LOAN\nNơi cư trú/Address:\n"
        "Số 53 Lê Lợi, Thị trấn Yên Định, Huyện Hải Hậu, Tỉnh Nam Định"
    )
    assert "document_number" not in _values(page, "document_number")
    assert _values(_text_page("Số: 260/2024"), "document_number") == {"document_number": "260/2024"}


def test_a_line_with_a_label_no_table_knows_is_no_values_tail() -> None:
    page = _boxed_page(
        [
            (200, "Nơi cư trú/Address:"),
            (200, "Số 5 Lê Duẩn, Phường Mỹ Bình, Thành phố Long Xuyên, Tỉnh An"),
            (200, "Hạng/Class: B1"),
        ]
    )
    got = _values(page, "residence")["residence"]
    assert got == "Số 5 Lê Duẩn, Phường Mỹ Bình, Thành phố Long Xuyên, Tỉnh An"


def test_analyse_judges_validity_on_the_day_it_is_given() -> None:
    text = (
        "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\n"
        "Họ, chữ đệm, tên: NGUYỄN VĂN AN\n"
        "Ngày, tháng, năm sinh: 14/05/1982\n"
        "Tình trạng hôn nhân: Hiện tại chưa đăng ký kết hôn với ai.\n"
        "Giấy này có giá trị 6 tháng kể từ ngày cấp.\n"
        "Hà Nội, ngày 10 tháng 1 năm 2025"
    )
    clf = default_classifier(load_catalogue(use_env=False))
    pages = [OcrPage(1, text, (), 2480, 3508, 300.0, 0.9)]
    (span,) = analyse(pages, classifier=clf, as_of=date(2025, 8, 1))
    assert span.doc_type == "xac_nhan_hon_nhan"
    assert "document_expired" in {n.code for n in span.warnings}
    (fresh,) = analyse(pages, classifier=clf, as_of=date(2025, 3, 1))
    assert "document_expired" not in {n.code for n in fresh.warnings}

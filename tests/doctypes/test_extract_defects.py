"""The reviewer's three extraction defects, pinned on realistic OCR lines.

Gender read from the label after it, values cut at a line wrap, and names whose family
name alone was re-accented. The lines are as Tesseract prints a chip ID card and the
generator's forms (names and numbers are the generator's, not anyone's).
"""

from __future__ import annotations

import pytest

from digitizer.doctypes import validate_fields
from digitizer.doctypes.extract import extract_fields
from digitizer.doctypes.normalise import correct_surname, marks_missing
from digitizer.model import Box, FieldValue, OcrPage, Word

_LINE = 45  # pixels from one line's top to the next at 300 dpi
_HEIGHT = 30


def _text_page(text: str) -> OcrPage:
    """A page as a text layer: one line per line, no word boxes."""
    return OcrPage(1, text, (), 2480, 3508, 300.0, 0.9)


def _boxed_page(rows: list[tuple[int, str]], gap: dict[int, int] | None = None) -> OcrPage:
    """A page from (left edge, text) lines; each word 20 px a letter, 12 px apart."""
    words = []
    top = 200
    for line, (left, text) in enumerate(rows):
        top += (gap or {}).get(line, 0)
        x = left
        for word in text.split():
            words.append(Word(word, 0.9, Box(x, top, 20 * len(word), _HEIGHT), line))
            x += 20 * len(word) + 12
        top += _LINE
    text = "\n".join(t for _, t in rows)
    return OcrPage(1, text, tuple(words), 2480, 3508, 300.0, 0.9)


def _values(page: OcrPage, *wanted: str) -> dict[str, str]:
    return {k: v.value for k, v in extract_fields([page], wanted).items()}


# -- 1. a value runs from its label to the next label on the line ---------------------


@pytest.mark.parametrize(
    ("line", "gender"),
    [
        ("Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam", "Nữ"),
        ("Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam", "Nam"),
        ("Quốc tịch / Nationality: Việt Nam Giới tính / Sex: Nữ", "Nữ"),
        ("Giới tính: Nữ Quốc tịch: Việt Nam", "Nữ"),
        ("Gioi tinh/Sex: Nữ Quoc tich/Nationality: Viet Nam", "Nữ"),
        ("Giới tính/ Sex: NỮ Quốc tịch/ Nationality: Việt Nam", "Nữ"),
        ("Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam", "Nữ"),
    ],
)
def test_gender_is_read_after_its_own_label_not_after_nationality(line: str, gender: str) -> None:
    assert _values(_text_page(line), "gender")["gender"] == gender


def test_value_stops_at_a_known_label_that_no_field_reads() -> None:
    page = _text_page("Nơi cư trú: Thôn 3, Xã An Hòa Dân tộc: Kinh")
    assert _values(page, "residence")["residence"] == "Thôn 3, Xã An Hòa"


def test_a_label_tail_before_the_colon_is_still_skipped() -> None:
    page = _text_page("Họ, chữ đệm, tên người được cấp: NGUYỄN VĂN AN")
    assert _values(page, "full_name")["full_name"] == "Nguyễn Văn An"


def test_the_chip_card_front_reads_female_and_warns_of_no_gender_mismatch() -> None:
    page = _boxed_page(
        [
            (900, "Số / No.: 091306656408"),
            (900, "Họ và tên / Full name:"),
            (900, "NGUYỄN MỸ HUYỀN"),
            (900, "Ngày sinh / Date of birth: 18/11/2006"),
            (900, "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"),
        ]
    )
    fields = extract_fields([page], ("id_number", "full_name", "date_of_birth", "gender"))
    assert fields["gender"].value == "Nữ"
    assert "id_gender_mismatch" not in {n.code for n in validate_fields(fields)}


# -- 2. an address or authority that wraps onto the next line -------------------------

_CARD_RESIDENCE = [
    (900, "Nơi thường trú / Place of residence:"),
    (900, "Số 208 Phan Chu Trinh, Phường Tân Lợi, Thành phố Buôn"),
    (900, "Ma Thuột, Tỉnh Đắk Lắk"),
]


def test_residence_under_its_label_continues_onto_the_wrapped_line() -> None:
    got = _values(_boxed_page(_CARD_RESIDENCE), "residence")["residence"]
    assert got == "Số 208 Phan Chu Trinh, Phường Tân Lợi, Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk"


def test_wrapped_value_box_covers_both_lines() -> None:
    fv = extract_fields([_boxed_page(_CARD_RESIDENCE)], ("residence",))["residence"]
    assert fv.box is not None and fv.box.height > _LINE


def test_residence_after_its_label_continues_under_the_value() -> None:
    label = "Nơi cư trú: "
    value_left = 200 + sum(20 * len(w) + 12 for w in label.split())  # under "Số"
    page = _boxed_page(
        [
            (200, label + "Số 12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí"),
            (value_left, "Minh"),
        ]
    )
    got = _values(page, "residence")["residence"]
    assert got == "Số 12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"


def test_issuing_authority_continues_onto_the_wrapped_line() -> None:
    page = _boxed_page(
        [
            (200, "Nơi cấp: Công an Quận Lê Chân, Thành"),
            (200, "phố Hải Phòng"),
            (1400, "Hải Phòng, ngày 05 tháng 3 năm 2021"),
        ]
    )
    got = _values(page, "issuing_authority")["issuing_authority"]
    assert got == "Công an Quận Lê Chân, Thành phố Hải Phòng"


@pytest.mark.parametrize(
    ("rows", "gap"),
    [
        # the next line has a label of its own
        ([(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (200, "Nơi thường trú: Số 5 Lê Lợi")], {}),
        # a line further right than the value's start: another column, not the tail
        ([(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (1500, "Tỉnh Kiên Giang")], {}),
        # a line far below: a new block
        ([(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (200, "Tỉnh Kiên Giang")], {1: 120}),
        # the place-and-date line of a signature block
        (
            [(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (200, "Huế, ngày 05 tháng 3 năm 2021")],
            {},
        ),
        # a signature title in capitals under a mixed-case value
        ([(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (200, "GIÁM ĐỐC")], {}),
        # a form's bracketed hint
        ([(200, "Quê quán: Xã Hòa Bình, Huyện Phú Lộc"), (200, "(Ký, ghi rõ họ tên)")], {}),
    ],
)
def test_a_line_that_is_not_the_values_tail_is_not_taken(
    rows: list[tuple[int, str]], gap: dict[int, int]
) -> None:
    got = _values(_boxed_page(rows, gap), "place_of_origin")["place_of_origin"]
    assert got == "Xã Hòa Bình, Huyện Phú Lộc"


def test_a_value_ended_by_another_label_does_not_wrap() -> None:
    page = _boxed_page([(200, "Quê quán: Xã Hòa Bình Dân tộc: Kinh"), (200, "Tỉnh Kiên Giang")])
    assert _values(page, "place_of_origin")["place_of_origin"] == "Xã Hòa Bình"


def test_a_name_does_not_wrap() -> None:
    page = _boxed_page([(200, "Họ và tên: NGUYỄN VĂN AN"), (200, "BÌNH")])
    assert _values(page, "full_name")["full_name"] == "Nguyễn Văn An"


def test_without_word_boxes_the_layout_is_unknown_and_nothing_is_joined() -> None:
    page = _text_page("Nơi cấp: Công an Quận Lê Chân, Thành\nphố Hải Phòng")
    assert _values(page, "issuing_authority")["issuing_authority"] == "Công an Quận Lê Chân, Thành"


# -- 3. a name read without any marks is not half re-accented -------------------------


def test_name_read_without_marks_keeps_its_spelling() -> None:
    assert correct_surname("Nguyen My Huyen") == ("Nguyen My Huyen", False)
    assert marks_missing("Nguyen My Huyen")


def test_surname_with_a_wrong_mark_is_still_corrected() -> None:
    assert correct_surname("Nguyên Văn An") == ("Nguyễn Văn An", True)
    assert correct_surname("Trấn Thị Bình") == ("Trần Thị Bình", True)
    assert not marks_missing("Nguyễn Văn An")


def test_a_name_whose_family_name_has_no_marks_is_not_flagged() -> None:
    assert not marks_missing("Mai Lan Anh")
    assert not marks_missing("Ngô Lan Anh")


def test_name_read_without_marks_is_less_sure_and_warns_staff() -> None:
    page = _boxed_page([(900, "Họ và tên / Full name:"), (900, "NGUYEN MY HUYEN")])
    fields = extract_fields([page], ("full_name",))
    assert fields["full_name"].value == "Nguyen My Huyen"
    assert fields["full_name"].confidence <= 0.7 * 0.9 + 1e-9
    notices = validate_fields(fields)
    assert [(n.code, n.message.endswith("(full_name)")) for n in notices] == [
        ("name_diacritics_missing", True)
    ]


def test_name_with_marks_gives_no_diacritics_warning() -> None:
    fields = {"full_name": FieldValue("Nguyễn Mỹ Huyền", 0.9, "ocr", 1, None)}
    assert validate_fields(fields) == []


def test_mrz_name_without_marks_gives_no_diacritics_warning() -> None:
    fields = {"full_name": FieldValue("Nguyen My Huyen", 0.9, "mrz", 2, None)}
    assert validate_fields(fields) == []

"""Each class of extraction miss found on the held-out benchmark, pinned on realistic OCR lines.

The lines are as Tesseract printed them on the benchmark's pages (names and numbers are
the generator's, not anyone's): the slips in them are OCR's own.
"""

from __future__ import annotations

from digitizer.doctypes.extract import extract_fields
from digitizer.doctypes.lines import page_lines
from digitizer.doctypes.mrz import find_td1, find_td3, parse_td1, parse_td3
from digitizer.doctypes.normalise import parse_date
from digitizer.doctypes.repair import REPAIRED_CONFIDENCE, repair_fields
from digitizer.model import Box, FieldValue, OcrPage, Word

CCCD_FIELDS = (
    "full_name", "id_number", "date_of_birth", "gender", "place_of_origin", "residence",
    "issue_date", "expiry_date", "issuing_authority",
)  # fmt: skip


def _page(text: str) -> OcrPage:
    """A page as a text layer: one line per line, no word boxes."""
    return OcrPage(1, text, (), 2480, 3508, 300.0, 0.9)


def _page_of_words(rows: list[list[tuple[str, float, int, int]]]) -> OcrPage:
    """A page from (text, confidence, left, top) words, one list per line."""
    words = tuple(
        Word(text, conf, Box(left, top, 40, 30), line)
        for line, row in enumerate(rows)
        for text, conf, left, top in row
    )
    text = "\n".join(" ".join(w[0] for w in row) for row in rows)
    return OcrPage(1, text, words, 2480, 3508, 300.0, 0.9)


def _values(text: str, wanted: tuple[str, ...]) -> dict[str, str]:
    return {k: v.value for k, v in extract_fields([_page(text)], wanted).items()}


def test_label_inside_a_name_is_not_a_label() -> None:
    # "nguyen quan" (place of origin) once matched inside "NGUYỄN QUANG" and cut the name.
    text = "Họ, chữ đệm, tên: NGUYỄN QUANG TOÀN\nNgày, tháng, năm sinh: 24/06/1998"
    got = _values(text, ("full_name", "date_of_birth", "place_of_origin"))
    assert got["full_name"] == "Nguyễn Quang Toàn"
    assert "place_of_origin" not in got


def test_bilingual_label_without_colon_takes_the_value_on_the_next_line() -> None:
    text = "Họ và tên/Full name\nPHAN THỊ HÀ\nQuốc tịch/Nationality: VIỆT NAM"
    assert _values(text, ("full_name",))["full_name"] == "Phan Thị Hà"


def test_next_line_is_not_taken_when_it_is_another_labelled_line() -> None:
    text = "Số định dạnh cá\nnhân: 0400900530gs\nNơi cư trú: Số 1"
    assert "document_number" not in _values(text, ("document_number",))


def test_label_with_a_dot_for_its_comma_still_matches() -> None:
    text = "Họ, chữ đệm. tên: PHAN ĐỨC TÀI\nNgày. tháng, năm sinh: 10/11/1996"
    got = _values(text, ("full_name", "date_of_birth"))
    assert got == {"full_name": "Phan Đức Tài", "date_of_birth": "1996-11-10"}


def test_title_case_name_in_running_text_beats_the_capitals() -> None:
    # OCR put a tilde on the capital Y; the same name in running text has it right.
    lines = [
        ("Xét đề nghị của ông/bà Nguyễn Thị My về việc xác nhận tình trạng hôn nhân,", 0.96),
        ("XÁC NHẬN:", 0.95),
        ("Họ, chữ đệm, tên: NGUYỄN THỊ MỸ", 0.83),  # the marks on capitals read less surely
        ("Ngày, tháng, năm sinh: 14/05/1982", 0.96),
    ]
    page = _page_of_words(
        [
            [(w, conf, 100 * i, 100 * n) for i, w in enumerate(t.split())]
            for n, (t, conf) in enumerate(lines)
        ]
    )
    assert extract_fields([page], ("full_name",))["full_name"].value == "Nguyễn Thị My"


def test_signature_block_names_do_not_replace_the_capitals() -> None:
    text = (
        "Họ, chữ đệm, tên: LÊ ĐÌNH TUẤN\nNgày, tháng, năm sinh: 30/05/2001\n"
        "Chồng Vợ\nLê Đình Tuân Nguyên Mỹ Hãng"
    )
    assert _values(text, ("full_name",))["full_name"] == "Lê Đình Tuấn"


def test_two_readings_of_a_date_a_digit_apart_keep_the_surer_one() -> None:
    page = _page_of_words(
        [
            [("Date", 0.92, 100, 100), ("of", 0.93, 200, 100), ("birth:", 0.91, 260, 100),
             ("26/09/1962", 0.82, 400, 100)],
            [("Cho:", 0.96, 100, 200), ("Bà", 0.96, 200, 200), ("Trần", 0.9, 260, 200),
             ("Bích", 0.9, 330, 200), ("Mai", 0.9, 400, 200)],
            [("Ngày", 0.93, 100, 300), ("sinh:", 0.96, 200, 300),
             ("26/09/1982", 0.93, 300, 300)],
        ]
    )  # fmt: skip
    got = extract_fields([page], ("full_name", "date_of_birth"))
    assert got["date_of_birth"].value == "1982-09-26"
    assert got["date_of_birth"].confidence <= 0.82  # no surer than the reading it overruled


def test_words_of_a_page_turned_upright_keep_recognition_order() -> None:
    # Boxes in the sideways scan's frame: a line runs downwards, its lefts jitter.
    words = tuple(
        Word(t, 0.9, Box(left, top, 20, 40), 0)
        for t, left, top in [("Số", 2790, 433), ("định", 2785, 461), ("danh", 2787, 505),
                             ("cá", 2786, 553), ("nhân:", 2783, 579)]
    )  # fmt: skip
    page = OcrPage(1, "Số định danh cá nhân:", words, 3484, 2490, 300.0, 0.9)
    assert page_lines(page)[0].text == "Số định danh cá nhân:"


def test_card_birth_registration_place_is_place_of_origin_and_authority_at_the_foot() -> None:
    text = (
        "CĂN CƯỚC\nIDENTITY CARD\n"
        "Số định danh cá nhân/Personal identification number:\n034074403030\n"
        "Họ, chữ đệm và tên khai sinh/Full name:\nPHẠM VĂN TRUNG\n"
        "Nơi đăng ký khai sinh/Place of birth:\nXã Song Lãng, Huyện Vũ Thư, Tỉnh Thái Bình\n"
        "BỘ CÔNG AN\nTDVNM0744030305034074403030<<<"
    )
    got = _values(text, CCCD_FIELDS)
    assert got["place_of_origin"] == "Xã Song Lãng, Huyện Vũ Thư, Tỉnh Thái Bình"
    assert got["issuing_authority"] == "Bộ Công an"
    assert got["id_number"] == "034074403030"


def test_dates_with_ocr_specks_and_bracket_ones_parse() -> None:
    assert parse_date("Hải Hậu, ngày 04 tháng 5 năm 202]") == "2021-05-04"
    assert parse_date("Đà Nẵng, ngày 20 tháng 5Š năm 2010") == "2010-05-20"
    assert parse_date("Đà Lạt, ngày 3] tháng 0] năm 2025") == "2025-01-31"


def test_signature_date_with_a_bracket_one_is_the_issue_date() -> None:
    text = "Giấy này có giá trị 06 tháng kể từ ngày cấp.\nĐà Lạt, ngày 3] tháng 0] năm 2025"
    assert _values(text, ("issue_date",))["issue_date"] == "2025-01-31"


def test_td1_without_its_name_line_still_gives_checked_dates() -> None:
    text = "BỘ CÔNG AN\nTDVNM0744030305034074403030<<<\n7412017M3412019VNÑM<<<<<<<<<<<6\nPHAM<"
    lines = find_td1(text)
    assert lines is not None
    fields = parse_td1(lines, 1).fields
    assert fields["date_of_birth"].value == "1974-12-01"
    assert fields["expiry_date"].value == "2034-12-01"
    assert fields["expiry_date"].confidence == 0.99  # its own check digit holds
    assert "full_name" not in fields


def test_td3_with_a_garbled_name_line_still_gives_id_and_birth() -> None:
    text = "P<VNMHOANG<<KTM<THÀO<<\nC3570229<0VNM1002115F3502099001310220500<<08"
    lines = find_td3(text)
    assert lines is not None
    fields = parse_td3(lines, 1).fields
    assert fields["id_number"].value == "001310220500"
    assert fields["id_number"].confidence == 0.99
    assert fields["date_of_birth"].value == "2010-02-11"
    assert "full_name" not in fields


def test_birth_year_one_digit_off_the_id_number_is_repaired_with_a_notice() -> None:
    fields = {
        "id_number": FieldValue("048080699509", 0.95, "ocr", 1),
        "date_of_birth": FieldValue("1950-10-03", 0.67, "ocr", 1),
    }
    out, notes = repair_fields(fields, [_page("")])
    assert out["date_of_birth"].value == "1980-10-03"
    assert out["date_of_birth"].confidence <= REPAIRED_CONFIDENCE
    assert [n.code for n in notes] == ["field_repaired"]
    assert "date_of_birth" in notes[0].message


def test_birth_year_two_digits_off_is_left_for_validation() -> None:
    fields = {
        "id_number": FieldValue("048080699509", 0.95, "ocr", 1),
        "date_of_birth": FieldValue("1962-10-03", 0.9, "ocr", 1),
    }
    out, notes = repair_fields(fields, [_page("")])
    assert out == fields and notes == []


def test_issue_year_one_digit_off_the_register_number_is_repaired() -> None:
    page = _page(
        "Số: 66/2008\nQuyển số: 02/2008\nGIẤY KHAI SINH\nTân Lập, ngày 20 tháng 5 năm 2006"
    )
    fields = {"issue_date": FieldValue("2006-05-20", 0.7, "ocr", 1)}
    out, notes = repair_fields(fields, [page])
    assert out["issue_date"].value == "2008-05-20"
    assert [n.code for n in notes] == ["field_repaired"]


def test_machine_read_dates_are_never_repaired() -> None:
    fields = {
        "id_number": FieldValue("048080699509", 0.99, "qr", 1),
        "date_of_birth": FieldValue("1950-10-03", 0.99, "qr", 1),
    }
    out, notes = repair_fields(fields, [_page("")])
    assert out == fields and notes == []


def test_expiry_label_without_den_and_a_split_month_still_read() -> None:
    # "Có giá trị đến" read as "Cò giá trị", and the "11" of the month split in two.
    text = "Hạng/Class: B\nCò giá trị 22/1 1/2034\nCỘNG HÒA XHCN VIỆT NAM"
    assert _values(text, ("expiry_date",))["expiry_date"] == "2034-11-22"


def test_validity_sentence_is_no_expiry_date() -> None:
    text = "Giấy này có giá trị 06 tháng kể từ ngày cấp.\nBa Đình, ngày 20 tháng 5 năm 2019"
    got = _values(text, ("issue_date", "expiry_date"))
    assert got == {"issue_date": "2019-05-20"}


def test_id_number_ending_in_a_bracket_one_is_read_less_surely() -> None:
    text = "Bà: NGUYỄN THU HOA, Năm sinh: 1954\nSố định danh cá nhân: 06615497529]"
    got = extract_fields([_page(text)], ("full_name", "id_number"))
    assert got["id_number"].value == "066154975291"
    clean = extract_fields([_page(text.replace("]", "1"))], ("id_number",))["id_number"]
    assert got["id_number"].confidence < clean.confidence

"""The ID card's MRZ (ICAO 9303 TD1): check digits and fields."""

from __future__ import annotations

from digitizer.doctypes.mrz import check_digit, find_td1, find_td3, parse_td1, parse_td3

# A TD1 zone as printed on the back of a Vietnamese chip-based card.
LINES = (
    "IDVNM2030123450079203012345<<<",
    "0301154M4301152VNM<<<<<<<<<<<4",
    "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
)


def test_check_digit_follows_icao_9303() -> None:
    # The ICAO 9303 part 3 worked example.
    assert check_digit("520727") == "3"
    assert check_digit("L898902C<") == "3"


def test_td1_fields_with_good_check_digits() -> None:
    result = parse_td1(LINES, page=2)
    assert result.checks_ok
    values = {k: v.value for k, v in result.fields.items()}
    assert values == {
        "id_number": "079203012345",
        "document_number": "203012345",
        "date_of_birth": "2003-01-15",
        "expiry_date": "2043-01-15",
        "gender": "Nam",
        "full_name": "Nguyen Van An",
    }
    assert all(v.source == "mrz" and v.page == 2 for v in result.fields.values())


def test_a_misread_digit_fails_the_check_and_lowers_confidence() -> None:
    bad = (LINES[0], "0301164M4301152VNM<<<<<<<<<<<4", LINES[2])
    result = parse_td1(bad)
    assert not result.checks_ok
    assert result.fields["date_of_birth"].confidence < 0.9


def test_find_td1_in_ocr_text_tolerates_spaces_and_lookalike_fillers() -> None:
    text = "ĐẶC ĐIỂM NHÂN DẠNG\nIDVNM2030123450079203012345«<<\n0301154M4301152VNM <<<<<<<<<<<4\n"
    text += "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<\n"
    assert find_td1(text) == LINES


def test_td1_read_with_ocr_slips_is_repaired_where_only_digits_can_stand() -> None:
    # OCR read the leading I as T and two zeros as O; the check digits still hold after repair.
    text = "TDVNM2O30123450079203012345<<<\n03O1154M4301152VNM<<<<<<<<<<<4\n" + LINES[2]
    found = find_td1(text)
    assert found == LINES
    assert parse_td1(found).checks_ok


def test_a_photo_read_card_zone_is_repaired_by_its_own_check_digits() -> None:
    """Given the zone of a phone photo of a card's back as OCR read it (the document
    number's two zeros read as 6, a round 0 read as "@"), when found and parsed, then the
    document number comes from the personal number beside it, the "@" keeps its column,
    and every check digit holds."""
    text = (
        "TDVNM3666564686091306656408<<<\n"
        "@611187F3111183VNM<<<<<<<<<<<0\n"
        "NGUYEN<<MY<HUYEN<<<<<<<<<<<<<<\n"
    )
    found = find_td1(text)
    assert found is not None

    result = parse_td1(found)

    assert result.checks_ok
    values = {k: v.value for k, v in result.fields.items()}
    assert values["document_number"] == "306656408"
    assert values["id_number"] == "091306656408"
    assert values["date_of_birth"] == "2006-11-18"
    assert values["expiry_date"] == "2031-11-18"


def test_a_personal_number_that_fails_the_check_digit_repairs_nothing() -> None:
    # The document number is wrong, and so is the personal number's tail: nothing to trust.
    l1 = "IDVNM2030123460079203012346<<<"
    result = parse_td1((l1, LINES[1], LINES[2]))
    assert not result.checks_ok
    assert result.fields["document_number"].value == "203012346"
    assert result.fields["document_number"].confidence < 0.9


def test_passport_td3_gives_number_id_and_dates() -> None:
    text = (
        "HỘ CHIẾU / PASSPORT\n"
        "P<VNMNGUYEN<<HOANG<TUAN<<<<<<<<<<<<<<<<<<<<<\n"
        "C5555172<0VNM1211137M3008225034212349739<<16\n"
    )
    found = find_td3(text)
    assert found is not None
    result = parse_td3(found, page=1)
    assert result.checks_ok
    assert {k: v.value for k, v in result.fields.items()} == {
        "document_number": "C5555172",
        "date_of_birth": "2012-11-13",
        "expiry_date": "2030-08-22",
        "id_number": "034212349739",
        "gender": "Nam",
        "full_name": "Nguyen Hoang Tuan",
    }

"""The CCCD's MRZ and QR code, and the passport's MRZ, are valid and agree with the fields."""

from __future__ import annotations

import datetime as dt

import cv2
import numpy as np
import pytest

import samples
from samples.machine import check_digit, mrz_td1, qr_payload
from samples.ops import Embed, Graphic, PageLayout


def test_check_digit_matches_the_icao_9303_specimens() -> None:
    # ICAO Doc 9303 part 5 (TD1) specimen: document number, birth, expiry, composite.
    assert check_digit("D23145890") == "7"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    line1, line2 = "I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6"
    assert check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]) == line2[29]
    # Part 4 (TD3) specimen.
    td3 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    assert check_digit(td3[0:9]) == td3[9]
    assert check_digit(td3[0:10] + td3[13:20] + td3[21:43]) == td3[43]


def _verify_td1(lines: list[str], fields: dict[str, str]) -> None:
    l1, l2, l3 = lines
    assert [len(x) for x in lines] == [30, 30, 30]
    assert l1.startswith("IDVNM")
    assert check_digit(l1[5:14]) == l1[14]
    assert l1[15:27] == fields["id_number"] and l1[5:14] == fields["id_number"][-9:]
    assert check_digit(l2[0:6]) == l2[6]
    assert check_digit(l2[8:14]) == l2[14]
    assert check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
    assert l2[0:6] == dt.date.fromisoformat(fields["date_of_birth"]).strftime("%y%m%d")
    assert l2[8:14] == dt.date.fromisoformat(fields["expiry_date"]).strftime("%y%m%d")
    assert l2[7] == ("M" if fields["gender"] == "Nam" else "F")
    assert l2[15:18] == "VNM"
    assert "<<" in l3 and l3.replace("<", "").isalpha()


def test_cccd_mrz_is_valid_td1_agreeing_with_the_fields_and_printed_on_the_back() -> None:
    for seed in range(15):
        doc = samples.make_document("cccd", seed, "all")
        mrz = doc.machine["mrz"]
        _verify_td1(mrz, doc.fields)
        assert all(line in doc.pages[-1] for line in mrz)


def test_mrz_name_drops_diacritics_and_writes_d_for_dj() -> None:
    lines = mrz_td1(
        id_number="079203012345",
        surname="Đặng",
        given_names="Thị Ánh",
        birth=dt.date(2003, 1, 2),
        male=False,
        expiry=dt.date(2028, 1, 2),
    )
    assert lines[2] == "DANG<<THI<ANH".ljust(30, "<")


def test_passport_mrz_check_digits_verify() -> None:
    for seed in range(8):
        doc = samples.make_document("ho_chieu", seed, "all")
        l1, l2 = doc.machine["mrz"]
        assert len(l1) == len(l2) == 44 and l1.startswith("P<VNM")
        assert check_digit(l2[0:9]) == l2[9]
        assert check_digit(l2[13:19]) == l2[19]
        assert check_digit(l2[21:27]) == l2[27]
        assert check_digit(l2[28:42]) == l2[42]
        assert check_digit(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43]
        assert l2[0:9].rstrip("<") == doc.fields["document_number"]


def test_qr_payload_follows_the_chip_card_format() -> None:
    payload = qr_payload(
        id_number="079203012345",
        old_id="",
        full_name="Nguyễn Văn An",
        birth=dt.date(2003, 3, 5),
        gender="Nam",
        address="Quận 1, Thành phố Hồ Chí Minh",
        issue=dt.date(2021, 7, 10),
    )
    assert (
        payload == "079203012345||Nguyễn Văn An|05032003|Nam|Quận 1, Thành phố Hồ Chí Minh|10072021"
    )


def test_cccd_qr_payload_agrees_with_the_fields() -> None:
    for seed in range(10):
        doc = samples.make_document("cccd", seed, "all")
        parts = doc.machine["qr"].split("|")
        f = doc.fields
        assert len(parts) == 7
        assert parts[0] == f["id_number"]
        assert parts[1] == "" or (len(parts[1]) == 9 and parts[1].isdigit())
        assert parts[2] == f["full_name"]
        assert parts[3] == dt.date.fromisoformat(f["date_of_birth"]).strftime("%d%m%Y")
        assert parts[4] == f["gender"]
        assert parts[5] == f["residence"]
        assert parts[6] == dt.date.fromisoformat(f["issue_date"]).strftime("%d%m%Y")


def _qr_box(
    layout: PageLayout, ox: float = 0.0, oy: float = 0.0
) -> tuple[float, float, float] | None:
    for op in layout.ops:
        if isinstance(op, Graphic) and op.kind == "qr":
            return ox + op.x, oy + op.y, op.w
        if isinstance(op, Embed):
            found = _qr_box(op.layout, ox + op.x, oy + op.y)
            if found:
                return found
    return None


def test_qr_code_on_a_rendered_card_decodes_back_to_the_payload(rendered_cards) -> None:
    """Given each card layout at 300 dpi, when OpenCV's QRCodeDetector reads the code's
    region (with a margin), it returns the exact payload, Vietnamese letters included."""
    detector = cv2.QRCodeDetector()
    for doc, images in rendered_cards:
        found = [(page, box) for page, layout in enumerate(doc.layouts) if (box := _qr_box(layout))]
        assert len(found) == 1
        page, (x, y, w) = found[0]
        k = 300 / 25.4
        gray = np.asarray(images[page].convert("L"))
        top, left = max(0, int((y - 4) * k)), max(0, int((x - 4) * k))
        crop = gray[top : int((y + w + 4) * k), left : int((x + w + 4) * k)]
        text, _points, _ = detector.detectAndDecode(crop)
        assert text == doc.machine["qr"]


@pytest.mark.parametrize(("variant", "dpi"), [(0, 300), (0, 200), (1, 200), (2, 200)])
def test_qr_code_decodes_from_the_whole_page_with_the_aruco_detector(
    variant: int, dpi: int
) -> None:
    """OpenCV's plain QRCodeDetector misses some codes on a whole page; its ArUco-based
    detector finds them: the test pins that the code is findable without a crop."""
    detector = cv2.QRCodeDetectorAruco()
    doc = samples.make_document("cccd", 40 + variant, variant=variant)
    images = samples.render(doc, dpi)
    texts = [detector.detectAndDecode(np.asarray(im.convert("L")))[0] for im in images]
    assert doc.machine["qr"] in texts

"""Visible marks go in blank space: checked on renders of the page before and after signing."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest

from signing import (
    AgencySigner,
    Indication,
    Level,
    PageRenderError,
    SignSpec,
    TrustSpec,
    sign_pdf,
    validate_pdf,
)
from signing.appearance import MIN_QR_SIZE, certified_copy_sizes
from signing.placement import PageInk, find_mark_box, find_stamp_box
from tests.signing import pages, services
from tests.signing.conftest import AGENCY, certified_spec, mark_spec

pytestmark = [pytest.mark.tsa]

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo" / "dossier-dpi200.pdf"
DPI = 100
A4 = (0.0, 0.0, 595.0, 842.0)
STAMP_LINES = (
    "Chứng thực bản sao đúng với bản chính.",
    "Số chứng thực: 1234, quyển số: 01/2026-SCT/BS",
    "Ngày 23 tháng 11 năm 2026",
    "Phó Chủ tịch",
    "Nguyễn Thị Hồng Nhung",
    "UBND phường Bến Nghé",
)
#: Text where the default mark (top right) and stamp (bottom right) would go, and more.
CROWDED = [(40, 700, 560, 830), (300, 20, 580, 330), (40, 420, 560, 600)]
#: Everything but a hole at the bottom left, too small for the stamp at full size.
HOLED = [(20, 130, 580, 830), (280, 10, 580, 130)]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _ink_under(original: Path, page: int, box: pages.Box, tmp_path: Path) -> int:
    """Dark pixels inside *box* on the page as it was before signing."""
    image = pages.render(original, page, DPI, tmp_path / f"before-{page}")
    rows, cols = pages.pixels(box, DPI, pages.page_height(original, page))
    return int(pages.ink(image)[rows, cols].sum())


def _line_pitch(path: Path, page: int, first: str, second: str) -> float:
    """Distance in points between the baselines of two stamp lines, as poppler reads them."""
    xml = pages.tool("pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(path), "-")
    tops = {}
    for m in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S):
        words = " ".join(re.findall(r">([^<]+)</word>", m.group(2)))
        tops[words] = float(m.group(1))
    return tops[second] - tops[first]


def test_certified_stamp_on_the_demo_dossier_covers_none_of_its_ink(
    agency: AgencySigner, tmp_path: Path
) -> None:
    """The lead's case: the stamp sat on the signer's printed name under the red seal."""
    original = DEMO
    signed = sign_pdf(original.read_bytes(), SignSpec(certified_copy=certified_spec()), agency)
    assert signed.warnings == ()
    [(page, box)] = pages.widget_rects(signed.pdf)
    assert page == 3
    assert _ink_under(original, 3, box, tmp_path) == 0
    path = _write(tmp_path, "cc.pdf", signed.pdf)
    inside = pages.text(path, 3, box)
    for line in STAMP_LINES:
        assert line in inside, inside
    assert _line_pitch(path, 3, STAMP_LINES[3], STAMP_LINES[4]) == pytest.approx(12, abs=0.2)


def test_agency_mark_on_the_demo_dossier_keeps_off_the_national_motto(
    agency: AgencySigner, tmp_path: Path
) -> None:
    signed = sign_pdf(DEMO.read_bytes(), SignSpec(mark=mark_spec()), agency)
    [(page, box)] = pages.widget_rects(signed.pdf)
    assert page == 1
    assert _ink_under(DEMO, 1, box, tmp_path) == 0
    x0, y0, _, _ = box
    assert x0 >= 595 / 2 and y0 >= 842 * 3 / 4, box  # top quarter, right half
    path = _write(tmp_path, "mark.pdf", signed.pdf)
    inside = pages.text(path, 1, box)
    assert "Bản sao điện tử" in inside and f"Cơ quan: {AGENCY}" in inside, inside


def test_marks_move_off_text_that_fills_their_usual_places(
    agency: AgencySigner, tmp_path: Path
) -> None:
    original = _write(tmp_path, "crowded.pdf", pages.text_pdf(CROWDED))
    spec = SignSpec(mark=mark_spec(), certified_copy=certified_spec())
    signed = sign_pdf(original.read_bytes(), spec, agency)
    assert signed.warnings == ()
    [(_, stamp)] = pages.widget_rects(signed.pdf)
    assert _ink_under(original, 1, stamp, tmp_path) == 0
    # the lowest blank space is left of the bottom-right block, above the page's margin
    assert stamp[2] <= 300 and stamp[1] >= 24, stamp
    path = _write(tmp_path, "signed.pdf", signed.pdf)
    for line in STAMP_LINES:
        assert line in pages.text(path, 1, stamp)
    # the agency mark is drawn too (certified copies are digitized copies), off the text
    after = pages.ink(pages.render(path, 1, DPI, tmp_path / "after"))
    before = pages.ink(pages.render(original, 1, DPI, tmp_path / "before"))
    added = after & ~before
    rows, _ = np.nonzero(added)
    mark_rows = rows < (842 / 4) * DPI / 72
    assert mark_rows.sum() > 300, "no agency mark drawn in the top quarter"
    assert not (added & before).any()
    top = pages.text(path, 1, (300, 842 * 3 / 4, 595, 842))
    assert "Bản sao điện tử" in top and f"Cơ quan: {AGENCY}" in top, top


def test_stamp_shrinks_into_a_small_blank_space_but_stays_readable(
    agency: AgencySigner, tmp_path: Path
) -> None:
    original = _write(tmp_path, "holed.pdf", pages.text_pdf(HOLED))
    signed = sign_pdf(original.read_bytes(), SignSpec(certified_copy=certified_spec()), agency)
    assert signed.warnings == ()
    [(_, box)] = pages.widget_rects(signed.pdf)
    full_w, _ = certified_copy_sizes(certified_spec())[0]
    assert box[2] - box[0] < full_w - 20, box
    assert _ink_under(original, 1, box, tmp_path) == 0
    path = _write(tmp_path, "shrunk.pdf", signed.pdf)
    pitch = _line_pitch(path, 1, STAMP_LINES[3], STAMP_LINES[4])
    assert 7 * 1.2 - 0.1 <= pitch < 12, pitch  # 12 pt leading for 10 pt text
    image = pages.render(path, 1, 300, tmp_path / "hi", box)
    url, corners, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert url == "https://sohoa.example.vn/xac-thuc/1234"
    side = float(np.linalg.norm(corners[0][1] - corners[0][0])) * 72 / 300
    assert side >= MIN_QR_SIZE - 1, side


def test_a_page_with_no_room_gets_the_stamp_on_white_and_a_warning(
    agency: AgencySigner, trust: TrustSpec, nss_db: Path, tmp_path: Path
) -> None:
    original = _write(tmp_path, "full.pdf", pages.text_pdf([(10, 10, 585, 832)]))
    signed = sign_pdf(original.read_bytes(), SignSpec(certified_copy=certified_spec()), agency)
    assert signed.warnings == ("stamp_covers_content",)
    [(_, box)] = pages.widget_rects(signed.pdf)
    assert box[2] == pytest.approx(595 - 24, abs=1) and box[1] == pytest.approx(24, abs=1)
    path = _write(tmp_path, "white.pdf", signed.pdf)
    inside = pages.text(path, 1, box)
    for line in STAMP_LINES:
        assert line in inside, inside
    # Inside its box the page looks exactly like the same stamp on a blank page: the
    # white ground hides the page's text.
    alone = dataclasses.replace(certified_spec(), box=box)
    blank = sign_pdf(pages.text_pdf([]), SignSpec(certified_copy=alone), agency).pdf
    rows, cols = pages.pixels(box, DPI, 842)
    seen = pages.ink(pages.render(path, 1, DPI, tmp_path / "a"))[rows, cols]
    expected = pages.ink(
        pages.render(_write(tmp_path, "alone.pdf", blank), 1, DPI, tmp_path / "alone")
    )[rows, cols]
    assert (seen != expected).mean() < 0.01, (seen != expected).mean()
    report = validate_pdf(signed.pdf, trust)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED
    out = services.pdfsig(path, nss_db)
    assert "Signature is Valid." in out and "Certificate is Trusted." in out, out


def test_an_explicit_box_from_the_caller_wins(agency: AgencySigner) -> None:
    box = (30.0, 400.0, 330.0, 510.0)
    spec = SignSpec(certified_copy=dataclasses.replace(certified_spec(), box=box))
    signed = sign_pdf(pages.text_pdf(CROWDED), spec, agency)
    assert pages.widget_rects(signed.pdf) == [(1, box)]
    mark = dataclasses.replace(mark_spec(), box=(350.0, 780.0, 560.0, 820.0))
    signed = sign_pdf(pages.text_pdf(CROWDED), SignSpec(mark=mark), agency)
    assert pages.widget_rects(signed.pdf) == [(1, (350.0, 780.0, 560.0, 820.0))]


def test_certified_copy_with_the_agency_mark_validates_total_passed(
    agency: AgencySigner, trust: TrustSpec, nss_db: Path, tmp_path: Path
) -> None:
    spec = SignSpec(level=Level.B_B, mark=mark_spec(), certified_copy=certified_spec())
    signed = sign_pdf(DEMO.read_bytes(), spec, agency)
    report = validate_pdf(signed.pdf, trust)
    assert report.all_passed, report.to_text("en")
    path = _write(tmp_path, "both.pdf", signed.pdf)
    out = services.pdfsig(path, nss_db)
    assert "Signature is Valid." in out and "Certificate is Trusted." in out, out
    assert "Bản sao điện tử" in pages.text(path, 1, (300, 600, 595, 842))


def _page(ink: np.ndarray) -> PageInk:
    return PageInk(ink=ink, media_box=A4, scale=ink.shape[1] / 595)


def test_stamp_search_takes_the_lowest_space_then_the_rightmost() -> None:
    """Given ink on the bottom-right corner only, the stamp goes bottom, as far right as
    the ink lets it; given a clear page, into the bottom-right corner."""
    ink = np.zeros((585, 414), dtype=bool)
    assert find_stamp_box(_page(ink), A4, [(200, 80)], 24) == ((371, 24, 571, 104), 0)
    assert find_stamp_box(_page(ink), A4, [(600, 80), (200, 80)], 24) == (
        (371, 24, 571, 104),
        1,
    )  # the first size that fits
    ink[500:, 250:] = True  # bottom-right block, from x = 359 pt and y < 122 pt
    box, index = find_stamp_box(_page(ink), A4, [(200, 80)], 24) or ((0, 0, 0, 0), -1)
    assert index == 0 and box[1] == 24 and 340 <= box[2] <= 356, box


def test_mark_search_prefers_the_top_band_then_the_top_quarter() -> None:
    ink = np.zeros((585, 414), dtype=bool)
    assert find_mark_box(_page(ink), A4, (180, 40), 18) == pytest.approx(
        (397, 784, 577, 824), abs=1.5
    )
    ink[:60, :] = True  # a header band down to about 86 pt from the top
    box = find_mark_box(_page(ink), A4, (180, 40), 18)
    assert box is not None and box[3] <= 842 - 86 and box[1] >= 842 * 3 / 4 and box[2] == 577
    ink[:146, :] = True  # the whole top quarter
    assert find_mark_box(_page(ink), A4, (180, 40), 18) is None


def test_marks_on_a_rotated_page_avoid_its_ink(agency: AgencySigner, tmp_path: Path) -> None:
    """poppler shows a /Rotate 90 page turned; the ink found there is turned back to the
    page's own coordinates, where pyHanko takes the signature's box."""
    holes = [(20, 130, 580, 700), (280, 10, 580, 130), (20, 700, 380, 830)]
    with pikepdf.open(io.BytesIO(pages.text_pdf(holes))) as doc:
        doc.pages[0].Rotate = 90
        buf = io.BytesIO()
        doc.save(buf)
    spec = SignSpec(mark=mark_spec(), certified_copy=certified_spec())
    signed = sign_pdf(buf.getvalue(), spec, agency)
    assert signed.warnings == ()
    [(_, stamp)] = pages.widget_rects(signed.pdf)
    assert stamp[2] <= 280 and stamp[3] <= 130, stamp  # the bottom-left hole
    unrotated = _write(tmp_path, "flat.pdf", pages.text_pdf(holes))
    assert _ink_under(unrotated, 1, stamp, tmp_path) == 0


def test_a_missing_poppler_is_a_coded_error_with_the_install_hint(
    agency: AgencySigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PageRenderError) as err:
        sign_pdf(pages.text_pdf(CROWDED), SignSpec(mark=mark_spec()), agency)
    assert err.value.code == "page_render_failed"
    assert "apt-get install poppler-utils" in str(err.value)

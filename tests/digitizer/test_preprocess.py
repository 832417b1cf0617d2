"""Orientation, deskew and page detection on generated pages."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from digitizer.enhance import erase_seal, flatten_illumination
from digitizer.geometry import find_page_quad, measure_orientation, rotate, upside_down_score
from tests.digitizer.conftest import LINES, draw_page, run_cli, turn


def _gray(img) -> np.ndarray:
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2GRAY)


@pytest.fixture(scope="module")
def tall_page():
    # Portrait, like real papers: more lines so the profiles are clear.
    return draw_page(LINES + LINES, width_in=5.5, height_in=6.5, dpi=150)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 4.0, -6.5])
def test_quarter_turn_and_skew_are_measured(tall_page, rotation: int, skew: float) -> None:
    turned = _gray(turn(tall_page, rotation, skew))

    found = measure_orientation(turned)
    level = rotate(turned, found.rotation, found.skew)
    upright = found.rotation + (180 if upside_down_score(level) < 0 else 0)

    assert (upright + rotation) % 360 == 0
    assert found.skew == pytest.approx(-skew, abs=0.3)


def test_rotated_and_skewed_scan_is_read_upright(tmp_path: Path) -> None:
    """Given a page turned upside down and skewed by 5°, when digitized,
    then the text reads correctly and the JSON reports the rotation and the skew."""
    turn(draw_page(), 180, 5.0).save(tmp_path / "nguoc.png", dpi=(200, 200))

    run = run_cli(["digitize", str(tmp_path / "nguoc.png"), "--out", str(tmp_path), "--json"])

    assert run.returncode == 0, run.stderr
    [page] = run.results[0]["pages"]
    assert page["rotation"] == 180
    assert page["skew"] == pytest.approx(5.0, abs=0.3)
    assert "Nguyễn Thị Hương" in page["text"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page["text"]
    assert {"rotated", "skewed"} <= {w["code"] for w in page["warnings"]}


def test_photographed_sheet_is_found_and_straightened() -> None:
    page = np.asarray(draw_page(dpi=150))
    h, w = page.shape[:2]
    canvas = np.full((h + 400, w + 400, 3), (70, 90, 60), np.uint8)  # a green-grey table
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[230, 180], [w + 170, 220], [w + 210, h + 240], [180, h + 200]])
    m = cv2.getPerspectiveTransform(src, dst)
    photo = cv2.warpPerspective(
        page, m, canvas.shape[1::-1], dst=canvas, borderMode=cv2.BORDER_TRANSPARENT
    )

    quad = find_page_quad(photo)

    assert quad is not None
    assert np.abs(quad - dst).max() < 12


def test_a_plain_scan_has_no_sheet_to_detect() -> None:
    assert find_page_quad(np.asarray(draw_page())) is None


def test_dotted_leaders_are_erased_but_letter_dots_stay() -> None:
    from digitizer.enhance import remove_leaders

    name, other = "Họ và tên: Nguyễn Thị Hương", "Dân tộc: Kinh, Quốc tịch: Việt Nam"
    size = {"dpi": 300, "width_in": 7.5, "height_in": 1.2}
    plain = _gray(draw_page((name, other), **size))
    for leader in (" ." * 40, "." * 90):
        with_leader = _gray(draw_page((name + leader, other), **size))
        assert (with_leader != plain).sum() > 500

        after = remove_leaders(with_leader, 300)

        # Exactly the page without the leader: the words and their dots (ộ, ố, ị, ệ) stay.
        assert (after != plain).sum() == 0


def test_dark_scanner_border_is_cropped_and_a_clean_page_is_left_alone() -> None:
    from digitizer.enhance import crop_dark_border

    page = _gray(draw_page(dpi=100))
    framed = cv2.copyMakeBorder(page, 12, 0, 0, 7, cv2.BORDER_CONSTANT, value=20)

    cropped, cuts = crop_dark_border(framed)

    assert cuts == (12, 0, 0, 7)
    assert np.array_equal(cropped, page)
    assert crop_dark_border(page)[1] == (0, 0, 0, 0)


def test_a_light_red_seal_is_erased_but_dark_red_print_stays() -> None:
    """Given black text crossed by a light, see-through red seal ring and a title in
    dark red, when the seal is erased, then the ring is paper, while the black text and
    the dark red title's strokes keep every pixel."""
    page = np.full((200, 400, 3), 255, np.uint8)
    cv2.putText(page, "17/01/2025", (20, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    cv2.putText(page, "CAN CUOC", (20, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (42, 32, 205), 3)
    text_and_title = page.copy()
    seal = np.full_like(page, 255)
    cv2.circle(seal, (250, 125), 60, (104, 101, 208), 6)  # BGR of the bench cards' seal
    # Printed over the text the way ink is: multiplied, so black stays black.
    page = (page.astype(np.uint16) * seal // 255).astype(np.uint8)
    ring = (seal != 255).any(axis=2) & (text_and_title == 255).all(axis=2)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)

    out = erase_seal(gray, page)

    assert (out[ring] == 255).all()
    # Black text (under the ring too) and the strokes of the dark red title stay; only
    # the light, smoothed rim of the red letters may go.
    kept = cv2.cvtColor(text_and_title, cv2.COLOR_BGR2GRAY) < 90
    assert kept.sum() > 1000
    assert (out[kept] == gray[kept]).all()
    assert erase_seal(gray, gray) is gray  # a grey page has no seal to find


def test_evenly_lit_paper_is_left_as_it_is_and_a_shadow_is_flattened() -> None:
    """Given an evenly lit scan, flattening returns it untouched (no full-size passes);
    given the same page under a shadow, the paper comes out even."""
    page = _gray(draw_page(dpi=150))
    assert flatten_illumination(page) is page

    shade = np.linspace(0.55, 1.0, page.shape[1])[None, :]
    shadowed = (page * shade).astype(np.uint8)
    flat = flatten_illumination(shadowed)
    paper = flat[page > 200]
    assert float(np.percentile(paper, 5)) > 200

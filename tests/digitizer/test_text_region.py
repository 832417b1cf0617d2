"""The text region Tesseract is given: blank margins cut, never the text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from digitizer import Digitizer, DigitizeSpec
from digitizer.ocr import text_region
from tests.digitizer.conftest import draw_page


def _on_a4(page: Image.Image, dpi: int, at: tuple[int, int]) -> np.ndarray:
    """``page`` pasted onto a white A4 sheet at ``dpi``, grey."""
    sheet = Image.new("RGB", (round(8.27 * dpi), round(11.69 * dpi)), "white")
    sheet.paste(page, at)
    return np.asarray(sheet.convert("L"))


def test_blank_margins_are_cut_to_the_ink_plus_the_margin() -> None:
    gray = np.full((3508, 2480), 255, np.uint8)
    gray[1000:1100, 600:1800] = 0  # a block of "text"

    top, left, bottom, right = text_region(gray, 300)

    assert (top, left, bottom, right) == (1000 - 120, 600 - 120, 1100 + 120, 1800 + 120)


def test_a_speck_of_dust_does_not_hold_a_margin_open() -> None:
    gray = np.full((3508, 2480), 255, np.uint8)
    gray[1000:1100, 600:1800] = 0
    gray[3400:3402, 2400:2402] = 0  # 2x2 dust in the corner

    assert text_region(gray, 300) == (880, 480, 1220, 1920)


def test_a_page_that_is_mostly_text_is_given_whole() -> None:
    gray = np.full((1000, 800), 255, np.uint8)
    gray[50:950, 40:760] = 0

    assert text_region(gray, 300) == (0, 0, 1000, 800)


def test_thin_low_resolution_print_is_not_cut() -> None:
    """Given small print on a 150-dpi page (a quarter-size copy had thinned its strokes
    to paper grey and cut into the first letters), then every dark pixel of the text
    lies inside the region."""
    small = draw_page(("Ủy ban nhân dân tỉnh Bắc Ninh", "Giấy chứng nhận"), dpi=150)
    gray = _on_a4(small, 150, (0, 0))

    top, left, bottom, right = text_region(gray, 150)

    ys, xs = np.nonzero(gray < 250)
    assert top <= ys.min() and bottom > ys.max()
    assert left <= xs.min() and right > xs.max()
    assert (bottom - top) * (right - left) < 0.5 * gray.size  # and the margins did go


def test_words_come_back_in_page_coordinates(tmp_path: Path) -> None:
    """Given a short text in the middle of an A4 page, when digitized (Tesseract reads
    only the region), then the words' boxes are where the text is on the page."""
    page = draw_page(("Ủy ban nhân dân tỉnh Bắc Ninh",), dpi=300, height_in=1.0)
    sheet = Image.fromarray(_on_a4(page, 300, (600, 1500)))
    path = tmp_path / "mid.png"
    sheet.save(path, dpi=(300, 300))

    with Digitizer(DigitizeSpec(jobs=1), tmp_path / "out") as digitizer:
        [result] = list(digitizer.run([path]))

    assert result.ok, result.error_code
    words = result.pages[0].page.words
    ninh = next(w for w in words if w.text == "Ninh")
    ink = np.asarray(sheet)[1500 : 1500 + page.height, 600 : 600 + page.width] < 128
    ys, xs = np.nonzero(ink)
    # "Ninh" ends the line: its right edge is the ink's right edge, its top near the ink's top.
    assert abs(ninh.box.left + ninh.box.width - (600 + xs.max())) <= 6
    assert abs(ninh.box.top - (1500 + ys.min())) <= 25

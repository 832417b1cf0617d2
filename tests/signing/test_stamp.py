"""The visible agency mark and the certified-copy stamp, read back with poppler."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from signing import (
    AgencySigner,
    BadSigningArgumentError,
    Level,
    SignSpec,
    sign_pdf,
)
from signing.appearance import font_path
from tests.signing import pages
from tests.signing.conftest import AGENCY, certified_spec, make_pdf

pytestmark = [pytest.mark.tsa]

DPI = 150


def _tool(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        pytest.fail(f"{argv[0]} failed ({done.stderr[-300:]}); apt-get install poppler-utils")
    return done.stdout


def _text(path: Path, page: int, crop: tuple[int, int, int, int] | None = None) -> str:
    argv = ["pdftotext", "-f", str(page), "-l", str(page), "-layout"]
    if crop:
        x, y, w, h = crop
        argv += ["-r", "72", "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    return unicodedata.normalize("NFC", _tool(*argv, str(path), "-"))


def _render(path: Path, page: int, out: Path) -> np.ndarray:
    _tool(
        "pdftoppm",
        "-f",
        str(page),
        "-l",
        str(page),
        "-r",
        str(DPI),
        "-png",
        "-singlefile",
        str(path),
        str(out),
    )
    image = cv2.imread(f"{out}.png")
    assert image is not None
    return image


def test_termes_font_has_1000_units_per_em() -> None:
    from fontTools.ttLib import TTFont

    assert TTFont(str(font_path()))["head"].unitsPerEm == 1000


def test_agency_mark_sits_top_right_of_page_one_with_kind_agency_and_iso_time(
    signed: dict[Level, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "mark.pdf"
    path.write_bytes(signed[Level.B_T])
    # A4 is 595 x 842 pt: the top-right quarter holds the mark, the rest of the top none.
    top_right = _text(path, 1, (300, 0, 295, 90))
    assert "Bản sao điện tử" in top_right
    assert f"Cơ quan: {AGENCY}" in top_right
    assert re.search(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", top_right)
    assert "Bản sao" not in _text(path, 1, (0, 0, 290, 90))
    assert "Bản sao" not in _text(path, 2)
    fonts = _tool("pdffonts", str(path))
    assert "TeXGyreTermes" in fonts
    # no image: the signature appearance draws text only
    assert "/Subtype /Image" not in signed[Level.B_T].decode("latin-1")


def test_agency_mark_renders_as_ink_in_the_top_right_corner(
    signed: dict[Level, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "mark.pdf"
    path.write_bytes(signed[Level.B_B])
    image = _render(path, 1, tmp_path / "page1")
    height, width = image.shape[:2]
    ink = image.min(axis=2) < 128
    corner = ink[: height // 10, width // 2 :]
    elsewhere = ink[: height // 10, : width // 3]
    assert corner.sum() > 500
    assert elsewhere.sum() == 0


def test_certified_copy_stamp_is_on_the_last_page_with_intact_diacritics_and_qr(
    agency: AgencySigner, tmp_path: Path
) -> None:
    pdf = sign_pdf(
        make_pdf(3), SignSpec(level=Level.B_B, certified_copy=certified_spec()), agency
    ).pdf
    path = tmp_path / "certified.pdf"
    path.write_bytes(pdf)
    last = _text(path, 3)
    for line in (
        "Chứng thực bản sao đúng với bản chính.",
        "Số chứng thực: 1234, quyển số: 01/2026-SCT/BS",
        "Ngày 23 tháng 11 năm 2026",
        "Phó Chủ tịch",
        "Nguyễn Thị Hồng Nhung",
        "UBND phường Bến Nghé",
    ):
        assert line in last, last
    assert "Chứng thực" not in _text(path, 1) + _text(path, 2)
    image = _render(path, 3, tmp_path / "page3")
    [(page, box)] = pages.widget_rects(pdf)
    assert page == 3 and box[2] > 595 / 2 and box[3] < 842 / 4, box  # bottom right
    rows, cols = pages.pixels(box, DPI, pages.page_height(path, 3))
    url, _, _ = cv2.QRCodeDetector().detectAndDecode(image[rows, cols])
    assert url == "https://sohoa.example.vn/xac-thuc/1234"


def test_certified_copy_stamp_goes_on_the_chosen_page(agency: AgencySigner, tmp_path: Path) -> None:
    pdf = sign_pdf(make_pdf(3), SignSpec(certified_copy=certified_spec(page=2)), agency).pdf
    path = tmp_path / "page2.pdf"
    path.write_bytes(pdf)
    assert "Chứng thực bản sao đúng với bản chính." in _text(path, 2)
    assert "Chứng thực" not in _text(path, 3)


def test_certified_copy_on_a_page_that_does_not_exist_is_a_coded_error(
    agency: AgencySigner,
) -> None:
    with pytest.raises(BadSigningArgumentError) as err:
        sign_pdf(make_pdf(2), SignSpec(certified_copy=certified_spec(page=5)), agency)
    assert err.value.code == "bad_argument"
    assert "page 5" in str(err.value)


def _line_widths(path: Path, page: int) -> dict[str, float]:
    """Text of each line on *page* and its width in points, as poppler lays it out."""
    xml = _tool("pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(path), "-")
    widths = {}
    for m in re.finditer(
        r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S
    ):
        words = re.findall(r">([^<]+)</word>", m.group(3))
        text = unicodedata.normalize("NFC", " ".join(words))
        widths[text] = float(m.group(2)) - float(m.group(1))
    return widths


def test_mark_glyphs_are_spaced_as_a_10pt_times_font(
    signed: dict[Level, bytes], tmp_path: Path
) -> None:
    """pyHanko writes glyph widths in font units; read as thousandths of an em, a
    2048-unit font (DejaVu) makes this 37-character line about 280 pt wide in poppler.
    Set in Termes (1000 units) at 10 pt it is about 140 pt and fits the 210 pt mark."""
    path = tmp_path / "mark.pdf"
    path.write_bytes(signed[Level.B_B])
    widths = _line_widths(path, 1)
    line = f"Cơ quan: {AGENCY}"
    assert line in widths, widths
    assert 110 < widths[line] < 190, widths[line]

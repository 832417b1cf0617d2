"""The date re-read: which words hold a date's digits, and their second reading with the
English model held to digits, on drawn lines and on generated pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import samples
from digitizer.doctypes.normalise import parse_dates
from digitizer.model import Box, Word
from digitizer.page import PageContext, process_page
from digitizer.rereaddates import find_date_words, is_doubtful, reread_dates
from digitizer.sources import PageRef
from digitizer.spec import DigitizeSpec
from tests.digitizer.conftest import FONT, require_tools


def _line(texts: str, line: int = 0, *, tall: bool = False) -> list[Word]:
    """Words of one line, side by side; a ``tall`` box is taller than wide."""
    out, left = [], 10
    for text in texts.split():
        width = 10 if tall else 20 * len(text)
        out.append(Word(text, 0.95, Box(left, 40 * line, width, 80 if tall else 30), line))
        left += width + 15
    return out


def _found(*lines: list[Word]) -> list[str]:
    words = tuple(w for line in lines for w in line)
    return [words[i].text for i in find_date_words(words)]


def test_a_date_written_with_slashes_is_found_with_its_punctuation() -> None:
    assert _found(_line("Ngày cấp/Date of issue: 05/09/2020,")) == ["05/09/2020,"]
    assert _found(_line("Sinh ngày 05-09-2020 và 1.2.1999")) == ["05-09-2020", "1.2.1999"]


def test_the_numbers_after_ngay_thang_nam_are_found_even_without_diacritics() -> None:
    assert _found(_line("Hải Hậu, ngày 08 tháng 9 năm 2024")) == ["08", "9", "2024"]
    assert _found(_line("ngay 08 thang 9 nam 2024")) == ["08", "9", "2024"]


def test_a_smudge_in_a_numbers_place_is_found_when_the_other_numbers_make_a_date() -> None:
    """Given ``tháng §`` (an 8 read as a symbol) between two numbers of a date, then the
    smudge is read again too; a lone ``năm 2015`` in a sentence is no date."""
    assert _found(_line("ngày 02 tháng § năm 2019")) == ["02", "§", "2019"]
    assert _found(_line("Luật Tổ chức năm 2015 đã sửa")) == []
    assert _found(_line("ngày và tháng Š")) == []


def test_a_date_read_with_a_lost_separator_or_digit_is_found() -> None:
    assert _found(_line("of expiry: 1607/2029")) == ["1607/2029"]
    assert _found(_line("Sinh ngày: 08/11⁄2011")) == ["08/11⁄2011"]
    assert _found(_line("Ngày sinh: 03/02/202")) == ["03/02/202"]


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    """Document numbers, book numbers, amounts and ID numbers are not read again."""
    assert _found(_line("Số: 152/2011 Quyển số: 08/2011")) == []
    assert _found(_line("Vốn điều lệ: 500.000.000 đồng")) == []
    assert _found(_line("Số định danh cá nhân: 079089302825")) == []


def test_a_date_in_a_box_taller_than_wide_is_not_cut_out() -> None:
    """A line the page pass read sideways has tall word boxes; cut out, such a box would
    hold the neighbouring lines."""
    assert _found(_line("16/07/1989", tall=True)) == []


# --- the re-read on a drawn line (one real Tesseract run each) ------------------------


def _drawn(tokens: list[tuple[str, str]]) -> tuple[np.ndarray, tuple[Word, ...]]:
    """A 300-dpi grey line of ``(printed, first reading)`` tokens in 12-pt Termes, and
    the words a page pass would have given: each token's box with its first reading."""
    require_tools("tesseract")
    font = ImageFont.truetype(str(FONT), 50)
    image = Image.new("L", (1800, 140), 255)
    draw = ImageDraw.Draw(image)
    words, x = [], 40
    for printed, read in tokens:
        left, top, right, bottom = draw.textbbox((x, 40), printed, font=font)
        draw.text((x, 40), printed, font=font, fill=0)
        words.append(Word(read, 0.95, Box(left, top, right - left, bottom - top), 0))
        x = right + 28
    return np.asarray(image), tuple(words)


def test_digits_of_a_date_read_wrongly_and_surely_are_read_again_right(tmp_path: Path) -> None:
    """Given a date line whose first reading has an 8 read as a 6 at 0.95, then the
    re-read puts the printed digits in place, keeping the words' boxes."""
    gray, words = _drawn(
        [
            ("ngày", "ngày"),
            ("08", "06"),
            ("tháng", "tháng"),
            ("9", "9"),
            ("năm", "năm"),
            ("2018", "2016"),
            ("sinh:", "sinh:"),
            ("18/08/1986", "16/06/1986"),
        ]
    )

    again = reread_dates(gray, words, 300.0, DigitizeSpec())

    assert [w.text for w in again] == [
        "ngày",
        "08",
        "tháng",
        "9",
        "năm",
        "2018",
        "sinh:",
        "18/08/1986",
    ]
    assert [w.box for w in again] == [w.box for w in words]


def test_a_re_read_of_another_shape_is_not_taken(tmp_path: Path) -> None:
    """Given a first reading with fewer digits than printed (a box that holds ``163``
    where the page pass read ``16``), then the re-read, of another length, is refused."""
    gray, words = _drawn([("ngày", "ngày"), ("163", "16"), ("tháng", "tháng"), ("9", "9")])

    again = reread_dates(gray, words, 300.0, DigitizeSpec())

    assert [w.text for w in again] == ["ngày", "16", "tháng", "9"]


def test_only_doubtful_numbers_are_read_again(tmp_path: Path) -> None:
    """Given a date read surely with no 6 in it (here wrongly: ``2017`` for a printed
    ``2019``), then it is left as read (the English model would read 2019); a sure ``26``, an
    unsure number, a smudge and a date with a lost separator are doubtful."""
    gray, words = _drawn(
        [
            ("ngày", "ngày"),
            ("12", "12"),
            ("tháng", "tháng"),
            ("9", "9"),
            ("năm", "năm"),
            ("2019", "2017"),
        ]
    )

    again = reread_dates(gray, words, 300.0, DigitizeSpec())

    assert again == words
    sure = Word("2019", 0.95, Box(0, 0, 80, 30), 0)
    assert not is_doubtful(sure)
    assert not is_doubtful(replace(sure, text="17/02/1989,"))
    assert is_doubtful(replace(sure, text="26"))
    assert is_doubtful(replace(sure, confidence=0.85))
    assert is_doubtful(replace(sure, text="§"))
    assert is_doubtful(replace(sure, text="1607/2029"))


# --- whole generated pages through the page stage ---------------------------------------


def _page_dates(path: Path, tmp_path: Path, *, reread: bool) -> list[str]:
    spec = DigitizeSpec()
    spec = replace(spec, preprocess=replace(spec.preprocess, reread_dates=reread))
    work = tmp_path / ("on" if reread else "off")
    work.mkdir()
    outcome = process_page(PageRef(str(path), "png", 0, 1, 300.0), PageContext(spec, work), "p")
    return sorted(iso for _, iso in parse_dates(outcome.page.text))


@pytest.mark.parametrize(
    ("kind", "seed", "degradation"),
    [("ket_hon", 900_000, "clean"), ("dang_ky_doanh_nghiep", 900_000, "jpeg_low")],
)
def test_a_generated_page_gets_every_printed_date_only_with_the_re_read(
    kind: str, seed: int, degradation: str, tmp_path: Path
) -> None:
    """Given a generated page on which the page pass reads an 8 of a date wrongly (as
    ``§`` on the clean marriage certificate, as a 6 on the low-quality JPEG of the
    enterprise registration), when the page stage runs without and with the date re-read,
    then only with it are the page's dates the printed ones."""
    require_tools("tesseract")
    doc = samples.make_document(kind, seed, "heldout")
    image = samples.degrade(samples.render(doc, 300)[0], degradation, seed * 7)
    path = tmp_path / "page.png"
    image.save(path, dpi=(300, 300))
    printed = sorted(iso for _, iso in parse_dates(doc.pages[0]))

    assert _page_dates(path, tmp_path, reread=False) != printed
    assert _page_dates(path, tmp_path, reread=True) == printed

"""ID cards and passports: MRZ lines re-read exactly, small print keeps its diacritics,
a sheet of cards turned a quarter the other way still comes out upright."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import samples
from digitizer import Digitizer, DigitizeSpec
from digitizer.enhance import remove_leaders
from digitizer.model import Box, Word
from digitizer.mrz import find_mrz_lines, splice_lines
from digitizer.ocr import parse_tsv
from tests.digitizer.conftest import FONT, require_tools


def _page(kind: str, seed: int, tmp_path: Path, degradation: str = "clean") -> tuple[Path, str]:
    """The same generated page as bench/ocr.py uses for ``kind``/``seed``."""
    require_tools("tesseract")
    doc = samples.make_document(kind, seed, "all")
    page = samples.render(doc, 300)[0]
    page.info["dpi"] = (300, 300)
    if degradation != "clean":
        page = samples.degrade(page, degradation, seed)
    path = tmp_path / f"{kind}-{seed}.png"
    page.save(path, dpi=(300, 300))
    return path, doc.pages[0]


def _digitize(path: Path, tmp_path: Path):
    with Digitizer(DigitizeSpec(jobs=1), tmp_path / "out") as digitizer:
        [result] = list(digitizer.run([path]))
    assert result.ok, result.error_code
    return result


def _mrz(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.count("<") >= 2]


@pytest.mark.parametrize(
    ("kind", "seed"),
    # ho_chieu-1814: the first pass reads its two MRZ lines at confidence 0.23 and 0.10.
    [("cccd", 1000), ("ho_chieu", 1370), ("ho_chieu", 1814)],
)
def test_card_mrz_lines_come_out_exactly(kind: str, seed: int, tmp_path: Path) -> None:
    """Given a generated ID card back / passport page, when digitized, then every MRZ
    line of the page text is the generated one, character for character, in place,
    even where the first pass read the zone too unsurely to keep as ordinary text."""
    path, truth = _page(kind, seed, tmp_path)

    result = _digitize(path, tmp_path)

    assert _mrz(result.text) == _mrz(truth)
    # Spliced where it stood: the MRZ lines follow the printed fields.
    assert result.text.index(_mrz(truth)[0]) > result.text.index("VNM") - 200


def test_small_print_on_a_card_keeps_its_diacritics(tmp_path: Path) -> None:
    """Given the 7-pt print of an ID card back at real size, then the address keeps
    its Vietnamese diacritics."""
    path, _ = _page("cccd", 1000, tmp_path)

    text = _digitize(path, tmp_path).text

    for word in ("Lý Thường Kiệt", "Phường Phú Hội", "Thành phố Huế", "Nơi đăng ký khai sinh"):
        assert word in text


def test_card_title_in_small_bold_capitals_keeps_its_accents(tmp_path: Path) -> None:
    """Given a driving licence at real card size, whose red 9-pt title the page pass reads
    as ``GIAY PHEP LAI XE``, then the unsure-line re-read restores ``GIẤY PHÉP LÁI XE``."""
    path, _ = _page("giay_phep_lai_xe", 1333, tmp_path)

    text = _digitize(path, tmp_path).text

    assert "GIẤY PHÉP LÁI XE" in text
    assert "GIAY" not in text


def test_sheet_of_cards_turned_270_is_read_upright(tmp_path: Path) -> None:
    """Given the A4 sheet with both card sides turned 270° (its ascender test scored it
    the wrong way up), then the orientation probe settles it and the text reads."""
    path, _ = _page("cccd", 1005, tmp_path, "rot270")

    result = _digitize(path, tmp_path)

    assert result.pages[0].rotation == 270
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in result.text


def test_pdf_text_layer_holds_the_re_read_mrz_and_the_dates_under_the_seal(
    tmp_path: Path,
) -> None:
    """Given an ID card whose MRZ only the second read gets right and whose dates lie
    under the red seal, then ``pdftotext`` of the searchable PDF returns the re-read MRZ
    lines exactly (the text layer is drawn from the final words) and both dates."""
    require_tools("pdftotext")
    path, truth = _page("cccd", 1000, tmp_path)

    result = _digitize(path, tmp_path)
    layer = subprocess.run(
        ["pdftotext", result.output_pdf, "-"], capture_output=True, text=True, check=True
    ).stdout

    for line in _mrz(truth):
        assert line in layer
    for date in ("17/01/2025", "17/05/2038"):
        assert date in result.text
        assert date in layer


def test_english_capitals_are_read_by_the_english_model(tmp_path: Path) -> None:
    """Given a bilingual diploma whose English title ``vie`` reads surely as
    ``THE DEGREE OE BACHELOR``, then the English re-read gives the right words."""
    path, _ = _page("bang_tot_nghiep", 1259, tmp_path)

    text = _digitize(path, tmp_path).text

    assert "THE DEGREE OF BACHELOR" in text
    assert "UNIVERSITY OF DANANG" in text
    assert "BẰNG CỬ NHÂN" in text  # the Vietnamese half stays Vietnamese


def _tsv(rows: list[tuple[int, str, float]]) -> str:
    """Tesseract TSV with one word a line: (line number, text, confidence 0-100)."""
    columns = "level page_num block_num par_num line_num word_num left top width height conf text"
    body = [f"5\t1\t1\t1\t{n}\t1\t10\t{40 * n}\t900\t30\t{c}\t{t}" for n, t, c in rows]
    return "\n".join([columns.replace(" ", "\t"), *body])


def test_an_unsure_mrz_line_is_kept_where_unsure_symbols_are_dropped() -> None:
    """Given a TSV whose MRZ lines were read unsurely, and a seal's junk read as unsurely,
    when parsed, then the MRZ lines stay (the MRZ re-read needs them) and the junk goes."""
    rows = [
        (1, "P<VNMNGUYEN<<HUU<KHOA<<<<<<<<<<<<<<<<<<<<<<<", 22.9),
        (2, "C9503321<5VNM9801299M2605292001098743258<<", 9.9),
        (3, "~<§|<¦", 22.9),
        (4, "Quốc", 96.0),
    ]

    words, _ = parse_tsv(_tsv(rows))

    assert [w.text for w in words] == [rows[0][1], rows[1][1], "Quốc"]
    assert find_mrz_lines(words) == [0, 1]


def test_what_is_left_of_a_dotted_leader_is_not_text() -> None:
    """Given words with leader dots the image clean-up left (alone, or after a word), when
    parsed, then the dots are gone and the words stay; "v.v..." and a full stop stay."""
    rows = [
        (1, "đất.....", 95.0),
        (2, "....", 90.0),
        (3, "COMPANY....", 93.0),
        (4, "v.v...", 91.0),
        (5, "tin.", 96.0),
        (6, "1.000.000.000", 96.0),
    ]

    words, text = parse_tsv(_tsv(rows))

    assert [w.text for w in words] == ["đất", "COMPANY", "v.v...", "tin.", "1.000.000.000"]
    assert "...." not in text


def test_splice_replaces_the_band_in_reading_order() -> None:
    def w(text: str, line: int, top: int) -> Word:
        return Word(text=text, confidence=0.9, box=Box(10, top, 50, 20), line=line)

    words = (w("Họ", 0, 10), w("tên", 0, 10), w("IDVNM1<<", 1, 100), w("sau", 2, 200))
    new = [w("IDVNM123<<<", 0, 98), w("NGO<<HONG<<<", 0, 125)]

    out = splice_lines(words, Box(0, 90, 100, 60), new)

    assert [x.text for x in out] == ["Họ", "tên", "IDVNM123<<<", "NGO<<HONG<<<", "sau"]
    assert [x.line for x in out] == [0, 0, 1, 2, 3]
    assert find_mrz_lines((Word("A<<B" * 6, 0.5, Box(0, 0, 1, 1), 0),)) == [0]


def _small_print(lines: tuple[tuple[str, float], ...]) -> np.ndarray:
    """Lines of (text, size in points) at 300 dpi on white."""
    require_tools("tesseract")
    page = Image.new("L", (1500, 80 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for i, (line, points) in enumerate(lines):
        font = ImageFont.truetype(str(FONT), round(points * 300 / 72))
        draw.text((30, 30 + 70 * i), line, font=font, fill=0)
    return np.asarray(page).copy()


def test_accents_of_small_print_are_not_taken_for_a_dotted_leader() -> None:
    """Given 7-pt card print under a 16-pt title (the title sets what a "letter" is, so
    the accents of "Có giá trị đến" count as dots and chain into a row), then the leader
    eraser leaves the print untouched, while a real leader on the next line goes."""
    title = ("HỘ CHIẾU / PASSPORT", 16.0)
    accents = (
        ("Có giá trị đến/Date of expiry: 08/11/2029", 7.0),
        ("Ngày cấp/Date of issue: Cục Quản lý xuất nhập cảnh", 7.0),
    )
    plain = _small_print((title, *accents, ("Họ tên:", 7.0)))
    with_leader = _small_print((title, *accents, ("Họ tên:" + "." * 60, 7.0)))

    assert (remove_leaders(plain, 300) != plain).sum() == 0
    after = remove_leaders(with_leader, 300)
    assert (after != plain).sum() < 0.05 * (with_leader != plain).sum()

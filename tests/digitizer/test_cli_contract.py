"""The ``sohoa digitize`` contract: files written, JSON keys, searchable Vietnamese PDF."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.digitizer.conftest import draw_page, require_tools, run_cli

PAGE_KEYS = {"number", "text", "confidence", "rotation", "skew", "warnings"}
TOP_KEYS = {
    "source",
    "pages",
    "text",
    "doc_type",
    "doc_type_confidence",
    "fields",
    "output_pdf",
    "warnings",
    "error",
}


def test_json_lines_carry_the_contract_keys_and_files_are_written(
    page_png: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = run_cli(["digitize", str(page_png), "--out", str(out), "--json", "--jobs", "1"])

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert set(result) >= TOP_KEYS
    assert result["error"] is None
    assert result["source"] == str(page_png)
    assert result["output_pdf"] == str(out / "giay-xac-nhan.pdf")
    assert (out / "giay-xac-nhan.pdf").exists()
    assert json.loads((out / "giay-xac-nhan.json").read_text(encoding="utf-8")) == result
    [page] = result["pages"]
    assert set(page) >= PAGE_KEYS
    assert page["number"] == 1
    assert 0.5 < page["confidence"] <= 1.0
    for warning in page["warnings"] + result["warnings"]:
        assert set(warning) == {"code", "message"}
    assert isinstance(result["doc_type"], str)
    assert 0.0 <= result["doc_type_confidence"] <= 1.0
    for value in result["fields"].values():
        assert {"value", "confidence"} <= set(value)
    assert result["text"] == unicodedata.normalize("NFC", result["text"])


def test_pdftotext_returns_the_vietnamese_text_with_diacritics(
    page_png: Path, tmp_path: Path
) -> None:
    require_tools("pdftotext", "pdfimages")
    run = run_cli(["digitize", str(page_png), "--out", str(tmp_path), "--jobs", "1"])
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / "giay-xac-nhan.pdf"

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFC", " ".join(text.split()))

    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập",
        "Hạnh phúc",
        "Nguyễn Thị Hương",
        "phường Láng Thượng, quận Đống Đa",
    ):
        assert phrase in text
    # PDF/A-2b identification and an sRGB output intent.
    import pikepdf

    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert doc.Root.OutputIntents[0].S == "/GTS_PDFA1"
    # One page image per input page, at the scan's own resolution.
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 1
    assert images[0].split()[12] == "200"  # x-ppi


def test_multipage_tiff_keeps_its_pages_in_order(tmp_path: Path) -> None:
    first = draw_page(("Trang thứ nhất của hồ sơ",) * 2)
    second = draw_page(("Trang thứ hai của hồ sơ",) * 2)
    first.save(tmp_path / "hs.tif", save_all=True, append_images=[second], dpi=(200, 200))

    run = run_cli(["digitize", str(tmp_path / "hs.tif"), "--out", str(tmp_path), "--json"])

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert [p["number"] for p in result["pages"]] == [1, 2]
    assert "thứ nhất" in result["pages"][0]["text"]
    assert "thứ hai" in result["pages"][1]["text"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """One CLI run over a plain page, a page with a red seal, a blank page and a 150-dpi scan."""
    from PIL import Image

    d = tmp_path_factory.mktemp("batch")
    draw_page().save(d / "plain.png", dpi=(200, 200))
    draw_page(seal=True).save(d / "seal.png", dpi=(200, 200))
    Image.new("RGB", (1100, 700), "white").save(d / "trang.png", dpi=(200, 200))
    draw_page(dpi=150).save(d / "thap.png", dpi=(150, 150))
    names = ["plain.png", "seal.png", "trang.png", "thap.png"]
    run = run_cli(["digitize", *[str(d / n) for n in names], "--out", str(d / "out"), "--json"])
    assert run.returncode == 0, run.stderr
    return d / "out", {Path(r["source"]).name: r for r in run.results}


def test_plain_text_page_is_stored_grey_and_a_seal_page_in_colour(batch) -> None:
    require_tools("pdfimages")
    out, _ = batch
    colours = {}
    for name in ("plain", "seal"):
        listing = subprocess.run(
            ["pdfimages", "-list", str(out / f"{name}.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2]
        colours[name] = listing.split()[5]
    assert colours == {"plain": "gray", "seal": "rgb"}


def test_blank_page_is_flagged_and_not_recognised(batch) -> None:
    [page] = batch[1]["trang.png"]["pages"]
    assert page["text"] == ""
    assert [w["code"] for w in page["warnings"]] == ["blank_page"]
    assert page["warnings"][0]["message"].startswith("Trang trắng")


def test_low_resolution_scan_gets_the_low_dpi_warning_in_vietnamese(batch) -> None:
    [page] = batch[1]["thap.png"]["pages"]
    low = [w for w in page["warnings"] if w["code"] == "low_dpi"]
    assert low and "150 dpi" in low[0]["message"] and "tối thiểu 200 dpi" in low[0]["message"]
    assert page["quality"]["dpi"] == 150


def test_output_beside_the_input_never_overwrites_the_scan(tmp_path: Path) -> None:
    """Given a PDF scan and ``--out`` its own folder, the scan's bytes survive and the
    outputs take another name."""
    import hashlib
    import shutil

    demo = Path(__file__).resolve().parents[2] / "samples" / "demo"
    scan = tmp_path / "dossier-dpi200.pdf"
    shutil.copyfile(demo / "dossier-dpi200.pdf", scan)
    before = hashlib.sha256(scan.read_bytes()).hexdigest()
    # In a subprocess: the page pool forks, which must not happen inside pytest's threads.
    run = run_cli(["digitize", str(scan), "--out", str(tmp_path)])
    assert run.returncode == 0, run.stderr
    assert hashlib.sha256(scan.read_bytes()).hexdigest() == before
    assert (tmp_path / "dossier-dpi200-2.pdf").exists()
    assert (tmp_path / "dossier-dpi200-2.json").exists()

"""Files, formats, truth JSON, dossiers, the CLI, the demo set and the error codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy
import pikepdf
import pytest
from PIL import Image

import samples
from samples import fonts, prose
from samples.demo import DEMO_DIR, DEMO_ITEMS, write_demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("fmt", ["png", "jpg", "tiff", "pdf"])
def test_write_set_writes_each_format_next_to_its_truth(tmp_path: Path, fmt: str) -> None:
    files = samples.write_set(
        tmp_path,
        seed=2,
        count_per_kind=1,
        kinds=["van_ban", "receipt"],
        degradations=["clean", "dpi200"],
        fmt=fmt,
        variant_set="train",
        dpi=100,
    )
    truths = sorted(tmp_path.glob("*.truth.json"))
    assert len(truths) == 4
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for key in (
            "kind",
            "doc_type",
            "fields",
            "pages",
            "degradation",
            "dpi",
            "seed",
            "variant_set",
        ):
            assert key in truth
        assert truth["dpi"] == (200.0 if truth["degradation"] == "dpi200" else 100.0)
        paths = [tmp_path / name for name in truth["files"]]
        assert all(p in files for p in paths)
        n = len(truth["pages"])
        if fmt == "pdf":
            with pikepdf.open(paths[0]) as pdf:
                assert len(pdf.pages) == n
        elif fmt == "tiff":
            with Image.open(paths[0]) as im:
                assert im.n_frames == n
                assert round(im.info["dpi"][0]) == round(truth["dpi"])
        else:
            assert len(paths) == n
            with Image.open(paths[0]) as im:
                assert im.size == tuple(truth["page_sizes"][0])


def test_pdf_pages_have_the_true_physical_size(tmp_path: Path) -> None:
    [path] = samples.write_document(samples.make_document("quyet_dinh", 1), tmp_path, fmt="pdf")
    with pikepdf.open(path) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert abs(box[2] - 595.3) < 1 and abs(box[3] - 841.9) < 1  # A4 in points


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        samples.write_set(tmp_path / sub, 5, kinds=["receipt"], degradations=["photo"], fmt="pdf")
        samples.write_set(
            tmp_path / sub, 5, kinds=["receipt"], degradations=["noise_blur"], fmt="tiff"
        )
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_dossier_truth_lists_each_document_with_its_page_range(tmp_path: Path) -> None:
    for seed in range(6):
        dossier = samples.make_dossier(seed)
        parts = dossier.documents
        assert [p.kind for p in parts[:2]] == ["to_khai", "cccd"] and 3 <= len(parts) <= 5
        covered = [n for p in parts for n in range(p.first_page, p.last_page + 1)]
        assert sorted(covered + list(dossier.blank_pages)) == list(range(1, len(dossier.pages) + 1))
        for n in dossier.blank_pages:
            assert dossier.pages[n - 1] == ""
        assert all({layout.width, layout.height} == {210, 297} for layout in dossier.layouts)
    small = samples.make_dossier(1, kinds=["to_khai", "receipt", "cccd"])
    [path] = samples.write_document(small, tmp_path, fmt="pdf", dpi=100)
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == len(truth["pages"])
    assert truth["documents"][0]["pages"][0] == 1


def test_dossier_papers_belong_to_one_applicant() -> None:
    """The tờ khai and the ID card of a dossier are the same citizen's (same ID number)."""
    for seed in range(5):
        form, card = samples.make_dossier(seed).documents[:2]
        assert form.fields["id_number"] == card.fields["id_number"]
        assert form.fields["full_name"] == card.fields["full_name"]


def _pixel_gap(a: Path, b: Path) -> float:
    """Mean absolute difference of two images' pixels (0–255); inf when their sizes differ."""
    with Image.open(a) as first, Image.open(b) as second:
        if first.size != second.size or first.mode != second.mode:
            return float("inf")
        x = numpy.asarray(first, dtype=numpy.float32)
        y = numpy.asarray(second, dtype=numpy.float32)
    return float(numpy.abs(x - y).mean())


def test_demo_set_is_up_to_date_with_the_generator(tmp_path: Path) -> None:
    fresh = write_demo(tmp_path)
    committed = sorted(p.name for p in DEMO_DIR.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed, "run: python -m samples demo"
    for path in tmp_path.iterdir():
        stale = f"samples/demo/{path.name} is stale; run: python -m samples demo"
        if path.suffix in {".jpg", ".png"}:
            # Warps and JPEG coders may round a pixel differently from one OpenCV or
            # Pillow release to the next; a changed generator moves far more than that.
            assert _pixel_gap(path, DEMO_DIR / path.name) < 0.05, stale
        else:
            assert path.read_bytes() == (DEMO_DIR / path.name).read_bytes(), stale
    assert sum(p.stat().st_size for p in DEMO_DIR.iterdir()) < 3 * 1024 * 1024
    assert len(fresh) >= len(DEMO_ITEMS)
    dossier = json.loads((DEMO_DIR / "dossier-dpi200.truth.json").read_text(encoding="utf-8"))
    assert len(dossier["pages"]) == 3


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samples", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_cli_generate_and_dossier_write_files(tmp_path: Path) -> None:
    done = _run(
        "generate",
        "--out",
        str(tmp_path),
        "--seed",
        "3",
        "--kinds",
        "receipt",
        "blank_form",
        "--degradations",
        "clean",
        "rot90",
        "--format",
        "jpg",
        "--variant-set",
        "heldout",
        "--dpi",
        "100",
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 4 and len(list(tmp_path.glob("*.truth.json"))) == 4
    done = _run(
        "dossier", "--out", str(tmp_path / "d"), "--seed", "2", "--format", "tiff",
        "--kinds", "to_khai", "giay_phep_lai_xe", "--dpi", "100",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "d" / "dossier-2-clean.tiff").exists()


def test_cli_bad_input_gives_one_line_with_a_stable_code(tmp_path: Path) -> None:
    done = _run("generate", "--out", str(tmp_path), "--seed", "1", "--kinds", "giay_phep_bay")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "[sample_unknown_kind]" in done.stderr and "Traceback" not in done.stderr


def test_api_errors_carry_stable_codes() -> None:
    with pytest.raises(samples.UnknownKindError) as kind:
        samples.make_document("passport", 1)
    assert kind.value.code == "sample_unknown_kind"
    with pytest.raises(samples.UnknownDegradationError):
        samples.write_set("/nonexistent", 1, kinds=["cccd"], degradations=["fog"])
    with pytest.raises(samples.UnknownFormatError):
        samples.write_set("/nonexistent", 1, kinds=["cccd"], fmt="bmp")
    with pytest.raises(samples.UnknownVariantSetError):
        samples.make_document("cccd", 1, "test")


def test_missing_fonts_fail_with_the_apt_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "_SEARCH_ROOTS", (tmp_path,))
    fonts._all_font_files.cache_clear()
    fonts.font_family.cache_clear()
    try:
        with pytest.raises(samples.FontMissingError, match="apt-get install fonts-texgyre") as err:
            fonts.font_family("termes")
        assert err.value.code == "sample_font_missing" and err.value.exit_status == 3
    finally:
        fonts._all_font_files.cache_clear()
        fonts.font_family.cache_clear()


def test_missing_seed_texts_fail_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(prose.SEEDS_ENV, str(tmp_path))
    prose.seed_paragraphs.cache_clear()
    try:
        with pytest.raises(samples.SeedTextMissingError, match=prose.SEEDS_ENV):
            samples.make_document("van_ban", 1)
    finally:
        prose.seed_paragraphs.cache_clear()


def test_seed_prose_is_cleaned_of_web_debris(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    keep = (
        "Bộ phận Một cửa tiếp nhận hồ sơ, số hóa thành phần hồ sơ và trả kết quả giải quyết "
        "thủ tục hành chính cho tổ chức, cá nhân theo đúng quy định."
    )
    debris = ["Slideshow", "Leave a Reply", "Đang xem: 12", "Go top", "Xem thêm tại http://a.vn"]
    (tmp_path / "capture.txt").write_text("\n".join([*debris, keep]), encoding="utf-8")
    monkeypatch.setenv(prose.SEEDS_ENV, str(tmp_path))
    prose.seed_paragraphs.cache_clear()
    try:
        assert prose.seed_paragraphs() == ((keep,),)
    finally:
        prose.seed_paragraphs.cache_clear()


def test_shipped_prose_needs_nothing_outside_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(prose.SEEDS_ENV, raising=False)
    prose.seed_paragraphs.cache_clear()
    try:
        sources = prose.seed_paragraphs()
    finally:
        prose.seed_paragraphs.cache_clear()
    assert len(sources) >= 3
    assert all(len(paragraphs) >= 8 for paragraphs in sources)


def test_write_set_in_two_processes_writes_the_same_files(tmp_path: Path) -> None:
    kw = {"kinds": ["receipt", "blank_form", "english_text"], "degradations": ["skew"], "dpi": 100}
    one = samples.write_set(tmp_path / "one", 8, **kw)  # type: ignore[arg-type]
    two = samples.write_set(tmp_path / "two", 8, workers=2, **kw)  # type: ignore[arg-type]
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes()

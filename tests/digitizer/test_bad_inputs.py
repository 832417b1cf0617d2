"""Malformed inputs: each gets its own stable error code, and the rest of the batch succeeds."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from tests.digitizer.conftest import draw_page, run_cli

#: Limits for the batch, small enough to trip with small files (set through the settings' env).
LIMITS = {
    "SOHOA_DIGITIZER__MAX_BYTES": str(3 * 1024 * 1024),
    "SOHOA_DIGITIZER__MAX_PIXELS": str(4_000_000),
    "SOHOA_DIGITIZER__MAX_PAGES": "3",
}


def _png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _jpeg_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _pdf_with_pages(n: int, size: tuple[float, float] = (595, 842)) -> bytes:
    pdf = pikepdf.new()
    for _ in range(n):
        pdf.add_blank_page(page_size=size)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _malformed(d: Path) -> dict[str, str]:
    """Write the malformed inputs into ``d``; returns file name → expected error code."""
    small = draw_page(("Trang thử nghiệm",), dpi=100, width_in=3, height_in=1)
    png, jpeg = _png_bytes(small), _jpeg_bytes(small)
    cases: dict[str, tuple[bytes, str]] = {
        "empty.pdf": (b"", "empty_file"),
        "empty.png": (b"", "empty_file"),
        "trang-web.pdf": (
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            "mislabelled_file",
        ),
        "ghi-chu.png": ("Đây là văn bản, không phải ảnh".encode(), "mislabelled_file"),
        "nen.jpg": (b"PK\x03\x04" + b"\x00" * 200, "mislabelled_file"),
        "ghi-chu.txt": (b"plain text, not a document", "unsupported_format"),
        "anh.gif": (b"GIF89a" + b"\x00" * 100, "unsupported_format"),
        "anh.webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "unsupported_format"),
        "cut.png": (png[: len(png) // 2], "truncated_file"),
        "cut.jpg": (jpeg[: len(jpeg) // 2], "truncated_file"),
        "cut.pdf": (_pdf_with_pages(1)[:-60], "truncated_file"),
        "hong.pdf": (b"%PDF-1.7\n" + os.urandom(300) + b"\n%%EOF\n", "corrupt_file"),
        "hong.png": (png[:16] + os.urandom(300) + png[-12:], "corrupt_file"),
        "hong.jpg": (b"\xff\xd8\xff\xe0" + os.urandom(300) + b"\xff\xd9", "corrupt_file"),
        "hong.tif": (b"II*\x00" + os.urandom(200), "corrupt_file"),
        "bom.png": (_png_bytes(Image.new("1", (3000, 3000), 1)), "decompression_bomb"),
        "bom.pdf": (_pdf_with_pages(1, (14400, 14400)), "decompression_bomb"),
        "nhieu-trang.pdf": (_pdf_with_pages(4), "too_many_pages"),
        "khong-trang.pdf": (_pdf_with_pages(0), "no_pages"),
        "qua-lon.png": (b"\x89PNG\r\n\x1a\n" + os.urandom(3 * 1024 * 1024 + 10), "file_too_large"),
        "ti-hon.png": (_png_bytes(Image.new("RGB", (20, 20), "white")), "image_too_small"),
    }
    expected = {}
    for name, (data, code) in cases.items():
        (d / name).write_bytes(data)
        expected[name] = code

    # An encrypted PDF (a user password is needed to open it).
    enc = pikepdf.new()
    enc.add_blank_page()
    enc.save(d / "mat-khau.pdf", encryption=pikepdf.Encryption(user="1234", owner="5678"))
    expected["mat-khau.pdf"] = "encrypted_pdf"

    # A four-page TIFF, over the page limit of three.
    frames = [Image.new("L", (200, 200), 255) for _ in range(4)]
    frames[0].save(d / "nhieu-trang.tif", save_all=True, append_images=frames[1:])
    expected["nhieu-trang.tif"] = "too_many_pages"

    # An Office document under its own name.
    with zipfile.ZipFile(d / "to-khai.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    expected["to-khai.docx"] = "unsupported_format"

    (d / "thu-muc.pdf").mkdir()
    expected["thu-muc.pdf"] = "input_unreadable"
    expected["khong-co.pdf"] = "input_not_found"
    return expected


@pytest.mark.slow
def test_each_malformed_input_gets_its_code_and_the_batch_goes_on(tmp_path: Path) -> None:
    """Given 25+ malformed inputs around two good pages in one CLI batch,
    when digitized, then each bad one has its own code, no traceback, and the good ones succeed."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = _malformed(inputs)
    assert len(expected) >= 20
    good = [inputs / "tot-1.png", inputs / "tot-2.jpg"]
    draw_page().save(good[0], dpi=(200, 200))
    draw_page().save(good[1], quality=90, dpi=(200, 200))
    names = ["tot-1.png", *expected, "tot-2.jpg"]

    run = run_cli(
        [
            "digitize",
            *[str(inputs / n) for n in names],
            "--out",
            str(tmp_path / "out"),
            "--json",
            "--jobs",
            "2",
        ],
        env=LIMITS,
    )

    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2
    results = {Path(r["source"]).name: r for r in run.results}
    assert list(results) == names  # one line per input, in input order
    for name, code in expected.items():
        error = results[name]["error"]
        assert error is not None, f"{name} was accepted"
        assert error["code"] == code, f"{name}: {error}"
        assert error["message"] and "\n" not in error["message"]
        assert f"[{code}]" in run.stderr
    for name in ("tot-1.png", "tot-2.jpg"):
        assert results[name]["error"] is None
        assert "Nguyễn Thị Hương" in results[name]["text"]
        assert Path(results[name]["output_pdf"]).exists()


#: Letters only Vietnamese spells with (lower case; the check lower-cases the text).
_VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def _error_lines(stderr: str) -> dict[str, tuple[str, str]]:
    """``sohoa: error [code]: path: message`` lines → file name → (code, message)."""
    found = {}
    for line in stderr.splitlines():
        match = re.fullmatch(r"sohoa: error \[(\w+)\]: (.+?): (.+)", line)
        assert match, line
        found[Path(match[2]).name] = (match[1], match[3])
    return found


def test_the_cli_says_each_refusal_in_vietnamese_and_in_english_with_the_same_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given seven malformed inputs, when digitized with no SOHOA_LANG and with
    SOHOA_LANG=en, then each gets one line with its code, in Vietnamese and in English."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = _malformed(inputs)
    names = [
        "empty.pdf",
        "trang-web.pdf",
        "anh.gif",
        "cut.png",
        "mat-khau.pdf",
        "nhieu-trang.pdf",
        "khong-co.pdf",
    ]
    argv = ["digitize", *[str(inputs / n) for n in names], "--out", str(tmp_path / "out")]
    monkeypatch.delenv("SOHOA_LANG", raising=False)
    said = {}
    for lang, env in (("vi", LIMITS), ("en", {**LIMITS, "SOHOA_LANG": "en"})):
        run = run_cli(argv, env=env)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        said[lang] = _error_lines(run.stderr)
    for name in names:
        (code_vi, vi), (code_en, en) = said["vi"][name], said["en"][name]
        assert code_vi == code_en == expected[name], name
        assert _VIETNAMESE & set(vi.lower()), (name, vi)
        assert not _VIETNAMESE & set(en.lower()), (name, en)

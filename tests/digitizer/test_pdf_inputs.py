"""PDF inputs: scans are rasterised page by page, text layers and signatures are kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

import pytest

from digitizer.pdfinput import is_garbage
from tests.digitizer.conftest import draw_page, run_cli

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _broken_tesseract(bin_dir: Path) -> dict[str, str]:
    """A PATH on which ``tesseract`` always crashes: any OCR attempt would fail loudly."""
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "tesseract"
    fake.write_text("#!/bin/sh\necho 'must not be called' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def _text_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not DEJAVU.exists():
        pytest.fail("DejaVu Serif is missing: apt-get install fonts-dejavu-core")
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuSerif", 12)
    y = 780
    for line in lines:
        c.drawString(72, y, line)
        y -= 18
    c.showPage()
    c.save()


def _scanned_pdf(path: Path, pages: int = 1) -> None:
    images = [
        draw_page((f"Trang số {n + 1} của quyết định", "Ủy ban nhân dân tỉnh Bắc Ninh"))
        for n in range(pages)
    ]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)


def _sign(src: Path, dst: Path, workdir: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND test signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    p12 = workdir / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, None, serialization.BestAvailableEncryption(b"pw")
        )
    )
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=b"pw")
    assert signer is not None
    with src.open("rb") as inf:
        writer = IncrementalPdfFileWriter(inf, strict=False)
        with dst.open("wb") as outf:
            signers.sign_pdf(
                writer, signers.PdfSignatureMetadata(field_name="Sig1"), signer=signer, output=outf
            )


def test_text_layer_pdf_is_kept_without_ocr(tmp_path: Path) -> None:
    """Given a PDF with a real Vietnamese text layer and a Tesseract that would crash,
    when digitized, then it succeeds from the text layer and the bytes are unchanged."""
    src = tmp_path / "quyet-dinh.pdf"
    _text_pdf(
        src,
        [
            "QUYẾT ĐỊNH về việc cấp giấy chứng nhận",
            "Số: 123/QĐ-UBND",
            "Chủ tịch Ủy ban nhân dân quận Hoàn Kiếm",
        ],
    )

    run = run_cli(
        ["digitize", str(src), "--out", str(tmp_path / "out"), "--json"],
        env=_broken_tesseract(tmp_path / "bin"),
    )

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert "Số: 123/QĐ-UBND" in result["text"]
    assert [p.get("source") for p in result["pages"]] == ["text_layer"]
    assert "text_layer_kept" in [w["code"] for w in result["warnings"]]
    assert (tmp_path / "out" / "quyet-dinh.pdf").read_bytes() == src.read_bytes()


def test_garbage_text_layer_is_detected() -> None:
    assert is_garbage("\ue000\ue001\ue002 \ue003\ue004 " * 10)
    assert is_garbage("!!!! #### $$$$ %%%% &&&& **** ++++ ---- ")
    assert is_garbage("xdfgh qwrtzp mnbvc kjhgf lkjhg zxcvb")
    assert not is_garbage("Chủ tịch Ủy ban nhân dân quận Hoàn Kiếm quyết định cấp giấy chứng nhận")


def test_signed_pdf_bytes_are_kept_and_its_text_still_read(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    _scanned_pdf(scan)
    signed = tmp_path / "da-ky.pdf"
    _sign(scan, signed, tmp_path)
    before = hashlib.sha256(signed.read_bytes()).hexdigest()

    run = run_cli(["digitize", str(signed), "--out", str(tmp_path / "out"), "--json"])

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert "signed_pdf_kept" in [w["code"] for w in result["warnings"]]
    assert "Bắc Ninh" in result["text"]
    assert hashlib.sha256(signed.read_bytes()).hexdigest() == before
    assert hashlib.sha256((tmp_path / "out" / "da-ky.pdf").read_bytes()).hexdigest() == before


def test_scanned_pdf_is_recognised_page_by_page(tmp_path: Path) -> None:
    src = tmp_path / "scan.pdf"
    _scanned_pdf(src, pages=2)

    run = run_cli(["digitize", str(src), "--out", str(tmp_path / "out"), "--json", "--jobs", "2"])

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert [p["number"] for p in result["pages"]] == [1, 2]
    assert "Trang số 1" in result["pages"][0]["text"]
    assert "Trang số 2" in result["pages"][1]["text"]
    assert all(p["quality"]["dpi"] == 200 for p in result["pages"])


def test_pdf_with_a_garbage_text_layer_is_ocred(tmp_path: Path) -> None:
    """Given a scanned page whose invisible text layer is mis-encoded junk,
    when digitized, then the page is OCRed and the garbage is reported."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.png"
    draw_page(("Ủy ban nhân dân tỉnh Bắc Ninh", "Giấy chứng nhận")).save(scan, dpi=(200, 200))
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(DEJAVU)))
    src = tmp_path / "rac.pdf"
    c = canvas.Canvas(str(src), pagesize=A4)
    c.drawImage(str(scan), 0, 842 - 245, width=396, height=245)
    text = c.beginText(72, 700)
    text.setTextRenderMode(3)  # invisible, like a broken OCR layer
    text.setFont("DejaVuSerif", 12)
    text.textLine("Ƀxđ ǂqwrtz ȿmnbvc ƙjhgf ɬkjhg zxcvb ÿ§¤ ¬¦¨" * 2)
    c.drawText(text)
    c.showPage()
    c.save()

    run = run_cli(["digitize", str(src), "--out", str(tmp_path / "out"), "--json"])

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert "text_layer_garbage" in [w["code"] for w in result["warnings"]]
    assert [p["source"] for p in result["pages"]] == ["ocr"]
    assert "Bắc Ninh" in result["text"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("vi", "hãy chọn loại bằng tay"), ("en", "pick the type by hand")],
)
def test_a_broken_catalogue_keeps_the_text_and_tells_staff_to_pick_the_type(
    tmp_path: Path, lang: str, words: str
) -> None:
    """Given an agency catalogue that is not valid YAML, when a document is digitized,
    then it succeeds with its text, no type, and a warning in the staff's language
    (not the parser's English) that names the catalogue setting."""
    src = tmp_path / "quyet-dinh.pdf"
    _text_pdf(src, ["QUYẾT ĐỊNH về việc cấp giấy chứng nhận", "Số: 123/QĐ-UBND"])
    broken = tmp_path / "agency.yaml"
    broken.write_text("types: [{code: khai_sinh, titles: [", encoding="utf-8")

    run = run_cli(
        ["digitize", str(src), "--out", str(tmp_path / "out"), "--json"],
        env={"SOHOA_DOCTYPES_CATALOGUE": str(broken), "SOHOA_LANG": lang},
    )

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert "Số: 123/QĐ-UBND" in result["text"]
    assert result["doc_type"] in (None, "unknown")
    [warning] = [w for w in result["warnings"] if w["code"] == "doctype_catalogue_invalid"]
    assert words in warning["message"]
    assert "SOHOA_DOCTYPES_CATALOGUE" in warning["message"]
    assert "YAML" not in warning["message"]
    assert "Traceback" not in run.stderr


def test_a_catalogue_that_is_not_utf8_still_lets_the_page_workers_read_scans(
    tmp_path: Path, page_png: Path
) -> None:
    """Given an agency catalogue saved in a legacy 8-bit encoding, when a scan is digitized,
    then the page workers (which load the phrase book at start) still read it, and staff
    are told to pick the type."""
    legacy = tmp_path / "agency.yaml"
    legacy.write_bytes("types: [{code: khai_sinh, titles: [giáy khai sinh]}]".encode("latin-1"))

    run = run_cli(
        ["digitize", str(page_png), "--out", str(tmp_path / "out"), "--json"],
        env={"SOHOA_DOCTYPES_CATALOGUE": str(legacy), "SOHOA_LANG": "en"},
    )

    assert run.returncode == 0, run.stderr
    [result] = run.results
    assert "Nguyễn Thị Hương" in result["text"]
    assert any(w["code"] == "doctype_catalogue_invalid" for w in result["warnings"])
    assert "Traceback" not in run.stderr

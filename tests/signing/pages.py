"""Reading signed pages back as a person sees them: poppler renders, text and widgets."""

from __future__ import annotations

import io
import math
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

Box = tuple[float, float, float, float]


def tool(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        pytest.fail(f"{argv[0]} failed ({done.stderr[-300:]}); apt-get install poppler-utils")
    return done.stdout


def text(path: Path, page: int, box: Box | None = None) -> str:
    """pdftotext of *page* (1-based), or of the part inside *box* (PDF points)."""
    argv = ["pdftotext", "-f", str(page), "-l", str(page), "-layout"]
    if box is not None:
        height = page_height(path, page)
        x0, y0, x1, y1 = box
        argv += [
            "-r",
            "72",
            "-x",
            str(math.floor(x0)),
            "-y",
            str(math.floor(height - y1)),
            "-W",
            str(math.ceil(x1 - x0)),
            "-H",
            str(math.ceil(y1 - y0)),
        ]
    return unicodedata.normalize("NFC", tool(*argv, str(path), "-"))


def page_height(path: Path, page: int) -> float:
    with pikepdf.open(path) as pdf:
        return float(pdf.pages[page - 1].mediabox[3])


def render(path: Path, page: int, dpi: int, out: Path, box: Box | None = None) -> np.ndarray:
    """The page (or the part inside *box*, PDF points) as a BGR image at *dpi*."""
    crop: list[str] = []
    if box is not None:
        rows, cols = pixels(box, dpi, page_height(path, page))
        crop = [
            "-x",
            str(cols.start),
            "-y",
            str(rows.start),
            "-W",
            str(cols.stop - cols.start),
            "-H",
            str(rows.stop - rows.start),
        ]
    tool(
        "pdftoppm",
        "-f",
        str(page),
        "-l",
        str(page),
        "-r",
        str(dpi),
        *crop,
        "-png",
        "-singlefile",
        str(path),
        str(out),
    )
    image = cv2.imread(f"{out}.png")
    assert image is not None
    return image


def ink(image: np.ndarray) -> np.ndarray:
    """Dark pixels: text, lines, the seal's red, a blue signature."""
    return image.min(axis=2) < 170


def pixels(box: Box, dpi: int, page_height_pt: float) -> tuple[slice, slice]:
    """Rows and columns of *box* in an image rendered at *dpi*."""
    s = dpi / 72
    x0, y0, x1, y1 = box
    rows = slice(math.floor((page_height_pt - y1) * s), math.ceil((page_height_pt - y0) * s))
    cols = slice(math.floor(x0 * s), math.ceil(x1 * s))
    return rows, cols


def widget_rects(pdf: bytes) -> list[tuple[int, Box]]:
    """(1-based page, /Rect) of every signature widget."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                parent = annot.get("/Parent")
                if annot.get("/FT") == "/Sig" or (
                    parent is not None and parent.get("/FT") == "/Sig"
                ):
                    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                    found.append((number, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    return found


def text_pdf(blocks: Sequence[Box], pages: int = 1) -> bytes:
    """A4 pages whose *blocks* (PDF points) are filled with lines of 10 pt text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=0)
    line = "Giay to so hoa - noi dung trang, khong duoc che " * 6
    for _ in range(pages):
        c.setFont("Times-Roman", 10)
        for x0, y0, x1, y1 in blocks:
            fitted = line
            while stringWidth(fitted, "Times-Roman", 10) > x1 - x0:
                fitted = fitted[:-1]
            y = y1 - 8
            while y >= y0 + 2:
                c.drawString(x0, y, fitted)
                y -= 12
        c.showPage()
    c.save()
    return buf.getvalue()

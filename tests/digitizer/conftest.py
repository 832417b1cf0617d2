"""Fixtures for the digitizer tests: small generated pages and a CLI runner.

Pages are drawn with TeX Gyre Termes (Times metrics, full Vietnamese coverage) from
Debian's fonts-texgyre, kept small so each Tesseract run takes a fraction of a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = Path("/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf")

LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "Họ và tên: Nguyễn Thị Hương",
    "Ngày sinh: 12 tháng 3 năm 1990",
    "Nơi cư trú: phường Láng Thượng, quận Đống Đa",
    "Ủy ban nhân dân xác nhận đúng sự thật.",
)


def require_tools(*names: str) -> None:
    for name in names:
        if shutil.which(name) is None:
            pytest.fail(
                f"{name} is not installed: apt-get install "
                + ("tesseract-ocr tesseract-ocr-vie" if name == "tesseract" else "poppler-utils")
            )
    if not FONT.exists():
        pytest.fail(f"{FONT} is missing: apt-get install fonts-texgyre")


def draw_page(
    lines: tuple[str, ...] = LINES,
    *,
    dpi: int = 200,
    width_in: float = 5.5,
    height_in: float = 3.4,
    seal: bool = False,
) -> Image.Image:
    """A small white page with Vietnamese text at 12 pt; optionally a red seal."""
    require_tools("tesseract")
    w, h = int(width_in * dpi), int(height_in * dpi)
    page = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), int(12 * dpi / 72))
    y = int(0.35 * dpi)
    for line in lines:
        draw.text((int(0.4 * dpi), y), line, font=font, fill="black")
        y += int(17 * dpi / 72)
    if seal:
        r = int(0.45 * dpi)
        cx, cy = w - int(0.9 * dpi), h - int(0.8 * dpi)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 20, 20), width=int(dpi / 25))
        draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=(210, 20, 20))
    return page


def turn(page: Image.Image, rotation: int, skew: float) -> Image.Image:
    """The page skewed by ``skew``° (counter-clockwise), then turned ``rotation``° clockwise."""
    arr = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
    h, w = arr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    arr = cv2.warpAffine(arr, m, (w, h), borderValue=(255, 255, 255))
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if rotation:
        arr = cv2.rotate(arr, codes[rotation])
    return Image.fromarray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB))


@pytest.fixture(scope="session")
def page_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "giay-xac-nhan.png"
    draw_page().save(path, dpi=(200, 200))
    return path


@dataclass(frozen=True)
class CliRun:
    """A finished ``sohoa digitize`` run."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def results(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run_cli(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 180) -> CliRun:
    """``sohoa`` in a subprocess (the real console entry point's module), as a user runs it."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "api", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def cli() -> Callable[..., CliRun]:
    return run_cli

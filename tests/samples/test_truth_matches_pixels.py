"""The truth text is what is printed: real Tesseract reads it back from a clean page."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import samples


def _words(text: str) -> collections.Counter[str]:
    return collections.Counter(re.findall(r"\w+", unicodedata.normalize("NFC", text)))


def test_tesseract_reads_the_truth_text_off_a_clean_page(tmp_path: Path) -> None:
    """Given a clean 300-dpi birth certificate in the plain layout, when Tesseract (vie)
    reads it, the order-free word error against the truth text is under 5 %: the truth
    transcribes the pixels, not some other text."""
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract not found: sudo apt-get install tesseract-ocr tesseract-ocr-vie")
    doc = samples.make_document("khai_sinh", 2, variant=0)
    path = tmp_path / "page.png"
    samples.render(doc, dpi=300)[0].save(path, dpi=(300, 300))
    done = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", "vie"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    truth, read = _words(doc.pages[0]), _words(done.stdout)
    common = sum((truth & read).values())
    precision, recall = common / sum(read.values()), common / sum(truth.values())
    word_error = 1 - 2 * precision * recall / (precision + recall)
    assert word_error < 0.05, done.stdout

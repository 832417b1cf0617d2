"""A phone photo of an A4 paper, digitized in-process with one worker, as at the counter.

A photo takes the longest path through the page stage: the sheet is found and
straightened, its resolution judged from its proportions, the lighting flattened, and
(if the first read is unsure) the orientation probed. Run with ``jobs=1`` this once hung
in the worker pool (a worker forked while another thread held a lock); the pool now
starts its workers from a fork server. The test has a time limit of its own so a hang
fails instead of stalling the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import samples
from digitizer import Digitizer, DigitizeSpec
from tests.digitizer.conftest import require_tools


def _photo(kind: str, seed: int, tmp_path: Path) -> tuple[Path, str]:
    """The same photo as bench/ocr.py makes for ``kind``/``seed`` (a JPEG, no dpi)."""
    require_tools("tesseract")
    doc = samples.make_document(kind, seed, "all")
    page = samples.render(doc, 300)[0]
    page.info["dpi"] = (300, 300)
    photo = samples.degrade(page, "photo", seed)
    path = tmp_path / f"{kind}-{seed}.jpg"
    photo.save(path, quality=92)
    return path, doc.pages[0]


@pytest.mark.timeout(240)
def test_phone_photo_of_a_certificate_is_straightened_read_and_typed(tmp_path: Path) -> None:
    """Given a phone photo of a marital-status certificate (perspective, shadow, no dpi),
    when digitized with one worker, then the sheet is found and straightened, turned upright,
    typed as xac_nhan_hon_nhan, and its title and the holder's name come out with their
    diacritics."""
    path, truth = _photo("xac_nhan_hon_nhan", 1120, tmp_path)

    with Digitizer(DigitizeSpec(jobs=1), tmp_path / "out") as digitizer:
        [result] = list(digitizer.run([path]))

    assert result.ok, result.error_code
    page = result.pages[0]
    assert page.quality is not None and page.quality.perspective_corrected
    assert "XÁC NHẬN TÌNH TRẠNG HÔN NHÂN" in result.text
    name_line = next(line for line in truth.splitlines() if line.startswith("Họ, chữ đệm"))
    name = name_line.split(":", 1)[1].strip()
    assert name in result.text
    assert [s.doc_type for s in result.spans] == ["xac_nhan_hon_nhan"]

"""The worker's in-process Tesseract for the second reads (digitizer.engine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitizer import engine
from digitizer.errors import ToolFailedError, ToolMissingError, ToolTimeoutError
from digitizer.ocr import parse_tsv
from tests.digitizer.conftest import LINES, ROOT, draw_page


def _gray(lines: tuple[str, ...] = LINES) -> np.ndarray:
    return np.asarray(draw_page(lines, dpi=300).convert("L"))


def test_a_page_is_read_with_its_vietnamese_marks() -> None:
    words, text = parse_tsv(engine.read_tsv(_gray(), 300, lang="vie", psm=6, timeout=60))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Nguyễn Thị Hương" in text
    assert all(0.0 <= w.confidence <= 1.0 and w.box.width > 0 for w in words)


def test_a_whitelist_holds_for_its_own_read_only() -> None:
    """Given a read held to digits, then that read gives digits only and the next read
    of the same engine gives the letters again."""
    gray = _gray(("Ngày sinh: 12 tháng 3 năm 1990",))
    held = engine.read_tsv(
        gray, 300, lang="eng", psm=6, settings={"tessedit_char_whitelist": "0123456789"},
        timeout=60,
    )  # fmt: skip
    texts = [row.split("\t")[-1] for row in held.splitlines()[1:]]
    assert "".join(texts).isdigit() and "1990" in "".join(texts)
    _, again = parse_tsv(engine.read_tsv(gray, 300, lang="eng", psm=6, timeout=60))
    assert "sinh" in again and "1990" in again


def test_start_up_settings_get_an_engine_of_their_own() -> None:
    plain = engine._engine("eng", {})
    assert engine._engine("eng", {"load_system_dawg": "0"}) is not plain
    assert engine._engine("eng", {}) is plain


def test_a_read_past_its_time_limit_gives_tool_timeout() -> None:
    big = np.tile(_gray(), (6, 3))
    with pytest.raises(ToolTimeoutError):
        engine.read_tsv(big, 300, lang="vie", psm=3, timeout=0.001)


def test_a_missing_model_folder_gives_tool_missing_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(engine, "_engines", {})
    engine.tessdata_dir.cache_clear()
    try:
        with pytest.raises(ToolMissingError) as caught:
            engine.read_tsv(_gray(), 300, lang="vie", psm=6, timeout=10)
        assert "tesseract-ocr-vie" in caught.value.message("en")
        engine.warm([("vie", {})])  # warming never raises: the page's own read reports it
    finally:
        engine.tessdata_dir.cache_clear()


def test_page_workers_never_load_scikit_learn() -> None:
    """The worker's modules leave scikit-learn to the classifier in the driver (~90 MB
    per worker, bench/ocr.py --big)."""
    code = "import sys, digitizer.page; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_an_empty_crop_is_a_tool_failure_not_a_timeout() -> None:
    with pytest.raises(ToolFailedError):
        engine.read_tsv(np.zeros((0, 10), np.uint8), 300, lang="eng", psm=6, timeout=10)


def test_a_refused_setting_leaves_no_other_setting_behind() -> None:
    """Given a whitelist then an unknown setting, then the read fails and the next read
    of the same engine is held to nothing."""
    gray = _gray(("Ngày sinh: 12 tháng 3 năm 1990",))
    with pytest.raises(ToolFailedError):
        engine.read_tsv(
            gray, 300, lang="eng", psm=6, timeout=60,
            settings={"tessedit_char_whitelist": "01", "no_such_setting": "1"},
        )  # fmt: skip
    _, text = parse_tsv(engine.read_tsv(gray, 300, lang="eng", psm=6, timeout=60))
    assert "sinh" in text and "1990" in text

"""Recognition: one Tesseract run per page gives the words (TSV) with boxes and confidences.

The page pass runs the ``tesseract`` program, its TSV read with pytesseract's parser;
the small second reads (:func:`read_words`) use the worker's in-process engine
(:mod:`digitizer.engine`). The PDF text layer is drawn from the page's final words
(:mod:`digitizer.textlayer`), so what the second reads corrected is what ``pdftotext``
returns. Each Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``); parallelism
comes from the page pool.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from pytesseract.pytesseract import file_to_dict

from digitizer.engine import read_tsv
from digitizer.errors import ToolFailedError
from digitizer.model import Box, Word
from digitizer.runner import run
from digitizer.spec import DigitizeSpec

__all__ = [
    "MRZ_MIN_CHARS",
    "MRZ_MIN_FILLERS",
    "Recognition",
    "parse_tsv",
    "probe_score",
    "recognise",
    "text_of",
    "text_region",
]

log = logging.getLogger(__name__)

_NOISE_CONFIDENCE = 0.2
"""Words read with less confidence than this are dropped from the text."""
_SYMBOL_CONFIDENCE = 0.6
"""Words of mostly symbols read with less confidence than this are dropped."""
_LEADER_ONLY = re.compile(r"[.…·]{2,}")
_LEADER_TAIL = re.compile(r"(?<=[^\W\d_]{2})[.…]{2,}$")
"""What is left of a dotted leader that :func:`~digitizer.enhance.remove_leaders` did
not erase: a word of dots alone, or a run of dots after a word of two letters or more
("đất.....", "COMPANY...."). "v.v..." (and so on) keeps its dots."""
MRZ_MIN_CHARS = 20
"""An MRZ line has 30 (ID card), 36 or 44 (passport) characters; shorter is not one."""
MRZ_MIN_FILLERS = 2
"""Fewest ``<`` in a first-pass line for it to count as an MRZ line."""
_MRZ_WORD = re.compile(rf"[A-Z0-9<]{{{MRZ_MIN_CHARS},}}")
"""A word of the zone's alphabet as long as an MRZ line. The ``vie`` model reads ``<<<``
filler and long digit runs unsurely (a clean passport's two lines at 0.23 and 0.10); such
a word is never noise, and the MRZ re-read (:mod:`digitizer.mrz`) replaces it."""
_MARGIN_INCHES = 0.4
"""Paper left around the text when blank margins are cut off before Tesseract reads a
page. Tesseract wants some border (its docs: text cut to the edge reads worse); 0.4 in
read the bench pages as well as the whole page did, 0.2 in did not."""
_WORTH_CUTTING = 0.85
"""Margins are cut only when that leaves less than this share of the pixels."""
_INK_LEVEL = 160
"""Grey level below which a pixel counts as ink when the text region is found."""
_SPECK = 3
"""Dark pixels a row or column needs to belong to the text region."""
_PAGE_SETTINGS = ("textord_disable_pitch_test=1",)
"""Tesseract settings of the page pass. The fixed-pitch test looks for typewriter rows,
which only the legacy engine's chopper uses; the LSTM reads the same text without it
(bench/ocr.py: every figure the same, 3% less time per clean page)."""


@dataclass(frozen=True, slots=True)
class Recognition:
    """What Tesseract read on one page image."""

    words: tuple[Word, ...]
    """Words in reading order with boxes and 0..1 confidences."""
    text: str
    """NFC text, one line per recognised line."""
    confidence: float
    """Mean word confidence, 0..1 (0 when no word was read)."""


def text_region(gray: np.ndarray, dpi: float) -> tuple[int, int, int, int]:
    """``(top, left, bottom, right)`` of the page's ink plus a margin: what Tesseract needs
    to see. An A4 letter's blank margins are about 40% of its pixels, and Tesseract's
    layout analysis pays for every pixel (the bench's clean pages read 10-13% faster).

    Counted at full resolution (a small copy thins a 150-dpi stroke to paper grey and cut
    into the text); a row or column needs a few dark pixels, so a speck of dust does not
    hold a margin open. The whole page when cutting gains little.
    """
    h, w = gray.shape[:2]
    _, ink = cv2.threshold(gray, _INK_LEVEL, 1, cv2.THRESH_BINARY_INV)
    rows = np.flatnonzero(cv2.reduce(ink, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S) >= _SPECK)
    cols = np.flatnonzero(cv2.reduce(ink, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S) >= _SPECK)
    if rows.size == 0 or cols.size == 0:
        return 0, 0, h, w
    margin = round(_MARGIN_INCHES * dpi)
    top, bottom = max(0, int(rows[0]) - margin), min(h, int(rows[-1]) + 1 + margin)
    left, right = max(0, int(cols[0]) - margin), min(w, int(cols[-1]) + 1 + margin)
    if (bottom - top) * (right - left) >= _WORTH_CUTTING * h * w:
        return 0, 0, h, w
    return top, left, bottom, right


def recognise(gray: np.ndarray, dpi: float, base: Path, spec: DigitizeSpec) -> Recognition:
    """Run Tesseract once on the text region of ``gray`` and read its words (in page
    coordinates) from the TSV output."""
    image_path = base.with_suffix(".pgm")
    top, left, bottom, right = text_region(gray, dpi)
    # PGM is written and read without compression: the cheapest hand-over to Tesseract.
    if not cv2.imwrite(str(image_path), gray[top:bottom, left:right]):
        raise ToolFailedError(program="tesseract", folder=str(base.parent))
    argv = [
        "tesseract",
        str(image_path),
        str(base),
        "--dpi",
        str(round(dpi)),
        "-l",
        spec.lang,
        "--psm",
        str(spec.psm),
        *(arg for setting in _PAGE_SETTINGS for arg in ("-c", setting)),
        "tsv",
    ]
    try:
        run(argv, timeout=spec.tool_timeout, env={"OMP_THREAD_LIMIT": "1"})
    finally:
        image_path.unlink(missing_ok=True)
    tsv_path = base.with_suffix(".tsv")
    if not tsv_path.exists():
        raise ToolFailedError(program="tesseract")
    tsv = tsv_path.read_text(encoding="utf-8", errors="replace")
    tsv_path.unlink()
    words, text = parse_tsv(tsv)
    if top or left:
        words = tuple(
            replace(w, box=replace(w.box, left=w.box.left + left, top=w.box.top + top))
            for w in words
        )
    confidence = float(np.mean([w.confidence for w in words])) if words else 0.0
    return Recognition(words, text, confidence)


def text_of(words: tuple[Word, ...]) -> str:
    """Page text from words: one line per line index, in order of first appearance."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return "\n".join(" ".join(parts) for parts in lines.values())


def _is_noise(text: str, confidence: float) -> bool:
    """A "word" read from a seal, a signature or a speck: mostly symbols and unsure,
    or very unsure. Dropping these made the text closer to the page (bench/ocr.py).
    A line of a machine-readable zone is kept however unsure, so the MRZ re-read finds it."""
    if _MRZ_WORD.fullmatch(text) and text.count("<") >= MRZ_MIN_FILLERS:
        return False
    if confidence < _NOISE_CONFIDENCE:
        return True
    alnum = sum(1 for c in text if c.isalnum())
    return confidence < _SYMBOL_CONFIDENCE and alnum < 0.5 * len(text)


def parse_tsv(tsv: str, *, keep_symbols: bool = False) -> tuple[tuple[Word, ...], str]:
    """Words and page text from Tesseract's TSV, in Tesseract's reading order.

    ``keep_symbols`` keeps unsure symbol-rich words (an MRZ's ``<<<`` filler)."""
    table = file_to_dict(tsv, "\t", -1)
    if not table or "text" not in table:
        return (), ""
    words: list[Word] = []
    lines: list[list[str]] = []
    line_keys: dict[tuple[int, int, int], int] = {}
    block_ids: dict[int, int] = {}
    for i, raw in enumerate(table["text"]):
        if int(table["level"][i]) != 5:
            continue
        text = unicodedata.normalize("NFC", str(raw)).strip()
        conf = float(table["conf"][i])
        if not text or conf < 0:
            continue
        if _is_noise(text, conf / 100.0) and not (keep_symbols and "<" in text):
            continue
        text = _LEADER_TAIL.sub("", text)
        if _LEADER_ONLY.fullmatch(text):
            continue
        key = (int(table["block_num"][i]), int(table["par_num"][i]), int(table["line_num"][i]))
        if key not in line_keys:
            line_keys[key] = len(lines)
            lines.append([])
        block = block_ids.setdefault(key[0], len(block_ids))
        lines[line_keys[key]].append(text)
        words.append(
            Word(
                text=text,
                confidence=max(0.0, min(1.0, conf / 100.0)),
                box=Box(
                    int(table["left"][i]),
                    int(table["top"][i]),
                    int(table["width"][i]),
                    int(table["height"][i]),
                ),
                line=line_keys[key],
                block=block,
            )
        )
    return tuple(words), "\n".join(" ".join(parts) for parts in lines)


def probe_score(gray: np.ndarray, dpi: float, spec: DigitizeSpec) -> float:
    """How much confident text Tesseract finds on ``gray``: the sum of word confidences of
    words read at over 60%. Used to settle an orientation the line profiles left open."""
    words = read_words(gray, dpi, spec, name="probe")
    return float(sum(w.confidence for w in words if w.confidence > 0.6 and len(w.text) > 1))


def read_words(
    image: np.ndarray,
    dpi: float,
    spec: DigitizeSpec,
    *,
    name: str,
    lang: str | None = None,
    psm: int | None = None,
    settings: Mapping[str, str] | None = None,
    init: Mapping[str, str] | None = None,
    keep_symbols: bool = False,
) -> tuple[Word, ...]:
    """One extra read of ``image`` (a crop, a probe, a band) giving its words, by the
    worker's own engine (:mod:`digitizer.engine`): no program start per read.

    ``settings`` hold for this read only, ``init`` are start-up ones; ``name`` names
    the read in the debug log.
    """
    lang = lang or spec.lang
    log.debug("second read %s (%s)", name, lang)
    tsv = read_tsv(
        image,
        dpi,
        lang=lang,
        psm=psm if psm is not None else spec.psm,
        settings=settings,
        init=init,
        timeout=spec.tool_timeout,
    )
    return parse_tsv(tsv, keep_symbols=keep_symbols)[0]

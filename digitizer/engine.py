"""Tesseract inside the worker process, for the small second reads of a page.

A page's first read runs the ``tesseract`` program (:func:`digitizer.ocr.recognise`).
The second reads (a stack of unsure lines, the numbers of the dates, a card's MRZ band,
the orientation probe) are small images, and starting the program for each cost more
than reading it: ~70 ms to start and load a model against ~30 ms to read a stack of
dates. So each worker keeps one engine per language and start-up settings
(`tesserocr <https://github.com/sirfz/tesserocr>`_, Tesseract's C++ API), made on first
use and reused for every page the worker reads; the model files are the system's
(``tesseract-ocr-vie``), found where the ``tesseract`` program finds them.

Engines are never shared between threads: a worker reads one page at a time.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from digitizer.errors import (
    DigitizerError,
    ToolFailedError,
    ToolMissingError,
    ToolTimeoutError,
)
from digitizer.runner import INSTALL_HINTS, run

__all__ = ["read_tsv", "tessdata_dir", "warm"]

log = logging.getLogger("digitizer.tools.tesseract")

TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num"
    "\tleft\ttop\twidth\theight\tconf\ttext\n"
)
"""The header line the ``tesseract`` program writes and the API leaves out."""
_LANGS_FOLDER = re.compile(r'"(.+?)"')

if TYPE_CHECKING:
    from tesserocr import PyTessBaseAPI

_engines: dict[tuple[str, tuple[tuple[str, str], ...]], PyTessBaseAPI] = {}


@cache
def tessdata_dir() -> str:
    """The folder of Tesseract's model files: ``TESSDATA_PREFIX`` when set, else the one
    the installed ``tesseract`` program reads (``--list-langs`` names it)."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        return prefix
    listing = run(["tesseract", "--list-langs"], timeout=30).stdout.decode("utf-8", "replace")
    found = _LANGS_FOLDER.search(listing)
    if found is None:
        raise ToolFailedError(program="tesseract", reason="no tessdata folder in --list-langs")
    return found.group(1)


def _engine(lang: str, init: Mapping[str, str]) -> PyTessBaseAPI:
    key = (lang, tuple(sorted(init.items())))
    engine = _engines.get(key)
    if engine is None:
        from tesserocr import OEM, PyTessBaseAPI

        try:
            engine = PyTessBaseAPI(
                path=tessdata_dir(), lang=lang, oem=OEM.LSTM_ONLY, variables=dict(init)
            )
        except RuntimeError:
            hint = INSTALL_HINTS["tesseract"]
            raise ToolMissingError(program=f"tesseract ({lang})", hint=hint) from None
        _engines[key] = engine
        log.debug("engine %s %s ready", lang, dict(init))
    return engine


def warm(engines: Iterable[tuple[str, Mapping[str, str]]]) -> None:
    """Load each ``(lang, start-up settings)`` engine ahead of the first read. One that
    cannot load is left to fail on its first read, where the page gets the error."""
    for lang, init in engines:
        try:
            _engine(lang, init)
        except DigitizerError as exc:
            log.debug("engine %s not warmed: %s", lang, exc.code)


def read_tsv(
    image: np.ndarray,
    dpi: float,
    *,
    lang: str,
    psm: int,
    settings: Mapping[str, str] | None = None,
    init: Mapping[str, str] | None = None,
    timeout: float,
) -> str:
    """Tesseract's TSV (with its header line) for a grey ``image``.

    ``settings`` hold for this read only (a whitelist); ``init`` are start-up settings
    (``load_system_dawg``), for which an engine of their own is kept.
    """
    if image.ndim != 2 or image.dtype != np.uint8 or 0 in image.shape:
        raise ToolFailedError(program="tesseract", reason=f"no grey image to read {image.shape}")
    api = _engine(lang, init or {})
    gray = np.ascontiguousarray(image)
    height, width = gray.shape
    # Tesseract reads the buffer during Recognize: it must outlive the call.
    data = gray.tobytes()
    before: dict[str, str] = {}
    limit_ms = max(1, round(timeout * 1000))
    start = time.monotonic()
    try:
        api.SetPageSegMode(psm)
        api.SetImageBytes(data, width, height, 1, width)
        api.SetSourceResolution(max(1, round(dpi)))
        for name, value in (settings or {}).items():
            before[name] = api.GetVariableAsString(name) or ""
            if not api.SetVariable(name, value):
                raise ToolFailedError(program="tesseract", reason=f"unknown setting {name}")
        if not api.Recognize(timeout=limit_ms):
            if time.monotonic() - start >= timeout:
                raise ToolTimeoutError(program="tesseract", seconds=float(timeout), stderr="—")
            raise ToolFailedError(program="tesseract", reason="recognition failed")
        tsv = api.GetTSVText(0)
    finally:
        for name, value in before.items():
            api.SetVariable(name, value)
        api.Clear()
    return TSV_HEADER + tsv

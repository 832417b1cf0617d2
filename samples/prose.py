"""Administrative prose for ``van_ban`` pages.

By default the paragraphs come from ``samples/texts/*.txt``, shipped with the package and
written for it in the register of provincial one-stop plans and reports, so the generator
needs nothing outside the repository. ``SOHOA_SAMPLES_SEEDS`` may name another directory
of UTF-8 ``.txt`` files (for example web captures of provincial news); navigation debris
(menus, counters, comment forms) is then dropped line by line.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path

from samples.errors import SeedTextMissingError

__all__ = ["SEEDS_ENV", "seed_paragraphs"]

#: Environment variable naming the directory of ``*.txt`` seed texts.
SEEDS_ENV = "SOHOA_SAMPLES_SEEDS"
_DEFAULT_DIR = Path(__file__).resolve().parent / "texts"
_JUNK = re.compile(
    r"slideshow|leave a reply|email|đang xem|truy cập|go top|liên kết|thống kê|"
    r"người trực tuyến|http|www\.|\.vn\)|\(.*\.gov",
    re.IGNORECASE,
)


def _keep(line: str) -> bool:
    if _JUNK.search(line):
        return False
    if len(line) >= 80:
        return True
    return line.startswith("- ") and len(line) >= 25 and line[-1] in ".:;"


@functools.cache
def seed_paragraphs() -> tuple[tuple[str, ...], ...]:
    """Paragraphs of each seed file (files in name order), NFC, whitespace collapsed."""
    folder = Path(os.environ.get(SEEDS_ENV, _DEFAULT_DIR))
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    out = []
    for path in files:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
        lines = (" ".join(raw.split()) for raw in text.splitlines())
        paragraphs = tuple(line for line in lines if _keep(line) and "\ufffd" not in line)
        if paragraphs:
            out.append(paragraphs)
    if not out:
        raise SeedTextMissingError(
            f"no administrative prose in {folder}/*.txt for van_ban pages; "
            f"point {SEEDS_ENV} at a directory of UTF-8 .txt files"
        )
    return tuple(out)

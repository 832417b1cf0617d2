"""Writing a result's JSON file atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from digitizer.result import DigitizeResult, to_json

__all__ = ["write_json"]


def write_json(result: DigitizeResult, path: Path) -> None:
    """Write the contract JSON of ``result`` to ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=".sohoa-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(to_json(result), fh, ensure_ascii=False, indent=1)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

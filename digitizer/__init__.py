"""Paper to structured text: load, check, preprocess, recognise, classify, extract, assemble.

Pure functions over bytes and files; no network, no database. Imports nothing from
signing, storage or api.
"""

from __future__ import annotations

from digitizer.errors import DigitizerError
from digitizer.messages import CATALOGUE, message
from digitizer.pipeline import Digitizer, Progress
from digitizer.result import DigitizeResult, PageReport, to_json
from digitizer.runner import tool_versions
from digitizer.spec import DigitizeSpec, Limits, PreprocessSpec

__all__ = [
    "CATALOGUE",
    "DigitizeResult",
    "DigitizeSpec",
    "Digitizer",
    "DigitizerError",
    "Limits",
    "PageReport",
    "PreprocessSpec",
    "Progress",
    "message",
    "to_json",
    "tool_versions",
]

"""Paper to structured text: load, check, preprocess, recognise, classify, extract, assemble.

Pure functions over bytes and files; no network, no database. Imports nothing from
signing, storage or api.
"""

from __future__ import annotations

__all__: list[str] = []

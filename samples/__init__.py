"""Seeded generator of synthetic Vietnamese administrative documents with ground truth."""

from __future__ import annotations

__all__: list[str] = []

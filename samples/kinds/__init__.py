"""One builder per document kind; each returns its ground-truth fields and page layouts."""

from __future__ import annotations

__all__: list[str] = []

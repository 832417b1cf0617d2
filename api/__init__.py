"""The application: settings, intake workflow, HTTP routes, staff pages, CLI, metrics.

The only package that imports digitizer, signing and storage.
"""

from __future__ import annotations

__all__: list[str] = []

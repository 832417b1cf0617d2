"""The generated document with its ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samples.ops import PageLayout

__all__ = ["DossierPart", "SampleDocument"]


@dataclass(frozen=True)
class DossierPart:
    """One document inside a dossier scan."""

    kind: str
    doc_type: str
    first_page: int
    """1-based, inclusive."""
    last_page: int
    """1-based, inclusive."""
    fields: dict[str, str]
    seed: int
    machine: dict[str, Any] = field(default_factory=dict)
    """Machine-readable zones, as on SampleDocument."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "doc_type": self.doc_type,
            "pages": [self.first_page, self.last_page],
            "fields": dict(self.fields),
            "seed": self.seed,
            "machine_readable": dict(self.machine),
        }


@dataclass(frozen=True)
class SampleDocument:
    """A synthetic document: what it is, what it says, and how to draw it."""

    kind: str
    """Generator kind (``cccd``, ``khai_sinh``, …, ``receipt``, ``dossier``)."""
    doc_type: str
    """Type catalogue code the classifier should answer: the kind, or ``unknown``."""
    seed: int
    variant_set: str
    """``train``, ``heldout`` or ``all``: which layouts and fonts were allowed."""
    variant: int
    """Layout variant used (0, 1: training layouts; 2: held-out layout)."""
    font_family: str
    """``liberation`` (training) or ``termes`` (held-out)."""
    fields: dict[str, str]
    """Ground-truth fields: ISO dates, NFC text, names title-cased."""
    pages: tuple[str, ...]
    """Exact text of each page, NFC, lines in reading order joined by newlines."""
    layouts: tuple[PageLayout, ...] = field(repr=False)
    """What render() draws, one per page."""
    machine: dict[str, Any] = field(default_factory=dict)
    """Machine-readable zones: ``qr`` (the CCCD payload), ``mrz`` (list of lines)."""
    documents: tuple[DossierPart, ...] = ()
    """For a dossier: its documents with page ranges; empty otherwise."""
    blank_pages: tuple[int, ...] = ()
    """For a dossier: 1-based numbers of blank separator pages."""

    def line_boxes(self, dpi: float) -> list[list[list[int]]]:
        """Per page, per line of ``pages``: [left, top, right, bottom] in pixels of the
        upright page at ``dpi`` (before any skew, rotation or photo warp)."""
        k = dpi / 25.4
        return [[[round(v * k) for v in box] for box in layout.boxes] for layout in self.layouts]

    def truth(self) -> dict[str, Any]:
        """The ground-truth JSON object (without the degradation, which rendering adds)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "doc_type": self.doc_type,
            "fields": dict(self.fields),
            "pages": list(self.pages),
            "seed": self.seed,
            "variant_set": self.variant_set,
            "variant": self.variant,
            "font_family": self.font_family,
            "machine_readable": dict(self.machine),
        }
        if self.documents:
            out["documents"] = [d.to_json() for d in self.documents]
            out["blank_pages"] = list(self.blank_pages)
        return out

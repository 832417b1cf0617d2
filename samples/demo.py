"""The small committed set under samples/demo/ that the README and the tests use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from samples.generator import make_document
from samples.output import make_dossier, write_document

__all__ = ["DEMO_DIR", "DEMO_ITEMS", "DemoItem", "write_demo"]

DEMO_DIR = Path(__file__).resolve().parent / "demo"


@dataclass(frozen=True)
class DemoItem:
    """One demo file: what to generate and how to degrade and store it."""

    name: str
    kind: str
    """A document kind, or ``dossier``."""
    seed: int
    degradation: str
    fmt: str
    variant: int | None = None
    """Layout variant to force (None: drawn from the training set)."""


DEMO_ITEMS = (
    DemoItem("khai_sinh-clean", "khai_sinh", 7, "clean", "png"),
    DemoItem("quyet_dinh-skew", "quyet_dinh", 11, "skew", "jpg"),
    DemoItem("cccd-photo", "cccd", 5, "photo", "jpg", variant=0),
    DemoItem("dossier-dpi200", "dossier", 3, "dpi200", "pdf"),
)

#: The demo dossier: an application form, an ID card copy on one page, a birth certificate.
_DOSSIER_KINDS = ("to_khai", "cccd", "khai_sinh")


def write_demo(out_dir: str | Path = DEMO_DIR) -> list[Path]:
    """(Re)write the demo set; deterministic, so an unchanged generator rewrites the same bytes."""
    written: list[Path] = []
    for item in DEMO_ITEMS:
        if item.kind == "dossier":
            doc = make_dossier(item.seed, kinds=_DOSSIER_KINDS, separators=False)
        else:
            doc = make_document(item.kind, item.seed, variant=item.variant)
        written += write_document(
            doc, out_dir, name=item.name, degradation=item.degradation, fmt=item.fmt
        )
    return written

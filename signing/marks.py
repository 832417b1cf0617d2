"""The visible marks of one signing request: their size, their page, their place.

The signature's own widget shows the certified-copy stamp when there is one, else the
agency mark. With both, the agency mark is drawn into page 1's content in the revision
the signature covers: a certified electronic copy is also the agency's digitized copy
(Decree 30/2020, appendix I), and a signature field has one widget only.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils.generic import IndirectObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.sign import fields
from pyhanko.stamp import TextStamp

from signing.appearance import (
    agency_mark_size,
    agency_mark_style,
    certified_copy_sizes,
    certified_copy_style,
)
from signing.errors import BadSigningArgumentError
from signing.model import AgencyMarkSpec, CertifiedCopySpec, SignSpec
from signing.placement import (
    Box,
    PageInk,
    add_ink,
    corner_box,
    find_mark_box,
    find_stamp_box,
    render_ink,
)

__all__ = [
    "MARK_COVERS_CONTENT",
    "STAMP_COVERS_CONTENT",
    "MarkPlan",
    "Placement",
    "place_agency_mark",
    "place_certified_copy",
    "plan_marks",
]

log = logging.getLogger(__name__)

MARK_COVERS_CONTENT = "mark_covers_content"
STAMP_COVERS_CONTENT = "stamp_covers_content"

_A4: Box = (0.0, 0.0, 595.0, 842.0)


@dataclass(frozen=True)
class Placement:
    """Where a visible mark goes."""

    page_index: int
    """0-based page."""
    box: Box
    """Lower-left x, lower-left y, upper-right x, upper-right y in PDF points."""
    opaque: bool = False
    """No blank space was found: the mark is drawn on white over the page's content."""

    @property
    def size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x1 - x0, y1 - y0)


@dataclass(frozen=True)
class PageGeometry:
    """What placement needs to know of one page."""

    media_box: Box
    """The media box, in points."""
    visible_box: Box
    """The crop box (the media box when there is none), in points."""
    rotation: int
    """The page's /Rotate, in degrees."""


def _box(obj: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in obj)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inherited(node: Any, key: str) -> Any:
    while node is not None:  # /MediaBox, /CropBox and /Rotate are inheritable
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if isinstance(parent, IndirectObject) else parent
    return None


def page_geometry(writer: IncrementalPdfFileWriter, page_index: int) -> PageGeometry:
    page_ref, _ = writer.find_page_for_modification(page_index)
    node = page_ref.get_object()
    media = _inherited(node, "/MediaBox")
    crop = _inherited(node, "/CropBox")
    media_box = _box(media) if media is not None else _A4
    visible = _box(crop) if crop is not None else media_box
    rotation = _inherited(node, "/Rotate")
    return PageGeometry(media_box, visible, int(rotation or 0))


InkOf = Callable[[int], PageInk]
"""From a 0-based page index to the ink of that page (rendered once, then cached)."""


def place_agency_mark(
    size: tuple[float, float], spec: AgencyMarkSpec, geometry: PageGeometry, ink_of: InkOf
) -> Placement:
    """Top right of page 1, in blank space; on white at the corner when there is none."""
    if spec.box is not None:
        return Placement(0, _box(spec.box))
    found = find_mark_box(ink_of(0), geometry.visible_box, size, spec.margin)
    if found is not None:
        return Placement(0, found)
    return Placement(0, corner_box(geometry.visible_box, size, spec.margin, top=True), opaque=True)


def stamp_page(spec: CertifiedCopySpec, page_count: int) -> int:
    """The 0-based page of the certified-copy stamp (the last one by default)."""
    page = page_count if spec.page is None else spec.page
    if not 1 <= page <= page_count:
        raise BadSigningArgumentError(
            f"lời chứng được yêu cầu ở trang {page} nhưng tệp PDF chỉ có {page_count} trang "
            f"(the certified-copy stamp was asked on page {page}, the PDF has "
            f"{page_count} page(s))"
        )
    return page - 1


def place_certified_copy(
    spec: CertifiedCopySpec, page_index: int, geometry: PageGeometry, ink: Callable[[], PageInk]
) -> Placement:
    """The lowest blank space of the chosen page, bottom right first, shrunk down to the
    smallest readable stamp; on white in the bottom-right corner when there is none."""
    if spec.box is not None:
        return Placement(page_index, _box(spec.box))
    sizes = certified_copy_sizes(spec)
    found = find_stamp_box(ink(), geometry.visible_box, sizes, spec.margin)
    if found is not None:
        return Placement(page_index, found[0])
    # Hide as little of the page as a readable stamp can.
    return Placement(
        page_index, corner_box(geometry.visible_box, sizes[-1], spec.margin, top=False), opaque=True
    )


@dataclass(frozen=True)
class MarkPlan:
    """The signature field's widget and style, and what else is drawn with it."""

    field: fields.SigFieldSpec
    """The new signature field, with its page and box when visible."""
    style: Any
    """pyHanko stamp style of the widget, or None for an invisible signature."""
    params: dict[str, str]
    """Text parameters for the style (the QR code's URL)."""
    warnings: tuple[str, ...]
    """Codes of marks that had to cover content."""
    extra_mark: tuple[Any, Placement] | None = None
    """The agency mark's style and place, drawn into page 1 besides a certified stamp."""


def plan_marks(
    pdf: bytes, spec: SignSpec, writer: IncrementalPdfFileWriter, name: str, when: dt.datetime
) -> MarkPlan:
    """Decide every visible mark of *spec* on *pdf* (opened in *writer*)."""
    if spec.mark is None and spec.certified_copy is None:
        return MarkPlan(fields.SigFieldSpec(sig_field_name=name), None, {}, ())

    @functools.cache
    def ink_of(index: int) -> PageInk:
        geometry = page_geometry(writer, index)
        return render_ink(pdf, index, geometry.media_box, geometry.rotation)

    warnings: list[str] = []
    mark: tuple[Any, Placement] | None = None
    if spec.mark is not None:
        size = agency_mark_size(spec.mark, when)
        placed = place_agency_mark(size, spec.mark, page_geometry(writer, 0), ink_of)
        if placed.opaque:
            warnings.append(MARK_COVERS_CONTENT)
            log.warning("no blank space for the agency mark on page 1: drawn on white")
        mark = (agency_mark_style(spec.mark, when, placed.size if placed.opaque else None), placed)
    if spec.certified_copy is None:
        assert mark is not None
        style, placed = mark
        field = fields.SigFieldSpec(sig_field_name=name, on_page=0, box=_ints(placed.box))
        return MarkPlan(field, style, {}, tuple(warnings))
    cc = spec.certified_copy
    index = stamp_page(cc, int(writer.root["/Pages"]["/Count"]))

    def stamp_ink() -> PageInk:
        page = ink_of(index)
        return add_ink(page, mark[1].box) if mark is not None and index == 0 else page

    placed = place_certified_copy(cc, index, page_geometry(writer, index), stamp_ink)
    if placed.opaque:
        warnings.append(STAMP_COVERS_CONTENT)
        log.warning(
            "no blank space for the certified-copy stamp on page %d: drawn on white", index + 1
        )
    field = fields.SigFieldSpec(sig_field_name=name, on_page=index, box=_ints(placed.box))
    style = certified_copy_style(cc, placed.size if placed.opaque else None)
    return MarkPlan(field, style, {"url": cc.verification_url}, tuple(warnings), mark)


def _ints(box: Box) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return (round(x0), round(y0), round(x1), round(y1))


def draw_extra_mark(writer: IncrementalPdfFileWriter, plan: MarkPlan) -> None:
    """Draw the agency mark into page 1's content (covered by the coming signature)."""
    if plan.extra_mark is None:
        return
    style, placed = plan.extra_mark
    width, height = placed.size
    stamp = TextStamp(writer, style, box=BoxConstraints(width, height))
    stamp.apply(placed.page_index, round(placed.box[0]), round(placed.box[1]))

"""Where a visible mark goes: in blank space on its page, never over the page's content.

The page is rendered once, small and in grey, by poppler's ``pdftoppm`` (a 50 dpi A4
page is 414 x 585 pixels; the render costs a process start and a few tens of ms). A
summed-area table of the ink then says in one numpy pass, for every position of a
rectangle, whether it holds any ink; the rules below only choose among the blank ones.

- The agency mark (Decree 30/2020: top right of page 1): the blank rectangle nearest
  the top-right corner within the top margin band, else within the top quarter of the
  page, right half.
- The certified-copy stamp: the lowest blank rectangle, rightmost among the lowest, at
  full size first and then shrunk step by step down to the smallest readable size.

Nothing found: the caller draws the mark on an opaque white ground in its default
corner and reports it (``stamp_covers_content``), rather than refusing to sign.
"""

from __future__ import annotations

import logging
import math
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from signing.errors import SigningError

__all__ = [
    "DPI",
    "Box",
    "PageInk",
    "PageRenderError",
    "add_ink",
    "corner_box",
    "find_mark_box",
    "find_stamp_box",
    "ink_of",
    "render_ink",
]

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
"""Lower-left x, lower-left y, upper-right x, upper-right y in PDF points."""

#: Enough to see a 7 pt line of text as ink; more only costs time.
DPI = 50
#: Blank space kept between a mark and the nearest ink, in points.
CLEARANCE = 6.0
#: Rows of stamp positions this close (points) count as equally low.
LOW_BAND = 24.0
#: A pixel this much darker than the page's paper is ink (0-255 grey).
INK_CONTRAST = 40
_RENDER_TIMEOUT = 60.0
_STDERR_TAIL = 300


class PageRenderError(SigningError):
    """Poppler could not render the page to find blank space for a visible mark."""

    code = "page_render_failed"
    exit_status = 3


@dataclass(frozen=True)
class PageInk:
    """Where a rendered page is not blank."""

    ink: npt.NDArray[np.bool_]
    """True where there is ink; row 0 is the top of the media box."""
    media_box: Box
    """The media box the render covers, in PDF points."""
    scale: float
    """Pixels per point."""


def _run_pdftoppm(pdf: bytes, page_index: int, dpi: int) -> bytes:
    # One place runs poppler: a timeout, and its stderr kept in our error.
    argv = [
        "pdftoppm",
        "-f",
        str(page_index + 1),
        "-l",
        str(page_index + 1),
        "-r",
        str(dpi),
        "-gray",
        "-singlefile",
        "-",
    ]
    log.debug("running %s", " ".join(argv))
    try:
        done = subprocess.run(  # noqa: S603 - argv built here, no shell
            argv, input=pdf, capture_output=True, timeout=_RENDER_TIMEOUT, check=False
        )
    except FileNotFoundError as exc:
        raise PageRenderError(
            "pdftoppm is missing, needed to find blank space for the visible signature: "
            "apt-get install poppler-utils"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise PageRenderError(
            f"pdftoppm took over {_RENDER_TIMEOUT:.0f} s on page {page_index + 1}; sign "
            "with an explicit box for the visible signature"
        ) from exc
    if done.returncode != 0 or not done.stdout:
        tail = done.stderr.decode("utf-8", "replace")[-_STDERR_TAIL:].strip()
        raise PageRenderError(
            f"pdftoppm could not render page {page_index + 1} (exit {done.returncode}: "
            f"{tail}); sign with an explicit box for the visible signature"
        )
    return done.stdout


def _parse_pgm(data: bytes) -> npt.NDArray[np.uint8]:
    """Binary PGM (P5, 8 bit), as pdftoppm -gray writes it."""
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while end < len(data) and not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P5" or maxval != 255:
        raise PageRenderError(f"pdftoppm wrote an unexpected image ({magic!r}, max {maxval})")
    pixels = np.frombuffer(data, dtype=np.uint8, count=width * height, offset=pos + 1)
    return pixels.reshape(height, width)


def ink_of(grey: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Ink is what is clearly darker than the paper, so a scan's grey paper is blank."""
    paper = int(np.percentile(grey, 90))
    return grey < max(0, paper - INK_CONTRAST)


def render_ink(
    pdf: bytes, page_index: int, media_box: Box, rotation: int = 0, dpi: int = DPI
) -> PageInk:
    """Render page *page_index* (0-based) of *pdf* and find its ink.

    poppler shows the page turned by its ``/Rotate``; the mask is turned back so that
    it lies in the page's own coordinates, where the signature box is given.
    """
    grey = _parse_pgm(_run_pdftoppm(pdf, page_index, dpi))
    turns = (rotation // 90) % 4
    ink = np.ascontiguousarray(np.rot90(ink_of(grey), k=turns)) if turns else ink_of(grey)
    return PageInk(ink=ink, media_box=media_box, scale=dpi / 72.0)


def _to_px(page: PageInk, box: Box) -> tuple[int, int, int, int]:
    """Rows and columns (top, left, bottom, right; end-exclusive) covering *box*."""
    mx0, _my0, _mx1, my1 = page.media_box
    s = page.scale
    rows, cols = page.ink.shape
    top = max(0, math.floor((my1 - box[3]) * s))
    bottom = min(rows, math.ceil((my1 - box[1]) * s))
    left = max(0, math.floor((box[0] - mx0) * s))
    right = min(cols, math.ceil((box[2] - mx0) * s))
    return top, left, bottom, right


def add_ink(page: PageInk, box: Box) -> PageInk:
    """*page* with *box* marked as ink (a mark placed earlier on the same page)."""
    ink = page.ink.copy()
    top, left, bottom, right = _to_px(page, box)
    ink[top:bottom, left:right] = True
    return PageInk(ink=ink, media_box=page.media_box, scale=page.scale)


def corner_box(visible: Box, size: tuple[float, float], margin: float, *, top: bool) -> Box:
    """*size* at *margin* from the right edge and the top (or bottom) edge of *visible*."""
    x0, y0, x1, y1 = visible
    width, height = size
    right = x1 - margin
    left = max(x0, right - width)
    if top:
        upper = y1 - margin
        return (round(left), round(max(y0, upper - height)), round(right), round(upper))
    return (round(left), round(y0 + margin), round(right), round(y0 + margin + height))


@dataclass(frozen=True)
class _Free:
    """Blank positions of one window size: free[r, c] when the window at (r, c) is blank."""

    free: npt.NDArray[np.bool_]
    win: tuple[int, int]
    """Window height and width in pixels, clearance included."""


def _free_windows(page: PageInk, size: tuple[float, float]) -> _Free | None:
    s = page.scale
    win_h = math.ceil((size[1] + 2 * CLEARANCE) * s) + 1
    win_w = math.ceil((size[0] + 2 * CLEARANCE) * s) + 1
    rows, cols = page.ink.shape
    if win_h > rows or win_w > cols:
        return None
    sat = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    np.cumsum(np.cumsum(page.ink, axis=0, dtype=np.int32), axis=1, out=sat[1:, 1:])
    counts = (
        sat[win_h:, win_w:] - sat[:-win_h, win_w:] - sat[win_h:, :-win_w] + sat[:-win_h, :-win_w]
    )
    return _Free(free=counts == 0, win=(win_h, win_w))


def _allowed(page: PageInk, free: _Free, area: Box) -> tuple[npt.NDArray[np.bool_], int]:
    """free, limited to windows whose rectangle (clearance aside) lies inside *area*; with
    the window column of the area's right edge."""
    top, left, bottom, right = _to_px(page, area)
    c = math.ceil(CLEARANCE * page.scale)
    win_h, win_w = free.win
    mask = np.zeros_like(free.free)
    r0, r1 = max(0, top - c), bottom + c - win_h + 1
    c0, c1 = max(0, left - c), right + c - win_w + 1
    if r1 > r0 and c1 > c0:
        mask[r0:r1, c0:c1] = free.free[r0:r1, c0:c1]
    return mask, c1 - 1


def _box_at(page: PageInk, free: _Free, row: int, col: int, size: tuple[float, float]) -> Box:
    mx0, _my0, _mx1, my1 = page.media_box
    s = page.scale
    win_h, win_w = free.win
    # centre the rectangle in its window so the clearance is kept on every side
    cx = mx0 + (col + win_w / 2) / s
    cy = my1 - (row + win_h / 2) / s
    w, h = size
    return (
        round(cx - w / 2),
        round(cy - h / 2),
        round(cx - w / 2) + math.ceil(w),
        round(cy - h / 2) + math.ceil(h),
    )


def _inside(box: Box, area: Box) -> Box:
    """*box* moved by the pixel rounding's point or two so that it keeps to *area*."""
    dx = max(0.0, area[0] - box[0]) + min(0.0, area[2] - box[2])
    dy = max(0.0, area[1] - box[1]) + min(0.0, area[3] - box[3])
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _shrink(area: Box, margin: float) -> Box:
    return (area[0] + margin, area[1] + margin, area[2] - margin, area[3] - margin)


def find_mark_box(
    page: PageInk, visible: Box, size: tuple[float, float], margin: float
) -> Box | None:
    """The blank rectangle of *size* nearest the top-right corner: first in the top margin
    band (from half the margin down to the bottom of the mark's default place), then in
    the top quarter of the page, right half."""
    free = _free_windows(page, size)
    if free is None:
        return None
    vx0, vy0, vx1, vy1 = visible
    right = vx1 - margin
    top_quarter = vy1 - (vy1 - vy0) / 4
    middle = (vx0 + vx1) / 2
    bands = (
        (vx0 + margin, vy1 - margin - size[1], right, vy1 - margin / 2),
        (middle, max(vy0, top_quarter), right, vy1 - margin),
    )
    # nearest the default place: its top at the margin, against the right margin
    r_default = math.floor((page.media_box[3] - (vy1 - margin)) * page.scale) - math.ceil(
        CLEARANCE * page.scale
    )
    for area in bands:
        allowed, c_right = _allowed(page, free, area)
        rows, cols = np.nonzero(allowed)
        if rows.size:
            dist = (rows - r_default) ** 2 + (c_right - cols) ** 2
            best = int(np.argmin(dist))
            return _inside(_box_at(page, free, int(rows[best]), int(cols[best]), size), area)
    return None


def find_stamp_box(
    page: PageInk, visible: Box, sizes: Sequence[tuple[float, float]], margin: float
) -> tuple[Box, int] | None:
    """The lowest blank rectangle, rightmost among the lowest, of the first of *sizes*
    (largest first) that fits anywhere; with the index of the size used."""
    area = _shrink(visible, margin)
    band = math.ceil(LOW_BAND * page.scale)
    for index, size in enumerate(sizes):
        free = _free_windows(page, size)
        if free is None:
            continue
        allowed, _ = _allowed(page, free, area)
        rows, cols = np.nonzero(allowed)
        if not rows.size:
            continue
        low = rows >= rows.max() - band
        rows, cols = rows[low], cols[low]
        best = int(np.lexsort((rows, cols))[-1])  # rightmost, then lowest
        return _inside(_box_at(page, free, int(rows[best]), int(cols[best]), size), area), index
    return None

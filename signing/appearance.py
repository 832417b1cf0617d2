"""Visible signature appearances: the agency mark and the certified-copy stamp.

Text is set in TeX Gyre Termes, a Times clone with all Vietnamese glyphs and 1000
font units per em. pyHanko writes the embedded font's glyph widths in the font's own
units, which PDF reads as thousandths of an em: a 2048-unit font (DejaVu, Liberation)
would come out with glyphs drawn twice as far apart in poppler. The font comes from
Debian's ``fonts-texgyre`` at run time; nothing is vendored.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import QRStampStyle, TextStampStyle

from signing.errors import PdfInputError, SigningError
from signing.model import AgencyMarkSpec, CertifiedCopySpec

__all__ = [
    "FontMissingError",
    "Placement",
    "agency_mark_style",
    "agency_mark_text",
    "certified_copy_style",
    "certified_copy_text",
    "font_path",
    "place_agency_mark",
    "place_certified_copy",
]

#: Vietnam's civil time (UTC+7, no daylight saving): the mark shows local time.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
FONT_SIZE = 10
_FONT_NAME = "texgyretermes-regular.otf"
_FONT_DIRS = (
    Path("/usr/share/texmf/fonts/opentype/public/tex-gyre"),
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/tex-gyre"),
    Path("/usr/share/fonts/opentype/tex-gyre"),
    Path("/usr/share/fonts"),
)


class FontMissingError(SigningError):
    """The Times-like font for visible signatures is not installed."""

    code = "signature_font_missing"
    exit_status = 3


@functools.cache
def font_path() -> Path:
    """The TeX Gyre Termes file, looked up once."""
    for base in _FONT_DIRS:
        direct = base / _FONT_NAME
        if direct.is_file():
            return direct
        if base.is_dir() and base == _FONT_DIRS[-1]:
            found = next(base.rglob(_FONT_NAME), None)
            if found is not None:
                return found
    raise FontMissingError(
        f"{_FONT_NAME} (TeX Gyre Termes) is missing: apt-get install fonts-texgyre"
    )


@functools.cache
def _font() -> GlyphAccumulatorFactory:
    # One factory per process: it parses the font file once and subsets per stamp.
    return GlyphAccumulatorFactory(str(font_path()), font_size=FONT_SIZE)


def iso_local(moment: dt.datetime) -> str:
    """ISO 8601 with seconds and the UTC offset, in Vietnam's time."""
    return moment.astimezone(VIETNAM_TIME).isoformat(timespec="seconds")


def agency_mark_text(spec: AgencyMarkSpec, signing_time: dt.datetime) -> str:
    return (
        f"{spec.copy_kind}\n"
        f"Cơ quan: {spec.agency}\n"
        f"Thời gian ký: {iso_local(signing_time)}"
    )


def certified_copy_text(spec: CertifiedCopySpec) -> str:
    d = spec.date
    return (
        "Chứng thực bản sao đúng với bản chính.\n"
        f"Số chứng thực: {spec.number}, quyển số: {spec.book}\n"
        f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}\n"
        f"{spec.certifier_title}\n"
        f"{spec.certifier_name}\n"
        f"{spec.agency}"
    )


def _escape(text: str) -> str:
    # pyHanko interpolates stamp_text with %-formatting.
    return text.replace("%", "%%")


def _text_box() -> TextBoxStyle:
    return TextBoxStyle(font=_font(), font_size=FONT_SIZE, leading=12)


_LEFT_TOP = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX, margins=Margins.uniform(2)
)


def agency_mark_style(spec: AgencyMarkSpec, signing_time: dt.datetime) -> TextStampStyle:
    """Text only, no image and no border (Decree 30/2020, appendix I)."""
    return TextStampStyle(
        stamp_text=_escape(agency_mark_text(spec, signing_time)),
        text_box_style=_text_box(),
        border_width=0,
        background=None,
        inner_content_layout=_LEFT_TOP,
    )


def certified_copy_style(spec: CertifiedCopySpec) -> QRStampStyle:
    """The certification statement with a QR code carrying the verification URL."""
    return QRStampStyle(
        stamp_text=_escape(certified_copy_text(spec)),
        text_box_style=_text_box(),
        border_width=1,
        background=None,
        innsep=4,
    )


@dataclass(frozen=True)
class Placement:
    """Where a visible signature goes."""

    page_index: int
    """0-based page."""
    box: tuple[int, int, int, int]
    """Lower-left x, lower-left y, upper-right x, upper-right y in PDF points."""


def _top_right(media_box: tuple[float, float, float, float], width: float, height: float,
               margin: float) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = media_box
    right = x1 - margin
    top = y1 - margin
    return (round(max(x0, right - width)), round(max(y0, top - height)), round(right),
            round(top))


def place_agency_mark(spec: AgencyMarkSpec,
                      media_box: tuple[float, float, float, float]) -> Placement:
    """Top right of page 1."""
    return Placement(0, _top_right(media_box, spec.width, spec.height, spec.margin))


def place_certified_copy(
    spec: CertifiedCopySpec,
    page_count: int,
    media_box_of: Callable[[int], tuple[float, float, float, float]],
) -> Placement:
    """Bottom right of the chosen page (the last one by default).

    *media_box_of* is a callable from a 0-based page index to its media box.
    """
    page = page_count if spec.page is None else spec.page
    if not 1 <= page <= page_count:
        raise PdfInputError(
            f"the certified-copy stamp was asked on page {page}, but the PDF has "
            f"{page_count} page(s)"
        )
    x0, y0, x1, _y1 = media_box_of(page - 1)
    right = x1 - spec.margin
    bottom = y0 + spec.margin
    box = (round(max(x0, right - spec.width)), round(bottom), round(right),
           round(bottom + spec.height))
    return Placement(page - 1, box)

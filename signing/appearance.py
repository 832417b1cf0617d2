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
import math
from pathlib import Path

import qrcode
import qrcode.constants
import uharfbuzz as hb
from pyhanko.pdf_utils.content import PdfContent, RawContent
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    InnerScaling,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import QRStampStyle, TextStampStyle

from signing.errors import SigningError
from signing.model import AgencyMarkSpec, CertifiedCopySpec

__all__ = [
    "FontMissingError",
    "agency_mark_size",
    "agency_mark_style",
    "agency_mark_text",
    "certified_copy_sizes",
    "certified_copy_style",
    "certified_copy_text",
    "font_path",
    "text_extent",
]

#: Vietnam's civil time (UTC+7, no daylight saving): the mark shows local time.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
FONT_SIZE = 10
LEADING = 12
#: Smallest readable stamp: its text at 7 pt and its QR code 18 mm wide.
MIN_TEXT_SIZE = 7.0
MIN_QR_SIZE = 18 / 25.4 * 72
#: The QR code's modules at full size: as tall as the stamp's six lines of text (25 mm).
QR_SIZE = 6 * LEADING
QR_INNSEP = 4
#: Space between the stamp's border and what it holds.
STAMP_PAD = 3
MARK_PAD = 2
#: Shrink steps tried when the stamp does not fit at full size.
SHRINK_STEP = 0.05
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
    return f"{spec.copy_kind}\nCơ quan: {spec.agency}\nThời gian ký: {iso_local(signing_time)}"


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
    # No inner margin: pyHanko's default 10 pt one made the box 20 pt bigger than the
    # text, and the stamp then shrank the text to fit (the mark came out near 6.5 pt).
    return TextBoxStyle(
        font=_font(), font_size=FONT_SIZE, leading=LEADING, box_layout_rule=_NO_MARGIN
    )


@functools.cache
def _shaper() -> tuple[hb.Font, int]:
    face = hb.Face(font_path().read_bytes())
    return hb.Font(face), face.upem


def text_extent(text: str) -> tuple[float, float]:
    """Width and height in points of *text* as the marks set it (10 pt, 12 pt leading),
    shaped by HarfBuzz like pyHanko does, so a box can be sized before drawing."""
    font, upem = _shaper()
    widest = 0.0
    lines = text.split("\n")
    for line in lines:
        buf = hb.Buffer()
        buf.add_str(line)
        buf.guess_segment_properties()
        hb.shape(font, buf)
        advance = sum(pos.x_advance for pos in buf.glyph_positions)
        widest = max(widest, advance / upem * FONT_SIZE)
    return float(math.ceil(widest) + 1), float(LEADING * len(lines))


_NO_MARGIN = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MIN, margins=Margins.uniform(0)
)
_LEFT_TOP = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN,
    y_align=AxisAlignment.ALIGN_MAX,
    margins=Margins.uniform(MARK_PAD),
)
_STAMP_LAYOUT = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN,
    y_align=AxisAlignment.ALIGN_MID,
    margins=Margins.uniform(STAMP_PAD),
    inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
)
_FILL = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MIN, margins=Margins.uniform(0)
)


def _white(size: tuple[float, float] | None) -> PdfContent | None:
    """An opaque white ground of *size*, for a mark that has to sit on the page's ink."""
    if size is None:
        return None
    w, h = size
    return RawContent(b"1 g 0 0 %g %g re f" % (w, h), box=BoxConstraints(w, h))


def agency_mark_size(spec: AgencyMarkSpec, signing_time: dt.datetime) -> tuple[float, float]:
    """The mark's box: the caller's size, else its text at 10 pt with a small pad."""
    width, height = text_extent(agency_mark_text(spec, signing_time))
    return (spec.width or width + 2 * MARK_PAD, spec.height or height + 2 * MARK_PAD)


def agency_mark_style(
    spec: AgencyMarkSpec, signing_time: dt.datetime, opaque: tuple[float, float] | None = None
) -> TextStampStyle:
    """Text only, no image and no border (Decree 30/2020, appendix I); on a white ground
    of size *opaque* when it must cover the page's content."""
    return TextStampStyle(
        stamp_text=_escape(agency_mark_text(spec, signing_time)),
        text_box_style=_text_box(),
        border_width=0,
        background=_white(opaque),
        background_layout=_FILL,
        background_opacity=1.0,
        inner_content_layout=_LEFT_TOP,
    )


@functools.lru_cache(maxsize=64)
def _qr_drawn_size(url: str) -> int:
    """Side of the QR image pyHanko draws for *url*, quiet zone included, such that its
    modules measure QR_SIZE (the quiet zone is 4 blank modules on each side)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)  # as pyHanko
    qr.add_data(url)
    qr.make()
    modules = qr.modules_count
    return math.ceil(QR_SIZE * (modules + 2 * qr.border) / modules)


def _stamp_natural_size(spec: CertifiedCopySpec) -> tuple[float, float]:
    """QR code and text side by side at full size (text 10 pt, QR modules 25 mm)."""
    text_w, text_h = text_extent(certified_copy_text(spec))
    qr_padded = _qr_drawn_size(spec.verification_url) + 2 * QR_INNSEP
    return (qr_padded + text_w + 2 * STAMP_PAD, max(qr_padded, text_h) + 2 * STAMP_PAD)


def certified_copy_sizes(spec: CertifiedCopySpec) -> list[tuple[float, float]]:
    """Stamp boxes to try, largest first: the full size (the caller's, else the natural
    one) shrunk in steps while the text stays >= 7 pt and the QR code >= 18 mm."""
    nat_w, nat_h = _stamp_natural_size(spec)
    full_w, full_h = spec.width or nat_w, spec.height or nat_h
    pad = 2 * STAMP_PAD  # the border's padding does not shrink with the content
    # pyHanko shrinks the content to fit the box, never enlarges it
    content = min(1.0, (full_w - pad) / (nat_w - pad), (full_h - pad) / (nat_h - pad))
    smallest = max(MIN_TEXT_SIZE / FONT_SIZE, MIN_QR_SIZE / QR_SIZE) / content
    factors = [1.0]
    while factors[-1] - SHRINK_STEP >= smallest:
        factors.append(factors[-1] - SHRINK_STEP)
    if smallest < factors[-1] - 0.005:
        factors.append(smallest)
    return [(pad + (full_w - pad) * f, pad + (full_h - pad) * f) for f in factors]


def certified_copy_style(
    spec: CertifiedCopySpec, opaque: tuple[float, float] | None = None
) -> QRStampStyle:
    """The certification statement with a QR code carrying the verification URL; on a
    white ground of size *opaque* when it must cover the page's content."""
    return QRStampStyle(
        stamp_text=_escape(certified_copy_text(spec)),
        text_box_style=_text_box(),
        border_width=1,
        background=_white(opaque),
        background_layout=_FILL,
        background_opacity=1.0,
        innsep=QR_INNSEP,
        qr_inner_size=_qr_drawn_size(spec.verification_url),
        inner_content_layout=_STAMP_LAYOUT,
    )

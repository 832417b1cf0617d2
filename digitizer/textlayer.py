"""The invisible text layer of a searchable page, drawn from the page's final words.

Tesseract's own PDF renderer knows only its first reading; the words the second reads
corrected (an MRZ band, small print, English capitals) would be right in the JSON and
wrong under ``pdftotext``. So the layer is drawn here, the way Tesseract draws it: each
word in text render mode 3 (invisible) with a one-glyph CID font whose codes are the
Unicode code points (``Identity-H`` plus a ``ToUnicode`` map), stretched with ``Tz``
to the width of the word's box.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name

from digitizer.model import Word

__all__ = ["FONT_NAME", "glyphless_font", "text_layer"]

FONT_NAME = Name("/FGlyphLess")
"""The resource name pages use for the font."""

# Tesseract's GlyphLessFont (tessdata/pdf.ttf, Apache License 2.0): a single empty glyph
# half an em wide, which every character code is mapped to.
_GLYPHLESS_TTF = base64.b64decode(
    "AAEAAAAKAIAAAwAgT1MvMlbeyJQAAAEoAAAAYGNtYXAACgA0AAABkAAAAB5nbHlmFSJBJAAAAbgAAAAYaGVhZAt48WUAAACs"
    "AAAANmhoZWEMAgQCAAAA5AAAACRobXR4BAAAAAAAAYgAAAAIbG9jYQAMAAAAAAGwAAAABm1heHAABAAFAAABCAAAACBuYW1l"
    "8usW2gAAAdAAAABLcG9zdAABAAEAAAIcAAAAIAABAAAAAQAAsJRxEF8PPPUEBwgAAAAAAM+a/G4AAAAA1MOn8gAAAAAEAAgA"
    "AAAAEAACAAAAAAAAAAEAAAgA//8AAAQAAAAAAAQAAAEAAAAAAAAAAAAAAAAAAAACAAEAAAACAAQAAQAAAAAAAQAAAAAAAAAA"
    "AAAAAAAAAAAAAwAAAZAABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAR09PRwBA"
    "AAAAAAAB//8AAAABAAGAAAAAAAAAAAAAAAAAAAABAAAAAAAABAAAAAAAAAIAAQAAAAAAFAADAAAAAAAUAAYACgAAAAAAAAAA"
    "AAAAAAAMAAAAAQAAAAAEAAgAAAMAADEhESEEAPwACAAAAAADACoAAAADAAAABQAWAAAAAQAAAAAABQALABYAAwABBAkABQAW"
    "AAAAVgBlAHIAcwBpAG8AbgAgADEALgAwVmVyc2lvbiAxLjAAAAEAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAA="
)
_ADVANCE = 0.5
"""The glyph's advance, in ems (``/DW 500``)."""
_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def glyphless_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The Type0 font the text layers of ``pdf`` share (add it once per document)."""
    font_file = pikepdf.Stream(pdf, _GLYPHLESS_TTF)
    font_file.Length1 = len(_GLYPHLESS_TTF)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name.GlyphLessFont,
        Flags=5,
        FontBBox=Array([0, 0, 500, 1000]),
        ItalicAngle=0,
        Ascent=1000,
        Descent=-1,
        CapHeight=1000,
        StemV=80,
        FontFile2=pdf.make_indirect(font_file),
    )
    # Every code maps to glyph 1, the one glyph there is.
    cid_to_gid = pikepdf.Stream(pdf, zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode)
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name.GlyphLessFont,
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        CIDToGIDMap=pdf.make_indirect(cid_to_gid),
        DW=int(_ADVANCE * 1000),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name.GlyphLessFont,
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _TO_UNICODE)),
        )
    )


def _hex(text: str) -> str:
    # The layer's codes are UTF-16 code units of the BMP; Vietnamese needs nothing more.
    return "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF else "FFFD" for c in text)


def text_layer(words: Iterable[Word], dpi: float, height_px: int) -> bytes:
    """Content-stream operators that draw ``words`` (boxes in pixels at ``dpi``)
    invisibly over a page ``height_px`` pixels tall, using :data:`FONT_NAME`.

    The words of one line share a baseline and a size, so text extractors keep the line
    together; each word is stretched to its own box.
    """
    scale = 72.0 / dpi
    page_height = height_px * scale
    lines: dict[int, list[Word]] = {}
    for word in words:
        if word.text and word.box.width > 0 and word.box.height > 0:
            lines.setdefault(word.line, []).append(word)
    ops = ["BT", "3 Tr"]
    for parts in lines.values():
        size = max(w.box.height for w in parts) * scale
        bottom = max(w.box.top + w.box.height for w in parts) * scale
        # The baseline sits a fifth of the line's height above its lowest descender.
        y = page_height - bottom + 0.2 * size
        ops.append(f"{FONT_NAME} {size:.2f} Tf")
        for word in parts:
            stretch = 100.0 * word.box.width * scale / (_ADVANCE * size * len(word.text))
            x = word.box.left * scale
            ops.append(f"{stretch:.1f} Tz 1 0 0 1 {x:.2f} {y:.2f} Tm <{_hex(word.text)}> Tj")
    ops.append("ET")
    return ("\n".join(ops) + "\n").encode("ascii")

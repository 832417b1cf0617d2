"""Times-metric fonts from Debian's packages, found at run time (no font is vendored)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from samples.errors import FontMissingError

__all__ = ["FONT_FAMILIES", "FontFamily", "font", "font_family"]

_SEARCH_ROOTS = (
    Path("/usr/share/fonts"),
    Path("/usr/share/texmf/fonts"),
    Path("/usr/local/share/fonts"),
)

#: Characters a font must have as precomposed glyphs to print Vietnamese.
_VIETNAMESE_PROBE = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"

#: role -> candidate file names, best first, per family. Liberation 2.x lives in
#: .../liberation2/ (fonts-liberation2); 1.07 in .../liberation/ lacks Vietnamese.
_FAMILY_FILES: dict[str, dict[str, tuple[str, ...]]] = {
    "liberation": {
        "serif": ("liberation2/LiberationSerif-Regular.ttf",),
        "serif_bold": ("liberation2/LiberationSerif-Bold.ttf",),
        "serif_italic": ("liberation2/LiberationSerif-Italic.ttf",),
        "serif_bold_italic": ("liberation2/LiberationSerif-BoldItalic.ttf",),
        "sans": ("liberation2/LiberationSans-Regular.ttf",),
        "sans_bold": ("liberation2/LiberationSans-Bold.ttf",),
        "mono": ("liberation2/LiberationMono-Regular.ttf",),
    },
    "termes": {
        "serif": ("texgyretermes-regular.otf",),
        "serif_bold": ("texgyretermes-bold.otf",),
        "serif_italic": ("texgyretermes-italic.otf",),
        "serif_bold_italic": ("texgyretermes-bolditalic.otf",),
        "sans": ("texgyreheros-regular.otf",),
        "sans_bold": ("texgyreheros-bold.otf",),
        "mono": ("texgyrecursor-regular.otf",),
    },
}

_PACKAGE_OF = {"liberation": "fonts-liberation2", "termes": "fonts-texgyre"}

#: The families a document can be set in.
FONT_FAMILIES = tuple(_FAMILY_FILES)


@dataclass(frozen=True)
class FontFamily:
    """Font files for each role a layout uses."""

    name: str
    """``liberation`` (Liberation 2.x) or ``termes`` (TeX Gyre Termes/Heros/Cursor)."""
    paths: dict[str, Path]
    """role (``serif``, ``serif_bold``, ``sans``, ``mono``, …) -> font file."""


@functools.cache
def _all_font_files() -> tuple[Path, ...]:
    found: list[Path] = []
    for root in _SEARCH_ROOTS:
        if root.is_dir():
            found.extend(p for p in root.rglob("*") if p.suffix.lower() in {".ttf", ".otf"})
    return tuple(sorted(found))


def _covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap() or {}
    return all(ord(ch) in cmap for ch in _VIETNAMESE_PROBE)


@functools.cache
def font_family(name: str) -> FontFamily:
    """The named family's files; FontMissingError (with the apt command) when absent."""
    if name not in _FAMILY_FILES:
        raise FontMissingError(f"unknown font family {name!r}; choose one of {FONT_FAMILIES}")
    files = _all_font_files()
    hint = f"install it with: sudo apt-get install {_PACKAGE_OF[name]}"
    paths: dict[str, Path] = {}
    for role, candidates in _FAMILY_FILES[name].items():
        match = next((p for c in candidates for p in files if p.as_posix().endswith("/" + c)), None)
        if match is None:
            raise FontMissingError(f"font {candidates[0]} not found under /usr/share/fonts; {hint}")
        if role == "serif" and not _covers_vietnamese(match):
            raise FontMissingError(f"font {match} has no Vietnamese glyphs; {hint}")
        paths[role] = match
    return FontFamily(name=name, paths=paths)


@functools.lru_cache(maxsize=256)
def font(family: str, role: str, size_px: int) -> ImageFont.FreeTypeFont:
    """A PIL font of the family's role at a pixel size (cached)."""
    return ImageFont.truetype(str(font_family(family).paths[role]), max(1, size_px))

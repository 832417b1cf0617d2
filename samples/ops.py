"""What a page is made of: drawing operations in millimetres and the page they make up."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BLACK",
    "BLUE_INK",
    "PT_MM",
    "RED_SEAL",
    "Box",
    "Color",
    "Dots",
    "Embed",
    "FieldStyle",
    "Graphic",
    "LineSpec",
    "Op",
    "PageLayout",
    "Rule",
    "Text",
]

Color = tuple[int, int, int]
Box = tuple[float, float, float, float]
BLACK: Color = (22, 22, 22)
RED_SEAL: Color = (205, 32, 42)
BLUE_INK: Color = (28, 52, 165)
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Text:
    """A run of text; ``y`` is the top of the line box."""

    x: float
    y: float
    text: str
    role: str
    size: float
    """Points."""
    color: Color = BLACK
    anchor: str = "la"
    """PIL anchor: ``la`` left, ``ma`` centred, ``ra`` right (all top-aligned)."""
    justify: float = 0.0
    """When > 0, words are spread to fill this width in mm."""


@dataclass(frozen=True)
class Dots:
    """A leader of printed periods from x0 to x1 on the line whose top is y (not transcribed).

    Periods of the body font, as forms print them; OCR reads them as ``....``.
    """

    x0: float
    x1: float
    y: float
    size: float = 13.0
    """Points."""


@dataclass(frozen=True)
class Rule:
    """A straight line or a rectangle outline/fill."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.25
    color: Color = BLACK
    box: bool = False
    fill: Color | None = None


@dataclass(frozen=True)
class Graphic:
    """A drawn picture: ``seal``, ``signature``, ``photo``, ``qr``, ``fingerprint``,
    ``guilloche`` or ``emblem``, in the box (x, y, w, h)."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    seed: int = 0
    text: str = ""
    """The seal's ring text or the QR payload."""
    color: Color = BLACK


@dataclass(frozen=True)
class Embed:
    """Another layout (an ID card) placed at (x, y) on this page."""

    x: float
    y: float
    layout: PageLayout


Op = Text | Dots | Rule | Graphic | Embed


@dataclass(frozen=True)
class PageLayout:
    """One page: its size, what to draw and the text a person would read off it."""

    width: float
    """mm."""
    height: float
    """mm."""
    ops: tuple[Op, ...]
    lines: tuple[str, ...]
    """Ground-truth lines in reading order (NFC)."""
    boxes: tuple[Box, ...] = ()
    """Per line: (left, top, right, bottom) in mm on this page, ink of the text only."""
    paper: Color = (255, 255, 255)
    family: str = "liberation"
    """Font family the text is set in."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class LineSpec:
    """One line of a centred block (a header, a signature block)."""

    text: str
    role: str = "serif"
    size: float = 13.0
    underline: bool = False


@dataclass(frozen=True)
class FieldStyle:
    """How a labelled field is set: fonts, the ink of the filled-in value, the leader."""

    value_role: str = "serif_bold"
    value_color: Color = BLACK
    leader: bool = True
    """Draw a dotted leader after the value."""
    size: float = 13.0
    role: str = "serif"
    """Font role of the label."""
    x0: float | None = None
    """Left edge in mm (None: the left margin)."""
    x1: float | None = None
    """Right edge in mm (None: the right margin)."""

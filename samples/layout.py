"""Pages as drawing operations in millimetres, built together with their ground-truth lines.

A builder places text and records, in the same call, the line a person would transcribe,
so the truth cannot drift from the picture. Rendering (render.py) replays the operations
at any DPI; wrapping is measured once here, so the text is the same at 200 and 300 dpi.
Seals, signatures, photos, QR codes and dotted leaders are drawn but not transcribed.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from samples.fonts import font
from samples.ops import (
    BLACK,
    BLUE_INK,
    PT_MM,
    RED_SEAL,
    Box,
    Color,
    Dots,
    Embed,
    FieldStyle,
    Graphic,
    LineSpec,
    Op,
    PageLayout,
    Rule,
    Text,
)

__all__ = [
    "BLACK",
    "BLUE_INK",
    "RED_SEAL",
    "Dots",
    "Embed",
    "FieldStyle",
    "Graphic",
    "LineSpec",
    "PageBuilder",
    "PageLayout",
    "Rule",
    "Text",
]

_MEASURE_DPI = 600


@functools.lru_cache(maxsize=65536)
def _measure(family: str, role: str, size: float, text: str) -> float:
    px = font(family, role, round(size * _MEASURE_DPI / 72)).getlength(text)
    return px * 25.4 / _MEASURE_DPI


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class PageBuilder:
    """Places text top to bottom between the margins; ``y`` is the cursor in mm."""

    family: str
    width: float = 210.0
    height: float = 297.0
    left: float = 30.0
    right: float = 15.0
    top: float = 20.0
    leading: float = 1.32
    paper: Color = (255, 255, 255)
    y: float = 0.0
    ops: list[Op] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    def _line(self, text: str, x0: float, x1: float, size: float) -> None:
        """Record a transcribed line and its box (top of the line box to below descenders)."""
        self.lines.append(text)
        self.boxes.append(
            (round(x0, 2), round(self.y, 2), round(x1, 2), round(self.y + size * PT_MM * 1.15, 2))
        )

    def __post_init__(self) -> None:
        self.y = self.y or self.top

    @property
    def x1(self) -> float:
        return self.width - self.right

    def measure(self, text: str, role: str = "serif", size: float = 13.0) -> float:
        """Width of the text in mm."""
        return _measure(self.family, role, size, nfc(text))

    def descender_line(self, role: str, size: float) -> float:
        """mm from the top of a line to just below its descenders: where an underline sits.

        From the font's own metrics: Termes puts its baseline lower than Liberation."""
        ascent, descent = font(self.family, role, round(size * _MEASURE_DPI / 72)).getmetrics()
        return (ascent + descent) * 25.4 / _MEASURE_DPI + 0.6

    def line_height(self, size: float) -> float:
        return size * PT_MM * self.leading

    def gap(self, mm: float) -> None:
        self.y += mm

    def wrap(self, text: str, width: float, role: str = "serif", size: float = 13.0) -> list[str]:
        """Greedy word wrap to a width in mm."""
        out: list[str] = []
        current = ""
        for word in nfc(text).split():
            trial = f"{current} {word}" if current else word
            if current and self.measure(trial, role, size) > width:
                out.append(current)
                current = word
            else:
                current = trial
        if current:
            out.append(current)
        return out

    def text(
        self,
        text: str,
        *,
        size: float = 13.0,
        role: str = "serif",
        align: str = "left",
        x0: float | None = None,
        x1: float | None = None,
        color: Color = BLACK,
        underline: bool = False,
        transcribe: bool = True,
    ) -> None:
        """One line (no wrapping); centred/right alignment within [x0, x1]."""
        text = nfc(text)
        a = self.left if x0 is None else x0
        b = self.x1 if x1 is None else x1
        x, anchor = {"left": (a, "la"), "center": ((a + b) / 2, "ma"), "right": (b, "ra")}[align]
        self.ops.append(Text(x, self.y, text, role, size, color, anchor))
        if underline:
            w = self.measure(text, role, size)
            start = {"la": x, "ma": x - w / 2, "ra": x - w}[anchor]
            uy = self.y + self.descender_line(role, size)
            self.ops.append(Rule(start + w * 0.15, uy, start + w * 0.85, uy, 0.3))
        if transcribe:
            w = self.measure(text, role, size)
            start = {"la": x, "ma": x - w / 2, "ra": x - w}[anchor]
            self._line(text, start, start + w, size)
        self.y += self.line_height(size)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 13.0,
        role: str = "serif",
        indent: float = 10.0,
        x0: float | None = None,
        x1: float | None = None,
        justify: bool = True,
        color: Color = BLACK,
    ) -> None:
        """Wrapped prose, first line indented, justified except the last line."""
        a = self.left if x0 is None else x0
        b = self.x1 if x1 is None else x1
        first = self.wrap(text, b - a - indent, role, size)
        if not first:
            return
        rest = self.wrap(" ".join(first[1:]), b - a, role, size) if len(first) > 1 else []
        rows = [(first[0], a + indent, b - a - indent), *((r, a, b - a) for r in rest)]
        for i, (row, x, w) in enumerate(rows):
            last = i == len(rows) - 1
            spread = w if justify and not last and " " in row else 0.0
            self.ops.append(Text(x, self.y, row, role, size, color, "la", spread))
            self._line(row, x, x + (spread or self.measure(row, role, size)), size)
            self.y += self.line_height(size)

    def field(self, label: str, value: str, style: FieldStyle | None = None) -> None:
        """``Label: value`` with a dotted leader to the right edge; long values wrap."""
        st = style or FieldStyle()
        size, role, value_role, value_color = st.size, st.role, st.value_role, st.value_color
        leader = st.leader
        a = self.left if st.x0 is None else st.x0
        b = self.x1 if st.x1 is None else st.x1
        label, value = nfc(label), nfc(value)
        label_w = self.measure(label + " ", role, size)
        chunks = self.wrap(value, b - a - label_w - 2, value_role, size) or [""]
        if len(chunks) > 1:
            chunks = [chunks[0], *self.wrap(" ".join(chunks[1:]), b - a - 2, value_role, size)]
        for i, chunk in enumerate(chunks):
            x = a
            if i == 0:
                self.ops.append(Text(a, self.y, label, role, size))
                x = a + label_w
            end = x
            if chunk:
                self.ops.append(Text(x, self.y, chunk, value_role, size, value_color))
                end = x + self.measure(chunk, value_role, size)
                x = end + 1.0
            if leader and x < b - 2:
                self.ops.append(Dots(x, b, self.y, size))
            self._line(f"{label} {chunk}".strip() if i == 0 else chunk, a, end, size)
            self.y += self.line_height(size)

    def blank_field(self, label: str, *, size: float = 13.0, x0: float | None = None) -> None:
        """A label followed by an empty dotted line (an unfilled form)."""
        a = self.left if x0 is None else x0
        label = nfc(label)
        self.ops.append(Text(a, self.y, label, "serif", size))
        start = a + self.measure(label + " ", "serif", size)
        self.ops.append(Dots(start, self.x1, self.y, size))
        self._line(label, a, a + self.measure(label, "serif", size), size)
        self.y += self.line_height(size)

    def row(
        self, cells: list[tuple[str, float, str]], *, size: float = 13.0, role: str = "serif"
    ) -> None:
        """Cells on one line: (text, x mm, ``la``/``ma``/``ra``); transcribed left to right."""
        texts, left, right = [], self.width, 0.0
        for text, x, anchor in cells:
            if text:
                self.ops.append(Text(x, self.y, nfc(text), role, size, BLACK, anchor))
                texts.append(nfc(text))
                w = self.measure(text, role, size)
                start = {"la": x, "ma": x - w / 2, "ra": x - w}[anchor]
                left, right = min(left, start), max(right, start + w)
        self._line(" ".join(texts), left, right, size)
        self.y += self.line_height(size)

    def block(
        self, x0: float, x1: float, specs: list[LineSpec], *, y: float | None = None
    ) -> float:
        """A centred block of lines in [x0, x1] from y; returns its bottom. Cursor unchanged."""
        saved = self.y
        self.y = self.y if y is None else y
        for spec in specs:
            self.text(
                spec.text,
                size=spec.size,
                role=spec.role,
                align="center",
                x0=x0,
                x1=x1,
                underline=spec.underline,
            )
            if spec.underline:
                self.y += 1.2
        bottom, self.y = self.y, saved
        return bottom

    def columns(
        self, left: tuple[float, float, list[LineSpec]], right: tuple[float, float, list[LineSpec]]
    ) -> None:
        """Two centred blocks side by side (transcribed left first); cursor below both."""
        top = self.y
        bottom_left = self.block(left[0], left[1], left[2], y=top)
        bottom_right = self.block(right[0], right[1], right[2], y=top)
        self.y = max(bottom_left, bottom_right)

    def graphic(
        self,
        kind: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        seed: int = 0,
        text: str = "",
        color: Color = BLACK,
    ) -> None:
        self.ops.append(Graphic(kind, x, y, w, h, seed, nfc(text), color))

    def rule(self, x0: float, y0: float, x1: float, y1: float, **kw: object) -> None:
        self.ops.append(Rule(x0, y0, x1, y1, **kw))  # type: ignore[arg-type]

    def embed(self, x: float, y: float, layout: PageLayout) -> None:
        self.ops.append(Embed(x, y, layout))
        self.lines.extend(layout.lines)
        self.boxes.extend((x + a, y + b, x + c, y + d) for a, b, c, d in layout.boxes)

    def build(self) -> PageLayout:
        return PageLayout(
            width=self.width,
            height=self.height,
            ops=tuple(self.ops),
            lines=tuple(self.lines),
            boxes=tuple(self.boxes),
            paper=self.paper,
            family=self.family,
        )

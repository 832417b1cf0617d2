"""What every kind's builder shares: the context it draws from and the official furniture
(national header, title, place-and-date line, signature block with seal)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from samples.layout import BLACK, BLUE_INK, RED_SEAL, FieldStyle, LineSpec, PageBuilder, PageLayout
from samples.people import Person, date_long, random_person

__all__ = ["MOTTO", "NATION", "Built", "Context", "header", "signature_block", "title"]

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Built:
    """What a kind's builder returns."""

    fields: dict[str, str]
    """Ground-truth fields (ISO dates, NFC, names title-cased)."""
    pages: tuple[PageLayout, ...]
    machine: dict[str, object] = field(default_factory=dict)
    """Machine-readable zones printed on the paper: ``qr`` (payload), ``mrz`` (lines)."""


@dataclass
class Context:
    """The seeded randomness and layout choices one document is built from."""

    rng: random.Random
    seed: int
    variant: int
    """Layout variant: 0 and 1 are the training layouts, 2 the held-out one."""
    family: str
    """Font family (``liberation`` or ``termes``)."""
    subject: Person | None = None
    """The citizen a dossier is about: adult papers of the dossier are issued to them."""

    def person(self, *, born_after: dt.date, born_before: dt.date) -> Person:
        """The paper's holder: the dossier's subject when born in the range the paper
        allows, else a new random citizen."""
        if self.subject is not None and born_after <= self.subject.birth <= born_before:
            return self.subject
        return random_person(self.rng, born_after=born_after, born_before=born_before)

    def page(self, **kw: object) -> PageBuilder:
        """An A4 page with the variant's margins (Decree 30/2020: left 30–35 mm)."""
        margins = {0: (30.0, 15.0, 20.0), 1: (25.0, 20.0, 18.0), 2: (35.0, 18.0, 25.0)}
        left, right, top = margins[self.variant]
        params: dict[str, object] = {"left": left, "right": right, "top": top}
        params.update(kw)
        return PageBuilder(self.family, **params)  # type: ignore[arg-type]

    def sub_seed(self) -> int:
        return self.rng.randrange(1 << 30)

    def date(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def field_style(self) -> FieldStyle:
        """How filled-in values look in this variant: bold type; blue italic ink written on
        a dotted leader (as on a form filled in by hand); or plain type."""
        role = ("serif_bold", "serif_italic", "serif")[self.variant]
        color = BLUE_INK if self.variant == 1 else BLACK
        return FieldStyle(role, color, leader=self.variant == 1)


def header(ctx: Context, b: PageBuilder, body: list[str]) -> None:
    """Issuing body at top left (last line bold, underlined), national motto at top right."""
    split = b.left + (b.x1 - b.left) * (0.40 if ctx.variant != 2 else 0.44)
    left = [LineSpec(t, "serif", 12.5) for t in body[:-1]]
    left.append(LineSpec(body[-1], "serif_bold", 12.5, underline=True))
    right = [
        LineSpec(NATION, "serif_bold", 12.0),
        LineSpec(MOTTO, "serif_bold", 13, underline=True),
    ]
    b.columns((b.left - 8, split, left), (split - 2, b.x1 + 5, right))
    b.gap(4)


def title(ctx: Context, b: PageBuilder, text: str, subtitle: str = "") -> None:
    size = (15.0, 14.0, 16.0)[ctx.variant]
    b.gap(4)
    b.text(text.upper(), size=size, role="serif_bold", align="center")
    if subtitle:
        b.text(subtitle, size=13, role="serif_italic", align="center")
    b.gap(5)


def signature_block(
    ctx: Context,
    b: PageBuilder,
    roles: list[str],
    signer: str,
    seal_text: str,
    *,
    place_date: str = "",
    x0: float | None = None,
) -> None:
    """Right-hand block: place and date, the signer's role, signature over a red seal, name."""
    x0 = b.left + (b.x1 - b.left) * 0.45 if x0 is None else x0
    x1 = b.x1
    if place_date:
        b.text(place_date, size=13, role="serif_italic", align="center", x0=x0, x1=x1)
    for i, r in enumerate(roles):
        b.text(
            r,
            size=13,
            role="serif_bold" if i == len(roles) - 1 else "serif",
            align="center",
            x0=x0,
            x1=x1,
        )
    mid = (x0 + x1) / 2
    top = b.y
    seal_d = 34.0
    # The seal covers the left third of the signature, as Decree 30/2020 asks.
    b.graphic("signature", mid - 16, top + 6, 40, 16, seed=ctx.sub_seed(), color=BLUE_INK)
    b.graphic(
        "seal",
        mid - 32,
        top - 0.5,
        seal_d,
        seal_d,
        seed=ctx.sub_seed(),
        text=seal_text,
        color=RED_SEAL,
    )
    b.y = top + 33
    b.text(signer, size=13, role="serif_bold", align="center", x0=x0, x1=x1)


def long_date(day: dt.date, place: str = "") -> str:
    return date_long(day, place=place)

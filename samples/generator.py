"""make_document and render: the seeded entry points."""

from __future__ import annotations

import random
from collections.abc import Callable

from PIL import Image

from samples.errors import UnknownKindError, UnknownVariantSetError
from samples.fonts import font_family as load_family
from samples.kinds import (
    application,
    cards,
    civil,
    diploma,
    negatives,
    official,
    passport,
    property_business,
)
from samples.kinds.common import Built, Context
from samples.model import SampleDocument
from samples.people import Person
from samples.render import render_layout

__all__ = ["CATALOGUE_KINDS", "KINDS", "NEGATIVE_KINDS", "VARIANT_SETS", "make_document", "render"]

_BUILDERS: dict[str, Callable[[Context], Built]] = {
    "cccd": cards.build_cccd,
    "khai_sinh": civil.build_khai_sinh,
    "ket_hon": civil.build_ket_hon,
    "xac_nhan_hon_nhan": civil.build_xac_nhan_hon_nhan,
    "dang_ky_doanh_nghiep": property_business.build_dang_ky_doanh_nghiep,
    "quyen_su_dung_dat": property_business.build_quyen_su_dung_dat,
    "quyet_dinh": official.build_quyet_dinh,
    "bang_tot_nghiep": diploma.build_bang_tot_nghiep,
    "to_khai": application.build_to_khai,
    "giay_phep_lai_xe": cards.build_giay_phep_lai_xe,
    "ho_chieu": passport.build_ho_chieu,
    "van_ban": official.build_van_ban,
    "english_text": negatives.build_english_text,
    "receipt": negatives.build_receipt,
    "blank_form": negatives.build_blank_form,
}

#: Kinds whose type is in the document-type catalogue (doc_type == kind).
CATALOGUE_KINDS = tuple(k for k in _BUILDERS if k not in {"english_text", "receipt", "blank_form"})
#: Pages of no catalogued type, for negative tests (doc_type ``unknown``).
NEGATIVE_KINDS = ("english_text", "receipt", "blank_form")
KINDS = CATALOGUE_KINDS + NEGATIVE_KINDS

#: variant set -> (layout variants, font families) it may use. The held-out set uses a
#: layout and a font that the training set never does.
VARIANT_SETS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "train": ((0, 1), ("liberation",)),
    "heldout": ((2,), ("termes",)),
    "all": ((0, 1, 2), ("liberation", "termes")),
}


def make_document(
    kind: str,
    seed: int,
    variant_set: str = "train",
    *,
    variant: int | None = None,
    font_family: str | None = None,
    subject: Person | None = None,
) -> SampleDocument:
    """Build one document of ``kind`` from ``seed``; the same arguments give the same document.

    ``variant`` (0, 1, 2) and ``font_family`` (``liberation``, ``termes``) override what
    the variant set would draw, for tests that must cover every layout. ``subject``
    (a ``samples.people.Person``) makes the paper about that citizen where its kind has an
    adult holder (make_dossier uses it so a dossier's papers belong to one applicant).
    """
    if kind not in _BUILDERS:
        raise UnknownKindError(f"unknown document kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if variant_set not in VARIANT_SETS:
        raise UnknownVariantSetError(
            f"unknown variant set {variant_set!r}; choose one of: {', '.join(VARIANT_SETS)}"
        )
    rng = random.Random(f"sohoa-samples:{kind}:{seed}")
    variants, families = VARIANT_SETS[variant_set]
    drawn_variant, drawn_family = rng.choice(variants), rng.choice(families)
    variant = drawn_variant if variant is None else variant
    family = drawn_family if font_family is None else font_family
    if variant not in VARIANT_SETS["all"][0]:
        raise UnknownVariantSetError(f"unknown layout variant {variant!r}; choose 0, 1 or 2")
    load_family(family)  # fail early, with the apt hint, when the fonts are missing
    context = Context(rng=rng, seed=seed, variant=variant, family=family, subject=subject)
    built = _BUILDERS[kind](context)
    return SampleDocument(
        kind=kind,
        doc_type=kind if kind in CATALOGUE_KINDS else "unknown",
        seed=seed,
        variant_set=variant_set,
        variant=variant,
        font_family=family,
        fields=dict(built.fields),
        pages=tuple(p.text for p in built.pages),
        layouts=built.pages,
        machine=dict(built.machine),
    )


def render(doc: SampleDocument, dpi: int = 300) -> list[Image.Image]:
    """One RGB image per page at ``dpi`` (A4 is 2480×3508 at 300 dpi)."""
    return [render_layout(layout, dpi) for layout in doc.layouts]

"""Every kind renders at 200 and 300 dpi; every degradation gives a plausible image."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image

import samples
from samples.degrade import degrade_with_params

A4_300 = (2480, 3508)


@pytest.mark.parametrize("kind", samples.KINDS)
@pytest.mark.parametrize("dpi", [200, 300])
def test_every_kind_renders_at_200_and_300_dpi(kind: str, dpi: int) -> None:
    doc = samples.make_document(kind, 1, variant_set="all")
    images = samples.render(doc, dpi=dpi)
    assert len(images) == len(doc.pages) == len(doc.layouts) >= 1
    for image, layout, text in zip(images, doc.layouts, doc.pages, strict=True):
        assert image.mode == "RGB"
        assert image.info["dpi"] == (dpi, dpi)
        assert image.size == (round(layout.width / 25.4 * dpi), round(layout.height / 25.4 * dpi))
        assert text.strip()
        ink = np.asarray(image.convert("L")) < 128
        assert 0.002 < ink.mean() < 0.3  # something is printed, and it is not a black page


def test_a4_pages_are_2480_by_3508_at_300_dpi() -> None:
    assert samples.render(samples.make_document("quyet_dinh", 2))[0].size == A4_300


@pytest.mark.parametrize("kind", samples.KINDS)
def test_every_layout_variant_and_font_family_renders(kind: str) -> None:
    for variant in (0, 1, 2):
        for family in ("liberation", "termes"):
            doc = samples.make_document(kind, 2, variant=variant, font_family=family)
            assert doc.variant == variant and doc.font_family == family
            assert samples.render(doc, dpi=50)


def test_variant_sets_separate_training_and_held_out_layouts_and_fonts() -> None:
    train = {
        (d.variant, d.font_family)
        for d in (samples.make_document("khai_sinh", s) for s in range(20))
    }
    held = {
        (d.variant, d.font_family)
        for d in (samples.make_document("khai_sinh", s, "heldout") for s in range(20))
    }
    assert {v for v, _ in train} == {0, 1} and {f for _, f in train} == {"liberation"}
    assert held == {(2, "termes")}


def test_same_seed_gives_the_same_text_fields_and_pixels() -> None:
    for kind in ("cccd", "van_ban", "receipt"):
        a, b = samples.make_document(kind, 9), samples.make_document(kind, 9)
        assert a.pages == b.pages and a.fields == b.fields and a.machine == b.machine
        ha = [hashlib.sha256(im.tobytes()).hexdigest() for im in samples.render(a, 150)]
        hb = [hashlib.sha256(im.tobytes()).hexdigest() for im in samples.render(b, 150)]
        assert ha == hb
    assert samples.make_document("cccd", 9).fields != samples.make_document("cccd", 10).fields


def test_text_is_the_same_at_every_dpi() -> None:
    """Wrapping is measured once in millimetres, so the truth does not depend on the DPI."""
    doc = samples.make_document("van_ban", 3)
    assert [layout.text for layout in doc.layouts] == list(doc.pages)


@pytest.fixture(scope="module")
def page() -> Image.Image:
    """An A4 page at 150 dpi: a quarter of the pixels of 300 dpi keeps these tests quick."""
    return samples.render(samples.make_document("khai_sinh", 3), dpi=150)[0]


@pytest.mark.parametrize("degradation", samples.DEGRADATIONS)
def test_every_degradation_gives_an_image_of_plausible_size(
    page: Image.Image, degradation: str
) -> None:
    out, params = degrade_with_params(page, degradation, seed=4)
    w, h = page.size
    assert out.mode == "RGB"
    if degradation in {"rot90", "rot270"}:
        assert out.size == (h, w)
    elif degradation == "dpi200":
        assert out.size == (round(w * 200 / 150), round(h * 200 / 150))
        assert params["dpi"] == 200.0 and out.info["dpi"] == (200.0, 200.0)
    elif degradation in {"skew", "photo"}:
        assert w < out.size[0] < 1.4 * w and h < out.size[1] < 1.4 * h
    else:
        assert out.size == page.size
    if degradation != "clean":
        assert out.tobytes() != page.tobytes()
    assert samples.degrade(page, degradation, seed=4).tobytes() == out.tobytes()


def test_skew_and_photo_report_what_they_did(page: Image.Image) -> None:
    _, skew = degrade_with_params(page, "skew", seed=1)
    assert 1.0 <= abs(skew["angle"]) <= 6.0
    out, photo = degrade_with_params(page, "photo", seed=1)
    corners = np.array(photo["corners"])
    assert corners.shape == (4, 2)
    assert (corners[:, 0] >= -1).all() and (corners[:, 0] <= out.size[0] + 1).all()
    assert 70 <= photo["quality"] <= 85


def test_rotations_are_exact_quarter_turns(page: Image.Image) -> None:
    back = samples.degrade(samples.degrade(page, "rot90", 0), "rot270", 0)
    assert back.tobytes() == page.tobytes()
    twice = samples.degrade(samples.degrade(page, "rot180", 0), "rot180", 0)
    assert twice.tobytes() == page.tobytes()


def test_shadow_lowers_contrast_and_lights_unevenly(page: Image.Image) -> None:
    gray = np.asarray(samples.degrade(page, "shadow", 2).convert("L"), dtype=float)
    assert gray.max() < 225 and gray.min() > 10
    h = gray.shape[0]
    quarters = [np.percentile(gray[i * h // 4 : (i + 1) * h // 4], 90) for i in range(4)]
    assert max(quarters) - min(quarters) > 8


def test_line_boxes_cover_the_ink_of_each_transcribed_line() -> None:
    """Given a clean page, each truth line has a box and every box holds printed ink."""
    doc = samples.make_document("khai_sinh", 6, variant=0)
    [image] = samples.render(doc, dpi=100)
    [boxes] = doc.line_boxes(100)
    assert len(boxes) == len(doc.pages[0].splitlines())
    ink = np.asarray(image.convert("L")) < 110
    for left, top, right, bottom in boxes:
        assert ink[top:bottom, left:right].mean() > 0.02

"""Fixtures for the sample generator's tests."""

from __future__ import annotations

import pytest

import samples


@pytest.fixture(scope="session")
def rendered_cards() -> list[tuple[samples.SampleDocument, list]]:
    """One ID card per layout variant, rendered at 300 dpi (shared: rendering is the slow part)."""
    out = []
    for variant in (0, 1, 2):
        doc = samples.make_document("cccd", 20 + variant, variant=variant)
        out.append((doc, samples.render(doc, dpi=300)))
    return out

"""QR code on a generated chip-based ID card, decoded from the rendered page image."""

from __future__ import annotations

import numpy as np
import pytest

import samples
from digitizer.doctypes import parse_cccd_qr, read_machine_zones


def _bgr(image) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


@pytest.mark.parametrize("degradation", ["clean", "jpeg_low", "skew"])
def test_qr_on_a_generated_card_gives_its_fields(degradation: str) -> None:
    doc = samples.make_document("cccd", 4242, "heldout")
    page = samples.degrade(samples.render(doc, 300)[0], degradation, 7)
    fields = read_machine_zones(_bgr(page), 1)
    assert {k: v.value for k, v in fields.items()} == {
        k: doc.fields[k]
        for k in ("id_number", "full_name", "date_of_birth", "gender", "residence", "issue_date")
    }
    assert all(v.source == "qr" and v.page == 1 and v.box is not None for v in fields.values())


def test_page_without_a_code_gives_nothing() -> None:
    doc = samples.make_document("quyet_dinh", 4242, "heldout")
    assert read_machine_zones(_bgr(samples.render(doc, 300)[0]), 1) == {}


def test_qr_of_another_kind_is_ignored() -> None:
    assert parse_cccd_qr("https://example.org/invoice/123") == {}
    assert (
        parse_cccd_qr("079203012345||Nguyễn Văn An|15012003|Nam|Hà Nội|01022021")[
            "date_of_birth"
        ].value
        == "2003-01-15"
    )

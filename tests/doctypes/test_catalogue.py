"""The type catalogue is data: shipped types, agency additions, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from digitizer.doctypes import CatalogueError, load_catalogue

AGENCY_YAML = """
format: 1
types:
  - code: giay_phep_xay_dung
    name_vi: Giấy phép xây dựng
    name_en: Construction permit
    titles: ["giấy phép xây dựng"]
    keywords: ["công trình", "cốt xây dựng"]
    fields: [document_number, issue_date, issuing_authority, full_name]
    validity: {kind: months, months: 12}
"""


def test_shipped_catalogue_has_the_issue_types_with_validity() -> None:
    cat = load_catalogue(use_env=False)
    for code in (
        "cccd",
        "khai_sinh",
        "ket_hon",
        "xac_nhan_hon_nhan",
        "dang_ky_doanh_nghiep",
        "quyen_su_dung_dat",
        "quyet_dinh",
        "bang_tot_nghiep",
        "to_khai",
        "giay_phep_lai_xe",
        "ho_chieu",
        "van_ban",
    ):
        spec = cat.get(code)
        assert spec is not None, code
        assert spec.name_vi and spec.name_en and spec.titles
    marital = cat.get("xac_nhan_hon_nhan")
    assert marital is not None
    assert (marital.validity.kind, marital.validity.months) == ("months", 6)
    assert cat.fallback is not None and cat.fallback.code == "van_ban"


def test_agency_file_adds_a_type_by_argument_and_by_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "agency.yaml"
    extra.write_text(AGENCY_YAML, encoding="utf-8")
    by_arg = load_catalogue(extra, use_env=False)
    assert by_arg.get("giay_phep_xay_dung") is not None
    assert by_arg.get("giay_phep_xay_dung").origin == str(extra)  # type: ignore[union-attr]
    monkeypatch.setenv("SOHOA_DOCTYPES_CATALOGUE", str(extra))
    assert "giay_phep_xay_dung" in load_catalogue().codes
    assert "giay_phep_xay_dung" not in load_catalogue(use_env=False).codes


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("types: [{code: x, name_vi: X, titles: [x], fields: [shoe_size]}]", "unknown fields"),
        ("types: [{code: unknown, name_vi: X, titles: [x]}]", "reserved"),
        ("types: [{code: Bad-Code, name_vi: X, titles: [x]}]", "snake_case"),
        ("types: [{code: x, name_vi: X, titles: []}]", "title"),
        ("types: [{code: x, titles: [x]}]", "name_vi"),
        ("types: [{code: x, name_vi: X, titles: [x], validity: {kind: months}}]", "months"),
        ("types: {", "YAML"),
        ("[1, 2]", "'types'"),
    ],
)
def test_bad_agency_file_is_refused_with_a_stable_code(
    tmp_path: Path, body: str, needle: str
) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(body, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(extra, use_env=False)
    assert info.value.code == "doctype_catalogue_invalid"
    assert needle in str(info.value)


def test_missing_agency_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_catalogue(tmp_path / "nope.yaml", use_env=False)


def test_catalogue_digest_changes_only_with_the_named_types(tmp_path: Path) -> None:
    base = load_catalogue(use_env=False)
    extra = tmp_path / "agency.yaml"
    extra.write_text(AGENCY_YAML, encoding="utf-8")
    more = load_catalogue(extra, use_env=False)
    assert base.digest(["cccd", "van_ban"]) == more.digest(["cccd", "van_ban"])
    assert base.digest() != more.digest()

"""The model file carries a format version and a catalogue hash; stale ones are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digitizer.doctypes import (
    Classifier,
    ModelStaleError,
    ModelUnavailableError,
    ModelVersionError,
    load_catalogue,
)
from digitizer.doctypes.learned import FORMAT_VERSION, PageModel

TEXTS = {
    "khai_sinh": "GIẤY KHAI SINH\nHọ, chữ đệm, tên: Nguyễn Văn An\nNơi sinh: Hà Nội",
    "quyet_dinh": "QUYẾT ĐỊNH\nVề việc bổ nhiệm\nĐiều 1. Bổ nhiệm ông A\nNơi nhận:",
    "unknown": "Invoice total 120 USD\nThank you for shopping",
}


def _tiny_model(tmp_path: Path) -> Path:
    cat = load_catalogue(use_env=False)
    texts, labels = [], []
    for label, text in TEXTS.items():
        for i in range(4):  # min_df=2 needs repeats; vary a little
            texts.append(f"{text}\n{i}")
            labels.append(label)
    model = PageModel.train(texts, labels, cat, {"test": True})
    path = tmp_path / "m.joblib"
    model.save(path)
    return path


def test_saved_model_loads_and_classifies(tmp_path: Path) -> None:
    path = _tiny_model(tmp_path)
    cat = load_catalogue(use_env=False)
    clf = Classifier.load(cat, path)
    verdict = clf.classify(["GIAY KHAI SINH\nHo, chu dem, ten: Tran Thi B"])[0]
    assert verdict.best.code == "khai_sinh"
    header = json.loads(path.with_suffix(".json").read_text())
    assert header["format_version"] == FORMAT_VERSION
    assert len(header["catalogue_digest"]) == 64


def test_model_of_another_format_version_is_refused(tmp_path: Path) -> None:
    path = _tiny_model(tmp_path)
    head_path = path.with_suffix(".json")
    head = json.loads(head_path.read_text())
    head["format_version"] = FORMAT_VERSION + 1
    head_path.write_text(json.dumps(head))
    with pytest.raises(ModelVersionError) as info:
        Classifier.load(load_catalogue(use_env=False), path)
    assert info.value.code == "doctype_model_version"


def test_model_trained_on_a_changed_catalogue_is_stale(tmp_path: Path) -> None:
    path = _tiny_model(tmp_path)
    changed = tmp_path / "agency.yaml"
    # The agency redefines a type the model knows: its training no longer matches.
    changed.write_text(
        "types: [{code: khai_sinh, name_vi: Giấy khai sinh, titles: [giấy khai sinh mới]}]",
        encoding="utf-8",
    )
    with pytest.raises(ModelStaleError) as info:
        Classifier.load(load_catalogue(changed, use_env=False), path)
    assert info.value.code == "doctype_model_stale"


def test_swapped_pickle_is_refused_before_unpickling(tmp_path: Path) -> None:
    path = _tiny_model(tmp_path)
    path.write_bytes(b"not the pickle the header describes")
    with pytest.raises(ModelStaleError):
        Classifier.load(load_catalogue(use_env=False), path)


def test_foreign_or_missing_model_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.joblib"
    path.with_suffix(".json").write_text("{}")
    with pytest.raises(ModelVersionError):
        Classifier.load(load_catalogue(use_env=False), path)
    with pytest.raises(ModelUnavailableError) as info:
        Classifier.load(load_catalogue(use_env=False), tmp_path / "none.joblib")
    assert info.value.code == "doctype_model_unavailable"


def test_agency_type_unknown_to_the_model_is_matched_by_its_title(tmp_path: Path) -> None:
    path = _tiny_model(tmp_path)
    extra = tmp_path / "agency.yaml"
    extra.write_text(
        "types: [{code: giay_phep_xay_dung, name_vi: Giấy phép xây dựng, "
        "titles: [giấy phép xây dựng], fields: [document_number]}]",
        encoding="utf-8",
    )
    clf = Classifier.load(load_catalogue(extra, use_env=False), path)  # not stale
    verdict = clf.classify(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY PHÉP XÂY DỰNG\nSố: 12/GPXD"])
    assert verdict[0].best.code == "giay_phep_xay_dung"


def test_stale_model_falls_back_to_one_retrained_into_the_cache(tmp_path: Path) -> None:
    """Given a stale model and a cache holding one trained for this catalogue,
    when the classifier loads, then it uses the cached one; without it, it refuses."""
    stale = _tiny_model(tmp_path)
    head = json.loads(stale.with_suffix(".json").read_text())
    head["catalogue_digest"] = "0" * 64
    stale.with_suffix(".json").write_text(json.dumps(head))
    cat = load_catalogue(use_env=False)
    cache = tmp_path / "cache"
    with pytest.raises(ModelStaleError):
        Classifier.load(cat, stale, cache_dir=cache)
    fresh = _tiny_model(tmp_path)
    cached = cache / f"page_model-{cat.digest()[:16]}.joblib"
    cache.mkdir()
    fresh.rename(cached)
    fresh.with_suffix(".json").rename(cached.with_suffix(".json"))
    clf = Classifier.load(cat, stale, cache_dir=cache)
    assert clf.classify(["GIẤY KHAI SINH\nHọ, chữ đệm, tên: An"])[0].best.code == "khai_sinh"

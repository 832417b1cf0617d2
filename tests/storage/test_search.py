"""Full-text search by words and adjacent word pairs, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Access, Storage
from storage.catalog.text import pair_query, search_terms, word_query
from tests.storage.conftest import make_spec, write_file

pytestmark = pytest.mark.s3
WHO = Access("canbo02", "1.001757")


def _ingest(storage: Storage, tmp_path: Path, name: str, text: str) -> int:
    src = write_file(tmp_path / f"{name}.pdf", f"%PDF {name}".encode())
    return storage.ingest(make_spec(text=text), src).document_id


def _ids(storage: Storage, query: str, after: int = 0) -> list[int]:
    return [d.id for d in storage.search(query, WHO, after=after).items]


def test_a_name_and_a_place_typed_together_match_their_word_pairs() -> None:
    terms = search_terms("Trần Thị Lan Hà Nội")
    assert terms == ["tran", "thi", "lan", "ha", "noi"]
    assert pair_query(terms, "postgresql") == (
        "'tran thi' & ('tran thi' | 'thi lan') & ('thi lan' | 'lan ha') "
        "& ('lan ha' | 'ha noi') & 'ha noi'"
    )
    assert pair_query(["tran", "lan"], "sqlite") == '"tran lan"'
    assert pair_query(["lan"], "sqlite") is None
    assert word_query(terms[:2], "sqlite") == '"tran" AND "thi"'


@pytest.mark.parametrize(
    "query", ["Trần Thị Lan Hà Nội", "tran thi lan ha noi", "TRẦN THỊ LAN, HÀ NỘI"]
)
def test_name_search_finds_adjacent_words_with_or_without_diacritics(
    storage: Storage,
    tmp_path: Path,
    query: str,
) -> None:
    """Given the words scattered in one text and side by side in another, the pairs win."""
    hit = _ingest(storage, tmp_path, "a", "Họ và tên: Trần Thị Lan. Nơi cư trú: Hà Nội")
    _ingest(storage, tmp_path, "b", "Họ và tên: Trần Văn Hà, mẹ: Lan Thị, Nội Bài")
    assert _ids(storage, query) == [hit]


def test_words_not_side_by_side_anywhere_fall_back_to_every_word(
    storage: Storage,
    tmp_path: Path,
) -> None:
    a = _ingest(storage, tmp_path, "a", "Họ và tên: Trần Thị Lan. Nơi cư trú: Hà Nội")
    b = _ingest(storage, tmp_path, "b", "Họ và tên: Trần Văn Hà, mẹ: Lan Thị, Nội Bài")
    _ingest(storage, tmp_path, "c", "Họ và tên: Lê Văn Tám")
    assert _ids(storage, "Lan Trần") == [a, b]  # no text has "lan tran"
    assert _ids(storage, "lan") == [a, b]  # one word: the word itself
    assert _ids(storage, "Tám") != []


def test_pair_pages_are_keyset_paginated_and_never_mix_in_the_fallback(
    storage: Storage,
    tmp_path: Path,
) -> None:
    pairs = [
        _ingest(storage, tmp_path, f"p{i}", f"Họ và tên: Nguyễn Văn Đức số {i}") for i in range(3)
    ]
    _ingest(storage, tmp_path, "w", "Đức Nguyễn, Văn phòng")  # every word, no pair
    first = storage.search("Nguyễn Văn Đức", WHO, limit=2)
    assert [d.id for d in first.items] == pairs[:2] and first.next_after == pairs[1]
    last = storage.search("Nguyễn Văn Đức", WHO, after=first.next_after, limit=2)
    assert [d.id for d in last.items] == pairs[2:] and last.next_after is None
    # Past the last pair hit, the fallback must not start: the answer is complete.
    assert _ids(storage, "Nguyễn Văn Đức", after=pairs[2]) == []


@pytest.mark.parametrize(("first_walk", "most"), [(2, 2), (2, 100), (3000, 20000)])
def test_pages_are_the_same_whether_walked_in_id_order_or_taken_from_the_index(
    storage: Storage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    first_walk: int,
    most: int,
) -> None:
    """Given texts where one word is rare and one is in every text, when PostgreSQL walks
    ``first_walk`` texts and at most ``most`` before asking the index (2, 2: the index for
    every page not filled at once; 2, 100: a second, longer walk; the defaults: the walk
    covers everything), the pages are the same, in id order, none lost."""
    from storage.catalog import lookup

    monkeypatch.setattr(lookup, "_FIRST_WALK", first_walk)
    monkeypatch.setattr(lookup, "_MAX_WALK", most)
    ids = [
        _ingest(
            storage,
            tmp_path,
            f"d{i}",
            f"Giấy xác nhận số {i}" + (" Phường Tân Định" if i in {0, 3, 4, 7} else ""),
        )
        for i in range(8)
    ]
    rare = [ids[i] for i in (0, 3, 4, 7)]
    first = storage.search("Tân Định", WHO, limit=2)
    assert [d.id for d in first.items] == rare[:2] and first.next_after == rare[1]
    second = storage.search("Tân Định", WHO, after=rare[1], limit=2)
    assert [d.id for d in second.items] == rare[2:] and second.next_after is None
    assert _ids(storage, "Định phường") == rare  # the fallback: every word anywhere
    every = storage.search("xác nhận", WHO, limit=3)
    assert [d.id for d in every.items] == ids[:3] and every.next_after == ids[2]
    assert _ids(storage, "Tân Định", after=rare[-1]) == []

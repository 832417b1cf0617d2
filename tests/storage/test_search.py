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
        "& ('lan ha' | 'ha noi') & 'ha noi'")
    assert pair_query(["tran", "lan"], "sqlite") == '"tran lan"'
    assert pair_query(["lan"], "sqlite") is None
    assert word_query(terms[:2], "sqlite") == '"tran" AND "thi"'


@pytest.mark.parametrize("query", ["Trần Thị Lan Hà Nội", "tran thi lan ha noi",
                                   "TRẦN THỊ LAN, HÀ NỘI"])
def test_name_search_finds_adjacent_words_with_or_without_diacritics(
    storage: Storage, tmp_path: Path, query: str,
) -> None:
    """Given the words scattered in one text and side by side in another, the pairs win."""
    hit = _ingest(storage, tmp_path, "a", "Họ và tên: Trần Thị Lan. Nơi cư trú: Hà Nội")
    _ingest(storage, tmp_path, "b", "Họ và tên: Trần Văn Hà, mẹ: Lan Thị, Nội Bài")
    assert _ids(storage, query) == [hit]


def test_words_not_side_by_side_anywhere_fall_back_to_every_word(
    storage: Storage, tmp_path: Path,
) -> None:
    a = _ingest(storage, tmp_path, "a", "Họ và tên: Trần Thị Lan. Nơi cư trú: Hà Nội")
    b = _ingest(storage, tmp_path, "b", "Họ và tên: Trần Văn Hà, mẹ: Lan Thị, Nội Bài")
    _ingest(storage, tmp_path, "c", "Họ và tên: Lê Văn Tám")
    assert _ids(storage, "Lan Trần") == [a, b]  # no text has "lan tran"
    assert _ids(storage, "lan") == [a, b]  # one word: the word itself
    assert _ids(storage, "Tám") != []


def test_pair_pages_are_keyset_paginated_and_never_mix_in_the_fallback(
    storage: Storage, tmp_path: Path,
) -> None:
    pairs = [_ingest(storage, tmp_path, f"p{i}", f"Họ và tên: Nguyễn Văn Đức số {i}")
             for i in range(3)]
    _ingest(storage, tmp_path, "w", "Đức Nguyễn, Văn phòng")  # every word, no pair
    first = storage.search("Nguyễn Văn Đức", WHO, limit=2)
    assert [d.id for d in first.items] == pairs[:2] and first.next_after == pairs[1]
    last = storage.search("Nguyễn Văn Đức", WHO, after=first.next_after, limit=2)
    assert [d.id for d in last.items] == pairs[2:] and last.next_after is None
    # Past the last pair hit, the fallback must not start: the answer is complete.
    assert _ids(storage, "Nguyễn Văn Đức", after=pairs[2]) == []

"""Full-text search by words and adjacent word pairs, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Access, ObjectStore, Storage, make_engine, migrate
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


def _jump(storage: Storage, next_id: int) -> None:
    """On PostgreSQL, the next document gets id ``next_id`` (SQLite: the next free one)."""
    if storage.engine.dialect.name == "postgresql":
        with storage.engine.begin() as conn:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('documents', 'id'), {next_id - 1})"
            )


@pytest.mark.parametrize(("walk", "few"), [(2, 0), (2, 10**9), (None, None)])
def test_pages_are_the_same_whether_walked_or_taken_from_the_index_block_by_block(
    storage: Storage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    walk: int | None,
    few: int | None,
) -> None:
    """Given texts where one word is rare and one is in every text, with ids (on
    PostgreSQL) on both sides of block edges (4,096 and 65,536 ids) and far apart, when
    the search walks ``walk`` ids and then asks the index block by block (few = 0), for
    all the rest at once (few = 10**9), or as by default (None), the pages are the same,
    in id order, none lost, none twice."""
    from storage.catalog import search

    if walk is not None:
        monkeypatch.setattr(search, "WALK", walk)
        monkeypatch.setattr(search, "FEW", few)
    ids: list[int] = []
    for start in (4094, 65534, 200_000):
        _jump(storage, start)
        for i in range(4):
            place = " Phường Tân Định" if len(ids) % 3 == 0 else ""
            ids.append(_ingest(storage, tmp_path, f"d{start}{i}", f"Giấy xác nhận {i}{place}"))
    rare = ids[::3]
    assert len(rare) == 4
    first = storage.search("Tân Định", WHO, limit=2)
    assert [d.id for d in first.items] == rare[:2] and first.next_after == rare[1]
    second = storage.search("Tân Định", WHO, after=rare[1], limit=2)
    assert [d.id for d in second.items] == rare[2:] and second.next_after is None
    assert _ids(storage, "Định phường") == rare  # the fallback: every word anywhere
    every = storage.search("xác nhận", WHO, limit=5)
    assert [d.id for d in every.items] == ids[:5] and every.next_after == ids[4]
    assert _ids(storage, "xác nhận", after=ids[4]) == ids[5:]
    assert _ids(storage, "Tân Định", after=rare[-1]) == []
    assert _ids(storage, "Tân Bình") == []  # every word common, never together


@pytest.mark.postgres
def test_postgres_terms_table_follows_every_change_of_a_text(
    pg_url: str, store: ObjectStore, tmp_path: Path
) -> None:
    """The trigger of migration 0006 keeps ``document_terms`` in step with the texts:
    a new text gets its terms and its two block lexemes, a changed text new terms, a
    removed text none."""
    engine = make_engine(pg_url)
    migrate(engine)
    with Storage(engine, store, spool_dir=tmp_path) as storage:
        _jump(storage, 70_000)
        doc = _ingest(storage, tmp_path, "a", "Họ và tên: Trần Thị Lan")
        terms = f"SELECT terms::text FROM document_terms WHERE document_id = {doc}"
        with engine.begin() as conn:
            got = str(conn.exec_driver_sql(terms).scalar())
            assert "'tran thi'" in got and "'#12:17'" in got and "'#16:1'" in got
            conn.exec_driver_sql(
                f"UPDATE document_texts SET folded = 'le van tam' WHERE document_id = {doc}"
            )
            got = str(conn.exec_driver_sql(terms).scalar())
            assert "'van tam'" in got and "tran" not in got and "'#16:1'" in got
        assert _ids(storage, "Lê Văn Tám") == [doc] and _ids(storage, "Trần Thị") == []
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DELETE FROM document_texts WHERE document_id = {doc}")
            assert conn.exec_driver_sql(terms).scalar() is None
        assert _ids(storage, "Lê Văn Tám") == []

"""Full-text search of the catalogue: words side by side first, then every word anywhere.

SQLite answers from FTS5. PostgreSQL answers from ``document_terms`` (migration 0006):
each text's folded words and adjacent pairs, plus lexemes naming its block of ids, under a
GIN index. A page is the first matches in id order after ``after``, found in steps whose
cost does not grow with the catalogue (:func:`pg_search`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from storage.catalog.lookup import COLUMNS, DocumentRecord, Page, run_query, sql_dialect, to_page
from storage.catalog.text import pair_query, search_terms, word_query

__all__ = ["Execute", "full_text", "pg_last_id", "pg_search"]

#: Runs one SQL text of this module with its parameters (psycopg ``%(name)s`` style).
Execute = Callable[[str, Mapping[str, Any]], Sequence[Any]]

_SELECTED = ", ".join(f"documents.{c.name}" for c in COLUMNS)

# SQLite: FTS5 yields rowids in order and takes ``rowid >`` itself, so the page ends the
# scan (a word of every text: 0.1 ms, not the 57 ms of sorting all its matches); with a
# subject, CROSS JOIN makes SQLite take the subject's few documents first and ask FTS5
# about each, instead of walking every match of a common word.
_SQLITE_TEXT = {
    False: text(
        f"SELECT {_SELECTED} FROM document_fts "
        "JOIN documents ON documents.id = document_fts.rowid "
        "WHERE document_fts MATCH :q AND document_fts.rowid > :after "
        "ORDER BY document_fts.rowid LIMIT :lim"
    ).columns(*COLUMNS),
    True: text(
        f"SELECT {_SELECTED} FROM documents "
        "CROSS JOIN document_fts ON document_fts.rowid = documents.id "
        "WHERE document_fts MATCH :q AND documents.id > :after "
        "AND documents.subject_id = :subject_id "
        "ORDER BY documents.id LIMIT :lim"
    ).columns(*COLUMNS),
}

#: PostgreSQL, one subject: its few documents, each checked against its stored terms.
PG_BY_SUBJECT = (
    f"SELECT {_SELECTED} FROM documents JOIN document_terms t ON t.document_id = documents.id "
    "WHERE documents.subject_id = %(subject_id)s AND documents.id > %(after)s "
    "AND t.terms @@ %(q)s::tsquery ORDER BY documents.id LIMIT %(lim)s"
)
#: The texts with ids in (after, upto], in id order, each checked against its stored
#: terms (~1 µs a text); the page ends the walk. The inner LIMIT keeps the planner from
#: flattening the walk into an index search.
PG_WALK = (
    f"SELECT {_SELECTED} FROM (SELECT document_id, terms FROM document_terms "
    "WHERE document_id > %(after)s AND document_id <= %(upto)s "
    "ORDER BY document_id LIMIT %(window)s) w "
    "JOIN documents ON documents.id = w.document_id "
    "WHERE w.terms @@ %(q)s::tsquery ORDER BY w.document_id LIMIT %(lim)s"
)
#: Every match the GIN index has after ``after`` (``q`` may name one block of ids),
#: sorted, the page kept, and only then its documents read. "+ 0": no index serves the
#: expression, so the plan is the GIN bitmap, never a walk of the primary key.
PG_INDEXED = (
    f"SELECT {_SELECTED} FROM (SELECT document_id FROM document_terms "
    "WHERE terms @@ %(q)s::tsquery AND document_id + 0 > %(after)s "
    "ORDER BY document_id + 0 LIMIT %(lim)s) t "
    "JOIN documents ON documents.id = t.document_id ORDER BY t.document_id"
)
PG_LAST_ID = "SELECT max(document_id) FROM document_terms"

#: Texts walked in id order first: a query whose words are common fills its page here.
WALK = 1500
#: Expected matches below which the rest of the catalogue is asked for in one query.
FEW = 400
#: Block sizes (bits of the id) that migration 0006 writes as ``#12:n`` and ``#16:n``.
SMALL_BLOCK, LARGE_BLOCK = 12, 16


def pg_search(
    execute: Execute, q: str, after: int, lim: int, last_id: Callable[[], int] | None = None
) -> list[Any]:
    """The first ``lim`` matches of tsquery ``q`` after id ``after``, in id order.
    ``last_id``: the largest id with terms (asked when needed; one search may share it).

    1. Walk the next :data:`WALK` ids: common words fill the page here.
    2. Otherwise the matches seen give a density. If the rest of the catalogue should hold
       at most :data:`FEW` matches, one indexed query fetches them all (not on the word
       of an empty walk alone: a small block is asked first).
    3. Else ask the index one block of ids at a time (``q & '#16:n'``): GIN intersects no
       more than the block's posting list and only the block's matches are fetched (a
       row of a table larger than shared_buffers costs ~25 µs). Small blocks (4,096 ids)
       while nothing was found or a few of them should fill the page at the density seen,
       else large (65,536); each block's answer updates the density.

    The planner alone guessed from per-word statistics: words common alone but rare
    together made it walk most of the catalogue or fetch thousands of matches to sort.
    """
    found = list(execute(PG_WALK, {"q": q, "after": after, "upto": after + WALK,
                                   "window": WALK, "lim": lim}))  # fmt: skip
    if len(found) >= lim:
        return found
    top = last_id() if last_id else pg_last_id(execute)
    lo, seen, hits = after + WALK, WALK, len(found)
    while lo < top and len(found) < lim:
        need = lim - len(found)
        # Few hits scatter: err towards more (twice those seen; one when none was).
        density = max(1, 2 * hits) / seen
        # Nothing in the walk alone is weak evidence (a word pair in 1 of 800 texts is
        # missed 2% of the time, and then 1,250 matches were fetched): a block first.
        if density * (top - lo) <= FEW and (hits or lo > after + WALK):
            return found + list(execute(PG_INDEXED, {"q": q, "after": lo, "lim": need}))
        # A small block costs ~1 ms, a large one up to ~8 ms (GIN) plus its matches.
        small = not hits or density * (1 << SMALL_BLOCK) * 4 >= need
        bits = SMALL_BLOCK if small else LARGE_BLOCK
        block = (lo + 1) >> bits
        got = execute(PG_INDEXED, {"q": f"({q}) & '#{bits}:{block}'", "after": lo, "lim": need})
        found += got
        hits += len(got)
        end = ((block + 1) << bits) - 1
        seen += end - lo
        lo = end
    return found


def pg_last_id(execute: Execute) -> int:
    """The largest id in ``document_terms`` (0 when empty)."""
    return int(execute(PG_LAST_ID, {})[0][0] or 0)


def _pg_execute(conn: Connection) -> Execute:
    """Run on the session's psycopg cursor, planned with the actual values every time:
    a prepared generic plan, blind to the tsquery, was seen walking the primary key
    computing the terms of every text (minutes) for a common query."""

    def execute(sql: str, params: Mapping[str, Any]) -> Sequence[Any]:
        cur = conn.connection.cursor()
        try:
            cur.execute(sql, params, prepare=False)  # type: ignore[call-arg]  # psycopg 3
            return cur.fetchall()
        finally:
            cur.close()

    return execute


def full_text(
    session: Session, query: str, after: int = 0, limit: int = 20, subject_id: int | None = None
) -> Page[DocumentRecord]:
    """Documents whose OCR text holds the words of ``query``, diacritics or not.

    Words typed side by side are first looked for side by side (each word next to one of
    its neighbours in the query: :func:`~storage.catalog.text.pair_query`); when no
    document has that, every word anywhere. The choice depends only on the query and the
    catalogue, not on ``after``, so keyset pages stay consistent. The words are folded by
    :func:`search_terms` (``\\w+`` only), so tsquery and FTS5 syntax never sees user
    punctuation.
    """
    terms = search_terms(query)
    if not terms:
        return Page((), None)
    conn = session.connection()
    dialect = sql_dialect(conn)
    run: Callable[[str, int, int], Sequence[Any]]
    if dialect == "sqlite":
        stmt = _SQLITE_TEXT[subject_id is not None]

        def run(q: str, after: int, lim: int) -> Sequence[Any]:
            params = {"q": q, "after": after, "lim": lim, "subject_id": subject_id}
            return run_query(conn, stmt, params)

    elif subject_id is None:
        execute = _pg_execute(conn)
        last_id = functools.cache(functools.partial(pg_last_id, execute))
        run = functools.partial(pg_search, execute, last_id=last_id)
    else:
        execute = _pg_execute(conn)

        def run(q: str, after: int, lim: int) -> Sequence[Any]:
            params = {"q": q, "after": after, "lim": lim, "subject_id": subject_id}
            return execute(PG_BY_SUBJECT, params)

    pairs = pair_query(terms, dialect)
    if pairs is not None:
        found = run(pairs, after, limit + 1)
        if found:
            return to_page(found, limit)
        # Past the last page of a pair search, or no pair match at all?
        if after > 0 and run(pairs, 0, 1):
            return Page((), None)
    return to_page(run(word_query(terms, dialect), after, limit + 1), limit)

"""Read queries of the catalogue: reuse lookup, by number, full text; keyset pages.

These functions are unaudited building blocks; staff and systems reach them through
:class:`storage.service.Storage`, which records who asked and why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Connection,
    Date,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY, TSVECTOR
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from storage.catalog.models import Document, DocumentStatus, DocumentText, Subject
from storage.catalog.text import pair_query, search_terms, word_query

__all__ = [
    "DocumentRecord",
    "Page",
    "by_number",
    "full_text",
    "reusable_documents",
    "reusable_query",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What a lookup returns about one document (no OCR text)."""

    id: int
    """Catalogue id."""
    subject_id: int
    """Owner's catalogue id."""
    type_code: str
    """Document type."""
    kind: int
    """0 = a paper of a dossier, 1 = a result."""
    number_symbol: str | None
    """Number and symbol (số, ký hiệu)."""
    issue_date: date | None
    """Issue date."""
    valid_from: date
    """First day of validity."""
    valid_until: date | None
    """Last day of validity; None = permanent."""
    status: str
    """draft, accepted, superseded or revoked."""
    signed_key: str | None
    """Key of the signed PDF."""
    signed_sha256: str | None
    """Its SHA-256."""
    fields: dict[str, Any]
    """Extracted fields."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a keyset-paginated answer."""

    items: tuple[T, ...]
    """The rows, ordered by id."""
    next_after: int | None
    """Pass as ``after`` for the next page; None on the last page."""


# Core columns, not ORM entities: a lookup is one indexed query, and ORM identity-map
# work would cost more than the query itself (the benchmark holds us to 1.5x raw SQL).
_D = Document.__table__.c
_S = Subject.__table__.c
_T = DocumentText.__table__.c
_COLUMNS = (
    _D.id,
    _D.subject_id,
    _D.type_code,
    _D.kind,
    _D.number_symbol,
    _D.issue_date,
    _D.valid_from,
    _D.valid_until,
    _D.status,
    _D.signed_key,
    _D.signed_sha256,
    _D.fields,
)


def _page(rows: Sequence[Any], limit: int) -> Page[DocumentRecord]:
    items = tuple(
        DocumentRecord(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], dict(r[11] or {})
        )
        for r in rows[:limit]
    )
    return Page(items, items[-1].id if len(rows) > limit and items else None)


def _reusable_stmt(dialect: str, with_types: bool) -> Select[Any]:
    conds = [
        _S.identifier == bindparam("ident"),
        _D.status == literal_column(f"'{DocumentStatus.ACCEPTED.value}'"),
        _D.valid_from <= bindparam("on", type_=Date()),
        or_(_D.valid_until.is_(None), _D.valid_until >= bindparam("on", type_=Date())),
        _D.id > bindparam("after"),
    ]
    if with_types and dialect == "postgresql":
        conds.append(_D.type_code == any_(bindparam("types", type_=ARRAY(String()))))
    elif with_types:
        conds.append(_D.type_code.in_(bindparam("types", expanding=True)))
    return (
        select(*_COLUMNS)
        .select_from(Document.__table__.join(Subject.__table__, _S.id == _D.subject_id))
        .where(and_(*conds))
        .order_by(_D.id)
        .limit(bindparam("lim"))
    )


def _dialect(conn: Connection) -> str:
    return "sqlite" if conn.dialect.name == "sqlite" else "postgresql"


# Built once: the SQL is compiled once per process, not rebuilt on every call.
_REUSABLE = {
    (d, int(t)): _reusable_stmt(d, t) for d in ("sqlite", "postgresql") for t in (False, True)
}
_BY_NUMBER = (
    select(*_COLUMNS)
    .where(_D.number_symbol == bindparam("number"), _D.id > bindparam("after"))
    .order_by(_D.id)
    .limit(bindparam("lim"))
)
_PG_SQL: dict[Select[Any] | TextualSelect, str] = {}


def _rows(
    conn: Connection,
    stmt: Select[Any] | TextualSelect,
    params: dict[str, Any],
    *,
    prepare: bool | None = None,
) -> Sequence[Any]:
    """Run a lookup. On PostgreSQL the SQL SQLAlchemy compiled once goes straight to the
    session's psycopg cursor: the per-call work SQLAlchemy adds (parameter processing,
    result metadata) costs twice the indexed query itself, and psycopg already returns
    dates and JSON as Python objects. SQLite keeps SQLAlchemy's type handling.
    ``prepare=False``: plan with the actual values every time (see :func:`full_text`)."""
    if conn.dialect.name != "postgresql":
        return conn.execute(stmt, params).all()
    sql = _PG_SQL.get(stmt)
    if sql is None:
        sql = _PG_SQL[stmt] = stmt.compile(dialect=conn.dialect).string
    cur = conn.connection.cursor()
    try:
        cur.execute(sql, params, prepare=prepare)  # type: ignore[call-arg]  # psycopg 3
        return cur.fetchall()
    finally:
        cur.close()


def reusable_query(dialect: str, types: Sequence[str] | None) -> Select[Any]:
    """The SQL of :func:`reusable_documents` (parameters ident, on, after, types, lim)."""
    return _REUSABLE[dialect, int(bool(types))]


def reusable_documents(  # noqa: PLR0917
    session: Session,
    subject_identifier: str,
    types: Sequence[str] | None = None,
    on: date | None = None,
    after: int = 0,
    limit: int = 50,
) -> Page[DocumentRecord]:
    """Accepted, not superseded or revoked, valid on ``on`` (today), of the given types."""
    params: dict[str, Any] = {
        "ident": subject_identifier,
        "on": on or date.today(),
        "after": after,
        "lim": limit + 1,
    }
    if types:
        params["types"] = list(types)
    conn = session.connection()
    stmt = _REUSABLE[_dialect(conn), int(bool(types))]
    return _page(_rows(conn, stmt, params), limit)


def by_number(
    session: Session, number_symbol: str, after: int = 0, limit: int = 50
) -> Page[DocumentRecord]:
    """Documents carrying a number and symbol (exact, as printed)."""
    params = {"number": number_symbol.strip(), "after": after, "lim": limit + 1}
    return _page(_rows(session.connection(), _BY_NUMBER, params), limit)


# SQLite: FTS5 yields rowids in order and takes ``rowid >`` itself, so the page ends the
# scan (a word of every text: 0.1 ms, not the 57 ms of sorting all its matches); with a
# subject, CROSS JOIN makes SQLite take the subject's few documents first and ask FTS5
# about each, instead of walking every match of a common word.
_SELECTED = ", ".join(f"documents.{c.name}" for c in _COLUMNS)
_SQLITE_TEXT = {
    False: text(
        f"SELECT {_SELECTED} FROM document_fts "
        "JOIN documents ON documents.id = document_fts.rowid "
        "WHERE document_fts MATCH :q AND document_fts.rowid > :after "
        "ORDER BY document_fts.rowid LIMIT :lim"
    ).columns(*_COLUMNS),
    True: text(
        f"SELECT {_SELECTED} FROM documents "
        "CROSS JOIN document_fts ON document_fts.rowid = documents.id "
        "WHERE document_fts MATCH :q AND documents.id > :after "
        "AND documents.subject_id = :subject_id "
        "ORDER BY documents.id LIMIT :lim"
    ).columns(*_COLUMNS),
}


def _pg_text_stmt(by_subject: bool) -> Select[Any]:
    # The stored terms of migration 0005 (folded words and adjacent pairs), under a GIN
    # index; with a subject, its few documents are checked one by one.
    stmt = (
        select(*_COLUMNS)
        .select_from(_TEXTS_DOCS)
        .where(_matches(_TERMS), _T.document_id > bindparam("after"))
    )
    if by_subject:
        stmt = stmt.where(_D.subject_id == bindparam("subject_id"))
    return stmt.order_by(_T.document_id).limit(bindparam("lim"))


def _matches(terms: Any) -> Any:
    return terms.op("@@")(cast(bindparam("q"), TSQUERY))


_TERMS = literal_column("document_texts.terms", TSVECTOR)
_TEXTS_DOCS = DocumentText.__table__.join(Document.__table__, _D.id == _T.document_id)
_PG_BY_SUBJECT = _pg_text_stmt(by_subject=True)

#: PostgreSQL search without a subject. The planner alone guessed from per-word
#: statistics, and words common alone but rare together (a family and a given name, a
#: type's title word with another type's) made it walk the primary key through most of
#: 1,000,000 texts (seconds), or fetch thousands of matches to sort them. So the search
#: walks the texts in id order from ``after`` (about 1 µs a text, stored terms) as far as
#: the matches seen so far say the page will fill within :data:`_MAX_WALK` texts, and only
#: when they are rarer than that asks the GIN index for all of them (few, by then).
_FIRST_WALK = 3000
_MAX_WALK = 20000
_WALKED = (
    select(_T.document_id, _TERMS.label("terms"))
    .where(_T.document_id > bindparam("after"))
    .order_by(_T.document_id)
    .limit(bindparam("window"))
    .subquery("w")
)
_PG_WALK = (
    select(*_COLUMNS)
    .select_from(_WALKED.join(Document.__table__, _D.id == _WALKED.c.document_id))
    .where(_matches(_WALKED.c.terms))
    .order_by(_WALKED.c.document_id)
    .limit(bindparam("lim"))
)
# "+ 0": expressions no index serves, so the plan is the GIN bitmap and a sort of the
# matches, never a walk of the primary key with the words as a filter.
_PG_INDEXED = (
    select(*_COLUMNS)
    .select_from(_TEXTS_DOCS)
    .where(_matches(_TERMS), _T.document_id + literal_column("0") > bindparam("after"))
    .order_by(_T.document_id + literal_column("0"))
    .limit(bindparam("lim"))
)


def _pg_search(conn: Connection, params: dict[str, Any]) -> Sequence[Any]:
    # Never a prepared generic plan: blind to the tsquery, it was seen walking the primary
    # key computing the terms of every text (minutes) for a common query.
    lim = params["lim"]
    rows = _rows(conn, _PG_WALK, {**params, "window": _FIRST_WALK}, prepare=False)
    if len(rows) >= lim:
        return rows
    if rows:
        # Twice the texts the rest of the page needs at the density seen (a small sample
        # scatters), and at least three times the first walk.
        need = (lim - len(rows)) * _FIRST_WALK // len(rows)
        window = max(3 * _FIRST_WALK, _FIRST_WALK + 2 * need)
        if window <= _MAX_WALK:
            rows = _rows(conn, _PG_WALK, {**params, "window": window}, prepare=False)
            if len(rows) >= lim:
                return rows
    return _rows(conn, _PG_INDEXED, params, prepare=False)


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
    dialect = _dialect(conn)
    params: dict[str, Any] = {"after": after, "lim": limit + 1}
    if subject_id is not None:
        params["subject_id"] = subject_id
    run: Callable[[dict[str, Any]], Sequence[Any]]
    if dialect == "sqlite":
        run = functools.partial(_rows, conn, _SQLITE_TEXT[subject_id is not None])
    elif subject_id is None:
        run = functools.partial(_pg_search, conn)
    else:
        run = functools.partial(_rows, conn, _PG_BY_SUBJECT, prepare=False)
    pairs = pair_query(terms, dialect)
    if pairs is not None:
        rows = run({**params, "q": pairs})
        if rows:
            return _page(rows, limit)
        # Past the last page of a pair search, or no pair match at all?
        if after > 0 and run({**params, "q": pairs, "after": 0, "lim": 1}):
            return Page((), None)
    return _page(run({**params, "q": word_query(terms, dialect)}), limit)

"""Read queries of the catalogue: reuse lookup, by number, full text; keyset pages.

These functions are unaudited building blocks; staff and systems reach them through
:class:`storage.service.Storage`, which records who asked and why.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.orm import Session

from storage.catalog.models import Document, DocumentStatus, DocumentText, Subject
from storage.catalog.text import pair_query, search_terms, word_query

__all__ = [
    "DocumentRecord",
    "Page",
    "by_number",
    "full_text",
    "full_text_query",
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
_COLUMNS = (_D.id, _D.subject_id, _D.type_code, _D.kind, _D.number_symbol, _D.issue_date,
            _D.valid_from, _D.valid_until, _D.status, _D.signed_key, _D.signed_sha256,
            _D.fields)


def _page(rows: Sequence[Any], limit: int) -> Page[DocumentRecord]:
    items = tuple(DocumentRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                                 r[10], dict(r[11] or {})) for r in rows[:limit])
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
    return (select(*_COLUMNS).select_from(Document.__table__.join(
        Subject.__table__, _S.id == _D.subject_id))
        .where(and_(*conds)).order_by(_D.id).limit(bindparam("lim")))


def _dialect(conn: Connection) -> str:
    return "sqlite" if conn.dialect.name == "sqlite" else "postgresql"


# Built once: the SQL is compiled once per process, not rebuilt on every call.
_REUSABLE = {(d, int(t)): _reusable_stmt(d, t) for d in ("sqlite", "postgresql")
             for t in (False, True)}
_BY_NUMBER = (select(*_COLUMNS).where(_D.number_symbol == bindparam("number"),
                                      _D.id > bindparam("after"))
              .order_by(_D.id).limit(bindparam("lim")))
_PG_SQL: dict[Select[Any], str] = {}


def _rows(conn: Connection, stmt: Select[Any], params: dict[str, Any],
          *, prepare: bool | None = None) -> Sequence[Any]:
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


def reusable_documents(session: Session, subject_identifier: str,  # noqa: PLR0917
                       types: Sequence[str] | None = None, on: date | None = None,
                       after: int = 0, limit: int = 50) -> Page[DocumentRecord]:
    """Accepted, not superseded or revoked, valid on ``on`` (today), of the given types."""
    params: dict[str, Any] = {"ident": subject_identifier, "on": on or date.today(),
                              "after": after, "lim": limit + 1}
    if types:
        params["types"] = list(types)
    conn = session.connection()
    stmt = _REUSABLE[_dialect(conn), int(bool(types))]
    return _page(_rows(conn, stmt, params), limit)


def by_number(session: Session, number_symbol: str, after: int = 0,
              limit: int = 50) -> Page[DocumentRecord]:
    """Documents carrying a number and symbol (exact, as printed)."""
    params = {"number": number_symbol.strip(), "after": after, "lim": limit + 1}
    return _page(_rows(session.connection(), _BY_NUMBER, params), limit)


def _text_stmt(dialect: str, by_subject: bool) -> Select[Any]:
    if dialect == "sqlite":
        fts = text("SELECT rowid FROM document_fts WHERE document_fts MATCH :q").columns(
            rowid=Integer).subquery("f")
        stmt = select(*_COLUMNS).select_from(
            fts.join(Document.__table__, _D.id == fts.c.rowid))
    else:
        # The expression of ix_document_texts_terms (migration 0003), lexemes as they are.
        terms = func.array_to_tsvector(func.sohoa_search_terms(_T.folded))
        stmt = select(*_COLUMNS).select_from(
            DocumentText.__table__.join(Document.__table__, _D.id == _T.document_id)
        ).where(terms.op("@@")(cast(bindparam("q"), TSQUERY)))
    stmt = stmt.where(_D.id > bindparam("after"))
    if by_subject:
        stmt = stmt.where(_D.subject_id == bindparam("subject_id"))
    return stmt.order_by(_D.id).limit(bindparam("lim"))


_TEXT = {(d, b): _text_stmt(d, b) for d in ("sqlite", "postgresql") for b in (False, True)}


def full_text_query(query: str, dialect: str) -> tuple[Select[Any], list[str]] | None:
    """The SQL of :func:`full_text` and the ``q`` values it tries in turn (pairs, then
    words); None when the query has no words."""
    terms = search_terms(query)
    if not terms:
        return None
    pairs = pair_query(terms, dialect)
    words = word_query(terms, dialect)
    return _TEXT[dialect, False], [words] if pairs is None else [pairs, words]


def full_text(session: Session, query: str, after: int = 0, limit: int = 20,
              subject_id: int | None = None) -> Page[DocumentRecord]:
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
    stmt = _TEXT[dialect, subject_id is not None]
    params: dict[str, Any] = {"after": after, "lim": limit + 1}
    if subject_id is not None:
        params["subject_id"] = subject_id
    # Never a prepared generic plan: blind to the tsquery, it was seen walking the primary
    # key in id order and computing the terms of every text (minutes) for a common query.
    run = functools.partial(_rows, conn, stmt, prepare=False)
    pairs = pair_query(terms, dialect)
    if pairs is not None:
        rows = run({**params, "q": pairs})
        if rows:
            return _page(rows, limit)
        # Past the last page of a pair search, or no pair match at all?
        if after > 0 and run({**params, "q": pairs, "after": 0, "lim": 1}):
            return Page((), None)
    return _page(run({**params, "q": word_query(terms, dialect)}), limit)

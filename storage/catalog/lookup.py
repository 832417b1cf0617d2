"""Read queries of the catalogue: reuse lookup, by number; keyset pages (full text:
:mod:`storage.catalog.search`).

These functions are unaudited building blocks; staff and systems reach them through
:class:`storage.service.Storage`, which records who asked and why.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from storage.catalog.models import Document, DocumentStatus, Subject

__all__ = [
    "COLUMNS",
    "DocumentRecord",
    "Page",
    "by_number",
    "reusable_documents",
    "reusable_query",
    "run_query",
    "sql_dialect",
    "to_page",
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
COLUMNS = (
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


def to_page(found: Sequence[Any], limit: int) -> Page[DocumentRecord]:
    """Rows of :data:`COLUMNS`, one more than ``limit`` when another page follows."""
    items = tuple(
        DocumentRecord(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], dict(r[11] or {})
        )
        for r in found[:limit]
    )
    return Page(items, items[-1].id if len(found) > limit and items else None)


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
        select(*COLUMNS)
        .select_from(Document.__table__.join(Subject.__table__, _S.id == _D.subject_id))
        .where(and_(*conds))
        .order_by(_D.id)
        .limit(bindparam("lim"))
    )


def sql_dialect(conn: Connection) -> str:
    """``sqlite`` or ``postgresql``."""
    return "sqlite" if conn.dialect.name == "sqlite" else "postgresql"


# Built once: the SQL is compiled once per process, not rebuilt on every call.
_REUSABLE = {
    (d, int(t)): _reusable_stmt(d, t) for d in ("sqlite", "postgresql") for t in (False, True)
}
_BY_NUMBER = (
    select(*COLUMNS)
    .where(_D.number_symbol == bindparam("number"), _D.id > bindparam("after"))
    .order_by(_D.id)
    .limit(bindparam("lim"))
)
_PG_SQL: dict[Select[Any] | TextualSelect, str] = {}


def run_query(
    conn: Connection,
    stmt: Select[Any] | TextualSelect,
    params: dict[str, Any],
) -> Sequence[Any]:
    """Run a lookup. On PostgreSQL the SQL SQLAlchemy compiled once goes straight to the
    session's psycopg cursor: the per-call work SQLAlchemy adds (parameter processing,
    result metadata) costs twice the indexed query itself, and psycopg already returns
    dates and JSON as Python objects. SQLite keeps SQLAlchemy's type handling."""
    if conn.dialect.name != "postgresql":
        return conn.execute(stmt, params).all()
    sql = _PG_SQL.get(stmt)
    if sql is None:
        sql = _PG_SQL[stmt] = stmt.compile(dialect=conn.dialect).string
    cur = conn.connection.cursor()
    try:
        cur.execute(sql, params)
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
    stmt = _REUSABLE[sql_dialect(conn), int(bool(types))]
    return to_page(run_query(conn, stmt, params), limit)


def by_number(
    session: Session, number_symbol: str, after: int = 0, limit: int = 50
) -> Page[DocumentRecord]:
    """Documents carrying a number and symbol (exact, as printed)."""
    params = {"number": number_symbol.strip(), "after": after, "lim": limit + 1}
    return to_page(run_query(session.connection(), _BY_NUMBER, params), limit)

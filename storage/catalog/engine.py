"""Engines for SQLite (embedded default) and PostgreSQL, and the migrations on start.

Start-up reads the schema revision with one query and runs Alembic only when the
catalogue is behind :data:`HEAD_REVISION` (a test pins it to the migrations' head), so
opening the storage costs no migration machinery once the schema is current.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from storage.errors import CatalogueError

__all__ = ["HEAD_REVISION", "IMMEDIATE", "make_engine", "migrate", "schema_revision", "sqlite_url"]

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: Execution option: on SQLite, open the transaction with BEGIN IMMEDIATE (take the write
#: lock up front) so two writers queue on busy_timeout instead of failing on upgrade.
IMMEDIATE = "sohoa_sqlite_immediate"
#: The newest migration in ``storage/migrations/versions`` (tests check it is the head).
HEAD_REVISION = "0006"


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path.resolve()}"


def make_engine(url: str, *, echo: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``: ``postgresql://…`` uses psycopg 3, SQLite gets WAL mode."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": 30}, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, echo=echo, **kwargs)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN (pysqlite's own is too late).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _failed(exc: SQLAlchemyError, what: str) -> CatalogueError:
    return CatalogueError(
        f"{what} failed ({type(exc).__name__}: {str(exc).splitlines()[0][:300]}); "
        "check the database URL and rights"
    )


def schema_revision(engine: Engine) -> str | None:
    """The catalogue's schema revision (one query), None for an empty database."""
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                ).first()
            else:
                exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
            if not exists:
                return None
            rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        raise _failed(exc, "reading the catalogue schema version") from exc
    return str(rev) if rev is not None else None


def migrate(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema to ``revision``; True when a migration ran, False when it was
    already there (then only the version was read; Alembic is not even imported)."""
    target = HEAD_REVISION if revision == "head" else revision
    if schema_revision(engine) == target:
        return False
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise _failed(exc, "migrating the catalogue") from exc
    log.info("catalogue schema migrated to %s", target)
    return True

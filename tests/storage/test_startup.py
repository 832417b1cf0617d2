"""Opening the storage: migrations only when behind, one SeaweedFS master state kept
across restarts, and private files (citizens' documents are 0600 in 0700 directories)."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from storage import (
    EmbeddedS3,
    ObjectStore,
    ObjectStoreSettings,
    S3Endpoint,
    StorageConfig,
    make_engine,
    migrate,
    open_storage,
)
from storage.catalog.engine import HEAD_REVISION, schema_revision
from tests.storage.conftest import make_spec, store_settings, write_file


def test_head_revision_constant_is_the_newest_migration() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path("storage/migrations").resolve()))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_migrate_runs_only_when_the_schema_is_behind(db_url: str) -> None:
    """Given an empty catalogue, when migrated to an older revision and then to head,
    each step reports that it ran; a further call reports that nothing was to do."""
    engine = make_engine(db_url)
    try:
        assert schema_revision(engine) is None
        assert migrate(engine, "0003") is True
        assert schema_revision(engine) == "0003"
        assert migrate(engine) is True
        assert schema_revision(engine) == HEAD_REVISION
        assert migrate(engine) is False
        assert migrate(engine, HEAD_REVISION) is False
    finally:
        engine.dispose()


@pytest.mark.s3
def test_open_storage_migrates_once_and_keeps_its_files_private(
    s3_endpoint: S3Endpoint,
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    cfg = StorageConfig(data_dir=data, s3=store_settings(s3_endpoint, retention_days=1))
    with open_storage(cfg) as st:
        assert st.migrated is True
        st.ingest(make_spec(text="Giấy khai sinh"), write_file(tmp_path / "a.pdf", b"%PDF a"))
    with open_storage(cfg) as st:
        assert st.migrated is False
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "spool").stat().st_mode) == 0o700
    for name in ("catalogue.db", "catalogue.db-wal", "catalogue.db-shm"):
        if (data / name).exists():
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name


def _master_dirs(root: Path) -> list[str]:
    return sorted(
        p.name
        for p in (root / "s3" / "data").iterdir()
        if p.is_dir() and p.name.startswith("m") and p.name[1:].isdigit()
    )


def _round_trip(ep: S3Endpoint, data: bytes, *earlier: bytes) -> None:
    store = ObjectStore(
        ObjectStoreSettings(
            ep.endpoint, ep.access_key, ep.secret_key, bucket="restarts", lock_mode=None
        )
    )
    for old in earlier:  # stored by an earlier run of the same server
        found = store.stat(store.key_for(hashlib.sha256(old).hexdigest()))
        assert found is not None
        assert store.read_bytes(found.key, found.sha256) == old
    obj = store.put_bytes(data)
    assert store.read_bytes(obj.key, obj.sha256) == data


@pytest.mark.s3
@pytest.mark.slow
def test_embedded_s3_keeps_one_master_state_and_private_files_across_restarts(
    tmp_path: Path,
) -> None:
    """Given a server started and stopped, when it starts again it reuses its ports and
    its one ``m<port>`` directory; when the old master port is taken by someone else, it
    starts on new ports and still leaves one master directory; the objects stored before
    are readable throughout, and nothing under ``s3/`` is readable by other users."""
    server = EmbeddedS3(tmp_path, volume_size_mb=8)
    first = server.start()
    try:
        _round_trip(first, b"lan mot")
    finally:
        server.stop(grace=5)
    assert len(_master_dirs(tmp_path)) == 1
    second = server.start()
    try:
        assert second.endpoint == first.endpoint
        assert len(_master_dirs(tmp_path)) == 1
        _round_trip(second, b"lan hai", b"lan mot")
    finally:
        server.stop(grace=5)
    master_port = int(_master_dirs(tmp_path)[0][1:])
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        squatter.bind(("127.0.0.1", master_port))
        squatter.listen()
        third = server.start()
        try:
            assert _master_dirs(tmp_path) == [
                next(d for d in _master_dirs(tmp_path) if d != f"m{master_port}")
            ]
            _round_trip(third, b"lan ba", b"lan mot", b"lan hai")
        finally:
            server.stop(grace=5)
    assert len(_master_dirs(tmp_path)) == 1
    loose = []
    for dirpath, dirnames, filenames in os.walk(tmp_path / "s3"):
        for name in [*dirnames, *filenames, ""]:
            path = Path(dirpath, name)
            if path.is_symlink():
                continue
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                loose.append(f"{path.relative_to(tmp_path)} {oct(path.stat().st_mode)}")
    assert not loose, loose

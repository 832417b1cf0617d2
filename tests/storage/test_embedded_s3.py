"""The embedded SeaweedFS launcher: start, answer, stop, and recover after a crash."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from storage import EmbeddedS3, ObjectStore, ObjectStoreSettings

pytestmark = [pytest.mark.s3, pytest.mark.slow]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child still "exists"; it is dead for our purpose.
    status = Path(f"/proc/{pid}/status").read_text()
    return "State:\tZ" not in status


def test_embedded_s3_starts_on_loopback_answers_and_stops(tmp_path: Path) -> None:
    server = EmbeddedS3(tmp_path)
    ep = server.start()
    try:
        assert ep.endpoint.startswith("127.0.0.1:")
        state = json.loads((tmp_path / "s3" / "state.json").read_text())
        creds = tmp_path / "s3" / "credentials.json"
        assert creds.stat().st_mode & 0o077 == 0
        store = ObjectStore(
            ObjectStoreSettings(
                ep.endpoint, ep.access_key, ep.secret_key, bucket="emb", lock_mode=None
            )
        )
        obj = store.put_bytes(b"xin chao")
        assert store.read_bytes(obj.key, obj.sha256) == b"xin chao"
        # Every socket weed listens on is bound to loopback (psutil: no `ss` on minimal hosts).
        import psutil

        listening = [
            c.laddr
            for c in psutil.Process(state["pid"]).net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN
        ]
        assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening
        # A second user of the same data directory attaches instead of starting another.
        other = EmbeddedS3(tmp_path)
        assert other.start().endpoint == ep.endpoint
        other.stop()
        assert _alive(state["pid"])
    finally:
        server.stop()
    assert not _alive(state["pid"])
    assert not (tmp_path / "s3" / "state.json").exists()


def test_embedded_s3_recovers_from_a_stale_server_left_by_a_crash(tmp_path: Path) -> None:
    """Given a weed whose owner died (state file, free lock), start() replaces it."""
    crashed = EmbeddedS3(tmp_path)
    ep = crashed.start()
    stale_pid = json.loads((tmp_path / "s3" / "state.json").read_text())["pid"]
    # Simulate the owner's crash: its lock goes away, its weed and state file stay.
    crashed._release()
    crashed.proc = None
    server = EmbeddedS3(tmp_path)
    try:
        new = server.start()
        assert not _alive(stale_pid)
        assert new.access_key == ep.access_key  # same generated credentials, same data
        store = ObjectStore(
            ObjectStoreSettings(
                new.endpoint, new.access_key, new.secret_key, bucket="emb2", lock_mode=None
            )
        )
        assert store.stat("sha256/" + "0" * 64) is None
    finally:
        server.stop()
        if _alive(stale_pid):
            os.kill(stale_pid, signal.SIGKILL)

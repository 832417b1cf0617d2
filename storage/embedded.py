"""The embedded S3 server: SeaweedFS (``weed mini``) started by sohoa in its data directory.

Life cycle, all under ``<data_dir>/s3/``:

- ``lock`` — an ``flock`` held by the process that owns the server, for as long as it runs.
- ``state.json`` — pid, ports and endpoint of the running server (written after it answers).
- ``credentials.json`` — an access/secret key pair generated on first start (mode 0600);
  ``iam.json`` is the SeaweedFS identity file made from it.
- ``ports.json`` — the ports of the last start, reused when free: SeaweedFS keeps its
  master's state in ``data/m<master port>``, which must not multiply with each start.
- ``data/`` — SeaweedFS's own files; ``weed.log`` — its output.

Everything here is private (directories 0700, files 0600; weed runs under umask 077).

Start: take the lock; if ``state.json`` names a live ``weed`` process for this directory,
the owner crashed (the lock was free) and it is stopped first. Then free ports are picked
on 127.0.0.1, ``weed mini`` starts with telemetry off, the admin UI, WebDAV, Iceberg
and Lance off, and we wait until the S3 endpoint accepts our credentials. Stop: SIGTERM,
then SIGKILL after a grace period; the lock is released. A second process that finds the
lock taken attaches to the running server instead of starting another.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO, Any

import urllib3

from storage.errors import EmbeddedS3Error
from storage.private import UMASK, private_dir, private_file, tighten
from storage.weed import (
    S3Endpoint,
    find_weed,
    is_our_weed,
    keep_master_state,
    pick_ports,
    pid_alive,
    write_credentials,
)

__all__ = ["EmbeddedS3", "S3Endpoint", "find_weed"]

log = logging.getLogger(__name__)


class EmbeddedS3:
    """Starts, finds and stops the SeaweedFS that lives in ``<data_dir>/s3``."""

    def __init__(
        self,
        data_dir: Path,
        *,
        weed: Path | None = None,
        start_timeout: float = 60.0,
        volume_size_mb: int | None = None,
    ) -> None:
        self.root = data_dir.resolve() / "s3"
        self.weed = weed
        self.start_timeout = start_timeout
        # Every bucket is a SeaweedFS collection that claims volumes of this size from the
        # disk's free space; many short-lived buckets (tests) need small volumes, or the
        # server answers "no writable volumes". None keeps SeaweedFS's own default.
        self.volume_size_mb = volume_size_mb
        self.proc: subprocess.Popen[bytes] | None = None
        self.endpoint: S3Endpoint | None = None
        self._lock: IO[str] | None = None
        self._log: IO[bytes] | None = None

    # -- public --------------------------------------------------------------------

    def start(self) -> S3Endpoint:
        """Start (or attach to) the server and return how to reach it."""
        if self.endpoint is not None:
            return self.endpoint
        private_dir(self.root)
        lock = private_file(self.root / "lock").open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            self.endpoint = self._attach()
            return self.endpoint
        self._lock = lock
        try:
            self._stop_stale()
            creds = write_credentials(self.root)
            for attempt in range(3):
                try:
                    self.endpoint = self._launch(creds, reuse_ports=attempt == 0)
                    break
                except EmbeddedS3Error:
                    self._terminate()
                    if attempt == 2:
                        raise
                    log.warning("embedded S3 failed to start, retrying on other ports")
        except BaseException:
            self._release()
            raise
        assert self.endpoint is not None
        return self.endpoint

    def stop(self, grace: float = 10.0) -> None:
        """Stop the server this object started; a no-op when it only attached."""
        started = self.proc is not None
        self._terminate(grace)
        if started:
            tighten(self.root / "data")
        with contextlib.suppress(FileNotFoundError):
            if self._lock is not None:
                (self.root / "state.json").unlink()
        self._release()
        self.endpoint = None

    def __enter__(self) -> S3Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- steps ---------------------------------------------------------------------

    def _stop_stale(self) -> None:
        state = self._read_state()
        if state is None:
            return
        pid = int(state.get("pid", 0))
        data_dir = self.root / "data"
        if pid and pid_alive(pid) and is_our_weed(pid, data_dir):
            log.warning("stopping a stale embedded S3 (pid %d) left by a crashed process", pid)
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
                while pid_alive(pid) and time.monotonic() < deadline + 5:
                    time.sleep(0.1)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "state.json").unlink()

    def _launch(self, creds: S3Endpoint, *, reuse_ports: bool = True) -> S3Endpoint:
        weed = self.weed or find_weed()
        data_dir = private_dir(self.root / "data")
        tighten(data_dir)  # files of an earlier version, or made with fixed modes by weed
        ports = pick_ports(self.root, reuse_ports)
        keep_master_state(self.root, data_dir, ports)
        argv = [
            str(weed),
            "mini",
            f"-dir={data_dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={self.root / 'iam.json'}",
            *(f"-{flag}={port}" for flag, port in ports.items()),
            *([f"-master.volumeSizeLimitMB={self.volume_size_mb}"] if self.volume_size_mb else []),
        ]
        self._log = private_file(self.root / "weed.log").open("ab")
        log.info("starting embedded S3: %s", " ".join(argv[:3]))
        # Own session: a Ctrl-C at the terminal reaches sohoa, which stops weed in order.
        self.proc = subprocess.Popen(  # noqa: S603 - argv built here, no shell
            argv,
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=UMASK,
        )
        endpoint = S3Endpoint(f"127.0.0.1:{ports['s3.port']}", creds.access_key, creds.secret_key)
        self._wait_ready(endpoint)
        state = {
            "pid": self.proc.pid,
            "endpoint": endpoint.endpoint,
            "ports": ports,
            "owner": os.getpid(),
        }
        tmp = private_file(self.root / "state.json.tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(self.root / "state.json")
        log.info("embedded S3 answers on %s (pid %d)", endpoint.endpoint, self.proc.pid)
        return endpoint

    def _wait_ready(self, endpoint: S3Endpoint) -> None:
        from minio import Minio

        client = Minio(
            endpoint.endpoint,
            access_key=endpoint.access_key,
            secret_key=endpoint.secret_key,
            secure=False,
            http_client=urllib3.PoolManager(
                timeout=urllib3.Timeout(connect=1, read=3), retries=False
            ),
        )
        deadline = time.monotonic() + self.start_timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise EmbeddedS3Error(
                    f"SeaweedFS exited with status {self.proc.returncode} at start: "
                    f"{self._log_tail()}"
                )
            try:
                client.list_buckets()
                return
            except Exception as exc:
                last = exc
                time.sleep(0.2)
        raise EmbeddedS3Error(
            f"SeaweedFS did not answer on {endpoint.endpoint} within {self.start_timeout:.0f} s "
            f"({last}): {self._log_tail()}"
        )

    def _attach(self) -> S3Endpoint:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            state = self._read_state()
            if state and pid_alive(int(state["pid"])):
                creds = json.loads((self.root / "credentials.json").read_text())
                log.info("attaching to the embedded S3 run by pid %s", state.get("owner"))
                return S3Endpoint(state["endpoint"], creds["access_key"], creds["secret_key"])
            time.sleep(0.2)  # the owner is still starting it
        raise EmbeddedS3Error(
            f"another process holds {self.root / 'lock'} but no embedded S3 answers; "
            "stop that process or remove the lock file after checking it is gone"
        )

    def _read_state(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads((self.root / "state.json").read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return data

    def _terminate(self, grace: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = (self.root / "weed.log").read_text(errors="replace")
        except OSError:
            return "(no log)"
        return " | ".join(text.strip().splitlines()[-lines:])

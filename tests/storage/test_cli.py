"""``sohoa storage …`` against the session's SeaweedFS and a SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import update

from storage import S3Endpoint, StorageConfig, open_storage
from storage.catalog.models import AuditEntry
from tests.storage.conftest import make_spec, store_settings, write_file

pytestmark = pytest.mark.s3


def _sohoa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", "storage", *args],
        env={**env, "SOHOA_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _env(s3_endpoint: S3Endpoint, data_dir: Path, bucket: str) -> dict[str, str]:
    return {
        **os.environ,
        "SOHOA_DATA_DIR": str(data_dir),
        "SOHOA_STORAGE__S3_ENDPOINT": s3_endpoint.endpoint,
        "SOHOA_STORAGE__S3_ACCESS_KEY": s3_endpoint.access_key,
        "SOHOA_STORAGE__S3_SECRET_KEY": s3_endpoint.secret_key,
        "SOHOA_STORAGE__BUCKET": bucket,
        "SOHOA_STORAGE__RETENTION_DAYS": "1",
    }


def test_cli_migrate_says_whether_it_migrated(s3_endpoint: S3Endpoint, tmp_path: Path) -> None:
    """Given a new data directory, the first ``migrate`` creates the schema and says so;
    the second finds it current and says that instead."""
    env = _env(s3_endpoint, tmp_path / "data", "cli-" + uuid.uuid4().hex[:10])
    first = _sohoa(env, "migrate")
    assert first.returncode == 0, first.stderr
    assert "migrated to the latest version" in first.stdout
    again = _sohoa(env, "migrate")
    assert again.returncode == 0, again.stderr
    assert "is up to date" in again.stdout and "migrated" not in again.stdout


def test_cli_verifies_the_audit_log_and_reports_a_tampered_entry(
    s3_endpoint: S3Endpoint,
    tmp_path: Path,
) -> None:
    bucket = "cli-" + uuid.uuid4().hex[:10]
    env = _env(s3_endpoint, tmp_path / "data", bucket)
    cfg = StorageConfig(
        data_dir=tmp_path / "data", s3=store_settings(s3_endpoint, bucket=bucket, retention_days=1)
    )
    with open_storage(cfg) as st:
        for i in range(3):
            st.ingest(
                make_spec(identifier=f"07920301234{i}"),
                write_file(tmp_path / f"{i}.pdf", f"%PDF {i}".encode()),
            )
    ok = _sohoa(env, "audit-verify")
    assert ok.returncode == 0, ok.stderr
    res = _sohoa(env, "fixity")
    assert res.returncode == 0 and "checked 3 objects" in res.stderr, res.stderr
    with open_storage(cfg) as st, st.write() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(purpose="changed"))
    bad = _sohoa(env, "audit-verify")
    assert bad.returncode == 1
    assert bad.stdout.startswith("entry_edited\t2\t")


def test_cli_names_an_unreachable_s3_endpoint_in_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SOHOA_DATA_DIR": str(tmp_path),
        "SOHOA_STORAGE__S3_ENDPOINT": "127.0.0.1:9",
        "SOHOA_STORAGE__S3_ACCESS_KEY": "x",
        "SOHOA_STORAGE__S3_SECRET_KEY": "y",
    }
    res = _sohoa(env, "sweep")
    assert res.returncode == 3
    assert "sohoa: error [object_store_failed]: S3 endpoint 127.0.0.1:9 does not answer" in (
        res.stderr
    )
    assert "Traceback" not in res.stderr

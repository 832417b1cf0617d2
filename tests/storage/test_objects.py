"""Objects on a real SeaweedFS: content keys, hashes checked both ways, lock, streaming."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
import urllib.request
from pathlib import Path

import pytest

from storage import IntegrityError, NotFoundError, ObjectLockedError, ObjectStore
from tests.storage.conftest import store_settings

pytestmark = pytest.mark.s3


def test_put_uses_the_sha256_as_key_and_reads_back_verified(store: ObjectStore) -> None:
    data = b"%PDF-1.7 giay khai sinh"
    obj = store.put_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert obj.key == f"sha256/{sha}" and obj.sha256 == sha and obj.created
    assert store.read_bytes(obj.key, sha) == data


def test_storing_the_same_bytes_twice_is_a_no_op(store: ObjectStore) -> None:
    first = store.put_bytes(b"same bytes")
    again = store.put_stream(io.BytesIO(b"same bytes"))
    assert not again.created and again.version_id == first.version_id


def test_a_read_whose_bytes_do_not_match_the_hash_fails(plain_store: ObjectStore) -> None:
    good = plain_store.put_bytes(b"original content")
    # Tamper behind the catalogue's back: other bytes under the same key.
    plain_store.client.put_object(plain_store.bucket, good.key, io.BytesIO(b"forged!"), 7)
    with pytest.raises(IntegrityError) as err:
        plain_store.read_bytes(good.key, good.sha256)
    assert err.value.code == "object_hash_mismatch"


def test_delete_of_a_locked_version_is_refused(store: ObjectStore) -> None:
    obj = store.put_bytes(b"signed result, retained")
    mode, until = store.retention_of(obj.key, obj.version_id) or ("", None)
    assert mode == "GOVERNANCE" and until is not None
    with pytest.raises(ObjectLockedError) as err:
        store.delete(obj.key, obj.version_id)
    assert err.value.code == "object_locked"
    assert store.read_bytes(obj.key, obj.sha256, obj.version_id) == b"signed result, retained"


def test_compliance_lock_refuses_delete_and_an_overwrite_keeps_the_old_version(
    s3_endpoint: object,
) -> None:
    store = ObjectStore(
        store_settings(
            s3_endpoint,  # type: ignore[arg-type]
            lock_mode="COMPLIANCE",
            retention_days=1,
        )
    )
    obj = store.put_bytes(b"compliance locked")
    with pytest.raises(ObjectLockedError):
        store.delete(obj.key, obj.version_id)
    # S3 semantics: a PUT on a locked key makes a new version; the locked one survives.
    store.client.put_object(store.bucket, obj.key, io.BytesIO(b"overwrite"), 9)
    assert store.read_bytes(obj.key, obj.sha256, obj.version_id) == b"compliance locked"
    # A delete without version only adds a delete marker; the pinned version is intact.
    store.delete(obj.key)
    assert store.read_bytes(obj.key, obj.sha256, obj.version_id) == b"compliance locked"


def test_server_side_encryption_is_requested_when_configured(s3_endpoint: object) -> None:
    store = ObjectStore(store_settings(s3_endpoint, sse=True, lock_mode=None))  # type: ignore[arg-type]
    obj = store.put_bytes(b"encrypted at rest")
    st = store.client.stat_object(store.bucket, obj.key)
    assert st.metadata is not None
    assert st.metadata.get("x-amz-server-side-encryption") == "AES256"
    assert store.read_bytes(obj.key, obj.sha256) == b"encrypted at rest"


def test_presigned_url_downloads_the_object_and_expires(store: ObjectStore) -> None:
    obj = store.put_bytes(b"presigned")
    url = store.presign(obj.key, obj.version_id, seconds=60)
    assert "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == b"presigned"


def test_missing_object_is_reported_as_not_found(store: ObjectStore) -> None:
    with pytest.raises(NotFoundError):
        store.read_bytes("sha256/" + "0" * 64, "0" * 64)


@pytest.mark.slow
def test_large_upload_and_download_stream_without_holding_the_file(
    plain_store: ObjectStore,
    tmp_path: Path,
) -> None:
    """Given a 96 MB file, when it goes up and down, Python never holds more than ~2 parts."""
    src = tmp_path / "dossier.bin"
    with src.open("wb") as fh:
        for _ in range(96):
            fh.write(os.urandom(1024 * 1024))
    tracemalloc.start()
    try:
        obj = plain_store.put_file(src)
        plain_store.download(obj.key, obj.sha256, tmp_path / "back.bin", obj.size)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "back.bin").stat().st_size == 96 * 1024 * 1024
    assert peak < 48 * 1024 * 1024, f"peak Python memory {peak / 2**20:.0f} MiB"


def test_a_corrupted_large_object_fails_verification_on_the_threaded_reader(
    plain_store: ObjectStore,
    tmp_path: Path,
) -> None:
    """Given 5 MiB hashed on the pipelined hashing thread, one flipped byte still fails."""
    data = os.urandom(5 * 1024 * 1024)
    good = plain_store.put_file(write(tmp_path / "a.bin", data))
    bad = bytearray(data)
    bad[3 * 1024 * 1024] ^= 1
    plain_store.client.put_object(plain_store.bucket, good.key, io.BytesIO(bytes(bad)), len(bad))
    with (
        pytest.raises(IntegrityError) as err,
        plain_store.open(good.key, good.sha256, good.size) as src,
    ):
        while src.read(1024 * 1024):
            pass
    assert err.value.code == "object_hash_mismatch"
    assert not (tmp_path / "back.bin").exists()
    with pytest.raises(IntegrityError):
        plain_store.download(good.key, good.sha256, tmp_path / "back.bin", good.size)
    assert not (tmp_path / "back.bin").exists()  # a bad download leaves no file


def test_a_single_part_put_signs_the_hash_of_exactly_the_bytes_sent(
    plain_store: ObjectStore,
    tmp_path: Path,
) -> None:
    """The key's SHA-256 is reused as the SigV4 payload hash only for that very body."""
    data = os.urandom(300 * 1024)
    obj = plain_store.put_file(write(tmp_path / "a.bin", data))
    assert obj.sha256 == hashlib.sha256(data).hexdigest()
    assert plain_store.read_bytes(obj.key, obj.sha256) == data
    # Only that very object reuses the digest; an equal copy is hashed by minio itself.
    client = plain_store.client
    creds = client._provider.retrieve()  # type: ignore[union-attr]
    body = os.urandom(1000)
    own = hashlib.sha256(body).hexdigest()
    with client.body_hashed(body, own):
        sent, _ = client._build_headers("h", {}, body, creds)
        copied, _ = client._build_headers("h", {}, bytes(bytearray(body)), creds)
    assert sent["x-amz-content-sha256"] == own == copied["x-amz-content-sha256"]
    assert sent["Content-Length"] == "1000"
    with client.body_hashed(body, "0" * 64):  # a wrong digest never meets another body
        copied, _ = client._build_headers("h", {}, bytes(bytearray(body)), creds)
    assert copied["x-amz-content-sha256"] == own


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _fail_first_puts(store: ObjectStore, monkeypatch: pytest.MonkeyPatch, code: str, times: int):
    """Make the real client answer ``code`` to the first ``times`` puts, then pass through."""
    from minio.error import S3Error

    real = store.client.put_object
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            data = args[2]
            data.read(1024)  # the body was partly sent when the server gave up
            raise S3Error(None, code, "injected", "", "", None)  # type: ignore[arg-type]
        return real(*args, **kwargs)

    monkeypatch.setattr(store.client, "put_object", flaky)
    return calls


@pytest.mark.parametrize("how", ["bytes", "file"])
def test_a_put_is_retried_after_a_transient_server_error(
    store: ObjectStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    """Given the S3 server answers InternalError twice, the put is sent again from the
    start and the stored bytes verify."""
    data = os.urandom(300_000)
    calls = _fail_first_puts(store, monkeypatch, "InternalError", 2)
    if how == "bytes":
        obj = store.put_bytes(data)
    else:
        path = tmp_path / "scan.bin"
        path.write_bytes(data)
        obj = store.put_file(path)
    assert calls["n"] == 3
    assert store.read_bytes(obj.key, obj.sha256) == data


def test_a_put_refused_for_good_is_not_retried(
    store: ObjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fail_first_puts(store, monkeypatch, "AccessDenied", 5)
    with pytest.raises(Exception, match="AccessDenied"):
        store.put_bytes(os.urandom(1000))
    assert calls["n"] == 1


@pytest.mark.parametrize("size_known", [True, False])
def test_small_reads_of_a_large_object_are_hashed_in_order(
    plain_store: ObjectStore,
    tmp_path: Path,
    size_known: bool,
) -> None:
    """Given 6 MiB read 7,000 bytes at a time (batched to the hashing thread; the length
    from the catalogue or, when unknown, from Content-Length), the bytes come back whole
    and verify: any reordering of the hashing would fail the check at the end."""
    data = os.urandom(6 * 1024 * 1024 + 123)
    obj = plain_store.put_file(write(tmp_path / "a.bin", data))
    parts = []
    with plain_store.open(obj.key, obj.sha256, obj.size if size_known else None) as src:
        while chunk := src.read(7000):
            parts.append(chunk)
    assert b"".join(parts) == data

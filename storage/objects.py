"""Content-addressed objects over any S3 server, through the ``minio`` client.

Keys derive from the SHA-256 of the bytes, so storing the same bytes twice is a no-op.
The hash is computed before the upload: a file of one part (<= 16 MiB) is read once and
that hash is also the SigV4 payload hash of the request; a larger file gets a first pass,
then minio hashes each part as it signs it; a stream is hashed while spooled to disk. Every
read is verified again (:class:`~storage.hashing.VerifyingReader`: inline up to 4 MiB, on a
pipelined thread above). Nothing larger than a part is held in memory: uploads go in
parts, downloads in chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import urllib3
from minio.commonconfig import ENABLED
from minio.error import S3Error
from minio.retention import Retention
from minio.sse import Sse, SseS3
from minio.versioningconfig import VersioningConfig

from storage.errors import IntegrityError, ObjectStoreError
from storage.hashing import CHUNK, HashingReader, VerifyingReader, object_key, sha256_file
from storage.object_model import (
    RETRY_DELAYS,
    TRANSIENT,
    Lookup,
    ObjectStoreSettings,
    StoredObject,
    s3_error,
)
from storage.s3client import Body, Client

__all__ = ["ObjectStore", "ObjectStoreSettings", "StoredObject"]

log = logging.getLogger(__name__)

#: Multipart size: bounds memory per upload (minio keeps one part per worker thread).
PART_SIZE = 16 * 1024 * 1024
_META_SHA = "sha256"


class ObjectStore:
    """Puts, gets, checks and presigns content-addressed objects in one bucket."""

    def __init__(self, settings: ObjectStoreSettings, *, ensure_bucket: bool = True) -> None:
        self.settings = settings
        http = urllib3.PoolManager(
            num_pools=4,
            maxsize=16,
            timeout=urllib3.Timeout(connect=5, read=120),
            retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[502, 503, 504]),
        )
        self.client = Client(
            settings.endpoint,
            access_key=settings.access_key,
            secret_key=settings.secret_key,
            secure=settings.secure,
            region=settings.region,
            http_client=http,
        )
        self.bucket = settings.bucket
        self._sse: Sse | None = SseS3() if settings.sse else None
        if ensure_bucket:
            self.ensure_bucket()

    def ensure_bucket(self) -> None:
        """Create the bucket (with object lock if configured) and switch versioning on."""
        s = self.settings
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket, object_lock=s.lock_mode is not None)
            elif s.lock_mode:
                self._check_lock_enabled()
            if s.versioning or s.lock_mode:
                status = self.client.get_bucket_versioning(self.bucket).status
                if status != ENABLED:
                    self.client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
        except S3Error as exc:
            raise s3_error(exc, f"preparing bucket {self.bucket}") from exc
        except ValueError as exc:  # minio's own check of the bucket name
            raise ObjectStoreError(
                f"{exc}: S3 bucket names are 3-63 lower-case letters, digits, dots and "
                "hyphens; fix SOHOA_STORAGE__BUCKET"
            ) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise ObjectStoreError(
                f"S3 endpoint {s.endpoint} does not answer ({exc}); check "
                "SOHOA_STORAGE__S3_ENDPOINT or leave it empty for the embedded server"
            ) from exc

    def _check_lock_enabled(self) -> None:
        try:
            self.client.get_object_lock_config(self.bucket)
        except S3Error as exc:
            raise ObjectStoreError(
                f"bucket {self.bucket} exists without object lock ({exc.code}); S3 can only "
                "enable it when a bucket is created: use a new bucket, or set "
                "SOHOA_STORAGE__LOCK_MODE=NONE to store without retention"
            ) from exc

    # -- writing -------------------------------------------------------------------

    def key_for(self, sha256: str) -> str:
        return object_key(sha256, self.settings.prefix)

    def _retention(self) -> Retention | None:
        s = self.settings
        if not s.lock_mode:
            return None
        until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=s.retention_days)
        return Retention(s.lock_mode, until)

    def put_file(
        self,
        path: Path,
        content_type: str = "application/octet-stream",
        *,
        known: Lookup | None = None,
    ) -> StoredObject:
        """Store a file: hash it, then stream it up in parts.

        Same bytes, same key: an existing object is not sent again. ``known`` answers
        "is this key already stored?" from the catalogue instead of a HEAD request.

        The bytes sent are the bytes hashed: the file must not change in between (checked
        by size, mtime and inode), and each part's SHA-256 is signed into the request
        (SigV4 over HTTP; TLS guards it over HTTPS). Whether the server then checks the
        body against that hash is up to the server: SeaweedFS 3.x was seen not to, so the
        check that counts is the one on every read.
        """
        before = path.stat()
        if before.st_size <= PART_SIZE:
            # One part: minio would hold it in memory anyway; read it once, hash it once.
            data = path.read_bytes()
            stored = self._put(
                Body(data),
                hashlib.sha256(data).hexdigest(),
                len(data),
                content_type,
                known,
                body=data,
            )
        else:
            sha, size = sha256_file(path)
            with path.open("rb") as fh:
                stored = self._put(fh, sha, size, content_type, known)
        after = path.stat()
        if (before.st_size, before.st_mtime_ns, before.st_ino) != (
            after.st_size,
            after.st_mtime_ns,
            after.st_ino,
        ):
            raise IntegrityError(
                "the file changed while it was stored; store it again once it is complete "
                "(the stray object is reported by `sohoa storage sweep`)"
            )
        return stored

    def put_stream(
        self,
        stream: BinaryIO,
        content_type: str = "application/octet-stream",
        *,
        spool_dir: Path | None = None,
        known: Lookup | None = None,
    ) -> StoredObject:
        """Store a stream of unknown length: spooled to a private file while hashed."""
        reader = HashingReader(stream)
        with tempfile.TemporaryFile(dir=spool_dir) as spool:
            shutil.copyfileobj(reader, spool, CHUNK)
            spool.seek(0)
            return self._put(spool, reader.sha256.hexdigest(), reader.size, content_type, known)

    def put_bytes(
        self, data: bytes, content_type: str = "application/octet-stream"
    ) -> StoredObject:
        """Store small bytes (checkpoints, metadata); large content goes through files."""
        return self._put(
            Body(data), hashlib.sha256(data).hexdigest(), len(data), content_type, body=data
        )

    def _put(
        self,
        fh: BinaryIO | Body,
        sha: str,
        size: int,
        content_type: str,
        known: Lookup | None = None,
        *,
        body: bytes | None = None,
    ) -> StoredObject:
        key = self.key_for(sha)
        if known is not None:
            # The catalogue names only stored objects; a key it lacks may be an orphan of
            # a crash, and sending it again merely adds a version with the same bytes.
            found = known(key)
            if found is not None:
                return found
        else:
            existing = self.stat(key)
            if existing is not None and existing.sha256 == sha and existing.size == size:
                return StoredObject(key, sha, size, existing.version_id, created=False)
        start = fh.tell() if body is None and hasattr(fh, "tell") else 0
        for delay in (*RETRY_DELAYS, None):
            hashed = (
                self.client.body_hashed(body, sha) if body is not None else contextlib.nullcontext()
            )
            try:
                with hashed:
                    result = self.client.put_object(
                        self.bucket,
                        key,
                        fh,  # type: ignore[arg-type]
                        size,
                        content_type=content_type,
                        metadata={_META_SHA: sha},
                        sse=self._sse,
                        part_size=PART_SIZE,
                        num_parallel_uploads=1,
                        retention=self._retention(),
                    )
                break
            except S3Error as exc:
                if exc.code not in TRANSIENT or delay is None:
                    raise s3_error(exc, f"overwrite/put of {key}") from exc
                # A busy server's 5xx is worth a second try, as every S3 SDK does;
                # the whole body is sent again from its start.
                log.warning("S3 answered %s to a put; retrying in %.1f s", exc.code, delay)
                time.sleep(delay)
                if body is not None:
                    fh = Body(body)
                else:
                    fh.seek(start)  # type: ignore[union-attr]
        log.debug("stored object %s (%d bytes)", key, size)
        return StoredObject(key, sha, size, result.version_id, created=True)

    # -- reading -------------------------------------------------------------------

    def stat(self, key: str, version_id: str | None = None) -> StoredObject | None:
        """The object's recorded hash, size and version, or None if it does not exist."""
        try:
            st = self.client.stat_object(self.bucket, key, version_id=version_id)
        except S3Error as exc:
            if exc.code in {"NoSuchKey", "NoSuchVersion", "NoSuchObject", "NotFound"}:
                return None
            raise s3_error(exc, f"stat of {key}") from exc
        meta = {k.lower(): v for k, v in (st.metadata or {}).items()}
        sha = meta.get("x-amz-meta-" + _META_SHA, "")
        return StoredObject(key, sha, st.size or 0, st.version_id, created=False)

    def open(
        self, key: str, sha256: str, size: int | None = None, version_id: str | None = None
    ) -> VerifyingReader:
        """A stream of the object that fails at its end if the bytes do not hash right."""
        try:
            resp = self.client.get_object(self.bucket, key, version_id=version_id)
        except S3Error as exc:
            raise s3_error(exc, f"read of {key}") from exc
        return VerifyingReader(resp, sha256, size)

    def download(
        self,
        key: str,
        sha256: str,
        dest: Path,
        size: int | None = None,
        version_id: str | None = None,
    ) -> Path:
        """Stream an object to a file, checked; the file appears only when it verified."""
        tmp = dest.with_name(dest.name + ".part")
        try:
            with self.open(key, sha256, size, version_id) as src, tmp.open("wb") as out:
                for chunk in src:
                    out.write(chunk)
            tmp.replace(dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return dest

    def read_bytes(self, key: str, sha256: str, version_id: str | None = None) -> bytes:
        """Small objects only (checkpoints); documents stream through :meth:`open`."""
        with self.open(key, sha256, version_id=version_id) as src:
            return b"".join(src)

    def presign(self, key: str, version_id: str | None = None, seconds: int | None = None) -> str:
        """A short-lived download URL for one object version."""
        lifetime = timedelta(seconds=seconds or self.settings.presign_seconds)
        return self.client.presigned_get_object(
            self.bucket, key, expires=lifetime, version_id=version_id
        )

    def iter_keys(self) -> Iterator[str]:
        """Every content key in the bucket (latest versions), for the orphan sweep."""
        prefix = f"{self.settings.prefix}sha256/"
        for obj in self.client.list_objects(self.bucket, prefix=prefix, recursive=True):
            if obj.object_name:
                yield obj.object_name

    def delete(self, key: str, version_id: str | None = None) -> None:
        """Delete one version (refused under retention) or add a delete marker."""
        try:
            self.client.remove_object(self.bucket, key, version_id=version_id)
        except S3Error as exc:
            raise s3_error(exc, f"delete of {key}") from exc

    def retention_of(self, key: str, version_id: str | None = None) -> tuple[str, datetime] | None:
        """The retention mode and end of an object version, or None when unlocked."""
        try:
            ret = self.client.get_object_retention(self.bucket, key, version_id=version_id)
        except S3Error as exc:
            if exc.code in {"NoSuchObjectLockConfiguration", "InvalidRequest"}:
                return None
            raise s3_error(exc, f"retention of {key}") from exc
        if ret is None or ret.mode is None or ret.retain_until_date is None:
            return None
        return ret.mode, ret.retain_until_date

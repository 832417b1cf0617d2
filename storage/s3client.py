"""The ``minio`` client as sohoa uses it: spared re-hashing a body it already hashed."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from minio import Minio

__all__ = ["Body", "Client"]


class Client(Minio):
    """minio's client, spared hashing a request body whose SHA-256 sohoa just computed.

    Over HTTP, SigV4 signs the SHA-256 of each request body, which minio computes itself.
    A single-part object's body *is* the file, whose SHA-256 was already needed for its
    key: :meth:`ObjectStore.put_file` reads it once into memory, hashes it, and registers
    that very ``bytes`` object here. Only the same object (``is``, not equal) reuses the
    digest, so the signed hash is always that of the bytes sent; any other body — or a
    minio version that copies the part — is hashed by minio as before.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hashed = threading.local()

    @contextlib.contextmanager
    def body_hashed(self, body: bytes, sha256: str) -> Iterator[None]:
        self._hashed.body = (body, sha256)
        try:
            yield
        finally:
            self._hashed.body = None

    def _build_headers(
        self, host: str, headers: Any = None, body: bytes | None = None, creds: Any = None
    ) -> Any:
        known = getattr(self._hashed, "body", None)
        if (
            not known
            or body is None
            or body is not known[0]
            or not creds
            or self._base_url.is_https
        ):
            return super()._build_headers(host, headers, body, creds)
        out, date = super()._build_headers(host, headers, None, creds)
        out["Content-Length"] = str(len(body))
        out["x-amz-content-sha256"] = known[1]
        return out, date


class Body:
    """A file's bytes as minio reads a single part: the same ``bytes`` object, whole."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data

    def read(self, n: int = -1) -> bytes:
        data, self._data = self._data or b"", None
        if 0 <= n < len(data):  # minio asked for less: hand over the rest later
            data, self._data = data[:n], data[n:]
        return data

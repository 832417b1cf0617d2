"""API clients (processing systems): a random key handed out once, only its hash kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.catalog.models import ApiClient
from storage.errors import ConflictError

__all__ = ["authenticate_client", "register_client", "revoke_client"]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def register_client(session: Session, name: str, roles: list[str]) -> tuple[ApiClient, str]:
    """A new client and its key (shown once: only the SHA-256 is stored)."""
    if session.scalar(select(ApiClient.id).where(ApiClient.name == name)) is not None:
        raise ConflictError(f"an API client named {name!r} already exists")
    key = "sohoa_" + secrets.token_urlsafe(32)
    client = ApiClient(
        name=name,
        key_sha256=_hash(key),
        roles=",".join(sorted(roles)),
        created_at=datetime.now(UTC),
    )
    session.add(client)
    session.flush()
    return client, key


def authenticate_client(session: Session, key: str) -> ApiClient | None:
    """The active client holding ``key``, or None (unknown or revoked)."""
    client = session.scalar(select(ApiClient).where(ApiClient.key_sha256 == _hash(key)))
    if client is None or client.revoked_at is not None:
        return None
    return client


def revoke_client(session: Session, name: str) -> None:
    client = session.scalar(select(ApiClient).where(ApiClient.name == name))
    if client is not None and client.revoked_at is None:
        client.revoked_at = datetime.now(UTC)

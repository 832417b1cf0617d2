"""full-text index over the folded OCR text

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

SQLite: an FTS5 table with the folded text as external content, kept in step by
triggers. PostgreSQL: a GIN index over ``to_tsvector('simple', folded)``. The text is
folded (lower case, no diacritics, đ → d) by sohoa before it is stored, so neither
``unaccent`` nor ``pg_trgm`` (postgresql-contrib) is needed on the server.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE document_fts USING fts5("
            "folded, content='document_texts', content_rowid='document_id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER document_texts_ai AFTER INSERT ON document_texts BEGIN "
            "INSERT INTO document_fts(rowid, folded) VALUES (new.document_id, new.folded); END"
        )
        op.execute(
            "CREATE TRIGGER document_texts_ad AFTER DELETE ON document_texts BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, folded) "
            "VALUES ('delete', old.document_id, old.folded); END"
        )
        op.execute(
            "CREATE TRIGGER document_texts_au AFTER UPDATE ON document_texts BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, folded) "
            "VALUES ('delete', old.document_id, old.folded); "
            "INSERT INTO document_fts(rowid, folded) VALUES (new.document_id, new.folded); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_document_texts_tsv ON document_texts "
            "USING gin (to_tsvector('simple'::regconfig, folded))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("document_texts_ai", "document_texts_ad", "document_texts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_document_texts_tsv")

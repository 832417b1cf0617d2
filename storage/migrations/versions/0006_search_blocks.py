"""full-text terms in their own table, with id-block lexemes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

PostgreSQL: ``document_terms`` holds each text's stored terms (0005) plus two lexemes
naming the block of ids it falls in, ``#12:n`` (n = id >> 12, 4,096 ids) and ``#16:n``
(65,536 ids), under a GIN index; a trigger on ``document_texts`` keeps it in step. A
search whose words are rare together asks the index for one block at a time
(``words & '#16:n'``), so it fetches and sorts the few matches of that block instead of
every match in the catalogue (~25 µs a row from a table larger than shared_buffers), and
GIN intersects no more than the block's posting list. The GIN index of 0005 on
``document_texts`` is no longer used and is dropped. ``#`` never starts a search term
(terms are ``\\w+``), so a block lexeme cannot be typed. On 1,000,000 texts the upgrade
takes 77-90 s (copy ~10 s, GIN index the rest) and the downgrade ~75 s (the old index);
``document_texts`` is not rewritten. SQLite's FTS5 is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The stored terms and the id-block lexemes of one text (``id`` and ``terms``: SQL).
BLOCK_TERMS = (
    "({terms} || array_to_tsvector(ARRAY['#12:' || ({id} >> 12), '#16:' || ({id} >> 16)]))"
)
CREATE_TABLE = (
    "CREATE TABLE document_terms (document_id bigint PRIMARY KEY, terms tsvector NOT NULL)"
)
FILL = (
    "INSERT INTO document_terms (document_id, terms) SELECT document_id, "
    + BLOCK_TERMS.format(terms="terms", id="document_id")
    + " FROM document_texts ORDER BY document_id"
)
TERMS_INDEX = "CREATE INDEX ix_document_terms_terms ON document_terms USING gin (terms)"
SYNC_FUNCTION = (
    "CREATE OR REPLACE FUNCTION sohoa_sync_document_terms() RETURNS trigger "
    "LANGUAGE plpgsql AS $fn$ BEGIN "
    "IF TG_OP = 'DELETE' OR NEW.document_id <> OLD.document_id THEN "
    "DELETE FROM document_terms WHERE document_id = OLD.document_id; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
    "INSERT INTO document_terms (document_id, terms) VALUES (NEW.document_id, "
    + BLOCK_TERMS.format(terms="NEW.terms", id="NEW.document_id")
    + ") ON CONFLICT (document_id) DO UPDATE SET terms = EXCLUDED.terms; "
    "RETURN NEW; END $fn$"
)
SYNC_TRIGGER = (
    "CREATE TRIGGER document_texts_terms AFTER INSERT OR UPDATE OR DELETE ON document_texts "
    "FOR EACH ROW EXECUTE FUNCTION sohoa_sync_document_terms()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute(CREATE_TABLE)
    op.execute(FILL)
    op.execute(TERMS_INDEX)
    op.execute(SYNC_FUNCTION)
    op.execute(SYNC_TRIGGER)
    op.execute("DROP INDEX IF EXISTS ix_document_texts_terms")
    op.execute("ANALYZE document_terms")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS document_texts_terms ON document_texts")
    op.execute("DROP FUNCTION IF EXISTS sohoa_sync_document_terms()")
    op.execute("DROP TABLE IF EXISTS document_terms")
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute("CREATE INDEX ix_document_texts_terms ON document_texts USING gin (terms)")

"""full-text terms stored in a column, not recomputed by the index's expression

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

PostgreSQL: ``document_texts.terms`` is a stored generated column holding what the GIN
index of 0003 computed on the fly (folded words and adjacent pairs), and the index moves
onto it. Two reasons, both measured on 1,000,000 texts: a search whose words are common
(one word in every text, such as "nam" of "Việt Nam") fetched its candidates from a
bitmap gone lossy and *rechecked* them by recomputing the terms, ~0.2 ms a text (seconds
a query); and the planner, with statistics of a column, sees how common each lexeme is,
so it walks the texts in id order and stops at the page's end when the words are common,
and takes the index when they are rare. The upgrade rewrites the table once (a few
minutes for 1,000,000 texts). SQLite's FTS5 already stores its terms: no change.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TERMS_COLUMN = (
    "ALTER TABLE document_texts ADD COLUMN terms tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(sohoa_search_terms(folded))) STORED"
)
TERMS_INDEX = "CREATE INDEX ix_document_texts_terms ON document_texts USING gin (terms)"
#: More statistics on the terms than the default 100: the planner's choice between the
#: index and a walk in id order rests on how common each word and pair is.
TERMS_STATISTICS = "ALTER TABLE document_texts ALTER COLUMN terms SET STATISTICS 1000"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute("DROP INDEX IF EXISTS ix_document_texts_terms")
    op.execute(TERMS_COLUMN)
    op.execute(TERMS_STATISTICS)
    op.execute(TERMS_INDEX)
    op.execute("ANALYZE document_texts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_document_texts_terms")
    op.execute("ALTER TABLE document_texts DROP COLUMN terms")
    op.execute(
        "CREATE INDEX ix_document_texts_terms ON document_texts "
        "USING gin (array_to_tsvector(sohoa_search_terms(folded)))"
    )

"""full-text index over words and adjacent word pairs (PostgreSQL)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

PostgreSQL: the GIN index over ``to_tsvector('simple', folded)`` is replaced by one over
the folded words *and* each pair of adjacent words ("tran thi"), as lexemes taken as they
are (``array_to_tsvector``, no parser), so a query of common name words becomes a few
selective pairs (see :mod:`storage.catalog.text`). On 1,000,000 texts this builds in a few
minutes. SQLite needs no change: FTS5 answers the same pairs as two-word phrases.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Words split as Python's ``\w+`` does on folded (ASCII) text, then adjacent pairs: the
#: pairs at odd and at even word positions, by two regex passes (a loop over the words in
#: SQL measured 8x slower, 1.7 ms a text). COST: it still takes ~0.2 ms a text, which the
#: planner must know, or a generic plan of a prepared search walks the primary key in id
#: order computing it for every row (seen: minutes) instead of using the index.
TERMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION sohoa_search_terms(folded text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $fn$
  SELECT array_remove(
    string_to_array(n, ' ')
    || string_to_array(regexp_replace(n, '(\S+) (\S+) ?', '\1 \2,', 'g'), ',')
    || string_to_array(regexp_replace(substr(n, strpos(n || ' ', ' ') + 1),
                                      '(\S+) (\S+) ?', '\1 \2,', 'g'), ','),
    '')
  FROM (SELECT btrim(regexp_replace(folded, '\W+', ' ', 'g')) AS n) AS s
$fn$
"""
TERMS_INDEX = (
    "CREATE INDEX ix_document_texts_terms ON document_texts "
    "USING gin (array_to_tsvector(sohoa_search_terms(folded)))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(TERMS_FUNCTION)
    op.execute("SET LOCAL maintenance_work_mem = '256MB'")
    op.execute("DROP INDEX IF EXISTS ix_document_texts_tsv")
    op.execute(TERMS_INDEX)
    # Statistics of the new expression: without them the planner guessed a common word
    # pair rare and walked the primary key computing terms row by row (minutes).
    op.execute("ANALYZE document_texts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_document_texts_terms")
    op.execute(
        "CREATE INDEX ix_document_texts_tsv ON document_texts "
        "USING gin (to_tsvector('simple'::regconfig, folded))"
    )
    op.execute("DROP FUNCTION IF EXISTS sohoa_search_terms(text)")

"""Catalogue and object-store benchmark (issue 5). Not part of the test suite.

    .venv/bin/python bench/catalog.py                 # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python bench/catalog.py --pg-url postgresql://postgres@127.0.0.1:5432/sohoa_bench

Loads 1,000,000 documents for 300,000 subjects into PostgreSQL (COPY; an already loaded
``sohoa_bench`` database of the same size is reused) and 100,000 into a SQLite file, then
prints p50/p99 of the reuse lookup (subject + type + date) and of full-text search through
the storage package, beside the same SQL run raw (psycopg / sqlite3) in the same run, with
the ratio. Then object put/get throughput through ``ObjectStore`` beside raw ``minio``
calls against the same embedded SeaweedFS, with the ratio. Queries of the two sides are
interleaved so the machine's noise hits both alike.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from bench.catalog_data import (  # noqa: E402
    GIVEN,
    TYPE_CODES,
    TYPES,
    generate,
    load_postgres,
    load_sqlite,
    subject_ids,
)
from bench.catalog_objects import run_objects  # noqa: E402
from storage import fold, make_engine, migrate  # noqa: E402
from storage.catalog.engine import HEAD_REVISION, schema_revision  # noqa: E402
from storage.catalog.lookup import reusable_documents  # noqa: E402
from storage.catalog.search import full_text, pg_last_id, pg_search  # noqa: E402
from storage.catalog.text import pair_query, search_terms, word_query  # noqa: E402

# -- measuring -----------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def row(label: str, ours: list[float], raw: list[float] | None) -> None:
    p50, p99 = pct(ours, 0.5) * 1000, pct(ours, 0.99) * 1000
    if raw is None:
        print(f"  {label:<44} {p50:8.3f} {p99:8.3f}")
        return
    r50, r99 = pct(raw, 0.5) * 1000, pct(raw, 0.99) * 1000
    print(
        f"  {label:<44} {p50:8.3f} {p99:8.3f} {r50:8.3f} {r99:8.3f}  "
        f"{p50 / r50:5.2f}x {p99 / r99:5.2f}x"
    )


def header(title: str) -> None:
    print(f"\n{title}")
    print(
        f"  {'query':<44} {'p50 ms':>8} {'p99 ms':>8} {'raw p50':>8} {'raw p99':>8}  "
        f"{'ratio p50':>6} {'p99':>5}"
    )


def timed_pair(
    n: int, ours: Callable[[int], object], raw: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for i in range(n):
        pair = ((ours, a), (raw, b)) if i % 2 == 0 else ((raw, b), (ours, a))
        for fn, out in pair:
            t = time.perf_counter()
            fn(i)
            out.append(time.perf_counter() - t)
    return a, b


RAW_REUSE_PG = (
    "SELECT d.id, d.subject_id, d.type_code, d.kind, d.number_symbol, d.issue_date, "
    "d.valid_from, d.valid_until, d.status, d.signed_key, d.signed_sha256, d.fields "
    "FROM documents d JOIN subjects s ON s.id = d.subject_id "
    "WHERE s.identifier = %(ident)s AND d.status = 'accepted' AND d.valid_from <= %(on)s "
    "AND (d.valid_until IS NULL OR d.valid_until >= %(on)s) AND d.id > 0 "
    "AND d.type_code = ANY(%(types)s) ORDER BY d.id LIMIT 51"
)
_COLS = (
    "d.id, d.subject_id, d.type_code, d.kind, d.number_symbol, d.issue_date, "
    "d.valid_from, d.valid_until, d.status, d.signed_key, d.signed_sha256, d.fields "
)
RAW_REUSE_SQLITE = (
    RAW_REUSE_PG.replace("%(ident)s", ":ident")
    .replace("%(on)s", ":on")
    .replace("= ANY(%(types)s)", "IN (:t1, :t2)")
)
RAW_TEXT_SQLITE = (
    "SELECT " + _COLS + "FROM document_fts f JOIN documents d ON d.id = f.rowid "
    "WHERE document_fts MATCH :q AND f.rowid > 0 ORDER BY f.rowid LIMIT :lim"
)


def text_queries(n: int, n_docs: int, n_subjects: int) -> list[str]:
    """Name + province of a real document, half with diacritics and half without."""
    rnd = random.Random(5)
    gen = random.Random(2)
    wanted = sorted(rnd.sample(range(1, n_docs + 1), n))
    out = []
    it = generate(n_docs, n_subjects)
    want = iter(wanted)
    nxt = next(want)
    for row, ocr in it:
        if row["id"] != nxt:
            continue
        name = ocr.split("Họ và tên: ")[1].split(" Ngày")[0]
        place = ocr.rsplit(", ", 1)[1]
        q = f"{name} {place}"
        out.append(q if gen.random() < 0.5 else fold(q))
        try:
            nxt = next(want)
        except StopIteration:
            break
    rnd.shuffle(out)
    return out


def text_shapes(texts: list[str]) -> dict[str, list[str]]:
    """Every shape of query full_text answers, from the name + province queries."""
    rnd = random.Random(7)
    types = list(TYPES.values())
    return {
        # Side by side as typed: the word-pair index answers.
        "name + province (word pairs)": texts,
        # Family and given name without the middle one: no text has that pair, so the
        # search falls back to every word anywhere.
        "family + given (fallback)": [" ".join(q.split()[0:3:2]) for q in texts],
        # One word: a given name (~2% of texts) ...
        "one given name": [rnd.choice(GIVEN) for _ in texts],
        # ... or a word of every text (the header), the most matches there can be.
        "one word of every text": [
            rnd.choice(["Việt Nam", "hạnh phúc", "nam", "tự do"]) for _ in texts
        ],
        # Words of two different document types: common alone, never together (no hit).
        "two types' words (no hit)": [
            f"{rnd.choice(types[:5]).split()[-1]} {rnd.choice(types[5:]).split()[-1]}"
            for _ in texts
        ],
    }


def bench_db(
    label: str,
    session: Session,
    raw_exec: Callable[[str, dict[str, object]], list],
    dialect: str,
    n_subjects: int,
    n_docs: int,
    n_queries: int,
    n_text: int,
) -> None:
    rnd = random.Random(3)
    ids = subject_ids(n_subjects)
    lookups = [
        (
            ids[rnd.randrange(n_subjects)],
            rnd.sample(TYPE_CODES, 2),
            date(2014, 1, 1) + timedelta(days=rnd.randint(0, 4700)),
        )
        for _ in range(n_queries)
    ]
    shapes = text_shapes(text_queries(n_text, n_docs, n_subjects))
    raw_reuse = RAW_REUSE_PG if dialect == "postgresql" else RAW_REUSE_SQLITE

    def reuse_params(i: int) -> dict[str, object]:
        ident, types, on = lookups[i]
        if dialect == "postgresql":
            return {"ident": ident, "on": on, "types": types}
        return {"ident": ident, "on": on.isoformat(), "t1": types[0], "t2": types[1]}

    def raw_pg(sql: str, params: Mapping[str, Any]) -> list:
        return raw_exec(sql, dict(params))

    def raw_search(q: str, last_id: Callable[[], int] | None = None) -> list:
        if dialect == "sqlite":
            return raw_exec(RAW_TEXT_SQLITE, {"q": q, "lim": 21})
        # The steps of full_text (walk, then the index by blocks of ids), each SQL run
        # raw: what is measured beside it is the storage layer's own cost.
        return pg_search(raw_pg, q, 0, 21, last_id)

    def raw_text_run(query: str) -> list:
        # The same steps as full_text: adjacent pairs first, every word anywhere if no
        # document has them (pagination from page 1 only, as measured here); the largest
        # id asked at most once for both.
        terms = search_terms(query)
        pairs = pair_query(terms, dialect)
        last_id = functools.cache(functools.partial(pg_last_id, raw_pg))
        if pairs is not None and (rows := raw_search(pairs, last_id)):
            return rows
        return raw_search(word_query(terms, dialect), last_id)

    def ours_reuse(i: int) -> object:
        ident, types, on = lookups[i]
        return reusable_documents(session, ident, types, on)

    # Warm caches and prepared statements on both sides before measuring.
    for i in range(min(300, n_queries)):
        ours_reuse(i)
        raw_exec(raw_reuse, reuse_params(i))
    # Check that both sides return the same thing (the comparison is meaningless otherwise).
    for i in range(20):
        got = [r.id for r in reusable_documents(session, *lookups[i]).items]
        want = [r[0] for r in raw_exec(raw_reuse, reuse_params(i))]
        assert got == want, (got, want)
    for queries in shapes.values():
        for q in queries[:20]:
            got = [r.id for r in full_text(session, q).items]
            want = [r[0] for r in raw_text_run(q)][:20]
            assert got == want, (q, got, want)
    header(
        f"{label}: {n_docs:,} documents, {n_subjects:,} subjects "
        f"({n_queries} lookups, {n_text} queries of each text shape)"
    )
    a, b = timed_pair(n_queries, ours_reuse, lambda i: raw_exec(raw_reuse, reuse_params(i)))
    row("subject + type + date (reusable_documents)", a, b)
    for name, queries in shapes.items():

        def ours_text(i: int, q: list[str] = queries) -> object:
            return full_text(session, q[i])

        def raw_text_i(i: int, q: list[str] = queries) -> object:
            return raw_text_run(q[i])

        a, b = timed_pair(len(queries), ours_text, raw_text_i)
        row(f"full text: {name}", a, b)
    texts = shapes["name + province (word pairs)"]
    hits = [len(full_text(session, q).items) for q in texts[:200]]
    pair_texts = [pair_query(search_terms(q), dialect) for q in texts[:200]]
    by_pairs = sum(1 for pq in pair_texts if pq is not None and raw_search(pq))
    print(
        f"  (name + province hits per query: median {statistics.median(hits):.0f}, "
        f"max {max(hits)} of page size 20; {by_pairs} of {len(hits)} answered by word "
        "pairs, the rest by every word anywhere)"
    )


def run_postgres(args: argparse.Namespace) -> None:
    raw_url = args.pg_url.replace("postgresql+psycopg://", "postgresql://")
    base, _, dbname = raw_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')
    engine = make_engine(raw_url)
    rev = schema_revision(engine)
    if rev is not None and rev < HEAD_REVISION:
        print(
            f"postgresql: migrating the bench database {rev} -> {HEAD_REVISION} through "
            "the real migrations: 0003 and 0005 rewrite the full-text terms of every "
            "text (each ~10 minutes for 1,000,000 texts on this shared machine), 0006 "
            "copies them into their own table (~80 s) ...",
            flush=True,
        )
    t0 = time.perf_counter()
    if migrate(engine):
        print(f"postgresql: migrated in {time.perf_counter() - t0:.0f} s")
    load_postgres(raw_url, args.docs, args.subjects, args.reload)
    with psycopg.connect(raw_url, autocommit=True) as raw, Session(engine) as session:
        cur = raw.cursor()

        def raw_exec(sql: str, params: dict[str, object]) -> list:
            # As full_text does: text searches are planned with their values, never from
            # a prepared generic plan.
            cur.execute(sql, params, prepare=False if sql != RAW_REUSE_PG else None)
            return cur.fetchall()

        bench_db(
            "PostgreSQL",
            session,
            raw_exec,
            "postgresql",
            args.subjects,
            args.docs,
            args.queries,
            args.text_queries,
        )
    engine.dispose()


def run_sqlite(args: argparse.Namespace, workdir: Path) -> None:
    path = workdir / "bench.db"
    engine = make_engine(f"sqlite+pysqlite:///{path}")
    migrate(engine)
    n_docs, n_subjects = args.sqlite_docs, max(1, args.sqlite_docs * 3 // 10)
    load_sqlite(path, n_docs, n_subjects)
    raw = sqlite3.connect(path)
    with Session(engine) as session:

        def raw_exec(sql: str, params: dict[str, object]) -> list:
            return raw.execute(sql, params).fetchall()

        bench_db(
            "SQLite",
            session,
            raw_exec,
            "sqlite",
            n_subjects,
            n_docs,
            args.queries,
            args.text_queries,
        )
    raw.close()
    engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/sohoa_bench")
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--subjects", type=int, default=300_000)
    ap.add_argument("--sqlite-docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2000, help="reuse lookups")
    ap.add_argument("--text-queries", type=int, default=300, help="full-text queries of each shape")
    ap.add_argument("--rounds", type=int, default=3, help="object rounds")
    ap.add_argument("--reload", action="store_true", help="reload PostgreSQL even if loaded")
    ap.add_argument("--only", choices=["postgres", "sqlite", "objects"], action="append")
    args = ap.parse_args()
    only = set(args.only or ["postgres", "sqlite", "objects"])
    la = os.getloadavg()
    print(
        f"load average at start: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f} on "
        f"{os.cpu_count()} cores (the machine is shared)"
    )
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        workdir = Path(tmp)
        if "postgres" in only:
            run_postgres(args)
        if "sqlite" in only:
            run_sqlite(args, workdir)
        if "objects" in only:
            run_objects(workdir, args.rounds)
    la = os.getloadavg()
    print(f"\nload average at end: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
import importlib
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from storage import EmbeddedS3, ObjectStore, ObjectStoreSettings, fold, make_engine, migrate  # noqa: E402
from storage.catalog.lookup import full_text, reusable_documents  # noqa: E402
from storage.catalog.text import pair_query, search_terms, word_query  # noqa: E402

# The full-text index as the real migration creates it (module name starts with a digit).
TERMS_INDEX: str = importlib.import_module(
    "storage.migrations.versions.0003_word_pairs").TERMS_INDEX

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Gia", "Xuân", "Thu",
          "Kim", "Bảo", "Anh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Duyên", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa",
         "Hùng", "Hương", "Huy", "Khánh", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga",
         "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quang", "Sơn", "Tâm", "Thảo", "Thắng",
         "Thủy", "Tiến", "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Vinh", "Yến", "Đạt",
         "Định", "Đông", "Cường", "Lộc", "Luân", "Nhân", "Oanh"]
PLACES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế", "Quảng Ninh",
          "Bắc Ninh", "Nghệ An", "Thanh Hóa", "Quảng Ngãi", "Bình Định", "Khánh Hòa",
          "Lâm Đồng", "Đồng Nai", "Bình Dương", "Long An", "Tiền Giang", "An Giang",
          "Kiên Giang", "Cà Mau", "Sóc Trăng", "Gia Lai", "Đắk Lắk", "Lào Cai", "Yên Bái",
          "Thái Nguyên", "Nam Định", "Ninh Bình", "Hưng Yên", "Vĩnh Long"]
WARDS = ["Phường Bến Nghé", "Phường Tân Định", "Xã Tân Phú", "Phường Linh Trung",
         "Xã Phước Kiển", "Phường Hòa Hải", "Xã Đông Thạnh", "Phường Cầu Kho"]
TYPES = {
    "cccd": "CĂN CƯỚC CÔNG DÂN", "khai_sinh": "GIẤY KHAI SINH",
    "ket_hon": "GIẤY CHỨNG NHẬN KẾT HÔN", "ho_khau": "XÁC NHẬN THÔNG TIN CƯ TRÚ",
    "bang_tn": "BẰNG TỐT NGHIỆP", "gplx": "GIẤY PHÉP LÁI XE",
    "qsdd": "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
    "dkkd": "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH", "ly_lich": "LÝ LỊCH TƯ PHÁP",
    "xac_nhan": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
}
TYPE_CODES = list(TYPES)
HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
BENCH_MARK = "bench-v1"
EPOCH = datetime(2026, 11, 23, tzinfo=UTC)


# -- data ----------------------------------------------------------------------------

def subject_ids(n: int) -> list[str]:
    rnd = random.Random(1)
    return [f"{rnd.randint(1, 96):03d}{rnd.choice('0123')}{rnd.randint(0, 99):02d}{i:06d}"
            for i in range(n)]


def make_doc(rnd: random.Random, doc_id: int, subject: int) -> tuple[dict[str, object], str]:
    type_code = rnd.choice(TYPE_CODES)
    r = rnd.random()
    status = ("accepted" if r < 0.8 else "superseded" if r < 0.9 else
              "revoked" if r < 0.95 else "draft")
    valid_from = date(2012, 1, 1) + timedelta(days=rnd.randint(0, 5400))
    valid_until = (None if rnd.random() < 0.4 else
                   valid_from + timedelta(days=rnd.randint(180, 3650)))
    name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
    place = rnd.choice(PLACES)
    number = f"{rnd.randint(1, 999999):06d}/{type_code.upper()}"
    ocr = (f"{HEADER} {TYPES[type_code]} Số: {number} Họ và tên: {name} "
           f"Ngày sinh: {rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/"
           f"{rnd.randint(1950, 2020)} "
           f"Nơi cư trú: {rnd.choice(WARDS)}, {place}")
    sha = f"{doc_id:064x}"
    row = {
        "id": doc_id, "subject_id": subject, "type_code": type_code, "kind": 0,
        "number_symbol": number, "valid_from": valid_from, "valid_until": valid_until,
        "status": status, "fields": json.dumps({"ho_ten": name}, ensure_ascii=False),
        "digitized_by": "bench",
        "digitized_at": EPOCH, "language": "vi", "original_key": f"sha256/{sha}",
        "original_sha256": sha, "created_at": EPOCH,
    }
    return row, ocr


DOC_COLS = ["id", "subject_id", "type_code", "kind", "number_symbol", "valid_from",
            "valid_until", "status", "fields", "digitized_by", "digitized_at", "language",
            "original_key", "original_sha256", "created_at"]


def generate(n_docs: int, n_subjects: int) -> Iterator[tuple[dict[str, object], str]]:
    rnd = random.Random(2)
    for doc_id in range(1, n_docs + 1):
        # Every subject gets at least one document; the rest are spread at random.
        subject = doc_id if doc_id <= n_subjects else rnd.randint(1, n_subjects)
        yield make_doc(rnd, doc_id, subject)


# -- loading -------------------------------------------------------------------------

def load_postgres(raw_url: str, n_docs: int, n_subjects: int, force: bool) -> None:
    with psycopg.connect(raw_url, autocommit=True) as conn:
        have = conn.execute(
            "SELECT value FROM counters WHERE name = %s AND period = 'load'",
            (f"{BENCH_MARK}:{n_docs}:{n_subjects}",)).fetchone()
        if have and not force:
            print(f"postgresql: reusing the loaded bench database ({n_docs:,} documents)")
            return
        t0 = time.perf_counter()
        conn.execute("TRUNCATE document_texts, reuse_events, access_events, "
                     "certification_entries, documents, dossiers, subjects, counters, "
                     "audit_entries, objects RESTART IDENTITY CASCADE")
        conn.execute("DROP INDEX IF EXISTS ix_document_texts_terms")
        ids = subject_ids(n_subjects)
        with conn.cursor() as cur, cur.copy(
                "COPY subjects (id, identifier, kind, name, created_at) FROM STDIN") as cp:
            for i, ident in enumerate(ids, 1):
                cp.write_row((i, ident, "citizen", None, EPOCH))
        # One COPY at a time per connection: the texts wait in a file for the second one.
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            with conn.cursor() as cur, cur.copy(
                    f"COPY documents ({', '.join(DOC_COLS)}) FROM STDIN") as cp:
                for row, ocr in generate(n_docs, n_subjects):
                    cp.write_row([row[c] for c in DOC_COLS])
                    spool.write(f"{row['id']}\t{fold(ocr)}\n")
            spool.seek(0)
            with conn.cursor() as cur, cur.copy(
                    "COPY document_texts (document_id, folded) FROM STDIN") as cp:
                while chunk := spool.read(1 << 20):
                    cp.write(chunk)
        t1 = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute(TERMS_INDEX)  # as migration 0003 built it before the COPY
        conn.execute("SELECT setval(pg_get_serial_sequence('documents', 'id'), %s)", (n_docs,))
        conn.execute("SELECT setval(pg_get_serial_sequence('subjects', 'id'), %s)",
                     (n_subjects,))
        conn.execute("ANALYZE")
        conn.execute("INSERT INTO counters (name, period, value) VALUES (%s, 'load', 1)",
                     (f"{BENCH_MARK}:{n_docs}:{n_subjects}",))
        print(f"postgresql: loaded {n_docs:,} documents for {n_subjects:,} subjects: COPY "
              f"{t1 - t0:.0f} s, full-text index + analyze {time.perf_counter() - t1:.0f} s")


def load_sqlite(path: Path, n_docs: int, n_subjects: int) -> None:
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    ids = subject_ids(n_subjects)
    conn.executemany("INSERT INTO subjects (id, identifier, kind, created_at) VALUES (?,?,?,?)",
                     [(i, s, "citizen", EPOCH.replace(tzinfo=None).isoformat(" "))
                      for i, s in enumerate(ids, 1)])
    batch: list[list[object]] = []
    texts: list[tuple[object, str]] = []
    ph = ", ".join("?" * len(DOC_COLS))

    def flush() -> None:
        conn.executemany(f"INSERT INTO documents ({', '.join(DOC_COLS)}) VALUES ({ph})", batch)
        conn.executemany("INSERT INTO document_texts (document_id, folded) VALUES (?, ?)", texts)
        batch.clear()
        texts.clear()

    for row, ocr in generate(n_docs, n_subjects):
        batch.append([v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime)
                      else v.isoformat() if isinstance(v, date) else v
                      for v in (row[c] for c in DOC_COLS)])
        texts.append((row["id"], fold(ocr)))
        if len(batch) >= 20000:
            flush()
    flush()
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    print(f"sqlite: loaded {n_docs:,} documents for {n_subjects:,} subjects in "
          f"{time.perf_counter() - t0:.0f} s")


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
    print(f"  {label:<44} {p50:8.3f} {p99:8.3f} {r50:8.3f} {r99:8.3f}  "
          f"{p50 / r50:5.2f}x {p99 / r99:5.2f}x")


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'query':<44} {'p50 ms':>8} {'p99 ms':>8} {'raw p50':>8} {'raw p99':>8}  "
          f"{'ratio p50':>6} {'p99':>5}")


def timed_pair(n: int, ours: Callable[[int], object], raw: Callable[[int], object]
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
    "AND d.type_code = ANY(%(types)s) ORDER BY d.id LIMIT 51")
RAW_TEXT_PG = (
    "SELECT d.id, d.subject_id, d.type_code, d.kind, d.number_symbol, d.issue_date, "
    "d.valid_from, d.valid_until, d.status, d.signed_key, d.signed_sha256, d.fields "
    "FROM document_texts t JOIN documents d ON d.id = t.document_id "
    "WHERE array_to_tsvector(sohoa_search_terms(t.folded)) @@ %(q)s::tsquery "
    "AND d.id > 0 ORDER BY d.id LIMIT 21")
RAW_REUSE_SQLITE = RAW_REUSE_PG.replace("%(ident)s", ":ident").replace("%(on)s", ":on").replace(
    "= ANY(%(types)s)", "IN (:t1, :t2)")
RAW_TEXT_SQLITE = (
    "SELECT d.id, d.subject_id, d.type_code, d.kind, d.number_symbol, d.issue_date, "
    "d.valid_from, d.valid_until, d.status, d.signed_key, d.signed_sha256, d.fields "
    "FROM (SELECT rowid FROM document_fts WHERE document_fts MATCH :q) f "
    "JOIN documents d ON d.id = f.rowid WHERE d.id > 0 ORDER BY d.id LIMIT 21")


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


def bench_db(label: str, session: Session, raw_exec: Callable[[str, dict[str, object]], list],
             dialect: str, n_subjects: int, n_docs: int, n_queries: int) -> None:
    rnd = random.Random(3)
    ids = subject_ids(n_subjects)
    lookups = [(ids[rnd.randrange(n_subjects)], rnd.sample(TYPE_CODES, 2),
                date(2014, 1, 1) + timedelta(days=rnd.randint(0, 4700)))
               for _ in range(n_queries)]
    texts = text_queries(min(n_queries, 1000), n_docs, n_subjects)
    raw_reuse = RAW_REUSE_PG if dialect == "postgresql" else RAW_REUSE_SQLITE
    raw_text = RAW_TEXT_PG if dialect == "postgresql" else RAW_TEXT_SQLITE

    def reuse_params(i: int) -> dict[str, object]:
        ident, types, on = lookups[i]
        if dialect == "postgresql":
            return {"ident": ident, "on": on, "types": types}
        return {"ident": ident, "on": on.isoformat(), "t1": types[0], "t2": types[1]}

    def raw_text_run(i: int) -> list:
        # The same two steps as full_text: adjacent pairs first, every word anywhere if
        # no document has them (pagination from page 1 only, as measured here).
        terms = search_terms(texts[i])
        pairs = pair_query(terms, dialect)
        if pairs is not None and (rows := raw_exec(raw_text, {"q": pairs})):
            return rows
        return raw_exec(raw_text, {"q": word_query(terms, dialect)})

    def ours_reuse(i: int) -> object:
        ident, types, on = lookups[i]
        return reusable_documents(session, ident, types, on)

    def ours_text(i: int) -> object:
        return full_text(session, texts[i])

    # Warm caches and prepared statements on both sides before measuring.
    for i in range(min(300, n_queries)):
        ours_reuse(i)
        raw_exec(raw_reuse, reuse_params(i))
    for i in range(min(100, len(texts))):
        ours_text(i)
        raw_text_run(i)
    # Check that both sides return the same thing (the comparison is meaningless otherwise).
    for i in range(20):
        got = [r.id for r in reusable_documents(session, *lookups[i]).items]
        want = [r[0] for r in raw_exec(raw_reuse, reuse_params(i))]
        assert got == want, (got, want)
        got = [r.id for r in full_text(session, texts[i]).items]
        want = [r[0] for r in raw_text_run(i)][:20]
        assert got == want, (texts[i], got, want)
    header(f"{label}: {n_docs:,} documents, {n_subjects:,} subjects "
           f"({n_queries} lookups, {len(texts)} text queries)")
    a, b = timed_pair(n_queries, ours_reuse, lambda i: raw_exec(raw_reuse, reuse_params(i)))
    row("subject + type + date (reusable_documents)", a, b)
    a, b = timed_pair(len(texts), ours_text, lambda i: raw_text_run(i))
    row("full text, name + province (full_text)", a, b)
    # Family and given name without the middle one: no text has that pair, so both
    # sides take the fallback (every word anywhere), the old plan.
    sparse = [" ".join(q.split()[0:3:2]) for q in texts]

    def ours_sparse(i: int) -> object:
        return full_text(session, sparse[i])

    def raw_sparse(i: int) -> list:
        terms = search_terms(sparse[i])
        if rows := raw_exec(raw_text, {"q": pair_query(terms, dialect)}):
            return rows
        return raw_exec(raw_text, {"q": word_query(terms, dialect)})

    for i in range(20):
        assert [r.id for r in full_text(session, sparse[i]).items] == [
            r[0] for r in raw_sparse(i)][:20]
    a, b = timed_pair(20, ours_sparse, raw_sparse)
    row("full text, family + given (fallback, 20 q)", a, b)
    hits = [len(full_text(session, q).items) for q in texts[:200]]
    by_pairs = sum(1 for q in texts[:200]
                   if raw_exec(raw_text, {"q": pair_query(search_terms(q), dialect)}))
    print(f"  (full-text hits per query: median {statistics.median(hits):.0f}, "
          f"max {max(hits)} of page size 20; {by_pairs} of 200 answered by word pairs, "
          "the rest by every word anywhere)")


def run_postgres(args: argparse.Namespace) -> None:
    raw_url = args.pg_url.replace("postgresql+psycopg://", "postgresql://")
    base, _, dbname = raw_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (dbname,)).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')
    engine = make_engine(raw_url)
    with psycopg.connect(raw_url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('alembic_version')").fetchone() != (None,):
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if rev and rev[0] < "0004":
                print(f"postgresql: migrating the bench database {rev[0]} -> head through "
                      "the real migrations: 0003 rebuilds the full-text index (words and "
                      "word pairs, ~5 minutes for 1,000,000 texts on this machine), 0004 the "
                      "reuse lookup index (seconds) ...", flush=True)
    t0 = time.perf_counter()
    migrate(engine)
    if time.perf_counter() - t0 > 5:
        print(f"postgresql: migrated in {time.perf_counter() - t0:.0f} s")
    load_postgres(raw_url, args.docs, args.subjects, args.reload)
    with psycopg.connect(raw_url, autocommit=True) as raw, Session(engine) as session:
        cur = raw.cursor()

        def raw_exec(sql: str, params: dict[str, object]) -> list:
            # As full_text does: text searches are planned with their values, never from
            # a prepared generic plan.
            cur.execute(sql, params, prepare=False if sql is RAW_TEXT_PG else None)
            return cur.fetchall()

        bench_db("PostgreSQL", session, raw_exec, "postgresql", args.subjects, args.docs,
                 args.queries)
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

        bench_db("SQLite", session, raw_exec, "sqlite", n_subjects, n_docs, args.queries)
    raw.close()
    engine.dispose()


# -- objects -------------------------------------------------------------------------

def run_objects(args: argparse.Namespace, workdir: Path) -> None:
    server = EmbeddedS3(workdir / "s3data")
    t0 = time.perf_counter()
    ep = server.start()
    print(f"\nobjects: embedded SeaweedFS answered on {ep.endpoint} after "
          f"{time.perf_counter() - t0:.1f} s")
    try:
        store = ObjectStore(ObjectStoreSettings(ep.endpoint, ep.access_key, ep.secret_key,
                                                bucket="bench", lock_mode="GOVERNANCE",
                                                retention_days=1))
        raw = store.client
        print("  (ours: put_file = the file read once, SHA-256 for the key (reused as the SigV4\n"
              "   payload hash when it is one part, <= 16 MiB; a separate hashing pass first\n"
              "   above), PUT with metadata + retention, existence known from the catalogue as\n"
              "   in Storage.ingest (no HEAD); open = GET read in 1 MiB chunks, SHA-256\n"
              "   verified on a helper thread overlapping the next read, checked at the end.\n"
              "   raw: minio fput_object, same headers and 16 MiB parts (minio hashes each\n"
              "   part for SigV4) / get_object read to the end in 1 MiB chunks, no hash.)")
        print(f"  {'size':<10} {'op':<4} {'ours MB/s':>10} {'raw MB/s':>10} {'time ratio':>11}")
        for size, count in ((256 * 1024, 200), (4 * 2**20, 24), (32 * 2**20, 6)):
            files = []
            for i in range(count * 2):
                p = workdir / f"obj-{size}-{i}.bin"
                p.write_bytes(os.urandom(size))
                files.append(p)
            put_ours: list[float] = []
            put_raw: list[float] = []
            stored = []
            for i in range(count):
                for who in ((0, 1) if i % 2 == 0 else (1, 0)):
                    t = time.perf_counter()
                    if who == 0:
                        # As Storage.ingest calls it: the catalogue (here: nothing stored
                        # yet) says whether the key exists, so no HEAD goes out.
                        stored.append(store.put_file(files[2 * i], known=lambda _k: None))
                        put_ours.append(time.perf_counter() - t)
                    else:
                        # The same S3 request ours makes: metadata and retention headers.
                        raw.fput_object("bench", f"raw/{size}/{i}", str(files[2 * i + 1]),
                                        metadata={"sha256": "0" * 64},
                                        retention=store._retention(),
                                        part_size=16 * 2**20, num_parallel_uploads=1)
                        put_raw.append(time.perf_counter() - t)
            get_ours: list[float] = []
            get_raw: list[float] = []
            for rep in range(3):
                for i in range(count):
                    for who in ((0, 1) if (i + rep) % 2 == 0 else (1, 0)):
                        t = time.perf_counter()
                        if who == 0:
                            o = stored[i]
                            with store.open(o.key, o.sha256, o.size, o.version_id) as src:
                                while src.read(2**20):
                                    pass
                            get_ours.append(time.perf_counter() - t)
                        else:
                            resp = raw.get_object("bench", f"raw/{size}/{i}")
                            try:
                                while resp.read(2**20):
                                    pass
                            finally:
                                resp.close()
                                resp.release_conn()
                            get_raw.append(time.perf_counter() - t)
            for op, a, b, n in (("put", put_ours, put_raw, count), ("get", get_ours, get_raw,
                                                                   3 * count)):
                mb = size * n / 2**20
                print(f"  {size // 1024:>6} KiB {op:<4} {mb / sum(a):10.1f} {mb / sum(b):10.1f} "
                      f"{sum(a) / sum(b):10.2f}x")
            for p in files:
                p.unlink()
    finally:
        t0 = time.perf_counter()
        server.stop()
        print(f"  embedded SeaweedFS stopped in {time.perf_counter() - t0:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/sohoa_bench")
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--subjects", type=int, default=300_000)
    ap.add_argument("--sqlite-docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--reload", action="store_true", help="reload PostgreSQL even if loaded")
    ap.add_argument("--only", choices=["postgres", "sqlite", "objects"], action="append")
    args = ap.parse_args()
    only = set(args.only or ["postgres", "sqlite", "objects"])
    la = os.getloadavg()
    print(f"load average at start: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f} on "
          f"{os.cpu_count()} cores (the machine is shared)")
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        workdir = Path(tmp)
        if "postgres" in only:
            run_postgres(args)
        if "sqlite" in only:
            run_sqlite(args, workdir)
        if "objects" in only:
            run_objects(args, workdir)
    la = os.getloadavg()
    print(f"\nload average at end: {la[0]:.1f} {la[1]:.1f} {la[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

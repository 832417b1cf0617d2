"""Synthetic catalogue for bench/catalog.py: names, places, documents, and the loaders
(COPY into PostgreSQL, batched inserts into SQLite). Seeded: every run loads the same."""

from __future__ import annotations

import importlib
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

from storage import fold

# The full-text table and index as the real migration fills and creates them (module name
# starts with a digit).
_TERMS = importlib.import_module("storage.migrations.versions.0006_search_blocks")
TERMS_FILL: str = _TERMS.FILL
TERMS_INDEX: str = _TERMS.TERMS_INDEX

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quốc",
    "Gia",
    "Xuân",
    "Thu",
    "Kim",
    "Bảo",
    "Anh",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Duyên",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Huy",
    "Khánh",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Tiến",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Vân",
    "Việt",
    "Vinh",
    "Yến",
    "Đạt",
    "Định",
    "Đông",
    "Cường",
    "Lộc",
    "Luân",
    "Nhân",
    "Oanh",
]
PLACES = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Thừa Thiên Huế",
    "Quảng Ninh",
    "Bắc Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ngãi",
    "Bình Định",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Bình Dương",
    "Long An",
    "Tiền Giang",
    "An Giang",
    "Kiên Giang",
    "Cà Mau",
    "Sóc Trăng",
    "Gia Lai",
    "Đắk Lắk",
    "Lào Cai",
    "Yên Bái",
    "Thái Nguyên",
    "Nam Định",
    "Ninh Bình",
    "Hưng Yên",
    "Vĩnh Long",
]
WARDS = [
    "Phường Bến Nghé",
    "Phường Tân Định",
    "Xã Tân Phú",
    "Phường Linh Trung",
    "Xã Phước Kiển",
    "Phường Hòa Hải",
    "Xã Đông Thạnh",
    "Phường Cầu Kho",
]
TYPES = {
    "cccd": "CĂN CƯỚC CÔNG DÂN",
    "khai_sinh": "GIẤY KHAI SINH",
    "ket_hon": "GIẤY CHỨNG NHẬN KẾT HÔN",
    "ho_khau": "XÁC NHẬN THÔNG TIN CƯ TRÚ",
    "bang_tn": "BẰNG TỐT NGHIỆP",
    "gplx": "GIẤY PHÉP LÁI XE",
    "qsdd": "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
    "dkkd": "GIẤY CHỨNG NHẬN ĐĂNG KÝ KINH DOANH",
    "ly_lich": "LÝ LỊCH TƯ PHÁP",
    "xac_nhan": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
}
TYPE_CODES = list(TYPES)
HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
BENCH_MARK = "bench-v1"
EPOCH = datetime(2026, 11, 23, tzinfo=UTC)


# -- data ----------------------------------------------------------------------------


def subject_ids(n: int) -> list[str]:
    rnd = random.Random(1)
    return [
        f"{rnd.randint(1, 96):03d}{rnd.choice('0123')}{rnd.randint(0, 99):02d}{i:06d}"
        for i in range(n)
    ]


def make_doc(rnd: random.Random, doc_id: int, subject: int) -> tuple[dict[str, object], str]:
    type_code = rnd.choice(TYPE_CODES)
    r = rnd.random()
    status = (
        "accepted" if r < 0.8 else "superseded" if r < 0.9 else "revoked" if r < 0.95 else "draft"
    )
    valid_from = date(2012, 1, 1) + timedelta(days=rnd.randint(0, 5400))
    valid_until = (
        None if rnd.random() < 0.4 else valid_from + timedelta(days=rnd.randint(180, 3650))
    )
    name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
    place = rnd.choice(PLACES)
    number = f"{rnd.randint(1, 999999):06d}/{type_code.upper()}"
    ocr = (
        f"{HEADER} {TYPES[type_code]} Số: {number} Họ và tên: {name} "
        f"Ngày sinh: {rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/"
        f"{rnd.randint(1950, 2020)} "
        f"Nơi cư trú: {rnd.choice(WARDS)}, {place}"
    )
    sha = f"{doc_id:064x}"
    row = {
        "id": doc_id,
        "subject_id": subject,
        "type_code": type_code,
        "kind": 0,
        "number_symbol": number,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "status": status,
        "fields": json.dumps({"ho_ten": name}, ensure_ascii=False),
        "digitized_by": "bench",
        "digitized_at": EPOCH,
        "language": "vi",
        "original_key": f"sha256/{sha}",
        "original_sha256": sha,
        "created_at": EPOCH,
    }
    return row, ocr


DOC_COLS = [
    "id",
    "subject_id",
    "type_code",
    "kind",
    "number_symbol",
    "valid_from",
    "valid_until",
    "status",
    "fields",
    "digitized_by",
    "digitized_at",
    "language",
    "original_key",
    "original_sha256",
    "created_at",
]


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
            (f"{BENCH_MARK}:{n_docs}:{n_subjects}",),
        ).fetchone()
        if have and not force:
            print(f"postgresql: reusing the loaded bench database ({n_docs:,} documents)")
            return
        t0 = time.perf_counter()
        # One transaction: a failed load leaves the trigger on and nothing half-loaded.
        with conn.transaction():
            conn.execute(
                "TRUNCATE document_terms, document_texts, reuse_events, access_events, "
                "certification_entries, documents, dossiers, subjects, counters, "
                "audit_entries, objects RESTART IDENTITY CASCADE"
            )
            # The terms table is filled once after the COPY, as migration 0006 fills it, not
            # row by row by its trigger.
            conn.execute("DROP INDEX IF EXISTS ix_document_terms_terms")
            conn.execute("ALTER TABLE document_texts DISABLE TRIGGER document_texts_terms")
            ids = subject_ids(n_subjects)
            with (
                conn.cursor() as cur,
                cur.copy("COPY subjects (id, identifier, kind, name, created_at) FROM STDIN") as cp,
            ):
                for i, ident in enumerate(ids, 1):
                    cp.write_row((i, ident, "citizen", None, EPOCH))
            # One COPY at a time per connection: the texts wait in a file for the second one.
            with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY documents ({', '.join(DOC_COLS)}) FROM STDIN") as cp,
                ):
                    for row, ocr in generate(n_docs, n_subjects):
                        cp.write_row([row[c] for c in DOC_COLS])
                        spool.write(f"{row['id']}\t{fold(ocr)}\n")
                spool.seek(0)
                with (
                    conn.cursor() as cur,
                    cur.copy("COPY document_texts (document_id, folded) FROM STDIN") as cp,
                ):
                    while chunk := spool.read(1 << 20):
                        cp.write(chunk)
            t1 = time.perf_counter()
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute("ALTER TABLE document_texts ENABLE TRIGGER document_texts_terms")
            conn.execute(TERMS_FILL)
            conn.execute(TERMS_INDEX)
            conn.execute("SELECT setval(pg_get_serial_sequence('documents', 'id'), %s)", (n_docs,))
            conn.execute(
                "SELECT setval(pg_get_serial_sequence('subjects', 'id'), %s)", (n_subjects,)
            )
            conn.execute("ANALYZE")
            conn.execute(
                "INSERT INTO counters (name, period, value) VALUES (%s, 'load', 1)",
                (f"{BENCH_MARK}:{n_docs}:{n_subjects}",),
            )
        print(
            f"postgresql: loaded {n_docs:,} documents for {n_subjects:,} subjects: COPY "
            f"{t1 - t0:.0f} s, full-text index + analyze {time.perf_counter() - t1:.0f} s"
        )


def load_sqlite(path: Path, n_docs: int, n_subjects: int) -> None:
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    ids = subject_ids(n_subjects)
    conn.executemany(
        "INSERT INTO subjects (id, identifier, kind, created_at) VALUES (?,?,?,?)",
        [
            (i, s, "citizen", EPOCH.replace(tzinfo=None).isoformat(" "))
            for i, s in enumerate(ids, 1)
        ],
    )
    batch: list[list[object]] = []
    texts: list[tuple[object, str]] = []
    ph = ", ".join("?" * len(DOC_COLS))

    def flush() -> None:
        conn.executemany(f"INSERT INTO documents ({', '.join(DOC_COLS)}) VALUES ({ph})", batch)
        conn.executemany("INSERT INTO document_texts (document_id, folded) VALUES (?, ?)", texts)
        batch.clear()
        texts.clear()

    for row, ocr in generate(n_docs, n_subjects):
        batch.append(
            [
                v.replace(tzinfo=None).isoformat(" ")
                if isinstance(v, datetime)
                else v.isoformat()
                if isinstance(v, date)
                else v
                for v in (row[c] for c in DOC_COLS)
            ]
        )
        texts.append((row["id"], fold(ocr)))
        if len(batch) >= 20000:
            flush()
    flush()
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    print(
        f"sqlite: loaded {n_docs:,} documents for {n_subjects:,} subjects in "
        f"{time.perf_counter() - t0:.0f} s"
    )

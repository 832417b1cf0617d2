"""Write order across S3 and catalogue, crash at each step, sweep, fixity, register."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from storage import Storage, certify, fixity_check, register_numbers, sweep_orphans
from storage import audit as audit_log
from storage.catalog.models import Document, ObjectRecord
from tests.storage.conftest import make_spec, write_file

pytestmark = pytest.mark.s3


class Crash(Exception):
    pass


STEPS = ["object:original", "object:signed", "object:ocr", "catalogue", "commit"]


def _crash_at(step: str) -> Callable[[str], None]:
    def hook(name: str) -> None:
        if name == step:
            raise Crash(step)

    return hook


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_any_write_step_leaves_no_row_pointing_at_a_missing_object(
    storage: Storage,
    tmp_path: Path,
    step: str,
) -> None:
    """Given a failure injected before a step, the catalogue only names stored objects,
    the leftovers are reported as orphans, and a retry completes idempotently."""
    files = {
        "original": write_file(tmp_path / "o.pdf", b"%PDF crash original"),
        "signed": write_file(tmp_path / "s.pdf", b"%PDF crash signed"),
        "ocr_json": write_file(tmp_path / "o.json", b'{"crash": 1}'),
    }
    with pytest.raises(Crash):
        storage.ingest(
            make_spec(),
            files["original"],
            signed=files["signed"],
            ocr_json=files["ocr_json"],
            on_step=_crash_at(step),
        )
    with storage.read() as s:
        assert s.scalar(select(Document.id)) is None
        for rec in s.scalars(select(ObjectRecord)):
            assert storage.objects.stat(rec.key) is not None
        sweep = sweep_orphans(s, storage.objects)
    stored_before = STEPS.index(step)  # objects written before the crash
    assert len(sweep.orphans) == min(stored_before, 3) and not sweep.dangling
    res = storage.ingest(
        make_spec(), files["original"], signed=files["signed"], ocr_json=files["ocr_json"]
    )
    assert res.created
    with storage.read() as s:
        after = sweep_orphans(s, storage.objects)
        assert after.orphans == () and after.dangling == ()
        assert audit_log.verify(s).ok


def test_fixity_reports_missing_and_changed_objects_with_progress(
    db_url: str,
    plain_store: object,
    tmp_path: Path,
) -> None:
    from storage import ObjectStore, make_engine, migrate

    assert isinstance(plain_store, ObjectStore)
    engine = make_engine(db_url)
    migrate(engine)
    st = Storage(engine, plain_store, spool_dir=tmp_path)
    try:
        ids = [
            st.ingest(
                make_spec(identifier=f"07920301234{i}"),
                write_file(tmp_path / f"{i}.pdf", f"%PDF fixity {i}".encode()),
            )
            for i in range(3)
        ]
        calls: list[tuple[int, int]] = []
        with st.read() as s:
            clean = fixity_check(s, st.objects, lambda d, t, _b: calls.append((d, t)))
        assert clean.ok and clean.checked == 3 and calls[-1] == (3, 3)
        import io

        changed, missing = ids[0].objects[0], ids[1].objects[0]
        st.objects.client.put_object(st.objects.bucket, changed.key, io.BytesIO(b"evil"), 4)
        st.objects.delete(missing.key)
        with st.read() as s:
            report = fixity_check(s, st.objects)
        assert {(p.key, p.code) for p in report.problems} == {
            (changed.key, "changed"),
            (missing.key, "missing"),
        }
    finally:
        st.close()


def test_certification_numbers_have_no_gaps_or_duplicates_under_concurrency(
    storage: Storage,
) -> None:
    """Given 8 threads certifying 10 originals each (some transactions rolled back),
    the year's register holds 1..N exactly once."""
    at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(10):
                try:
                    with storage.write() as s:
                        certify(
                            s,
                            agency_code="000.00.31.H29",
                            original_ref=f"{t}-{i}",
                            certified_by=f"cb{t}",
                            at=at,
                            copies=2,
                        )
                        if i % 4 == 3:
                            raise Crash("rolled back")
                except Crash:
                    pass
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    with storage.read() as s:
        numbers = register_numbers(s, "000.00.31.H29", 2026)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == 8 * 10 - 8 * 2
    assert not [n for n, c in Counter(numbers).items() if c > 1]


def test_the_register_starts_again_from_one_each_year_in_vietnam_time(
    storage: Storage,
) -> None:
    with storage.write() as s:
        a = [
            certify(
                s,
                agency_code="000.00.31.H29",
                original_ref=f"a{i}",
                certified_by="cb",
                at=datetime(2025, 12, 31, 16, tzinfo=UTC),
            )
            for i in range(2)
        ]
        # 17:30 UTC on 31 December is 00:30 on 1 January in Hanoi: a new year's register.
        b = certify(
            s,
            agency_code="000.00.31.H29",
            original_ref="b",
            certified_by="cb",
            at=datetime(2025, 12, 31, 17, 30, tzinfo=UTC),
        )
    assert [(e.year, e.number) for e in [*a, b]] == [(2025, 1), (2025, 2), (2026, 1)]

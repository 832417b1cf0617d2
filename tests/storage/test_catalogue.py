"""The catalogue on SQLite and PostgreSQL: migrations, ingest, status, lookups, reads
that are audited, dossier codes, export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from storage import (
    Access,
    ConflictError,
    DocumentStatus,
    PurposeRequiredError,
    Storage,
    open_dossier,
)
from storage.catalog.models import AccessEvent, AuditEntry, Document, ObjectRecord
from tests.storage.conftest import TODAY, make_spec, write_file

pytestmark = pytest.mark.s3
WHO = Access("canbo02", "1.001757")


def _accepted(storage: Storage, tmp_path: Path, name: str, **kw: object) -> int:
    src = write_file(tmp_path / f"{name}.pdf", f"%PDF scan {name}".encode())
    res = storage.ingest(make_spec(**kw), src)  # type: ignore[arg-type]
    storage.set_status(res.document_id, DocumentStatus.ACCEPTED, actor="lanhdao", purpose="x")
    return res.document_id


def test_migrations_create_the_schema_and_rerun_as_a_no_op(storage: Storage) -> None:
    from storage import migrate

    migrate(storage.engine)  # second run: nothing to do
    tables = set(inspect(storage.engine).get_table_names())
    assert {
        "subjects",
        "dossiers",
        "documents",
        "reuse_events",
        "access_events",
        "api_clients",
        "audit_entries",
        "certification_entries",
    } <= tables


def test_ingest_stores_objects_first_then_a_draft_row(storage: Storage, tmp_path: Path) -> None:
    res = storage.ingest(
        make_spec(number_symbol="123/QĐ-UBND"),
        write_file(tmp_path / "a.pdf", b"%PDF original"),
        signed=write_file(tmp_path / "s.pdf", b"%PDF signed"),
        ocr_json=write_file(tmp_path / "o.json", b"{}"),
    )
    assert res.created and len(res.objects) == 3
    with storage.read() as s:
        doc = s.get(Document, res.document_id)
        assert doc is not None and doc.status == "draft"
        assert doc.signed_sha256 == res.objects[1].sha256
        assert s.scalar(select(func.count()).select_from(ObjectRecord)) == 3
        assert doc.number_symbol == "123/QĐ-UBND"


def test_reingesting_the_same_bytes_returns_the_same_document(
    storage: Storage,
    tmp_path: Path,
) -> None:
    src = write_file(tmp_path / "a.pdf", b"%PDF same")
    first = storage.ingest(make_spec(), src)
    again = storage.ingest(make_spec(), src)
    assert again.document_id == first.document_id and not again.created
    assert not again.objects[0].created


def test_status_moves_draft_accepted_superseded_and_refuses_the_rest(
    storage: Storage,
    tmp_path: Path,
) -> None:
    old = _accepted(storage, tmp_path, "old")
    new = _accepted(storage, tmp_path, "new")
    storage.set_status(
        old, DocumentStatus.SUPERSEDED, actor="lanhdao", purpose="x", superseded_by=new
    )
    with pytest.raises(ConflictError) as err:
        storage.set_status(old, DocumentStatus.ACCEPTED, actor="lanhdao", purpose="x")
    assert err.value.code == "invalid_state_change"


def test_reusable_lookup_returns_only_accepted_valid_documents_of_the_types(
    storage: Storage,
    tmp_path: Path,
) -> None:
    keep = _accepted(storage, tmp_path, "cccd", valid_until=date(2030, 1, 1))
    _accepted(storage, tmp_path, "expired", valid_until=date(2025, 1, 1))
    _accepted(storage, tmp_path, "other-type", type_code="khai_sinh")
    revoked = _accepted(storage, tmp_path, "revoked")
    storage.set_status(revoked, DocumentStatus.REVOKED, actor="lanhdao", purpose="x")
    storage.ingest(make_spec(), write_file(tmp_path / "draft.pdf", b"%PDF draft"))
    _accepted(storage, tmp_path, "someone-else", identifier="001099000001")
    page = storage.documents_of("079203012345", WHO, types=["cccd"], on=TODAY)
    assert [d.id for d in page.items] == [keep] and page.next_after is None


def test_keyset_pagination_walks_every_document_once(storage: Storage, tmp_path: Path) -> None:
    ids = [_accepted(storage, tmp_path, f"p{i}") for i in range(7)]
    seen: list[int] = []
    after = 0
    while True:
        page = storage.documents_of("079203012345", WHO, on=TODAY, after=after, limit=3)
        seen += [d.id for d in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == ids


def test_lookup_by_document_number(storage: Storage, tmp_path: Path) -> None:
    doc = _accepted(storage, tmp_path, "num", number_symbol="45/2026/GCN")
    assert [d.id for d in storage.find_by_number("45/2026/GCN", WHO).items] == [doc]
    assert storage.find_by_number("46/2026/GCN", WHO).items == ()


@pytest.mark.parametrize(
    "query", ["Nguyễn Văn Đức Thủ Đức", "nguyen van duc thu duc", "NGUYEN DUC"]
)
def test_full_text_matches_with_or_without_diacritics(
    storage: Storage,
    tmp_path: Path,
    query: str,
) -> None:
    hit = storage.ingest(
        make_spec(text="Họ và tên: NGUYỄN VĂN ĐỨC, thường trú Thủ Đức"),
        write_file(tmp_path / "a.pdf", b"%PDF a"),
    ).document_id
    storage.ingest(
        make_spec(text="Họ và tên: Trần Thị Bình, Hà Nội"),
        write_file(tmp_path / "b.pdf", b"%PDF b"),
    )
    assert [d.id for d in storage.search(query, WHO).items] == [hit]


def test_every_read_needs_who_and_why_and_is_recorded(storage: Storage, tmp_path: Path) -> None:
    _accepted(storage, tmp_path, "r")
    with pytest.raises(PurposeRequiredError) as err:
        storage.documents_of("079203012345", Access("canbo02", " "))
    assert err.value.code == "purpose_required"
    storage.documents_of("079203012345", WHO, on=TODAY)
    with storage.read() as s:
        ev = s.scalars(select(AccessEvent)).one()
        assert (ev.actor, ev.purpose, ev.action) == ("canbo02", "1.001757", "lookup.subject")
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        assert (entry.actor, entry.subject, entry.purpose) == (
            "canbo02",
            "079203012345",
            "1.001757",
        )


def test_audit_entries_hold_no_document_content(storage: Storage, tmp_path: Path) -> None:
    storage.ingest(
        make_spec(text="BÍ MẬT nội dung giấy tờ", summary="Trích yếu riêng tư"),
        write_file(tmp_path / "a.pdf", b"%PDF a"),
    )
    storage.search("bi mat", WHO)
    with storage.read() as s:
        for e in s.scalars(select(AuditEntry)):
            row = " ".join(str(v) for v in (e.actor, e.action, e.subject, e.target, e.purpose))
            assert "mật" not in row.lower() and "riêng" not in row.lower()


def test_dossier_codes_follow_agency_date_and_daily_sequence(storage: Storage) -> None:
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with storage.write() as s:
        codes = [
            open_dossier(
                s, agency_code="000.00.31.H29", procedure_code="1.001757", received_at=at
            ).code
            for _ in range(2)
        ]
        next_day = open_dossier(
            s,
            agency_code="000.00.31.H29",
            procedure_code="1.001757",
            received_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        ).code
    assert codes == ["000.00.31.H29-261123-0001", "000.00.31.H29-261123-0002"]
    assert next_day == "000.00.31.H29-261124-0001"


def test_reuse_is_recorded_for_accepted_documents_only(storage: Storage, tmp_path: Path) -> None:
    doc = _accepted(storage, tmp_path, "reuse")
    storage.record_reuse(doc, client="hethong-motcua", purpose="1.001757")
    draft = storage.ingest(make_spec(), write_file(tmp_path / "d.pdf", b"%PDF d")).document_id
    with pytest.raises(ConflictError):
        storage.record_reuse(draft, client="hethong-motcua", purpose="1.001757")


def test_export_writes_the_signed_pdf_and_appendix_vi_xml(storage: Storage, tmp_path: Path) -> None:
    res = storage.ingest(
        make_spec(number_symbol="12/GP", summary="Giấy phép", issue_date=date(2026, 1, 5)),
        write_file(tmp_path / "o.pdf", b"%PDF original"),
        signed=write_file(tmp_path / "s.pdf", b"%PDF signed copy"),
    )
    out = storage.export(res.document_id, WHO, tmp_path / "out")
    assert out.pdf.read_bytes() == b"%PDF signed copy"
    root = ET.fromstring(out.xml.read_bytes())
    ns = {"m": "urn:sohoa:metadata:nd30-2020:pl6"}
    assert root.findtext("m:TaiLieu/m:SoVanBan", namespaces=ns) == "12/GP"
    assert root.findtext("m:TaiLieu/m:NgayThangNamVanBan", namespaces=ns) == "2026-01-05"
    assert root.findtext("m:SoHoa/m:SoDinhDanhChuSoHuu", namespaces=ns) == "079203012345"
    assert root.findtext("m:SoHoa/m:SHA256", namespaces=ns) == res.objects[1].sha256


def test_open_file_streams_the_verified_bytes(storage: Storage, tmp_path: Path) -> None:
    res = storage.ingest(
        make_spec(),
        write_file(tmp_path / "o.pdf", b"%PDF o"),
        signed=write_file(tmp_path / "s.pdf", b"%PDF s"),
    )
    with storage.open_file(res.document_id, WHO) as fh:
        assert b"".join(fh) == b"%PDF s"
    assert "X-Amz-Signature" in storage.presign(res.document_id, WHO)


def test_api_client_keys_are_stored_hashed_and_can_be_revoked(storage: Storage) -> None:
    from storage import authenticate_client, register_client, revoke_client

    with storage.write() as s:
        client, key = register_client(s, "hethong-motcua", ["reuse", "lookup"])
        assert client.key_sha256 != key and key not in client.key_sha256
    with storage.write() as s:
        found = authenticate_client(s, key)
        assert found is not None and found.roles == "lookup,reuse"
        assert authenticate_client(s, key + "x") is None
        revoke_client(s, "hethong-motcua")
    with storage.read() as s:
        assert authenticate_client(s, key) is None
    with pytest.raises(ConflictError), storage.write() as s:
        register_client(s, "hethong-motcua", [])


def test_a_bucket_without_object_lock_is_refused_when_lock_is_configured(
    s3_endpoint: object,
) -> None:
    from storage import ObjectStore, ObjectStoreError
    from tests.storage.conftest import store_settings

    plain = ObjectStore(store_settings(s3_endpoint, lock_mode=None))  # type: ignore[arg-type]
    with pytest.raises(ObjectStoreError, match="without object lock"):
        ObjectStore(
            store_settings(
                s3_endpoint,  # type: ignore[arg-type]
                bucket=plain.bucket,
                lock_mode="GOVERNANCE",
            )
        )

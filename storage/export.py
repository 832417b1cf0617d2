"""Export of a document record: the stored (signed) PDF plus XML metadata after Decree
30/2020, appendix VI (document metadata of an electronic record)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from storage.catalog.models import Document

__all__ = ["ExportResult", "metadata_xml"]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """Files written by an export."""

    pdf: Path
    """The stored signed PDF (or the original scan when unsigned), verified."""
    xml: Path
    """Its metadata."""


def _add(parent: ET.Element, tag: str, value: object) -> None:
    el = ET.SubElement(parent, tag)
    if value is not None:
        el.text = str(value)


def metadata_xml(
    doc: Document, *, agency_code: str, subject_identifier: str, file_sha256: str
) -> bytes:
    """Appendix VI fields (plus the digitizing record) as a small, plain XML document."""
    root = ET.Element("HoSoSoHoa", {"xmlns": "urn:sohoa:metadata:nd30-2020:pl6", "version": "1"})
    tl = ET.SubElement(root, "TaiLieu")  # document
    _add(tl, "MaDinhDanhCoQuan", agency_code)  # agency identifier (file code part)
    _add(tl, "MaHoSo", doc.record_code)  # file code
    _add(tl, "SoThuTu", doc.id)  # ordinal within the catalogue
    _add(tl, "TenLoaiVanBan", doc.type_code)  # type name
    _add(tl, "SoVanBan", doc.number_symbol)  # number and notation
    _add(tl, "NgayThangNamVanBan", doc.issue_date.isoformat() if doc.issue_date else None)
    _add(tl, "TenCoQuanBanHanh", doc.issuing_agency)  # issuing agency
    _add(tl, "TrichYeuNoiDung", doc.summary)  # subject / summary
    _add(tl, "NgonNgu", doc.language)
    _add(tl, "SoTrang", doc.page_count)
    _add(tl, "NguoiKy", doc.signer)  # signer (position, name)
    _add(tl, "HieuLucTu", doc.valid_from.isoformat())
    _add(tl, "HieuLucDen", doc.valid_until.isoformat() if doc.valid_until else "vĩnh viễn")
    _add(tl, "PhamViHieuLuc", doc.validity_scope)
    sh = ET.SubElement(root, "SoHoa")  # the digitizing record
    _add(sh, "SoDinhDanhChuSoHuu", subject_identifier)
    _add(sh, "LoaiGiayTo", "ket_qua" if doc.kind == 1 else "thanh_phan_ho_so")
    _add(sh, "MaThuTuc", doc.procedure_code)
    _add(sh, "MaLinhVuc", doc.field_code)
    _add(sh, "NguoiSoHoa", doc.digitized_by)
    _add(sh, "ThoiGianSoHoa", doc.digitized_at.isoformat())
    _add(sh, "NguoiTiepNhan", doc.accepted_by)
    _add(sh, "TrangThai", doc.status)
    _add(sh, "MucChuKy", doc.signature_level)
    _add(sh, "SHA256", file_sha256)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

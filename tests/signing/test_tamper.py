"""Tampering, later modifications and expired certificates are reported, not hidden."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from signing import (
    AgencySigner,
    CertificateNotUsableError,
    Indication,
    Level,
    Pkcs12KeySpec,
    SignSpec,
    TrustSpec,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from tests.signing import services

pytestmark = [pytest.mark.tsa]


def _flip_in_page_text(pdf: bytes) -> bytes:
    """Flip one byte of page 1's text, inside the signed byte range."""
    at = pdf.index(b"trang 1")
    data = bytearray(pdf)
    data[at] ^= 0x01  # 't' -> 'u'
    return bytes(data)


@pytest.mark.parametrize("level", [Level.B_B, Level.B_LTA], ids=str)
def test_one_flipped_byte_in_the_signed_range_is_total_failed_hash_failure(
    signed: dict[Level, bytes], trust: TrustSpec, level: Level
) -> None:
    tampered = _flip_in_page_text(signed[level])
    assert len(tampered) == len(signed[level])
    report = validate_pdf(tampered, trust)
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED, report.to_text()
    assert sig.sub_indication == "HASH_FAILURE"
    assert not sig.intact
    assert not report.all_passed


def _add_annotation(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annot = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (100, 100, 120, 120)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("sửa sau khi ký"),
        }
    )
    annots = page.get("/Annots", generic.ArrayObject())
    annots.append(writer.add_object(annot))
    page[generic.NameObject("/Annots")] = annots
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_annotation_added_after_signing_is_reported_as_an_annotation_change(
    signed: dict[Level, bytes], trust: TrustSpec
) -> None:
    original = signed[Level.B_B]
    changed = _add_annotation(original)
    assert changed.startswith(original)  # an incremental update, as an attacker would do
    report = validate_pdf(changed, trust)
    sig = report.signatures[0]
    assert sig.intact and sig.valid
    assert sig.coverage == "ENTIRE_REVISION"
    assert sig.modification_level == "ANNOTATIONS"
    assert "modified after    annotations" in report.to_text("en")
    assert "sửa đổi sau ký    thêm chú thích" in report.to_text("vi")
    assert report.to_dict()["signatures"][0]["modification_level"] == "ANNOTATIONS"


def test_sohoa_refuses_to_sign_with_an_expired_certificate(
    certomancer: services.Certomancer, sample_pdf: bytes
) -> None:
    old = load_signer(
        Pkcs12KeySpec(certomancer.pkcs12("signer-old"), services.P12_PASSPHRASE.decode())
    )
    with pytest.raises(CertificateNotUsableError) as err:
        sign_pdf(sample_pdf, SignSpec(level=Level.B_B), old)
    assert err.value.code == "signer_certificate_not_usable"


def test_signature_by_an_expired_certificate_is_not_passed(
    certomancer: services.Certomancer, trust: TrustSpec, sample_pdf: bytes
) -> None:
    """Given a file signed (by bare pyHanko, as another tool would) with a certificate
    that expired in 2022, when validated now, then it is INDETERMINATE, not passed."""
    old: AgencySigner = load_signer(
        Pkcs12KeySpec(certomancer.pkcs12("signer-old"), services.P12_PASSPHRASE.decode())
    )
    meta = signers.PdfSignatureMetadata(field_name="Old", subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, old.signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(sample_pdf))
    )
    report = validate_pdf(out.getvalue(), trust)
    sig = report.signatures[0]
    assert sig.intact and sig.valid
    assert sig.indication is Indication.INDETERMINATE, report.to_text()
    assert sig.sub_indication in {"OUT_OF_BOUNDS_NO_POE", "EXPIRED", "OUT_OF_BOUNDS_NOT_REVOKED"}
    assert not report.all_passed


def test_validation_as_of_a_time_inside_the_certificate_life_passes(
    signed: dict[Level, bytes], offline_trust: TrustSpec
) -> None:
    """The B-LT file validated as of the day after signing, offline, passes."""
    as_of = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    report = validate_pdf(signed[Level.B_LTA], offline_trust, as_of=as_of)
    assert report.validation_time == as_of
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.to_text()


def test_damaged_archive_timestamp_is_a_format_failure_entry_not_a_crash(
    signed: dict[Level, bytes], trust: TrustSpec
) -> None:
    pdf = signed[Level.B_LTA]
    at = pdf.rindex(b"/Contents <") + len(b"/Contents <")
    damaged = pdf[:at] + b"00" + pdf[at + 2 :]  # the time-stamp token's first DER byte
    report = validate_pdf(damaged, trust)
    entries = {s.sub_indication for s in report.signatures}
    assert "FORMAT_FAILURE" in entries, report.to_text()
    assert not report.all_passed

"""``sohoa sign``, ``sohoa verify`` and ``sohoa renew`` through the real entry point."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main as cli
from api.settings import get_settings
from signing import Level
from tests.signing import pages, services
from tests.signing.conftest import make_pdf
from tests.signing.test_report_words import raw_codes

pytestmark = [pytest.mark.tsa]


@pytest.fixture
def configured(
    certomancer: services.Certomancer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Path]:
    """Settings pointing at the certomancer PKI's PKCS#12 key, TSA and root."""
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOHOA_SIGNING__PKCS12_PATH", str(certomancer.pkcs12()))
    monkeypatch.setenv("SOHOA_SIGNING__PKCS12_PASSPHRASE", services.P12_PASSPHRASE.decode())
    monkeypatch.setenv("SOHOA_SIGNING__TSA_URL", certomancer.tsa_url())
    roots = json.dumps([str(certomancer.cert_path("root"))])
    monkeypatch.setenv("SOHOA_SIGNING__TRUST_ROOTS", roots)
    monkeypatch.setenv("SOHOA_SIGNING__AGENCY", "UBND phường Bến Nghé")
    get_settings.cache_clear()
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf(2))
    yield tmp_path
    get_settings.cache_clear()


@pytest.mark.parametrize("level", ["B-B", "B-LTA"])
def test_sign_then_verify_exits_zero_when_every_signature_passes(
    configured: Path, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    out = configured / "out.pdf"
    assert cli(["sign", str(configured / "in.pdf"), str(out), "--level", level]) == 0
    assert f"{level}" in capsys.readouterr().out
    assert cli(["verify", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["all_passed"] is True
    assert report["signatures"][0]["indication"] == "TOTAL_PASSED"
    assert report["signatures"][0]["pades_level"] == level


def test_verify_exits_one_on_a_tampered_file(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = configured / "out.pdf"
    assert cli(["sign", str(configured / "in.pdf"), str(out)]) == 0
    data = bytearray(out.read_bytes())
    at = data.index(b"trang 1")
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert cli(["verify", str(out)]) == 1
    text = capsys.readouterr().out
    assert "kết luận          không đạt" in text, text
    assert "lý do             nội dung đã ký bị thay đổi sau khi ký" in text, text
    assert raw_codes(text) == set(), text  # words for the staff; the codes are in --json
    assert "nguyên vẹn / hợp lệ / tin cậy   không / " in text  # Vietnamese by default


def test_sign_certify_puts_the_stamp_and_verify_text_report(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = configured / "cc.pdf"
    status = cli(
        [
            "sign",
            str(configured / "in.pdf"),
            str(out),
            "--certify",
            "77",
            "--book",
            "02/2026-SCT/BS",
            "--certifier",
            "Trần Văn Bình",
            "--title",
            "Chủ tịch",
            "--date",
            "2026-11-23",
        ]
    )
    assert status == 0
    assert b"/Subtype /Widget" in out.read_bytes()
    assert cli(["verify", str(out), "--lang", "en"]) == 0
    assert "result            passed" in capsys.readouterr().out


def test_upgrade_raises_a_b_b_file_to_b_lta(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bb = configured / "bb.pdf"
    lta = configured / "lta.pdf"
    assert cli(["sign", str(configured / "in.pdf"), str(bb), "--level", "B-B"]) == 0
    assert cli(["sign", str(bb), str(lta), "--upgrade", "--level", "B-LTA"]) == 0
    assert lta.read_bytes().startswith(bb.read_bytes())
    capsys.readouterr()
    assert cli(["verify", str(lta), "--json", "--offline"]) == 0
    assert json.loads(capsys.readouterr().out)["signatures"][0]["pades_level"] == str(Level.B_LTA)


def test_bad_inputs_give_one_coded_line(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["verify", str(configured / "missing.pdf")]) == 2
    assert "sohoa: error [input_unreadable]" in capsys.readouterr().err
    junk = configured / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    assert cli(["sign", str(junk), str(configured / "o.pdf")]) == 2
    assert "sohoa: error [pdf_unreadable]" in capsys.readouterr().err
    assert (
        cli(["sign", str(configured / "in.pdf"), str(configured / "o.pdf"), "--certify", "1"]) == 2
    )
    assert "--book" in capsys.readouterr().err


def test_tsa_down_exits_three_with_tsa_unavailable(
    configured: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOHOA_SIGNING__TSA_TIMEOUT", "2")
    get_settings.cache_clear()
    status = cli(
        [
            "sign",
            str(configured / "in.pdf"),
            str(configured / "o.pdf"),
            "--level",
            "B-T",
            "--tsa-url",
            "http://127.0.0.1:9/tsa",
        ]
    )
    assert status == 3
    assert "sohoa: error [tsa_unavailable]" in capsys.readouterr().err
    assert not (configured / "o.pdf").exists()


def test_production_mode_refuses_the_development_pki_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOHOA_MODE", "production")
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf(1))
    try:
        assert cli(["sign", str(src), str(tmp_path / "o.pdf")]) == 2
    finally:
        get_settings.cache_clear()
    # The settings refuse production without a real key before signing is reached.
    err = capsys.readouterr().err
    assert "sohoa: error [invalid_settings]" in err and "development PKI" in err, err


def test_every_signing_error_code_has_vietnamese_and_english_wording() -> None:
    import inspect

    import signing
    from signing import MESSAGES, SigningError, staff_message

    codes = {
        cls.code
        for _, cls in inspect.getmembers(signing, inspect.isclass)
        if issubclass(cls, SigningError) and cls is not SigningError
    }
    assert codes <= set(MESSAGES), codes - set(MESSAGES)
    assert staff_message("tsa_unavailable").startswith("Máy chủ cấp dấu thời gian")
    assert staff_message("tsa_unavailable", "en").startswith("The time-stamping server")


def test_verify_of_an_unsigned_pdf_exits_one_and_says_so(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["verify", str(configured / "in.pdf"), "--lang", "en"]) == 1
    assert "No signature in this file." in capsys.readouterr().out
    assert cli(["verify", str(configured / "in.pdf")]) == 1
    text = capsys.readouterr().out
    assert "Tệp này không có chữ ký số." in text
    assert "Kết quả: tệp này không có chữ ký số" in text
    assert "KHÔNG phải mọi chữ ký" not in text


def test_sign_warns_with_a_code_when_the_stamp_must_cover_the_page(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = configured / "full.pdf"
    full.write_bytes(pages.text_pdf([(10, 10, 585, 832)]))
    status = cli(
        [
            "sign",
            str(full),
            str(configured / "w.pdf"),
            "--certify",
            "78",
            "--book",
            "02/2026-SCT/BS",
            "--certifier",
            "Trần Văn Bình",
            "--title",
            "Chủ tịch",
            "--date",
            "2026-11-23",
        ]
    )
    assert status == 0
    err = capsys.readouterr().err
    assert "sohoa: warning [stamp_covers_content]: Trang không còn chỗ trống" in err, err
    assert "sohoa: warning [mark_covers_content]" in err, err


def test_sign_box_puts_the_mark_where_asked(configured: Path) -> None:
    out = configured / "boxed.pdf"
    assert cli(["sign", str(configured / "in.pdf"), str(out), "--box", "40,700,250,740"]) == 0
    assert pages.widget_rects(out.read_bytes()) == [(1, (40.0, 700.0, 250.0, 740.0))]

"""The signing CLI's checks and its reports on failures (review findings of issue 4).

Most cases stop before any key or TSA is used, so they cost no signature.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from api.cli import main as cli
from api.settings import get_settings
from tests.signing import test_cli
from tests.signing.conftest import make_pdf

pytestmark = [pytest.mark.tsa]

#: The shared CLI set-up, a fixture: settings pointing at the certomancer PKI.
configured = test_cli.configured

CERTIFY = [
    "--certify",
    "5",
    "--book",
    "02/2026-SCT/BS",
    "--certifier",
    "Trần Văn Bình",
    "--title",
    "Chủ tịch",
]


def _sign(configured: Path, name: str = "out.pdf", *extra: str) -> Path:
    out = configured / name
    assert cli(["sign", str(configured / "in.pdf"), str(out), *extra]) == 0
    return out


def _pyhanko_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("pyhanko") and r.levelno >= logging.WARNING
    ]


def test_tampered_report_claims_neither_valid_nor_unmodified(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _sign(configured)
    data = bytearray(out.read_bytes())
    data[data.index(b"trang 1")] ^= 0x01
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert cli(["verify", str(out)]) == 1
    text = capsys.readouterr().out
    assert "kết luận          không đạt" in text, text
    assert "nguyên vẹn / hợp lệ / tin cậy   không / không / " in text, text
    assert "NONE" not in text and "được phép: có" not in text, text
    assert "sửa đổi sau ký    -" in text, text
    assert cli(["verify", str(out), "--json"]) == 1
    sig = json.loads(capsys.readouterr().out)["signatures"][0]
    assert (
        sig["intact"],
        sig["valid"],
        sig["modification_level"],
        sig["modifications_permitted"],
    ) == (False, False, None, None)


def test_verify_of_a_signed_file_broken_at_eof_fails_in_vietnamese(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _sign(configured)
    data = bytearray(out.read_bytes())
    data[data.rindex(b"%%EOF") + 2] ^= 0x01
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert cli(["verify", str(out)]) == 1
    captured = capsys.readouterr()
    assert "KHÔNG đạt" in captured.out and "sau khi ký" in captured.out, captured
    assert "pdf_unreadable" not in captured.err, captured


def test_verify_as_of_before_the_certificate_is_quiet_and_names_the_reason(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    out = _sign(configured)
    assert _pyhanko_records(caplog) == []  # no "No ROS metadata" on every sign
    capsys.readouterr()
    assert cli(["verify", str(out), "--as-of", "2020-01-01"]) == 1
    captured = capsys.readouterr()
    assert _pyhanko_records(caplog) == []
    assert "Traceback" not in captured.err and "UBND" not in captured.err, captured.err
    reason = [line for line in captured.out.splitlines() if line.strip().startswith("lý do")]
    assert reason and len(reason[0].split(None, 2)[-1]) > 10, captured.out


def test_verify_vv_shows_pyhanko_warnings_again(
    configured: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    out = _sign(configured)
    assert cli(["-vv", "verify", str(out), "--as-of", "2020-01-01"]) == 1
    assert _pyhanko_records(caplog), "with -vv pyHanko's own warnings are shown"


def test_sign_refuses_a_missing_output_folder_without_creating_it(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = configured / "nowhere" / "x.pdf"
    assert cli(["sign", str(configured / "in.pdf"), str(target)]) == 2
    assert "sohoa: error [output_dir_missing]" in capsys.readouterr().err
    assert not target.parent.exists()


def test_sign_refuses_output_equal_to_input(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = configured / "in.pdf"
    before = src.read_bytes()
    assert cli(["sign", str(src), str(configured / "." / "in.pdf")]) == 2
    assert "sohoa: error [output_is_input]" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_sign_checks_the_output_before_asking_the_tsa(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A folder as OUT can never be written; a dead TSA would give exit 3 if it were asked.
    folder = configured / "a-folder.pdf"
    folder.mkdir()
    assert (
        cli(
            [
                "sign",
                str(configured / "in.pdf"),
                str(folder),
                "--level",
                "B-T",
                "--tsa-url",
                "http://127.0.0.1:9/tsa",
            ]
        )
        == 2
    )
    assert "sohoa: error [output_unwritable]" in capsys.readouterr().err
    assert list(configured.glob(".sohoa-*")) == []


def test_a_failed_sign_leaves_no_temporary_file(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOHOA_SIGNING__TSA_TIMEOUT", "2")
    get_settings.cache_clear()
    assert (
        cli(
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
        == 3
    )
    assert "[tsa_unavailable]" in capsys.readouterr().err
    assert list(configured.glob(".sohoa-*")) == []
    assert not (configured / "o.pdf").exists()


_TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "extra",
    [
        [*CERTIFY, "--page", "0"],
        [*CERTIFY, "--page", "9"],
        [*CERTIFY, "--date", _TOMORROW],
        ["--box", "500,700,900,800"],
        [*CERTIFY, "--box=-20,10,100,60"],
        ["--book", "02/2026-SCT/BS"],
        ["--page", "1"],
        ["--date", "2026-01-02", "--certifier", "X"],
        ["--verify-url", "https://x.test/1"],
        ["--certify", "abc", "--book", "b", "--certifier", "c", "--title", "t"],
        ["--certify", "0", "--book", "b", "--certifier", "c", "--title", "t"],
    ],
    ids=[
        "page-0",
        "page-9",
        "future-date",
        "box-off-page-1",
        "box-off-stamp-page",
        "book-alone",
        "page-alone",
        "date-alone",
        "verify-url-alone",
        "certify-abc",
        "certify-zero",
    ],
)
def test_sign_refuses_bad_arguments_with_one_line(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
) -> None:
    assert cli(["sign", str(configured / "in.pdf"), str(configured / "o.pdf"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sohoa: error [bad_argument]") and err.count("\n") == 1, err
    assert not (configured / "o.pdf").exists()
    assert list(configured.glob(".sohoa-*")) == []


def test_renew_checks_paths_before_the_tsa_and_refuses_negative_days(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOHOA_SIGNING__TSA_URL")
    get_settings.cache_clear()
    assert cli(["renew", str(configured / "missing")]) == 2
    assert "[input_unreadable]" in capsys.readouterr().err
    assert cli(["renew", str(configured), "--within-days", "-1"]) == 2
    assert "[bad_argument]" in capsys.readouterr().err


def _encrypted_pdf() -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(make_pdf(1))))
    writer.encrypt("owner-secret", "user-secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "not_a_pdf"),
        (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "not_a_pdf"),
        (b"", "empty_file"),
        (None, "encrypted_pdf"),
    ],
    ids=["png", "html", "empty", "encrypted"],
)
def test_sign_names_what_the_input_is_when_it_is_not_a_signable_pdf(
    configured: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    code: str,
) -> None:
    src = configured / "input.pdf"
    src.write_bytes(_encrypted_pdf() if content is None else content)
    assert cli(["sign", str(src), str(configured / "o.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sohoa: error [{code}]: tệp"), err
    assert "Illegal PDF header" not in err


def test_development_pki_signature_says_it_has_no_legal_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    src = tmp_path / "in.pdf"
    src.write_bytes(make_pdf(1))
    out = tmp_path / "dev.pdf"
    try:
        assert cli(["sign", str(src), str(out), "--level", "B-B"]) == 0
        assert "khóa phát triển, không có giá trị pháp lý" in capsys.readouterr().out
        cli(["verify", str(out)])
    finally:
        get_settings.cache_clear()
    text = capsys.readouterr().out
    assert "khóa phát triển, không có giá trị pháp lý" in text, text

"""The readable validation report says every code in words; the JSON keeps the codes.

The reports here are built from every code pyHanko can put in one, so that a code the
wording tables miss shows up as a raw code in the text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from signing import Indication, RevocationMode, SignatureReport, ValidationReport
from signing.messages import REPORT_LABELS
from signing.reasons import SUB_INDICATIONS, SUB_REASONS

SUB_INDICATION_NAMES = sorted({str(m.standard_name) for m in (*AdESFailure, *AdESIndeterminate)})
COVERAGES = [m.name for m in SignatureCoverageLevel]
MODIFICATIONS = [m.name for m in ModificationLevel]
PROCESSES = ["long-term", "basic"]
REVOCATION_MODES = [str(m) for m in RevocationMode]
ALL_CODES = {
    *SUB_INDICATION_NAMES,
    *COVERAGES,
    *MODIFICATIONS,
    *PROCESSES,
    *REVOCATION_MODES,
    *(str(i) for i in Indication),
}
#: A raw code as pyHanko and ETSI write them: UPPER_SNAKE or lower_snake.
CODE_SHAPE = re.compile(r"\b(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")
MOMENT = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)


def raw_codes(text: str, lang: str = "vi") -> set[str]:
    """The codes of a validation report that appear as they are in *text*. In English
    the lower-case process and revocation codes (``long-term``, ``hard-fail``) are
    plain words and may appear inside their labels."""
    codes = ALL_CODES if lang == "vi" else ALL_CODES - {*PROCESSES, *REVOCATION_MODES}
    words = set(CODE_SHAPE.findall(text))
    words |= {code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}
    return words


def _signature(
    i: int, indication: Indication, sub: str | None, coverage: str, modification: str, process: str
) -> SignatureReport:
    return SignatureReport(
        field_name=f"Chữ ký {i}",
        indication=indication,
        sub_indication=sub,
        intact=True,
        valid=indication is Indication.TOTAL_PASSED,
        trusted=False,
        signer="CN=UBND phường Bến Nghé",
        claimed_signing_time=MOMENT,
        timestamp_time=None,
        best_signature_time=MOMENT,
        pades_level="B-LTA",
        coverage=coverage,
        modification_level=modification,
        modifications_permitted=True,
        chain=("CN=UBND phường Bến Nghé", "CN=Root"),
        message=None,
        process=process,
    )


def _every_code_report(mode: str) -> ValidationReport:
    signatures = [
        _signature(
            i,
            Indication.TOTAL_FAILED if i % 2 else Indication.INDETERMINATE,
            sub,
            COVERAGES[i % len(COVERAGES)],
            MODIFICATIONS[i % len(MODIFICATIONS)],
            PROCESSES[i % 2],
        )
        for i, sub in enumerate(SUB_INDICATION_NAMES)
    ]
    signatures.append(
        _signature(99, Indication.TOTAL_PASSED, None, "ENTIRE_FILE", "NONE", "long-term")
    )
    return ValidationReport(
        validation_time=MOMENT,
        revocation_mode=mode,
        signatures=tuple(signatures),
        document_timestamps=(),
    )


@pytest.mark.parametrize("mode", REVOCATION_MODES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_raw_code_leaks_into_the_readable_report(mode: str, lang: str) -> None:
    text = _every_code_report(mode).to_text(lang)
    assert raw_codes(text, lang) == set(), text
    assert text == unicodedata.normalize("NFC", text)


def test_the_vietnamese_report_says_why_in_vietnamese() -> None:
    text = _every_code_report("hard-fail").to_text("vi")
    assert "lý do             nội dung đã ký bị thay đổi sau khi ký" in text
    assert "kết luận          chưa kết luận được" in text
    assert "kết luận          đạt" in text
    assert "phạm vi ký        toàn bộ tệp" in text
    assert "(kiểm tra thu hồi: bắt buộc khi chứng thư có khai báo)" in text
    assert "Kết quả: KHÔNG phải mọi chữ ký đều đạt" in text


def test_the_json_report_keeps_every_code() -> None:
    report = _every_code_report("soft-fail").to_dict()
    assert report["revocation_mode"] == "soft-fail"
    subs = [s["sub_indication"] for s in report["signatures"]]
    assert subs[:-1] == SUB_INDICATION_NAMES
    assert report["signatures"][-1]["indication"] == "TOTAL_PASSED"
    assert {s["coverage"] for s in report["signatures"]} <= set(COVERAGES)


def test_every_code_pyhanko_and_sohoa_report_has_words_in_both_languages() -> None:
    expected = {
        "indication": {str(i) for i in Indication},
        "coverage": set(COVERAGES),
        "modification": set(MODIFICATIONS),
        "process": set(PROCESSES),
        "revocation": set(REVOCATION_MODES),
    }
    assert {field: set(labels) for field, labels in REPORT_LABELS.items()} == expected
    assert set(SUB_INDICATION_NAMES) <= set(SUB_INDICATIONS)
    tables = [*REPORT_LABELS.values(), SUB_INDICATIONS]
    for table in tables:
        for code, (vi, en) in table.items():
            assert vi and en and vi != code and en != code, code
            assert vi == unicodedata.normalize("NFC", vi), code
    # The JSON message default stays the English reason.
    assert SUB_REASONS["HASH_FAILURE"] == "the signed bytes were changed after signing"

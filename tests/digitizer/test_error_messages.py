"""Every digitizer error says what to do in Vietnamese and in English, fully filled."""

from __future__ import annotations

import inspect
import pickle
import unicodedata

import pytest

from digitizer import errors
from digitizer.error_messages import CATALOGUE, FORMATS, fields, render
from digitizer.errors import DigitizerError

#: A value for every field a template may use; a new field must be added here.
SAMPLE: dict[str, str | int | float] = {
    "size": 4_000_000,
    "limit": 3_000_000,
    "found": "html_page",
    "claimed": "PDF",
    "kind": "PNG",
    "page": 2,
    "detail": "xref table broken",
    "width": 9000,
    "height": 8000,
    "pages": 4,
    "program": "tesseract",
    "hint": "apt-get install tesseract-ocr",
    "signal": 9,
    "status": 1,
    "stderr": "Error opening data file",
    "reason": "No space left on device",
    "folder": "/tmp/sohoa-x",
    "seconds": 30.0,
    "error": "MemoryError",
}

ERROR_CLASSES = [
    cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, DigitizerError)
]


def test_every_error_class_has_templates_in_both_languages_with_the_same_fields() -> None:
    assert len(ERROR_CLASSES) >= 19
    for cls in ERROR_CLASSES:
        templates = CATALOGUE.get(cls.code)
        assert templates, f"{cls.__name__}: no message for {cls.code}"
        for template in templates:
            vi, en = template["vi"], template["en"]
            assert vi and en and vi != en, cls.code
            assert vi == unicodedata.normalize("NFC", vi), cls.code
            assert fields(vi) == fields(en), (cls.code, vi, en)
        # The last one needs no field, so an error without params still renders whole.
        assert not fields(templates[-1]["vi"]), cls.code


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_template_renders_with_no_placeholder_left(lang: str) -> None:
    for code, templates in CATALOGUE.items():
        for template in templates:
            used = {name: SAMPLE[name] for name in fields(template[lang])}
            text = render(code, lang, used)
            assert "{" not in text and "}" not in text, (code, text)
            for name, value in used.items():
                if name == "found":
                    shown = FORMATS[str(value)][lang]
                else:
                    shown = f"{value:g}" if name == "seconds" else str(value)
                assert shown in text, (code, name, text)


def test_an_error_with_params_speaks_vietnamese_by_default_and_english_on_request() -> None:
    exc = errors.TooManyPagesError(kind="PDF", pages=120, limit=100)
    assert exc.message() == (
        "Tệp PDF có 120 trang, vượt giới hạn 100 trang — hãy tách thành các tệp nhỏ hơn."
    )
    assert exc.message("en") == str(exc)
    assert str(exc).startswith("The PDF has 120 pages, more than the limit of 100")
    assert (exc.code, exc.exit_status) == ("too_many_pages", 2)


def test_a_format_id_is_named_in_the_staff_language() -> None:
    exc = errors.MislabelledFileError(claimed="PDF", found="html_page")
    assert "trang web HTML" in exc.message("vi")
    assert "an HTML page" in exc.message("en")


def test_the_most_detailed_template_the_params_fill_is_chosen() -> None:
    page_only = errors.CorruptFileError(kind="TIFF", page=3)
    assert page_only.message("en").startswith("Page 3 of the TIFF file is damaged")
    whole = errors.CorruptFileError(kind="PDF", detail="xref broken")
    assert whole.message("vi").startswith("Tệp PDF bị hỏng, không đọc được (xref broken)")
    bare = errors.CorruptFileError()
    assert bare.message("vi").startswith("Tệp bị hỏng")
    # A value of the wrong kind falls back to a plainer text rather than failing.
    odd = errors.ToolTimeoutError(program="tesseract", seconds="long", stderr="")
    assert "{" not in odd.message("vi") and odd.message("vi") != odd.message("en")


def test_an_old_style_english_detail_stays_in_str_and_staff_get_the_catalogue() -> None:
    exc = errors.InputNotFoundError("the file does not exist; check the path")
    assert str(exc) == "the file does not exist; check the path"
    assert exc.message("vi") == "Không có tệp này — hãy kiểm tra lại đường dẫn."


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_errors_cross_the_process_pool_with_their_params(cls: type[DigitizerError]) -> None:
    exc = cls(**SAMPLE)
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert (back.code, back.exit_status, str(back)) == (exc.code, exc.exit_status, str(exc))
    assert dict(back.params) == SAMPLE
    assert back.message("vi") == exc.message("vi")


def test_exit_statuses_keep_the_cli_contract() -> None:
    environment = {
        "tool_missing",
        "tool_failed",
        "tool_timeout",
        "worker_crashed",
        "internal_error",
    }
    for cls in ERROR_CLASSES:
        assert cls.exit_status == (3 if cls.code in environment else 2), cls.code

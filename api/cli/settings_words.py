"""pydantic's complaints about ``SOHOA_*`` settings, said in Vietnamese for the counter.

pydantic words its validation errors in English only. Each error carries a stable
``type`` and the limits in ``ctx``; the types our settings can raise are said here in
Vietnamese, and any other falls back to pydantic's own English wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["problem"]

_VI: Mapping[str, str] = {
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "float_parsing": "phải là một số",
    "bool_parsing": "phải là true hoặc false",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "string_pattern_mismatch": "không đúng dạng {pattern}",
    "string_too_short": "phải dài ít nhất {min_length} ký tự",
    "string_too_long": "chỉ được dài tối đa {max_length} ký tự",
    "missing": "bắt buộc phải có",
    "extra_forbidden": "không phải là một thiết lập của sohoa",
    "path_type": "phải là một {path_type}",
    "json_invalid": "không phải JSON hợp lệ",
    "list_type": 'phải là một danh sách (JSON, ví dụ ["a", "b"])',
}


def problem(error: Mapping[str, Any], lang: str) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in ``lang``."""
    if lang == "vi" and error.get("type") in _VI:
        ctx = {k: _word(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            return _VI[error["type"]].format(**ctx)
        except (KeyError, IndexError):
            pass  # a context this wording does not know: pydantic's own words below
    msg = str(error.get("msg", ""))
    if error.get("type") == "value_error":
        # Our own validators raise ValueError with a message already meant for staff.
        return msg.removeprefix("Value error, ")
    return msg


def _word(value: object) -> str:
    # pydantic quotes literal choices itself ("'GOVERNANCE', 'COMPLIANCE' or 'NONE'").
    return str(value).replace(" or ", " hoặc ")

"""PAdES signatures with pyHanko: keys, timestamps, long-term validation, certified
copies and validation reports. Knows PDFs and certificates, nothing else.
"""

from __future__ import annotations

__all__: list[str] = []

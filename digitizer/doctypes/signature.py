"""Fields a paper prints outside its labelled lines: the date above the signature, the
authority in the header (or at a card's foot)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digitizer.doctypes.authority import authority_case
from digitizer.doctypes.lines import Line, union_box
from digitizer.doctypes.normalise import parse_dates
from digitizer.model import FieldValue

__all__ = ["authority_from_header", "issue_date_from_signature"]

# "Hà Nội, ngày 05 tháng 3 năm 2021": the place-and-date line above a signature. Only its
# start is matched here; the date itself is parse_dates' (OCR's slips in it forgiven).
_PLACE_DATE = re.compile(r"[^0-9,]{2,60}, *ngay *[0-9oil\]t]")
# The same date line wrapped after the place: "ngày 01 tháng 01 năm 2014" alone (a line
# "Ngày sinh: …" is a labelled field, not this).
_DATE_LINE = re.compile(r"^ngay *[0-9oil\]t]")
_AUTHORITY = re.compile(
    r"^(uy ban nhan dan|ubnd|so |phong |cuc |bo |cong an|truong |dai hoc|toa an|chi cuc|"
    r"van phong|trung tam|ministry|department|bo cong an)"
)
_MOTTO = ("cong hoa xa hoi", "doc lap", "socialist republic", "independence")
# A document's own title under the authority's name is no part of it.
_TITLE = re.compile(
    r"^(giay|quyet dinh|bang|to khai|don |phieu|trich luc|thong bao|bao cao|ke hoach|"
    r"cong van|bien ban|to trinh|can cuoc|ho chieu)"
)


def issue_date_from_signature(lines: Sequence[Line], page: int) -> FieldValue | None:
    """The date of the place-and-date line above the signature, or None."""
    for line in lines:
        text = line.folded_text
        m = _PLACE_DATE.search(text) or _DATE_LINE.match(text)
        if m:
            dates = [d for pos, d in parse_dates(line.text) if pos >= m.start()]
            if dates:
                conf = sum(line.confidences) / len(line.confidences)
                return FieldValue(
                    dates[0], round(0.9 * conf, 3), "ocr", page, union_box(line.boxes)
                )
    return None


def authority_from_header(lines: Sequence[Line], page: int) -> FieldValue | None:
    """The issuing authority named in capitals in the header, or at a card's foot."""
    # A header names its authority in capitals ("SỞ TƯ PHÁP"); a body line that starts
    # alike ("Số định danh cá nhân: …") is none. A card prints it at the foot ("BỘ CÔNG AN").
    head = list(enumerate(lines[:6]))
    foot = [(i, ln) for i, ln in enumerate(lines[6:], 6) if len(ln.words) <= 5]
    for i, line in head + foot:
        text = line.folded_text
        if _AUTHORITY.match(text) and line.text.isupper() and not any(m in text for m in _MOTTO):
            words = list(line.words)
            boxes = list(line.boxes)
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if (
                nxt is not None
                and nxt.text.isupper()
                and "<" not in nxt.text  # an MRZ line under the card's "BỘ CÔNG AN"
                and not any(m in nxt.folded_text for m in _MOTTO)
                and not _TITLE.match(nxt.folded_text)
                and len(nxt.words) <= 8
            ):
                words += nxt.words
                boxes += nxt.boxes
            conf = sum(line.confidences) / len(line.confidences)
            value = authority_case(" ".join(words).strip(" -_"))
            return FieldValue(value, round(0.7 * conf, 3), "ocr", page, union_box(boxes))
    return None

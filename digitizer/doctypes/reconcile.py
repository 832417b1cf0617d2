"""QR, MRZ and OCR readings of the same field: prefer the machine, say when they disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from digitizer.doctypes.mrz import find_td1, find_td3, parse_td1, parse_td3
from digitizer.doctypes.notices import WarningCode, notice
from digitizer.doctypes.text import fold
from digitizer.model import FieldValue, Notice, OcrPage

__all__ = ["machine_readings", "reconcile"]

#: Fields whose MRZ form lacks diacritics: compared folded, OCR's spelling kept on a match.
_FOLDED_COMPARE = frozenset({"full_name", "residence", "place_of_origin"})


def machine_readings(
    pages: Sequence[OcrPage],
) -> tuple[dict[str, FieldValue], dict[str, FieldValue], list[Notice]]:
    """QR fields and MRZ fields of the pages (image decoders first, then the MRZ in the text)."""
    qr: dict[str, FieldValue] = {}
    mrz: dict[str, FieldValue] = {}
    notes: list[Notice] = []
    for page in pages:
        for name, fv in page.machine_fields.items():
            target = qr if fv.source == "qr" else mrz
            target.setdefault(name, fv)
        if not any(fv.source == "mrz" for fv in page.machine_fields.values()):
            td1 = find_td1(page.text)
            td3 = find_td3(page.text) if td1 is None else None
            result = (
                parse_td1(td1, page.number) if td1 else parse_td3(td3, page.number) if td3 else None
            )
            if result is not None:
                if not result.checks_ok:
                    notes.append(notice(WarningCode.MRZ_CHECK_DIGIT, page.number, "mrz"))
                for name, fv in result.fields.items():
                    mrz.setdefault(name, fv)
    return qr, mrz, notes


def _same(name: str, a: str, b: str) -> bool:
    return fold(a) == fold(b) if name in _FOLDED_COMPARE else a == b


def reconcile(
    ocr: Mapping[str, FieldValue],
    qr: Mapping[str, FieldValue],
    mrz: Mapping[str, FieldValue],
    wanted: Iterable[str],
) -> tuple[dict[str, FieldValue], list[Notice]]:
    """One value per field: QR over a checked MRZ over OCR; disagreements become warnings."""
    fields: dict[str, FieldValue] = {}
    notes: list[Notice] = []
    for name in wanted:
        o, q, m = ocr.get(name), qr.get(name), mrz.get(name)
        trusted_m = m if m is not None and m.confidence >= 0.9 else None
        if q is not None and trusted_m is not None and not _same(name, q.value, trusted_m.value):
            notes.append(notice(WarningCode.QR_MRZ_MISMATCH, q.page, name))
        machine = q or trusted_m
        if machine is None:
            # An MRZ value whose check digit failed is never used: a wrong ID number files
            # a paper under someone else's name, a missing one only asks staff to type it.
            if o is not None:
                fields[name] = o
            continue
        if o is not None and not _same(name, machine.value, o.value):
            notes.append(notice(WarningCode.MACHINE_OCR_MISMATCH, machine.page, name))
        if o is not None and machine.source == "mrz" and name in _FOLDED_COMPARE:
            # The MRZ has no diacritics, so it can confirm the printed name, not replace it.
            same = _same(name, machine.value, o.value)
            conf = max(o.confidence, 0.95) if same else o.confidence
            fields[name] = FieldValue(o.value, conf, "ocr", o.page, o.box)
            continue
        box = machine.box if machine.box is not None else (o.box if o is not None else None)
        fields[name] = FieldValue(
            machine.value, machine.confidence, machine.source, machine.page, box
        )
    return fields, notes

"""From recognised pages to documents: classify, split, extract, reconcile, validate."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from digitizer.doctypes.catalogue import UNKNOWN, Catalogue, load_catalogue
from digitizer.doctypes.classify import MIN_CONFIDENCE, Classifier, PageVerdict
from digitizer.doctypes.extract import extract_fields
from digitizer.doctypes.names import respell_names
from digitizer.doctypes.notices import WarningCode, notice
from digitizer.doctypes.reconcile import machine_readings, reconcile
from digitizer.doctypes.repair import repair_fields
from digitizer.doctypes.split import PageSlot, boundaries
from digitizer.doctypes.validate import add_months, validate_fields
from digitizer.model import DocumentSpan, FieldValue, OcrPage

__all__ = ["analyse", "default_classifier", "document_span"]

_LOCK = threading.Lock()
_DEFAULT: dict[str, Classifier] = {}


def default_classifier(
    catalogue: Catalogue | None = None, model_path: Path | None = None
) -> Classifier:
    """The classifier for the catalogue (shipped + $SOHOA_DOCTYPES_CATALOGUE), loaded once."""
    cat = catalogue or load_catalogue()
    key = f"{cat.digest()}:{model_path}"
    with _LOCK:
        if key not in _DEFAULT:
            _DEFAULT[key] = Classifier.load(cat, model_path)
        return _DEFAULT[key]


def _is_blank(page: OcrPage) -> bool:
    return page.blank or sum(ch.isalnum() for ch in page.text) < 3


def document_span(
    pages: Sequence[OcrPage],
    verdicts: Sequence[PageVerdict],
    classifier: Classifier,
    as_of: date | None = None,
) -> DocumentSpan:
    """The type, fields and warnings of one document made of ``pages``."""
    guesses = classifier.combine(verdicts)
    top = guesses[0]
    doc_type, confidence = top.code, top.confidence
    warnings = []
    if doc_type != UNKNOWN and confidence < MIN_CONFIDENCE:
        doc_type, confidence = UNKNOWN, round(1.0 - confidence, 4)
        warnings.append(notice(WarningCode.LOW_TYPE_CONFIDENCE, pages[0].number))
    spec = classifier.catalogue.get(doc_type)
    wanted = spec.fields if spec is not None else ()
    ocr = extract_fields(pages, wanted)
    qr, mrz, machine_notes = machine_readings(pages)
    fields, notes = reconcile(ocr, qr, mrz, wanted)
    fields, repairs = repair_fields(fields, pages)
    fields, respelled = respell_names(fields, pages)
    warnings += machine_notes + notes + repairs + respelled
    months = spec.validity.months if spec is not None and spec.validity.kind == "months" else None
    issued = fields.get("issue_date")
    if months and issued is not None and "expiry_date" in wanted and "expiry_date" not in fields:
        # The paper prints no expiry: the catalogue's validity gives it (source "rule").
        try:
            last = add_months(date.fromisoformat(issued.value), months)
        except ValueError:
            last = None
        if last is not None:
            fields["expiry_date"] = FieldValue(
                last.isoformat(), issued.confidence, "rule", issued.page, issued.box
            )
    warnings += validate_fields(fields, as_of=as_of, valid_months=months)
    return DocumentSpan(
        first_page=pages[0].number,
        last_page=pages[-1].number,
        doc_type=doc_type,
        doc_type_confidence=confidence,
        candidates=tuple(guesses[:5]),
        fields=fields,
        warnings=tuple(warnings),
    )


def analyse(
    pages: Sequence[OcrPage],
    *,
    catalogue: Catalogue | None = None,
    classifier: Classifier | None = None,
    as_of: date | None = None,
    split: bool = True,
) -> tuple[DocumentSpan, ...]:
    """One span per document found in ``pages``; blank separator pages are dropped.

    ``as_of`` is the day validity is judged on (None: no expiry warning). With
    ``split=False`` all non-blank pages form one document.
    """
    clf = classifier or default_classifier(catalogue)
    content = [p for p in pages if not _is_blank(p)]
    if not content:
        return ()
    verdicts = clf.classify([p.text for p in content])
    by_number = {p.number: (p, v) for p, v in zip(content, verdicts, strict=True)}
    if split:
        slots = []
        for page in pages:
            hit = by_number.get(page.number)
            slots.append(PageSlot(page.number, hit is None, page.text, hit[1] if hit else None))
        groups = boundaries(slots)
    else:
        groups = [[p.number for p in content]]
    spans = []
    for group in groups:
        group_pages = [by_number[n][0] for n in group]
        group_verdicts = [by_number[n][1] for n in group]
        spans.append(document_span(group_pages, group_verdicts, clf, as_of))
    return tuple(spans)

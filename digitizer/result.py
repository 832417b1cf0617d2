"""What digitizing one input produced, and its JSON form (the CLI contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from digitizer.error_messages import ErrorParams, render
from digitizer.model import DocumentSpan, FieldValue, Notice, OcrPage
from digitizer.quality import PageQuality

__all__ = ["DigitizeResult", "PageReport", "to_json"]


@dataclass(frozen=True, slots=True)
class PageReport:
    """One page of the result: recognised text plus its quality report."""

    page: OcrPage
    """Text and words."""
    quality: PageQuality | None
    """Measured quality (None when the text came from the PDF's own text layer)."""
    rotation: int = 0
    """Quarter turn applied, degrees clockwise."""
    skew: float = 0.0
    """Skew corrected, degrees."""
    warnings: tuple[Notice, ...] = ()
    """Page warnings."""


@dataclass(frozen=True, slots=True)
class DigitizeResult:
    """The outcome for one input: pages, type, fields, output file, or an error."""

    source: str
    """The input path as given."""
    pages: tuple[PageReport, ...] = ()
    """Pages in input order."""
    spans: tuple[DocumentSpan, ...] = ()
    """Documents found (one, or several in a dossier)."""
    output_pdf: str | None = None
    """The searchable (or kept original) PDF, None on error."""
    output_json: str | None = None
    """The JSON file written beside the PDF."""
    warnings: tuple[Notice, ...] = ()
    """Document-level warnings."""
    error_code: str | None = None
    """Stable error code when the input could not be digitized."""
    error_message: str | None = None
    """One-line message saying what to do (the JSON's; :meth:`error_text` for a language)."""
    error_exit_status: int = 0
    """The exit status the error asks for (2 bad input, 3 environment)."""
    error_params: ErrorParams = field(default_factory=dict)
    """What the error's message is filled with (the error's own ``params``)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Run facts that are not part of the contract (timings, tool versions)."""

    @property
    def ok(self) -> bool:
        return self.error_code is None

    def error_text(self, lang: str = "vi") -> str | None:
        """The error's message in ``lang`` (``vi`` or ``en``), None when the input succeeded."""
        if self.error_code is None:
            return None
        return render(self.error_code, lang, self.error_params)

    @property
    def text(self) -> str:
        return "\n\n".join(p.page.text for p in self.pages if p.page.text)


def _fields(fields: dict[str, FieldValue]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "value": value.value,
            "confidence": round(value.confidence, 3),
            "source": value.source,
        }
        for name, value in fields.items()
    }


def _notices(notices: tuple[Notice, ...]) -> list[dict[str, Any]]:
    return [{"code": n.code, "message": n.message} for n in notices]


def to_json(result: DigitizeResult) -> dict[str, Any]:
    """The contract's JSON object for one input."""
    main = result.spans[0] if result.spans else None
    out: dict[str, Any] = {
        "source": result.source,
        "pages": [
            {
                "number": p.page.number,
                "text": p.page.text,
                "confidence": round(p.page.confidence, 3),
                "rotation": p.rotation,
                "skew": p.skew,
                "warnings": _notices(p.warnings),
                "source": p.page.source,
                "quality": None if p.quality is None else asdict(p.quality),
            }
            for p in result.pages
        ],
        "text": result.text,
        "doc_type": main.doc_type if main else "unknown",
        "doc_type_confidence": round(main.doc_type_confidence, 3) if main else 0.0,
        "fields": _fields(main.fields) if main else {},
        "output_pdf": result.output_pdf,
        "warnings": _notices(result.warnings + tuple(w for s in result.spans for w in s.warnings)),
        "error": None
        if result.ok
        else {"code": result.error_code, "message": result.error_message},
    }
    if len(result.spans) > 1:
        out["documents"] = [
            {
                "pages": [s.first_page, s.last_page],
                "doc_type": s.doc_type,
                "doc_type_confidence": round(s.doc_type_confidence, 3),
                "fields": _fields(s.fields),
            }
            for s in result.spans
        ]
    return out

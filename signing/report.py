"""The validation report: one entry per signature, as JSON or as readable text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from signing.messages import report_label
from signing.reasons import sub_reason

__all__ = [
    "DocumentTimestampReport",
    "Indication",
    "SignatureReport",
    "ValidationReport",
]


class Indication(StrEnum):
    """ETSI EN 319 102-1 main status indications."""

    TOTAL_PASSED = "TOTAL_PASSED"
    INDETERMINATE = "INDETERMINATE"
    TOTAL_FAILED = "TOTAL_FAILED"


@dataclass(frozen=True)
class SignatureReport:
    """What one signature proves, as of the validation time."""

    field_name: str
    """The signature field."""
    indication: Indication
    """ETSI main indication."""
    sub_indication: str | None
    """ETSI sub-indication (``HASH_FAILURE``, ``OUT_OF_BOUNDS_NO_POE``…); None when passed."""
    intact: bool
    """The signed bytes hash to the value the signature covers."""
    valid: bool
    """The cryptographic signature over them checks out."""
    trusted: bool
    """The signer's chain reaches a trust anchor and passed revocation checks."""
    signer: str
    """Subject of the signing certificate."""
    claimed_signing_time: dt.datetime | None
    """The time the signer claims (signing-time attribute); not proof."""
    timestamp_time: dt.datetime | None
    """Time in the signature time-stamp, or else the oldest document time-stamp after it."""
    best_signature_time: dt.datetime | None
    """Earliest time the signature is proven to have existed."""
    pades_level: str
    """PAdES baseline level the file carries for this signature (B-B … B-LTA)."""
    coverage: str | None
    """How much of the file it covers: ENTIRE_FILE, ENTIRE_REVISION…"""
    modification_level: str | None
    """Changes after it: NONE, LTA_UPDATES, FORM_FILLING, ANNOTATIONS, OTHER."""
    modifications_permitted: bool | None
    """Whether those changes are allowed by the document's modification policy."""
    chain: tuple[str, ...]
    """Subjects from the signer's certificate up to the trust anchor."""
    message: str | None
    """pyHanko's explanation when not passed."""
    process: str = "long-term"
    """ETSI process used: ``long-term`` (with time and LTA) or ``basic`` (no signature
    time-stamp, so validity rests on the chain at the validation time)."""
    development: bool = False
    """The signer's certificate belongs to the development PKI: no legal value."""

    @property
    def passed(self) -> bool:
        return self.indication is Indication.TOTAL_PASSED


@dataclass(frozen=True)
class DocumentTimestampReport:
    """One document time-stamp (B-LTA archive time-stamp)."""

    field_name: str
    """The time-stamp's field."""
    time: dt.datetime
    """Time the TSA vouches for."""
    tsa: str
    """Subject of the TSA certificate."""
    tsa_certificate_expires: dt.datetime
    """When the TSA certificate runs out: the file needs renewal before that."""
    intact: bool
    """The time-stamped bytes hash to the stamped value."""


@dataclass(frozen=True)
class ValidationReport:
    """The report for one PDF."""

    validation_time: dt.datetime
    """Time the validation was carried out "as of"."""
    revocation_mode: str
    """hard-fail, soft-fail or require."""
    signatures: tuple[SignatureReport, ...]
    """Every signature, in file order."""
    document_timestamps: tuple[DocumentTimestampReport, ...]
    """Every document time-stamp, in file order."""

    @property
    def all_passed(self) -> bool:
        """True only when there is a signature and every one is TOTAL_PASSED."""
        return bool(self.signatures) and all(s.passed for s in self.signatures)

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self)) | {"all_passed": self.all_passed}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self, lang: str = "en") -> str:
        """Readable report in ``en`` or ``vi``: every code in words (the JSON keeps codes)."""
        lang = "vi" if lang == "vi" else "en"
        w = _WORDS[lang]

        def yn(flag: bool) -> str:
            return w["yes"] if flag else w["no"]

        mode = report_label("revocation", self.revocation_mode, lang)
        lines = [w["head"].format(time=_t(self.validation_time), mode=mode)]
        if not self.signatures:
            lines.append(w["none"])
        for i, s in enumerate(self.signatures, 1):
            modified = "-"
            if s.intact and s.modification_level:
                modified = report_label("modification", s.modification_level, lang)
            if s.intact and s.modifications_permitted is not None:
                modified += f" ({w['permitted']}: {yn(s.modifications_permitted)})"
            process = report_label("process", s.process, lang)
            coverage = report_label("coverage", s.coverage, lang) if s.coverage else "-"
            lines += [
                w["signature"].format(i=i, name=s.field_name),
                f"  {w['indication']:<18}{report_label('indication', s.indication, lang)}",
                f"  {w['ivt']}   {yn(s.intact)} / {yn(s.valid and s.intact)} / {yn(s.trusted)}",
                f"  {w['signer']:<18}{s.signer}"
                + (f" ({w['development']})" if s.development else ""),
                f"  {w['claimed']:<18}{_t(s.claimed_signing_time)}",
                f"  {w['timestamp']:<18}{_t(s.timestamp_time)}",
                f"  {w['level']:<18}{s.pades_level} " + w["process"].format(process=process),
                f"  {w['coverage']:<18}{coverage}",
                f"  {w['modified']:<18}{modified}",
                f"  {w['chain']:<18}" + (w["issued_by"].join(s.chain) if s.chain else "-"),
            ]
            reason = _reason(s, lang)
            if reason and not s.passed:
                lines.append(f"  {w['reason']:<18}{reason}")
        for ts in self.document_timestamps:
            lines.append(
                w["doc_ts"].format(
                    name=ts.field_name,
                    time=_t(ts.time),
                    tsa=ts.tsa,
                    expires=_t(ts.tsa_certificate_expires),
                    intact=yn(ts.intact),
                )
            )
        if not self.signatures:
            lines.append(w["unsigned"])
        else:
            lines.append(w["passed"] if self.all_passed else w["failed"])
        if any(s.development for s in self.signatures):
            lines.append(w["development_note"])
        return "\n".join(lines)


def _reason(s: SignatureReport, lang: str) -> str | None:
    """Why *s* did not pass. English keeps pyHanko's own explanation, which names the
    certificate or the rule; Vietnamese says it by sub-indication, and falls back to
    that explanation only when the sub-indication has no words."""
    worded = sub_reason(s.sub_indication, lang) if s.sub_indication else None
    if lang == "en":
        return s.message or worded
    return worded or s.message


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "head": "Validation as of {time} (revocation checking: {mode})",
        "none": "No signature in this file.",
        "signature": "Signature {i}: {name}",
        "indication": "result",
        "ivt": "intact / valid / trusted",
        "signer": "signer",
        "claimed": "claimed time",
        "timestamp": "time-stamp",
        "level": "PAdES level",
        "process": "(validation process: {process})",
        "coverage": "coverage",
        "modified": "modified after",
        "permitted": "permitted",
        "chain": "chain",
        "issued_by": " <- issued by ",
        "reason": "reason",
        "yes": "yes",
        "no": "no",
        "doc_ts": "Document time-stamp {name}: {time} by {tsa} (TSA certificate expires "
        "{expires}, intact {intact})",
        "passed": "Result: every signature passed",
        "failed": "Result: NOT every signature passed",
        "unsigned": "Result: this file carries no digital signature",
        "development": "DEVELOPMENT key, no legal value",
        "development_note": "Note: signed with a DEVELOPMENT key; no legal value.",
    },
    "vi": {
        "head": "Kiểm tra chữ ký tại thời điểm {time} (kiểm tra thu hồi: {mode})",
        "none": "Tệp này không có chữ ký số.",
        "signature": "Chữ ký {i}: {name}",
        "indication": "kết luận",
        "ivt": "nguyên vẹn / hợp lệ / tin cậy",
        "signer": "người ký",
        "claimed": "thời gian khai",
        "timestamp": "dấu thời gian",
        "level": "mức PAdES",
        "process": "(quy trình kiểm tra: {process})",
        "coverage": "phạm vi ký",
        "modified": "sửa đổi sau ký",
        "permitted": "được phép",
        "chain": "chuỗi chứng thư",
        "issued_by": " <- cấp bởi ",
        "reason": "lý do",
        "yes": "có",
        "no": "không",
        "doc_ts": "Dấu thời gian tài liệu {name}: {time} do {tsa} cấp (chứng thư TSA hết "
        "hạn {expires}, nguyên vẹn: {intact})",
        "passed": "Kết quả: mọi chữ ký đều đạt",
        "failed": "Kết quả: KHÔNG phải mọi chữ ký đều đạt",
        "unsigned": "Kết quả: tệp này không có chữ ký số",
        "development": "khóa phát triển, không có giá trị pháp lý",
        "development_note": "Lưu ý: ký bằng khóa phát triển, không có giá trị pháp lý.",
    },
}


def _t(moment: dt.datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment is not None else "-"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value

"""The main job until the service exists: digitize the bundled demo set.

``./dev.sh run`` calls ``python -m api.demo``: every scan, photo and PDF under
``samples/demo/`` is digitized into ``out/demo/`` (a searchable PDF and a JSON file each),
then a short summary is printed: pages, detected type against the generator's truth,
mean OCR confidence and the quality warnings.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from api.cli import staff_language
from api.cli.i18n import argparse_language, say
from api.cli.parser import BadArgumentsError, CliParser, whole_number
from api.errors import is_coded, report

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "samples" / "demo"
_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"}

_TEXTS = {
    "description": (
        "Số hóa bộ tệp mẫu trong samples/demo/ vào out/demo/ rồi in bảng tóm tắt.",
        "Digitize the demo set in samples/demo/ into out/demo/ and print a summary.",
    ),
    "inputs": ("thư mục tệp mẫu", "folder of demo files"),
    "out": ("thư mục ghi kết quả", "output directory"),
    "jobs": (
        "số tiến trình nhận dạng (mặc định: mỗi lõi một tiến trình)",
        "page workers (default: one per core)",
    ),
    "no_inputs": ("không có ảnh quét hay PDF nào trong {folder}", "no scans or PDFs in {folder}"),
    "title": ("{count} tệp từ {src} → {out}", "{count} files from {src} → {out}"),
    "file": ("tệp", "file"),
    "pages": ("trang", "pages"),
    "type": ("loại (độ tin cậy)", "type (confidence)"),
    "expected": ("đúng là", "expected"),
    "conf": ("OCR", "OCR"),
    "warnings": ("cảnh báo", "warnings"),
    "unknown": ("không rõ", "unknown"),
    "error": ("lỗi", "error"),
    "done": (
        "{pages} trang trong {seconds} s; PDF tìm kiếm được và JSON nằm trong {out}",
        "{pages} page(s) in {seconds} s; searchable PDFs and JSON are in {out}",
    ),
    "conf_note": (
        "OCR: độ tin cậy trung bình của Tesseract, không phải độ chính xác"
        " (bench/ocr.py đo độ chính xác)",
        "OCR: Tesseract's mean word confidence, not accuracy (bench/ocr.py measures that)",
    ),
}


def _expected_type(source: Path) -> str:
    stem = source.stem.rsplit("_p", 1)[0] if "_p" in source.stem else source.stem
    truth = source.with_name(f"{stem}.truth.json")
    if not truth.exists():
        return "?"
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "?"
    documents = data.get("documents") or []
    if documents:  # a dossier: the kinds of its papers, in page order
        return "+".join(str(d.get("doc_type", d.get("kind", "?"))) for d in documents)
    return str(data.get("doc_type", "?"))


def build_parser(lang: str = "vi") -> CliParser:
    """The demo's command line in *lang*; call it inside :func:`argparse_language`."""
    parser = CliParser(
        prog="python -m api.demo", description=say(_TEXTS, "description", lang), lang=lang
    )
    parser.add_argument(
        "--inputs", type=Path, default=DEMO, metavar="DIR", help=say(_TEXTS, "inputs", lang)
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "out" / "demo",
        metavar="DIR",
        help=say(_TEXTS, "out", lang),
    )
    parser.add_argument(
        "--jobs",
        type=whole_number(lang, least=1),
        default=None,
        metavar="N",
        help=say(_TEXTS, "jobs", lang),
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        # The sohoa command's own reading of SOHOA_LANG: one rule for both programs.
        lang = staff_language()
        with argparse_language(lang):
            args = build_parser(lang).parse_args(argv)
    except BadArgumentsError as exc:
        return report(exc)
    except Exception as exc:  # an invalid SOHOA_LANG: the CLI's coded settings error
        if is_coded(exc):
            return report(exc)
        raise

    from api.settings import get_settings
    from digitizer import Digitizer, tool_versions

    inputs = sorted(p for p in args.inputs.glob("*") if p.suffix.lower() in _SUFFIXES)
    if not inputs:
        print(f"sohoa demo: {say(_TEXTS, 'no_inputs', lang, folder=args.inputs)}", file=sys.stderr)
        return 2
    versions = tool_versions()
    title = say(_TEXTS, "title", lang, count=len(inputs), src=args.inputs, out=args.out)
    print(f"sohoa demo — {title}")
    second = versions.get("tesseract (second reads)", "?").replace("tesseract ", "")
    print(f"  {versions.get('tesseract', '?')} (+ {second}), {versions.get('pdftoppm', '?')}")
    spec = get_settings().digitizer.to_spec(jobs=args.jobs)
    start = time.monotonic()
    status, pages = 0, 0
    t = {key: say(_TEXTS, key, lang) for key in _TEXTS}
    header = (
        f"{t['file']:<24} {t['pages']:>5}  {t['type']:<34} {t['expected']:<28} {t['conf']:>5}"
        f"  {t['warnings']}"
    )
    print(header)
    print("-" * len(header))
    with Digitizer(spec, args.out) as digitizer:
        for result in digitizer.run(inputs):
            name = Path(result.source).name
            if not result.ok:
                print(f"{name:<28} {t['error']} [{result.error_code}] {result.error_text(lang)}")
                status = 2
                continue
            pages += len(result.pages)
            spans = result.spans
            kind = "+".join(s.doc_type for s in spans) or t["unknown"]
            if spans:
                kind += f" ({min(s.doc_type_confidence for s in spans):.2f})"
            conf = sum(p.page.confidence for p in result.pages) / max(1, len(result.pages))
            codes = sorted(
                {w.code for p in result.pages for w in p.warnings}
                | {w.code for w in result.warnings}
                | {w.code for s in spans for w in s.warnings}
            )
            line = (
                f"{name:<24} {len(result.pages):>5}  {kind:<34} "
                f"{_expected_type(Path(result.source)):<28} {conf:5.0%}  {', '.join(codes)}"
            )
            print(line.rstrip())
    seconds = time.monotonic() - start
    print("\n" + say(_TEXTS, "done", lang, pages=pages, seconds=f"{seconds:.0f}", out=args.out))
    print(t["conf_note"])
    return status


if __name__ == "__main__":
    sys.exit(main())

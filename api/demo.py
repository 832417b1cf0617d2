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

from api.cli import _language
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
        lang = _language()
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
        print(f"sohoa demo: no scans or PDFs in {args.inputs}", file=sys.stderr)
        return 2
    versions = tool_versions()
    print(f"sohoa demo — {len(inputs)} files from {args.inputs} → {args.out}")
    print(f"  {versions.get('tesseract', '?')}, {versions.get('pdftoppm', '?')}")
    spec = get_settings().digitizer.to_spec(jobs=args.jobs)
    start = time.monotonic()
    status, pages = 0, 0
    header = (
        f"{'file':<24} {'pages':>5}  {'type (confidence)':<34} {'expected':<28} {'conf':>5}"
        "  warnings"
    )
    print(header)
    print("-" * len(header))
    with Digitizer(spec, args.out) as digitizer:
        for result in digitizer.run(inputs):
            name = Path(result.source).name
            if not result.ok:
                print(f"{name:<28} error [{result.error_code}] {result.error_text(lang)}")
                status = 2
                continue
            pages += len(result.pages)
            spans = result.spans
            kind = "+".join(s.doc_type for s in spans) or "unknown"
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
    print(f"\n{pages} pages in {seconds:.0f} s; searchable PDFs and JSON are in {args.out}")
    print("conf: Tesseract's mean word confidence, not accuracy (bench/ocr.py measures that)")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""The main job until the service exists: digitize the bundled demo set.

``./dev.sh run`` calls ``python -m api.demo``: every scan, photo and PDF under
``samples/demo/`` is digitized into ``out/demo/`` (a searchable PDF and a JSON file each),
then a short summary is printed: pages, detected type against the generator's truth,
mean OCR confidence and the quality warnings.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "samples" / "demo"
_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.demo", description=__doc__)
    parser.add_argument("--inputs", type=Path, default=DEMO, help="folder of demo files")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "demo")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)

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
                print(f"{name:<28} error [{result.error_code}] {result.error_message}")
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

"""Benchmark of document typing, field extraction and dossier splitting on real OCR.

    .venv/bin/python bench/classify.py [--per-kind 10] [--dossiers 20] [--jobs 2]
    .venv/bin/python bench/classify.py --misses [clean,dpi200,...]   # every missed field
    .venv/bin/python bench/classify.py --cache DIR --cached-only      # analyse a frozen cache

The set is one the classifier never saw: variant_set="heldout" (the held-out layout and
font) and seeds far from the training seeds. Every page is rendered, degraded in one of
samples.DEGRADATIONS (cycled so each kind meets each degradation), and read by the
digitizer's own page stage (preprocess + Tesseract + machine zones). OCR results are
cached under bench/data/classify/ so reruns only redo the analysis.

Printed: type accuracy overall and per degradation (with title rules alone as the
baseline measured in the same run), a confusion matrix, the share of non-catalogue
pages labelled unknown/van_ban, per-field exact-match rates per degradation, dossier
boundary accuracy, pages per second of classification+extraction, and the time they
add relative to a page's digitizing time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import samples  # noqa: E402
from digitizer import doctypes  # noqa: E402
from digitizer.doctypes.normalise import normalise_name  # noqa: E402
from digitizer.doctypes.rules import title_hits  # noqa: E402
from digitizer.model import Box, FieldValue, OcrPage, Word  # noqa: E402
from samples.degrade import degrade_with_params  # noqa: E402

DATA = ROOT / "bench" / "data" / "classify"
DOC_SEED_BASE = 500_000
DOSSIER_SEED_BASE = 7_000
DATE_FIELDS = ("date_of_birth", "issue_date", "expiry_date")
SCORED_FIELDS = ("id_number", "full_name", *DATE_FIELDS)
OCR_ENGINE = "pipeline-v9"
#: With --oracle-orientation: pages are turned upright from the truth before the
#: pipeline (orientation step off, page detection only on photos), to measure typing
#: and extraction apart from orientation and page-detection mistakes.
ORACLE = False
#: Bump when read_machine_zones changes: only the zones are recomputed.
ZONES_VERSION = "v3"


# --- OCR (in workers), cached -------------------------------------------------------------


def _page_to_json(page: OcrPage, ocr_s: float, zones_s: float) -> dict[str, Any]:
    return {
        "number": page.number,
        "text": page.text,
        "width": page.width,
        "height": page.height,
        "dpi": page.dpi,
        "confidence": page.confidence,
        "blank": page.blank,
        "words": [
            [
                w.text,
                w.confidence,
                w.box.left,
                w.box.top,
                w.box.width,
                w.box.height,
                w.line,
                w.block,
            ]
            for w in page.words
        ],
        "machine": {k: [v.value, v.confidence, v.source] for k, v in page.machine_fields.items()},
        "ocr_seconds": ocr_s,
        "zones_seconds": zones_s,
    }


def _page_from_json(d: dict[str, Any]) -> OcrPage:
    words = tuple(
        Word(t, c, Box(x, y, w, h), line, block) for t, c, x, y, w, h, line, block in d["words"]
    )
    machine = {k: FieldValue(v, c, s, d["number"]) for k, (v, c, s) in d["machine"].items()}
    return OcrPage(
        d["number"],
        d["text"],
        words,
        d["width"],
        d["height"],
        d["dpi"],
        d["confidence"],
        d["blank"],
        "ocr",
        machine,
    )


def _recognise(
    image: Any, number: int, dpi: float, workdir: Path, oracle: str = ""
) -> tuple[OcrPage, float, float]:
    """The digitizer's page stage on one image; falls back to plain pytesseract."""
    import cv2
    import numpy as np

    bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    started = time.perf_counter()
    zones = doctypes.read_machine_zones(bgr, number)
    zones_s = time.perf_counter() - started  # process_page runs it too: subtracted below
    try:
        from digitizer.page import PageContext, process_page
        from digitizer.sources import PageRef
        from digitizer.spec import DigitizeSpec
    except ImportError:  # the pipeline not importable: plain Tesseract is acceptable
        import pytesseract

        started = time.perf_counter()
        text = pytesseract.image_to_string(image, lang="vie")
        ocr_s = time.perf_counter() - started
        page = OcrPage(
            number, text, (), image.width, image.height, dpi, 0.0, not text.strip(), "ocr", zones
        )
        return page, ocr_s, zones_s
    path = workdir / f"p{number}.png"
    cv2.imwrite(str(path), bgr)
    ref = PageRef(str(path), "png", 0, number, dpi)
    started = time.perf_counter()
    spec = DigitizeSpec()
    if oracle:
        from dataclasses import replace

        # The page was turned upright with the truth: the orientation step is not needed,
        # and page detection only where there is a photographed page to find.
        spec = replace(
            spec,
            preprocess=replace(
                spec.preprocess, orientation=False, page_detection=oracle == "photo"
            ),
        )
    outcome = process_page(ref, PageContext(spec, workdir), f"page{number}")
    # process_page reads the machine zones itself; count that time as ours, not OCR's.
    ocr_s = max(0.0, time.perf_counter() - started - zones_s)
    return outcome.page, ocr_s, zones_s


def _ocr_job(job: tuple[str, str, int, str, int]) -> str:
    """Render, degrade and recognise one document (or dossier); write its cache file."""
    what, kind, seed, degradation, _ = job
    out = _cache_path(what, kind, seed, degradation)
    if out.exists():
        return str(out)
    if what == "dossier":
        doc = samples.make_dossier(seed, variant_set="heldout")
    else:
        doc = samples.make_document(kind, seed, "heldout")
    pages = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, image in enumerate(samples.render(doc, 300)):
            degraded, params = degrade_with_params(image, degradation, seed * 7 + i)
            dpi = float(params.get("dpi", 300.0)) if degradation != "photo" else 0.0
            oracle = ""
            if ORACLE:
                turns = {"rot90": 3, "rot180": 2, "rot270": 1}.get(degradation, 0)
                degraded = degraded.rotate(90 * turns, expand=True) if turns else degraded
                oracle = "photo" if degradation == "photo" else "upright"
            page, ocr_s, zones_s = _recognise(degraded, i + 1, dpi, Path(tmp), oracle)
            pages.append(_page_to_json(page, ocr_s, zones_s))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_suffix(".tmp")
    tmp_out.write_text(
        json.dumps(
            {"truth": doc.truth(), "degradation": degradation, "pages": pages}, ensure_ascii=False
        )
    )
    tmp_out.replace(out)
    return str(out)


def _cache_path(what: str, kind: str, seed: int, degradation: str) -> Path:
    engine = OCR_ENGINE + ("-oracle" if ORACLE else "")
    return DATA / engine / f"{what}-{kind}-{seed}-{degradation}.json"


def _zones_path(what: str, kind: str, seed: int, degradation: str) -> Path:
    return DATA / f"zones-{ZONES_VERSION}" / f"{what}-{kind}-{seed}-{degradation}.json"


def _zones_job(job: tuple[str, str, int, str, int]) -> str:
    """Machine zones of each page, cached apart from OCR so a decoder change reruns only them.

    Run on the degraded page as the pipeline's worker would after its corrections (the
    rotations are undone here with the truth, as the digitizer's orientation step does).
    """
    what, kind, seed, degradation, _ = job
    out = _zones_path(what, kind, seed, degradation)
    if out.exists():
        return str(out)
    import numpy as np

    doc = (
        samples.make_dossier(seed, variant_set="heldout")
        if what == "dossier"
        else samples.make_document(kind, seed, "heldout")
    )
    pages = []
    for i, image in enumerate(samples.render(doc, 300)):
        degraded, _ = degrade_with_params(image, degradation, seed * 7 + i)
        rgb = np.asarray(degraded.convert("RGB"))
        turns = {"rot90": 3, "rot180": 2, "rot270": 1}.get(degradation, 0)
        bgr = np.ascontiguousarray(np.rot90(rgb, turns)[:, :, ::-1])
        started = time.perf_counter()
        zones = doctypes.read_machine_zones(bgr, i + 1)
        took = time.perf_counter() - started
        pages.append(
            {
                "seconds": took,
                "machine": {k: [v.value, v.confidence, v.source] for k, v in zones.items()},
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(pages, ensure_ascii=False))
    return str(out)


def _init_worker(oracle: bool, engine: str, data: Path) -> None:
    global ORACLE, OCR_ENGINE, DATA
    ORACLE, OCR_ENGINE, DATA = oracle, engine, data
    import cv2

    cv2.setNumThreads(1)


# --- evaluation ---------------------------------------------------------------------------


def _pct(num: float, den: float) -> str:
    return f"{100.0 * num / den:5.1f}%" if den else "   n/a"


def _rules_only(pages: list[OcrPage], catalogue: doctypes.Catalogue) -> str:
    for page in pages:
        hits = title_hits(page.text, catalogue)
        if hits and hits[0].score >= 0.5:
            return hits[0].code
    return doctypes.UNKNOWN


def _field_ok(name: str, truth: str, got: FieldValue | None) -> bool:
    if got is None:
        return False
    if name.endswith("_name"):
        return normalise_name(truth) == got.value
    return truth == got.value


def _context(pages: list[OcrPage], truth: str, got: FieldValue | None) -> list[str]:
    """OCR lines around where the value was read, or where the truth's words appear."""
    from digitizer.doctypes.text import fold

    want = [w for w in fold(truth).replace("-", " ").split() if len(w) >= 2][:2]
    keys = [truth[:4]] if truth[:4].isdigit() else []  # a date: its year, and the one read
    if got is not None and got.value[:4].isdigit():
        keys.append(got.value[:4])
    out: list[str] = []
    for page in pages:
        lines = page.text.splitlines()
        for i, line in enumerate(lines):
            hit = (
                (got is not None and got.value and fold(got.value) in fold(line))
                or (want and all(w in fold(line) for w in want))
                or any(k in line for k in keys)
            )
            if hit:
                out += [
                    f"    p{page.number}:{j}: {lines[j]}"
                    for j in range(max(0, i - 1), i + 2)
                    if j < len(lines)
                ]
    return out[:9]


def print_misses(
    records: list[dict[str, Any]], clf: doctypes.Classifier, degradations: set[str] | None
) -> None:
    """Every missed scored field: kind, degradation, field, truth, extracted, OCR context."""
    for rec in records:
        truth, deg = rec["truth"], rec["degradation"]
        if degradations and deg not in degradations:
            continue
        want = truth["doc_type"]
        spec = clf.catalogue.get(want)
        if spec is None:
            continue
        pages = [_page_from_json(p) for p in rec["pages"]]
        spans = doctypes.analyse(pages, classifier=clf, split=False)
        fields = spans[0].fields if spans else {}
        for name, value in truth["fields"].items():
            if name not in spec.fields or name not in SCORED_FIELDS:
                continue
            got = fields.get(name)
            if _field_ok(name, value, got):
                continue
            shown = f"{got.value!r} ({got.source} {got.confidence})" if got else "None"
            print(f"MISS {want} {deg} {name}: truth={value!r} got={shown}")
            for line in _context(pages, value, got):
                print(line)


def evaluate_documents(records: list[dict[str, Any]], clf: doctypes.Classifier) -> dict[str, Any]:
    catalogue = clf.catalogue
    by_deg: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[tuple[str, str], int] = Counter()
    field_hits: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    negatives: Counter[str] = Counter()
    timing: dict[str, float] = defaultdict(float)
    reliability: list[tuple[float, bool]] = []
    for rec in records:
        truth, deg = rec["truth"], rec["degradation"]
        pages = [_page_from_json(p) for p in rec["pages"]]
        started = time.perf_counter()
        spans = doctypes.analyse(pages, classifier=clf, split=False)
        timing["analyse_s"] += time.perf_counter() - started
        timing["zones_s"] += sum(p["zones_seconds"] for p in rec["pages"])
        timing["ocr_s"] += sum(p["ocr_seconds"] for p in rec["pages"])
        timing["pages"] += len(pages)
        got = spans[0].doc_type if spans else doctypes.UNKNOWN
        want = truth["doc_type"]
        reliability.append((spans[0].doc_type_confidence if spans else 0.0, got == want))
        rules = _rules_only(pages, catalogue)
        by_deg[deg]["n"] += 1
        by_deg[deg]["ok"] += got == want
        by_deg[deg]["rules_ok"] += rules == want
        confusion[(want, got)] += 1
        if want == doctypes.UNKNOWN:
            negatives["n"] += 1
            negatives["ok"] += got in (doctypes.UNKNOWN, "van_ban")
            continue
        spec = catalogue.get(want)
        fields = spans[0].fields if spans else {}
        for name, value in truth["fields"].items():
            if spec is None or name not in spec.fields:
                continue
            key = "date" if name in DATE_FIELDS else name
            field_hits[(key, deg)]["n"] += 1
            field_hits[(key, deg)]["ok"] += _field_ok(name, value, fields.get(name))
            field_hits[("all fields", deg)]["n"] += 1
            field_hits[("all fields", deg)]["ok"] += _field_ok(name, value, fields.get(name))
    return {
        "by_deg": by_deg,
        "confusion": confusion,
        "fields": field_hits,
        "negatives": negatives,
        "timing": timing,
        "reliability": reliability,
    }


def evaluate_dossiers(records: list[dict[str, Any]], clf: doctypes.Classifier) -> Counter[str]:
    out: Counter[str] = Counter()
    for rec in records:
        truth = rec["truth"]
        pages = [_page_from_json(p) for p in rec["pages"]]
        spans = doctypes.analyse(pages, classifier=clf)
        true_starts = {d["pages"][0] for d in truth["documents"][1:]}
        got_starts = {s.first_page for s in spans[1:]}
        out["boundaries"] += len(true_starts)
        out["found"] += len(true_starts & got_starts)
        out["predicted"] += len(got_starts)
        out["dossiers"] += 1
        out["exact"] += [(d["pages"][0], d["pages"][1]) for d in truth["documents"]] == [
            (s.first_page, s.last_page) for s in spans
        ]
        out["types_ok"] += sum(
            1
            for d, s in zip(truth["documents"], spans, strict=False)
            if (d["pages"][0], d["pages"][1]) == (s.first_page, s.last_page)
            and d["doc_type"] == s.doc_type
        )
        out["documents"] += len(truth["documents"])
        out["blank_pages"] += len(truth["blank_pages"])
        out["blank_kept"] += sum(
            1
            for b in truth["blank_pages"]
            for s in spans
            if s.first_page <= b <= s.last_page and b in (s.first_page, s.last_page)
        )
    return out


# --- report -------------------------------------------------------------------------------


def report(docs: dict[str, Any], dossiers: Counter[str], codes: list[str]) -> None:
    by_deg = docs["by_deg"]
    total: Counter[str] = Counter()
    for c in by_deg.values():
        total.update(c)
    print("\n== Type accuracy (held-out layout+font, unseen seeds; real OCR) ==")
    print(f"{'degradation':<12} {'docs':>5} {'sohoa':>7} {'rules only':>11}")
    for deg in samples.DEGRADATIONS:
        c = by_deg.get(deg)
        if c:
            print(
                f"{deg:<12} {c['n']:>5} {_pct(c['ok'], c['n']):>7} "
                f"{_pct(c['rules_ok'], c['n']):>11}"
            )
    print(
        f"{'ALL':<12} {total['n']:>5} {_pct(total['ok'], total['n']):>7} "
        f"{_pct(total['rules_ok'], total['n']):>11}"
    )

    print("\n== Confusion matrix (rows: truth, columns: predicted) ==")
    conf = docs["confusion"]
    labels = [*codes, doctypes.UNKNOWN]
    short = {c: c[:6] for c in labels}
    print(f"{'':<22}" + "".join(f"{short[c]:>7}" for c in labels))
    for t in labels:
        row = [conf.get((t, p), 0) for p in labels]
        if sum(row):
            print(f"{t:<22}" + "".join(f"{v or '.':>7}" for v in row))

    print("\n== Calibration of the reported type confidence ==")
    bins = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)]
    rel = docs["reliability"]
    ece = 0.0
    for lo, hi in bins:
        cell = [(c, ok) for c, ok in rel if lo <= c < hi]
        if cell:
            mean_c = sum(c for c, _ in cell) / len(cell)
            acc = sum(ok for _, ok in cell) / len(cell)
            ece += len(cell) / len(rel) * abs(mean_c - acc)
            print(
                f"confidence {lo:.2f}-{min(hi, 1):.2f}: {len(cell):>4} docs, mean confidence "
                f"{mean_c:.3f}, accuracy {acc:.3f}"
            )
    print(f"expected calibration error: {ece:.3f}")

    neg = docs["negatives"]
    print(
        f"\nNon-catalogue pages labelled unknown/van_ban: {neg['ok']}/{neg['n']} "
        f"= {_pct(neg['ok'], neg['n']).strip()}"
    )

    print("\n== Field exact match after normalisation, per degradation ==")
    names = ["id_number", "date", "full_name", "all fields"]
    print(f"{'degradation':<12}" + "".join(f"{n:>13}" for n in names))
    fh = docs["fields"]
    totals: dict[str, Counter[str]] = {n: Counter() for n in names}
    for deg in samples.DEGRADATIONS:
        cells = []
        for n in names:
            c = fh.get((n, deg), Counter())
            totals[n].update(c)
            cells.append(f"{_pct(c['ok'], c['n'])} ({c['n']:>3})")
        print(f"{deg:<12}" + "".join(f"{x:>13}" for x in cells))
    print(
        f"{'ALL':<12}"
        + "".join(
            f"{_pct(totals[n]['ok'], totals[n]['n']) + f' ({totals[n][chr(110)]:>3})':>13}"
            for n in names
        )
    )

    print("\n== Dossier splitting ==")
    d = dossiers
    print(
        f"dossiers {d['dossiers']}, documents {d['documents']}, blank separators {d['blank_pages']}"
    )
    print(
        f"boundaries on the right page: {d['found']}/{d['boundaries']} = "
        f"{_pct(d['found'], d['boundaries']).strip()}; precision "
        f"{_pct(d['found'], d['predicted']).strip()}; dossiers split exactly: "
        f"{d['exact']}/{d['dossiers']}; documents with right pages and type: "
        f"{d['types_ok']}/{d['documents']}"
    )

    t = docs["timing"]
    per_page_analyse = t["analyse_s"] / t["pages"]
    per_page_zones = t["zones_s"] / t["pages"]
    per_page_ocr = t["ocr_s"] / t["pages"]
    print("\n== Speed (this machine, same run) ==")
    print(f"pages {t['pages']:.0f}; digitizing (preprocess+OCR) {per_page_ocr:.2f} s/page")
    print(
        f"classification+extraction {1 / per_page_analyse:.1f} pages/s "
        f"({per_page_analyse * 1000:.1f} ms/page); machine zones "
        f"{per_page_zones * 1000:.1f} ms/page"
    )
    print(
        f"added time relative to a page's digitizing: "
        f"{100 * (per_page_analyse + per_page_zones) / per_page_ocr:.1f}% "
        f"(classification+extraction {100 * per_page_analyse / per_page_ocr:.1f}%, "
        f"machine zones {100 * per_page_zones / per_page_ocr:.1f}%)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=len(samples.DEGRADATIONS))
    parser.add_argument("--dossiers", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--oracle-orientation",
        action="store_true",
        help="turn pages upright from the truth before the pipeline",
    )
    parser.add_argument(
        "--ocr-tag",
        default=None,
        help="OCR cache name (default OCR_ENGINE); change it after the pipeline changed",
    )
    parser.add_argument(
        "--misses",
        nargs="?",
        const="",
        default=None,
        help="print every missed field from the cache (optionally only these degradations, "
        "comma-separated) instead of the report",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="OCR cache directory (default bench/data/classify); e.g. one built from a "
        "frozen copy of the code, so extraction changes are measured on the same OCR",
    )
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="OCR nothing: analyse only the documents already in the cache",
    )
    args = parser.parse_args()
    global ORACLE, OCR_ENGINE, DATA
    ORACLE, OCR_ENGINE = args.oracle_orientation, args.ocr_tag or OCR_ENGINE
    DATA = args.cache or DATA
    jobs: list[tuple[str, str, int, str, int]] = []
    for k_index, kind in enumerate(samples.KINDS):
        for i in range(args.per_kind):
            deg = samples.DEGRADATIONS[(i + k_index) % len(samples.DEGRADATIONS)]
            jobs.append(("doc", kind, DOC_SEED_BASE + 1000 * k_index + i, deg, 0))
    for i in range(args.dossiers):
        deg = samples.DEGRADATIONS[i % len(samples.DEGRADATIONS)]
        jobs.append(("dossier", "mixed", DOSSIER_SEED_BASE + i, deg, 0))
    todo = [j for j in jobs if not _cache_path(*j[:4]).exists()]
    if args.cached_only:
        jobs = [j for j in jobs if j not in todo]
        todo = []
    print(f"{len(jobs)} documents/dossiers, {len(todo)} to OCR (cache: {DATA})", flush=True)
    started = time.perf_counter()
    failed = 0
    if todo:
        with ProcessPoolExecutor(
            max_workers=args.jobs, initializer=_init_worker, initargs=(ORACLE, OCR_ENGINE, DATA)
        ) as pool:
            futures = [pool.submit(_ocr_job, j) for j in todo]
            for n, fut in enumerate(futures, 1):
                try:
                    fut.result()
                except Exception as exc:  # a generator or OCR failure is counted, not fatal
                    failed += 1
                    print(
                        f"  job {todo[n - 1][:4]} failed: {type(exc).__name__}: {exc}",
                        file=sys.stderr,
                    )
                if n % 20 == 0:
                    print(f"  {n}/{len(todo)} in {time.perf_counter() - started:.0f} s", flush=True)
    ztodo = [j for j in jobs if not _zones_path(*j[:4]).exists()]
    if ztodo and not args.cached_only:
        print(f"{len(ztodo)} to read machine zones", flush=True)
        with ProcessPoolExecutor(
            max_workers=args.jobs, initializer=_init_worker, initargs=(ORACLE, OCR_ENGINE, DATA)
        ) as pool:
            for _ in pool.map(_zones_job, ztodo):
                pass
    records: list[dict[str, Any]] = []
    dossier_records: list[dict[str, Any]] = []
    stale_zones = 0
    for j in jobs:
        path = _cache_path(*j[:4])
        if not path.exists():
            continue
        rec = json.loads(path.read_text())
        zpath = _zones_path(*j[:4])
        zones = json.loads(zpath.read_text()) if zpath.exists() else []
        if len(zones) != len(rec["pages"]):
            # The generator changed since this page was OCR'd: its zone timing does not belong.
            zones = [{"machine": {}, "seconds": p["zones_seconds"]} for p in rec["pages"]]
            stale_zones += zpath.exists()
        for page, zone in zip(rec["pages"], zones, strict=True):
            # The fields stay those the pipeline's own page stage decoded on its corrected
            # image (as `sohoa digitize` does); the separate pass gives the time only.
            page["zones_seconds"] = zone["seconds"]
        (records if j[0] == "doc" else dossier_records).append(rec)
    clf = doctypes.default_classifier(doctypes.load_catalogue(use_env=False))
    if args.misses is not None:
        print_misses(records, clf, set(filter(None, args.misses.split(","))) or None)
        return 0
    docs = evaluate_documents(records, clf)
    dossiers = evaluate_dossiers(dossier_records, clf)
    codes = [c for c in clf.catalogue.codes]
    if failed:
        print(f"{failed} jobs failed (see stderr); they are left out of the figures")
    if stale_zones:
        print(f"{stale_zones} records OCR'd from an older generator: zone timing not used")
    report(docs, dossiers, codes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""OCR benchmark: sohoa against plain ``tesseract -l vie`` on the same generated pages.

    .venv/bin/python bench/ocr.py                 # the table (≥100 pages, all degradations)
    .venv/bin/python bench/ocr.py --big           # also the 200-page PDF with peak memory
    .venv/bin/python bench/ocr.py --langs vie,Vietnamese,vie+eng   # compare OCR models

Pages come from ``samples`` (seeded, cached under bench/data/). Both sides run with the
same parallelism (``--jobs``, default: the cores), each Tesseract single-threaded; the
two are run alternately per degradation so machine noise hits both. Printed per
degradation: mean CER (Levenshtein over the reference length, NFC, whitespace
collapsed), WER, order-free word error (1 − F1 of the word multisets), pages per minute,
and the ratios sohoa/plain.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

DATA = ROOT / "bench" / "data" / "ocr-v1"
OUT = ROOT / "bench" / "out"
DEGRADATIONS = (
    "clean", "dpi200", "skew", "rot90", "rot180", "rot270",
    "noise_blur", "jpeg_low", "shadow", "photo",
)  # fmt: skip
#: Which degradations each acceptance line groups.
TARGETS = {
    "skew": ("skew",),
    "rotation": ("rot90", "rot180", "rot270"),
    "shadow": ("shadow",),
    "photo": ("photo",),
}


# -- data ----------------------------------------------------------------------------------


def _make_one(job: tuple[str, str, int]) -> str:
    import samples

    degradation, kind, seed = job
    folder = DATA / degradation
    stem = f"{kind}-{seed}"
    doc = samples.make_document(kind, seed, "all")
    page = samples.render(doc, 300)[0]
    page.info["dpi"] = (300, 300)
    bad = samples.degrade(page, degradation, seed)
    if degradation == "photo":
        bad.save(folder / f"{stem}.jpg", quality=92)  # a phone records no dpi
    else:
        bad.save(
            folder / f"{stem}.png", dpi=tuple(round(v) for v in bad.info.get("dpi", (300, 300)))
        )
    (folder / f"{stem}.txt").write_text(doc.pages[0], encoding="utf-8")
    return stem


def dataset(per: int, jobs: int) -> dict[str, list[Path]]:
    """``per`` pages for each degradation, generated once and cached."""
    import samples

    kinds = samples.CATALOGUE_KINDS
    todo, out = [], {}
    for d_index, degradation in enumerate(DEGRADATIONS):
        (DATA / degradation).mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(per):
            kind, seed = kinds[i % len(kinds)], 1000 + 37 * i + d_index
            stem = f"{kind}-{seed}"
            path = next((DATA / degradation).glob(f"{stem}.*[gf]"), None)
            if path is None or not (DATA / degradation / f"{stem}.txt").exists():
                todo.append((degradation, kind, seed))
            paths.append(stem)
        out[degradation] = paths
    if todo:
        print(f"generating {len(todo)} pages into {DATA} ...", file=sys.stderr)
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_make_one, todo))
    return {
        d: [
            next(p for p in (DATA / d).glob(f"{s}.*") if p.suffix in (".png", ".jpg"))
            for s in stems
        ]
        for d, stems in out.items()
    }


# -- measures ------------------------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(ref: str, hyp: str) -> float:
    ref, hyp = norm(ref), norm(hyp)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def wer(ref: str, hyp: str) -> float:
    r, h = norm(ref).split(), norm(hyp).split()
    return Levenshtein.distance(r, h) / max(1, len(r))


def bag_error(ref: str, hyp: str) -> float:
    """1 − F1 of the word multisets: word accuracy regardless of reading order."""
    r, h = Counter(norm(ref).split()), Counter(norm(hyp).split())
    common = sum((r & h).values())
    if not common:
        return 1.0
    precision, recall = common / sum(h.values()), common / sum(r.values())
    return 1 - 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    cer: float
    wer: float
    bag: float
    ppm: float
    pages: int


def score(refs: list[str], hyps: list[str], seconds: float) -> Score:
    n = len(refs)
    return Score(
        cer=sum(cer(r, h) for r, h in zip(refs, hyps, strict=True)) / n,
        wer=sum(wer(r, h) for r, h in zip(refs, hyps, strict=True)) / n,
        bag=sum(bag_error(r, h) for r, h in zip(refs, hyps, strict=True)) / n,
        ppm=n / seconds * 60,
        pages=n,
    )


# -- the two contestants ---------------------------------------------------------------------


def run_plain(paths: list[Path], jobs: int, lang: str = "vie") -> tuple[list[str], float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> str:
        proc = subprocess.run(
            ["tesseract", str(path), "-", "-l", lang], capture_output=True, env=env, check=False
        )
        return proc.stdout.decode("utf-8", "replace")

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        texts = list(pool.map(one, paths))
    return texts, time.perf_counter() - start


def run_sohoa(paths: list[Path], digitizer) -> tuple[list[str], float]:
    start = time.perf_counter()
    results = list(digitizer.run(paths))
    seconds = time.perf_counter() - start
    for r in results:
        if not r.ok:
            print(f"  sohoa error on {Path(r.source).name}: {r.error_code}", file=sys.stderr)
    return [r.text for r in results], seconds


def side_by_side(
    paths: list[Path], jobs: int, lang: str, out: Path, off: tuple[str, ...] = ()
) -> tuple[list[str], float, list[str], float]:
    """Plain and sohoa on the same pages, alternating in small chunks (which side goes
    first flips each chunk) so that load from elsewhere hits both sides alike."""
    from digitizer import Digitizer, DigitizeSpec

    plain_texts: list[str] = []
    ours_texts: list[str] = []
    plain_s = ours_s = 0.0
    chunk = 2 * jobs
    from digitizer.spec import PreprocessSpec

    steps = PreprocessSpec(**dict.fromkeys(off, False))
    spec = DigitizeSpec(jobs=jobs, lang=lang, preprocess=steps)
    with Digitizer(spec, out) as digitizer:
        # One untimed chunk for each side first: a process's first pages pay for memory
        # it has not touched yet and files not yet cached, and without this only the
        # first degradation of a run would pay it.
        run_plain(paths[:chunk], jobs)
        run_sohoa(paths[:chunk], digitizer)
        for i in range(0, len(paths), chunk):
            part = paths[i : i + chunk]
            if (i // chunk) % 2 == 0:
                texts, t = run_plain(part, jobs)
                plain_texts += texts
                plain_s += t
                texts, t = run_sohoa(part, digitizer)
                ours_texts += texts
                ours_s += t
            else:
                texts, t = run_sohoa(part, digitizer)
                ours_texts += texts
                ours_s += t
                texts, t = run_plain(part, jobs)
                plain_texts += texts
                plain_s += t
    return plain_texts, plain_s, ours_texts, ours_s


# -- report --------------------------------------------------------------------------------


def _ratio(a: float, b: float) -> str:
    return "   -" if b == 0 else f"{a / b:5.2f}"


def table(rows: dict[str, tuple[Score, Score]]) -> None:
    head = (
        f"{'degradation':<12}{'pages':>6} | {'CER plain':>9} {'sohoa':>7} {'ratio':>6} | "
        f"{'WER plain':>9} {'sohoa':>7} {'ratio':>6} | "
        f"{'bag plain':>9} {'sohoa':>7} {'ratio':>6} | "
        f"{'ppm plain':>9} {'sohoa':>7} {'ratio':>6}"
    )
    print(head)
    print("-" * len(head))
    for name, (p, s) in rows.items():
        print(
            f"{name:<12}{p.pages:>6} | {p.cer:9.4f} {s.cer:7.4f} {_ratio(s.cer, p.cer):>6} | "
            f"{p.wer:9.4f} {s.wer:7.4f} {_ratio(s.wer, p.wer):>6} | "
            f"{p.bag:9.4f} {s.bag:7.4f} {_ratio(s.bag, p.bag):>6} | "
            f"{p.ppm:9.1f} {s.ppm:7.1f} {_ratio(s.ppm, p.ppm):>6}"
        )


def merge(scores: list[Score]) -> Score:
    n = sum(s.pages for s in scores)
    minutes = sum(s.pages / s.ppm for s in scores)
    return Score(
        cer=sum(s.cer * s.pages for s in scores) / n,
        wer=sum(s.wer * s.pages for s in scores) / n,
        bag=sum(s.bag * s.pages for s in scores) / n,
        ppm=n / minutes,
        pages=n,
    )


def verdicts(rows: dict[str, tuple[Score, Score]]) -> None:
    print("\nacceptance:")
    for target, group in TARGETS.items():
        present = [d for d in group if d in rows]
        if not present:
            continue  # that degradation was not run (--only)
        p = merge([rows[d][0] for d in present])
        s = merge([rows[d][1] for d in present])
        if not p.pages:
            continue
        ok = s.cer <= p.cer / 2 and s.bag <= p.bag / 2
        print(
            f"  {target:<9} CER {s.cer:.4f} vs ½·{p.cer:.4f}; "
            f"word error {s.bag:.4f} vs ½·{p.bag:.4f}"
            f"  -> {'PASS' if ok else 'FAIL'}"
        )
    if "clean" in rows:
        p, s = rows["clean"]
        print(
            f"  clean     CER {s.cer:.4f} ≤ {p.cer:.4f} and word error {s.bag:.4f} ≤ {p.bag:.4f}"
            f"  -> {'PASS' if s.cer <= p.cer and s.bag <= p.bag else 'FAIL'}"
        )
        print(
            f"  clean     order-free word error {s.bag:.2%} ≤ 2%"
            f"  -> {'PASS' if s.bag <= 0.02 else 'FAIL'}"
        )
        print(
            f"  clean     speed {s.ppm:.1f} / {p.ppm:.1f} ppm = {s.ppm / p.ppm:.2f} ≥ 0.85"
            f"  -> {'PASS' if s.ppm >= 0.85 * p.ppm else 'FAIL'}"
        )


# -- the 200-page PDF ------------------------------------------------------------------------


def big_pdf(pages: int, clean: list[Path]) -> Path:
    """A scanned PDF of ``pages`` pages (clean 300-dpi pages as JPEG), built once."""
    import io

    import pikepdf
    from PIL import Image

    path = DATA / f"scanned-{pages}.pdf"
    if path.exists():
        return path
    pdf = pikepdf.new()
    blobs = []
    for src in clean:
        with Image.open(src) as im:
            buf = io.BytesIO()
            im.convert("RGB").save(buf, "JPEG", quality=85)
            blobs.append((buf.getvalue(), im.width, im.height))
    for i in range(pages):
        data, w, h = blobs[i % len(blobs)]
        image = pikepdf.Stream(
            pdf,
            data,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=w,
            Height=h,
            ColorSpace=pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=pikepdf.Name.DCTDecode,
        )
        wpt, hpt = w * 72 / 300, h * 72 / 300
        page = pdf.add_blank_page(page_size=(wpt, hpt))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pikepdf.Stream(pdf, f"q {wpt} 0 0 {hpt} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path)
    return path


def tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def run_big(pages: int, clean: list[Path], jobs: int) -> None:
    import psutil

    pdf = big_pdf(pages, clean)
    out = OUT / "big"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "api",
        "digitize",
        str(pdf),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    print(f"\n{pages}-page scanned PDF ({pdf.stat().st_size / 2**20:.0f} MiB): {' '.join(cmd[1:])}")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(ps))
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _stdout, stderr = proc.communicate()
    stop.set()
    poller.join()
    seconds = time.perf_counter() - start
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {stderr.decode()[-300:]}"
    print(
        f"  {status}; {seconds:.0f} s, {pages / seconds * 60:.1f} pages/min; "
        f"peak RSS of the process tree {peak / 2**20:.0f} MiB "
        f"-> {'PASS' if peak < 2**30 and proc.returncode == 0 else 'FAIL'} (< 1024 MiB)"
    )


# -- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per", type=int, default=12, help="pages per degradation (default 12)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--lang", default="vie", help="sohoa's Tesseract language")
    parser.add_argument("--only", default="", help="comma-separated degradations")
    parser.add_argument("--langs", default="", help="compare sohoa with these languages instead")
    parser.add_argument(
        "--off", default="", help="PreprocessSpec steps to switch off, e.g. reread_mrz"
    )
    parser.add_argument("--big", action="store_true", help="also digitize the 200-page PDF")
    parser.add_argument("--big-only", action="store_true", help="only the 200-page PDF")
    parser.add_argument("--big-pages", type=int, default=200)
    args = parser.parse_args()

    data = dataset(args.per, args.jobs)
    only = [d for d in args.only.split(",") if d] or list(DEGRADATIONS)
    load = os.getloadavg()
    print(
        f"jobs={args.jobs}  cores={os.cpu_count()}  "
        f"load average at start {load[0]:.2f} {load[1]:.2f}"
    )
    if args.big_only:
        run_big(args.big_pages, data["clean"], args.jobs)
        return
    if args.langs:
        compare_langs(data, only, args.langs.split(","), args.jobs)
        return
    rows: dict[str, tuple[Score, Score]] = {}
    for degradation in only:
        paths = data[degradation]
        refs = [p.with_suffix(".txt").read_text(encoding="utf-8") for p in paths]
        plain, tp, ours, ts = side_by_side(
            paths, args.jobs, args.lang, OUT / degradation, tuple(filter(None, args.off.split(",")))
        )
        rows[degradation] = (score(refs, plain, tp), score(refs, ours, ts))
        print(f"  {degradation}: done", file=sys.stderr)
    rows["all"] = (merge([p for p, _ in rows.values()]), merge([s for _, s in rows.values()]))
    print(f"\nsohoa (lang={args.lang}) vs plain `tesseract -l vie`, {args.jobs} jobs each\n")
    table(rows)
    verdicts(rows)
    load = os.getloadavg()
    print(f"\nload average at end {load[0]:.2f} {load[1]:.2f} (2 cores shared with other work)")
    if args.big:
        run_big(args.big_pages, data["clean"], args.jobs)


def compare_langs(
    data: dict[str, list[Path]], only: list[str], langs: list[str], jobs: int
) -> None:
    from digitizer import Digitizer, DigitizeSpec

    print(f"{'lang':<22}" + "".join(f"{d:>22}" for d in only) + f"{'ppm':>8}")
    print(f"{'':<22}" + "".join(f"{'CER / bag':>22}" for _ in only))
    for lang in langs:
        cells, pages, seconds = [], 0, 0.0
        for d in only:
            paths = data[d]
            refs = [p.with_suffix(".txt").read_text(encoding="utf-8") for p in paths]
            with Digitizer(DigitizeSpec(jobs=jobs, lang=lang), OUT / f"lang-{d}") as digitizer:
                texts, t = run_sohoa(paths, digitizer)
            s = score(refs, texts, t)
            cells.append(f"{s.cer:.4f} / {s.bag:.4f}")
            pages, seconds = pages + len(paths), seconds + t
        print(f"{lang:<22}" + "".join(f"{c:>22}" for c in cells) + f"{pages / seconds * 60:8.1f}")


if __name__ == "__main__":
    main()

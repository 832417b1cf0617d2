"""The driver: load → check → preprocess → recognise → classify → extract → assemble.

Inputs are checked in the driver (headers only); their pages go to a process pool, a
bounded number at a time and across files, so one-page inputs keep every core busy and
a 200-page PDF never holds more than a few decoded pages. Results come back in input
order; one bad input becomes an error result and never stops the others.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from digitizer import doctypes
from digitizer.errors import DigitizerError, InternalError, WorkerCrashedError
from digitizer.messages import notice
from digitizer.model import DocumentSpan, Notice, OcrPage
from digitizer.page import PageContext, PageOutcome, process_page
from digitizer.pdfout import PdfPage, write_searchable_pdf
from digitizer.result import DigitizeResult, PageReport
from digitizer.sources import InputPlan, PageRef, inspect_input
from digitizer.spec import DigitizeSpec
from digitizer.writer import write_json

__all__ = ["Digitizer", "Progress"]

log = logging.getLogger(__name__)

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

#: Called after each finished page: (pages done, pages known so far).
Progress = Callable[[int, int], None]


def _exit_with(driver: int) -> None:
    """Wait for the driver process to end, then end this worker.

    A pool's workers otherwise outlive a driver killed outright (the OOM killer, kill -9,
    a crashed service): they wait on a task queue whose other end they hold themselves,
    and the fork server waits on them, for ever (about 250 MB each, seen here). A pidfd
    cannot point at a later process that reuses the number.
    """
    select.select([driver], [], [])
    os._exit(0)


def _watch_driver(driver_pid: int) -> None:
    try:
        driver = os.pidfd_open(driver_pid)
    except ProcessLookupError:  # the driver died while this worker was starting
        os._exit(0)
    except (AttributeError, OSError):  # not Linux 5.3+
        log.debug("worker %d does not watch its driver", os.getpid())
        return
    watch = threading.Thread(target=_exit_with, args=(driver,), name="driver-watch")
    watch.daemon = True
    watch.start()


def _worker_init(lang: str, driver_pid: int) -> None:
    _watch_driver(driver_pid)
    import cv2

    from digitizer import engine
    from digitizer.marks import phrase_book
    from digitizer.mrz import MRZ_ENGINE

    # Parallelism comes from the pool; threads inside a worker only fight over the cores.
    cv2.setNumThreads(1)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # the in-process Tesseract (digitizer.engine)
    # The second reads' models and the phrase book load now, not during the first page
    # of the day. Nothing here may fail: a failing initializer breaks the whole pool,
    # while a page that meets the same fault reports it with its own error code.
    try:
        engine.warm(((lang, {}), ("eng", {}), ("eng", MRZ_ENGINE)))
        phrase_book()
    except Exception as exc:
        log.warning("worker warm-up incomplete: %s", exc.__class__.__name__)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class _Input:
    """Book-keeping for one input while its pages are in flight."""

    index: int
    source: str
    stem: str
    plan: InputPlan | None = None
    error: DigitizerError | None = None
    pending: deque[PageRef] = field(default_factory=deque)
    running: set[Future[PageOutcome]] = field(default_factory=set)
    outcomes: dict[int, PageOutcome] = field(default_factory=dict)
    ocr: bool = False

    @property
    def done(self) -> bool:
        return self.error is not None or (not self.pending and not self.running)


class Digitizer:
    """Digitizes inputs into ``out_dir`` with a pool of page workers; use as a context manager."""

    def __init__(
        self, spec: DigitizeSpec, out_dir: Path, *, progress: Progress | None = None
    ) -> None:
        self.spec = spec
        self.out_dir = out_dir
        self.jobs = spec.jobs if spec.jobs > 0 else _cores()
        self._progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._stems: set[str] = set()
        self._pages_done = 0
        self._pages_known = 0

    def __enter__(self) -> Digitizer:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(prefix="sohoa-pages-")
        self._pool = self._new_pool()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._tmp is not None:
            self._tmp.cleanup()

    def _new_pool(self) -> ProcessPoolExecutor:
        # Workers come from a fork server, never from a fork of this process: a fork
        # taken while another thread (OpenCV's pool, an HTTP client, a test harness)
        # holds a lock leaves the child waiting on that lock for ever.
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["digitizer.page", "digitizer.runner"])
        pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=ctx,
            initializer=_worker_init,
            initargs=(self.spec.lang, os.getpid()),
        )
        # Start every worker now (about a second, once per run or service): the first
        # scan of the day should not wait for the imports.
        for started in [pool.submit(os.getpid) for _ in range(self.jobs)]:
            started.result()
        return pool

    # -- stages run in the driver ------------------------------------------------------

    def _stem(self, path: Path) -> str:
        """A name for the outputs that no other input of the run uses and that never
        names the input itself (``--out`` beside a PDF would overwrite the scan)."""
        stem, n = path.stem or "input", 1
        while stem in self._stems or self._would_overwrite(path, stem):
            n += 1
            stem = f"{path.stem}-{n}"
        self._stems.add(stem)
        return stem

    def _would_overwrite(self, path: Path, stem: str) -> bool:
        for suffix in (".pdf", ".json"):
            target = self.out_dir / f"{stem}{suffix}"
            try:
                if target.exists() and path.exists() and target.samefile(path):
                    return True
            except OSError:
                continue
        return False

    def _load(self, index: int, source: str) -> _Input:
        item = _Input(index, source, self._stem(Path(source)))
        try:
            item.plan = inspect_input(Path(source), self.spec)
        except DigitizerError as exc:
            item.error = exc
            return item
        facts = item.plan.pdf
        item.ocr = facts is None or not facts.text_layer_usable
        if item.ocr:
            item.pending.extend(item.plan.pages)
            self._pages_known += len(item.plan.pages)
        return item

    def _submit(self, item: _Input, ref: PageRef) -> None:
        assert self._pool is not None and self._tmp is not None
        ctx = PageContext(self.spec, Path(self._tmp.name))
        future = self._pool.submit(process_page, ref, ctx, f"{item.index}-{ref.number:05d}")
        item.running.add(future)

    def _collect(self, item: _Input, future: Future[PageOutcome]) -> None:
        item.running.discard(future)
        if item.error is not None:
            return
        try:
            outcome = future.result()
        except DigitizerError as exc:
            item.error = exc
        except BrokenProcessPool:
            item.error = WorkerCrashedError()
        except Exception as exc:
            log.debug("page worker failed", exc_info=True)
            item.error = InternalError(error=exc.__class__.__name__)
        else:
            item.outcomes[outcome.page.number] = outcome
            self._pages_done += 1
            if self._progress:
                self._progress(self._pages_done, self._pages_known)
        if item.error is not None:
            for other in item.running:
                other.cancel()
            item.pending.clear()

    def run(self, sources: Iterable[str | os.PathLike[str]]) -> Iterator[DigitizeResult]:
        """Digitize each source; yields one result per source, in order."""
        if self._pool is None:
            raise RuntimeError("use Digitizer as a context manager")
        todo = deque(os.fspath(s) for s in sources)
        active: deque[_Input] = deque()
        window = 2 * self.jobs
        index = 0
        while todo or active:
            # Keep the pool fed: load inputs and submit pages up to the window.
            in_flight = sum(len(i.running) for i in active)
            while in_flight < window:
                feeder = next((i for i in active if i.pending and i.error is None), None)
                if feeder is None:
                    if not todo or len(active) > window:
                        break
                    active.append(self._load(index, todo.popleft()))
                    index += 1
                    continue
                self._submit(feeder, feeder.pending.popleft())
                in_flight += 1
            while active and active[0].done:
                yield self._assemble(active.popleft())
            running = {f: i for i in active for f in i.running}
            if running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    self._collect(running[future], future)
                    broken = broken or isinstance(running[future].error, WorkerCrashedError)
                if broken:
                    self._restart_pool(active)

    def _restart_pool(self, active: deque[_Input]) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        for item in active:
            if item.running and item.error is None:
                item.error = WorkerCrashedError()
            item.running.clear()
        self._pool = self._new_pool()

    # -- classify, extract, assemble ------------------------------------------------------

    def _assemble(self, item: _Input) -> DigitizeResult:
        try:
            return self._finish(item)
        except DigitizerError as exc:
            item.error = exc
        except OSError as exc:
            item.error = InternalError(reason=exc.strerror or exc.__class__.__name__)
        finally:
            for outcome in item.outcomes.values():
                outcome.image_jpeg.unlink(missing_ok=True)
        return self._failed(item)

    def _failed(self, item: _Input) -> DigitizeResult:
        exc = item.error
        assert exc is not None
        log.info("input %d refused: %s", item.index + 1, exc.code)
        result = DigitizeResult(
            source=item.source,
            error_code=exc.code,
            error_message=" ".join(exc.message(self.spec.ui_language).split()),
            error_exit_status=exc.exit_status,
            error_params=exc.params,
        )
        write_json(result, self.out_dir / f"{item.stem}.json")
        return result

    def _finish(self, item: _Input) -> DigitizeResult:
        if item.error is not None:
            return self._failed(item)
        plan = item.plan
        assert plan is not None
        facts = plan.pdf
        notes: list[Notice] = []
        lang = self.spec.ui_language
        reports: list[PageReport]
        if item.ocr:
            outcomes = [item.outcomes[ref.number] for ref in plan.pages]
            reports = [
                PageReport(o.page, o.quality, o.quality.rotation, o.quality.skew, o.warnings)
                for o in outcomes
            ]
            if facts is not None and any(len(t) >= 20 for t in facts.page_texts):
                notes.append(notice("text_layer_garbage", lang))
        else:
            assert facts is not None
            outcomes = []
            reports = [
                PageReport(
                    OcrPage(
                        number=i,
                        text=t,
                        words=(),
                        width=0,
                        height=0,
                        dpi=0.0,
                        confidence=1.0,
                        source="text_layer",
                    ),
                    None,
                )
                for i, t in enumerate(facts.page_texts, start=1)
            ]
            notes.append(notice("text_layer_kept", lang))
        out_pdf = self.out_dir / f"{item.stem}.pdf"
        if facts is not None and (facts.signed or not item.ocr):
            # A signed PDF is never rewritten, and a real text layer needs nothing from us.
            if facts.signed:
                notes.append(notice("signed_pdf_kept", lang))
            if not out_pdf.exists() or not out_pdf.samefile(plan.path):
                shutil.copyfile(plan.path, out_pdf)
        else:
            write_searchable_pdf(
                (
                    PdfPage(o.image_jpeg, o.colour, o.width, o.height, o.page.dpi, o.page.words)
                    for o in outcomes
                ),
                out_pdf,
                pdfa=self.spec.pdfa,
                title=item.stem,
            )
        spans = self._classify([r.page for r in reports], notes)
        result = DigitizeResult(
            source=item.source,
            pages=tuple(reports),
            spans=spans,
            output_pdf=str(out_pdf),
            output_json=str(self.out_dir / f"{item.stem}.json"),
            warnings=tuple(notes),
        )
        write_json(result, self.out_dir / f"{item.stem}.json")
        return result

    def _classify(self, pages: list[OcrPage], notes: list[Notice]) -> tuple[DocumentSpan, ...]:
        try:
            # Validity (e.g. a marital status confirmation's 6 months) is judged on the
            # counter's day in Vietnam, whatever the server's clock zone.
            return tuple(doctypes.analyse(pages, as_of=datetime.now(_VIETNAM).date()))
        except doctypes.DoctypeError as exc:
            # Without a type the text is still worth keeping; staff pick the type by hand.
            # The cause (a catalogue line, a model path; no personal data) is for the log.
            log.warning("classification unavailable: %s: %s", exc.code, exc)
            notes.append(notice(exc.code, self.spec.ui_language))
            return ()

"""Files on disk: one document in a format next to its truth JSON, sets, and dossiers."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image

from samples.degrade import DEGRADATIONS, degrade_with_params
from samples.errors import UnknownDegradationError, UnknownFormatError, UnknownKindError
from samples.generator import KINDS, make_document, render
from samples.layout import PageBuilder, PageLayout
from samples.model import DossierPart, SampleDocument
from samples.people import random_person

__all__ = ["FORMATS", "GENERATOR_VERSION", "make_dossier", "write_document", "write_set"]

FORMATS = ("png", "jpg", "tiff", "pdf")
#: Bumped when the same seed starts giving different documents or pixels.
GENERATOR_VERSION = 1
_JPEG_QUALITY = 85
_DOSSIER_EXTRAS = (
    "khai_sinh",
    "ket_hon",
    "xac_nhan_hon_nhan",
    "quyen_su_dung_dat",
    "dang_ky_doanh_nghiep",
    "bang_tot_nghiep",
    "giay_phep_lai_xe",
)


def _check_format(fmt: str) -> str:
    fmt = {"jpeg": "jpg", "tif": "tiff"}.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return fmt


def _jpeg_bytes(image: Image.Image, quality: int, dpi: float) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def _write_pdf(
    images: Sequence[Image.Image], dpis: Sequence[float], path: Path, quality: int
) -> None:
    """Raster pages as JPEG at their true size; no dates, so the same input gives the same bytes."""
    pdf = pikepdf.Pdf.new()
    for image, dpi in zip(images, dpis, strict=True):
        w_pt, h_pt = image.width * 72 / dpi, image.height * 72 / dpi
        xobject = pikepdf.Stream(pdf, _jpeg_bytes(image, quality, dpi))
        xobject.Type = pikepdf.Name.XObject
        xobject.Subtype = pikepdf.Name.Image
        xobject.Width, xobject.Height = image.width, image.height
        xobject.ColorSpace = pikepdf.Name.DeviceRGB
        xobject.BitsPerComponent = 8
        xobject.Filter = pikepdf.Name.DCTDecode
        page = pdf.add_blank_page(page_size=(w_pt, h_pt))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject))
        page.Contents = pdf.make_stream(f"q {w_pt:.4f} 0 0 {h_pt:.4f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path, deterministic_id=True)


def _write_images(
    images: list[Image.Image], dpis: list[float], path: Path, fmt: str, quality: int
) -> list[Path]:
    if fmt == "pdf":
        _write_pdf(images, dpis, path, quality)
        return [path]
    if fmt == "tiff":
        frames = [im.convert("RGB") for im in images]
        frames[0].save(
            path,
            "TIFF",
            save_all=True,
            append_images=frames[1:],
            compression="tiff_lzw",
            dpi=(dpis[0], dpis[0]),
        )
        return [path]
    paths = []
    for i, (image, dpi) in enumerate(zip(images, dpis, strict=True), start=1):
        target = path if len(images) == 1 else path.with_name(f"{path.stem}_p{i}{path.suffix}")
        if fmt == "jpg":
            target.write_bytes(_jpeg_bytes(image, quality, dpi))
        else:
            image.convert("RGB").save(target, "PNG", dpi=(dpi, dpi))
        paths.append(target)
    return paths


def write_document(
    doc: SampleDocument,
    out_dir: str | Path,
    *,
    name: str | None = None,
    degradation: str = "clean",
    fmt: str = "png",
    dpi: int = 300,
    seed: int | None = None,
) -> list[Path]:
    """Render, degrade and write one document as ``<name>.<ext>`` (pages ``<name>_pN.<ext>``
    for PNG/JPEG) with ``<name>.truth.json``; returns the image files."""
    fmt = _check_format(fmt)
    if degradation not in DEGRADATIONS:
        raise UnknownDegradationError(
            f"unknown degradation {degradation!r}; choose one of: {', '.join(DEGRADATIONS)}"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or f"{doc.kind}-{doc.seed}-{degradation}"
    degrade_seed = doc.seed if seed is None else seed
    images, dpis, params = [], [], []
    for number, page in enumerate(render(doc, dpi=dpi), start=1):
        image, p = degrade_with_params(page, degradation, degrade_seed * 1000 + number)
        images.append(image)
        dpis.append(float(p["dpi"]))
        params.append(p)
    # A page that already went through JPEG (jpeg_low, photo) is stored at that quality:
    # re-encoding it finer only inflates the file.
    quality = min(int(params[0].get("quality", _JPEG_QUALITY)), _JPEG_QUALITY)
    files = _write_images(images, dpis, out / f"{name}.{fmt}", fmt, quality)
    truth: dict[str, Any] = doc.truth()
    truth.update(
        degradation=degradation,
        degradation_params=params,
        dpi=dpis[0],
        format=fmt,
        files=[f.name for f in files],
        page_sizes=[list(im.size) for im in images],
        line_boxes=doc.line_boxes(dpis[0]),
        generator_version=GENERATOR_VERSION,
    )
    text = json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=True)
    (out / f"{name}.truth.json").write_text(
        unicodedata.normalize("NFC", text) + "\n", encoding="utf-8"
    )
    return files


def write_set(  # noqa: PLR0917 (the positional order is the API colleagues were promised)
    out_dir: str | Path,
    seed: int,
    count_per_kind: int = 1,
    kinds: Iterable[str] | None = None,
    degradations: Iterable[str] = ("clean",),
    fmt: str = "png",
    variant_set: str = "train",
    dpi: int = 300,
    workers: int = 1,
) -> list[Path]:
    """Each kind × count × degradation as files with truth JSON; returns the image files
    (in the same order whatever ``workers``, the number of processes to spread documents on).

    Document i of a kind has seed ``seed * 10000 + i``, so sets with different seeds
    share no document and a bigger count extends a smaller one.
    """
    fmt = _check_format(fmt)
    kinds = list(kinds) if kinds is not None else list(KINDS)
    degradations = list(degradations)
    for kind in kinds:
        if kind not in KINDS:
            raise UnknownKindError(
                f"unknown document kind {kind!r}; choose one of: {', '.join(KINDS)}"
            )
    for d in degradations:
        if d not in DEGRADATIONS:
            raise UnknownDegradationError(
                f"unknown degradation {d!r}; choose one of: {', '.join(DEGRADATIONS)}"
            )
    jobs = [
        (kind, seed * 10000 + i, variant_set, tuple(degradations), str(out_dir), fmt, dpi)
        for kind in kinds
        for i in range(count_per_kind)
    ]
    if workers <= 1 or len(jobs) <= 1:
        results = [_write_job(job) for job in jobs]
    else:
        with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
            results = list(pool.map(_write_job, jobs))
    return [path for paths in results for path in paths]


def _write_job(job: tuple[str, int, str, tuple[str, ...], str, str, int]) -> list[Path]:
    """One document in every degradation (a process-pool task: arguments are plain data)."""
    kind, doc_seed, variant_set, degradations, out_dir, fmt, dpi = job
    doc = make_document(kind, doc_seed, variant_set)
    written: list[Path] = []
    for d in degradations:
        written += write_document(doc, out_dir, degradation=d, fmt=fmt, dpi=dpi)
    return written


def _on_a4(layout: PageLayout) -> PageLayout:
    """A card or a booklet page laid on the scanner glass: an A4 page with it at the top left."""
    if layout.width >= 200:
        return layout
    b = PageBuilder(layout.family, left=20, top=20)
    b.embed(20, 20, layout)
    return b.build()


def _blank_a4(family: str) -> PageLayout:
    return PageBuilder(family).build()


def make_dossier(
    seed: int,
    kinds: Sequence[str] | None = None,
    variant_set: str = "train",
    separators: bool = True,
) -> SampleDocument:
    """A dossier scanned as one stack: documents one after another on A4 pages, with blank
    separator pages between some of them when ``separators``; truth lists page ranges.

    Without ``kinds``: a tờ khai, a cccd, then 1–3 other papers chosen by the seed. The
    papers with an adult holder (tờ khai, cccd, licences, certificates of status, land,
    enterprise) belong to one applicant, as in a real dossier.
    """
    rng = random.Random(f"sohoa-samples:dossier:{seed}")
    applicant = random_person(rng, born_after=dt.date(1970, 1, 1), born_before=dt.date(2003, 1, 1))
    if kinds is None:
        kinds = ["to_khai", "cccd", *rng.sample(_DOSSIER_EXTRAS, rng.randint(1, 3))]
    layouts: list[PageLayout] = []
    parts: list[DossierPart] = []
    blanks: list[int] = []
    family = "liberation"
    for index, kind in enumerate(kinds):
        # A desk copies both sides of an ID card onto one sheet; other papers keep their layout.
        one_sheet = 1 if kind == "cccd" and variant_set == "train" else None
        doc = make_document(
            kind, seed * 100 + index, variant_set, variant=one_sheet, subject=applicant
        )
        family = doc.font_family
        if separators and index > 0 and rng.random() < 0.35:
            layouts.append(_blank_a4(family))
            blanks.append(len(layouts))
        first = len(layouts) + 1
        layouts.extend(_on_a4(layout) for layout in doc.layouts)
        parts.append(
            DossierPart(kind, doc.doc_type, first, len(layouts), doc.fields, doc.seed, doc.machine)
        )
    return SampleDocument(
        kind="dossier",
        doc_type="dossier",
        seed=seed,
        variant_set=variant_set,
        variant=-1,
        font_family=family,
        fields={},
        pages=tuple(layout.text for layout in layouts),
        layouts=tuple(layouts),
        documents=tuple(parts),
        blank_pages=tuple(blanks),
    )

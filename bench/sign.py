"""Signing and validation throughput: sohoa against bare pyHanko, in the same run.

    .venv/bin/python bench/sign.py [--rounds N]

Starts the test PKI (certomancer: TSA, OCSP, CRLs) on 127.0.0.1, loads one PKCS#12 key,
then for each PAdES level signs the same 2-page PDF with the same visible agency mark
through ``signing.sign_pdf`` and through bare pyHanko calls (``PdfSigner.sign_pdf`` with
the same key object, font, text, box, TSA and validation context), alternating the two
so that the shared machine's noise hits both alike. Like with like: bare pyHanko cannot
look for blank space, so in this table sohoa is given the same explicit box. The cost of
finding blank space (rendering the page with poppler, searching its ink) is measured on
its own afterwards: sohoa with placement against sohoa with the box, on that PDF and on
the scanned demo dossier (agency mark on page 1, certified stamp on page 3). Then it
validates the files both ways (sohoa's ``validate_pdf`` against bare
``ades_basic_validation`` / ``ades_lta_validation`` with the same policy). Figures are
medians per operation; ``ratio`` is sohoa's median time / bare median time (acceptance:
signing <= 1.15 at each level). Within each round the two sides run in random order.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation.ades import (
    ades_basic_validation,
    ades_lta_validation,
)
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from signing import (
    AgencySigner,
    Level,
    Pkcs12KeySpec,
    SignSpec,
    TrustSpec,
    load_certificates,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from signing.appearance import (
    _LEFT_TOP,
    _text_box,
    agency_mark_size,
    agency_mark_text,
    certified_copy_sizes,
    iso_local,
)
from signing.marks import page_geometry
from signing.model import AgencyMarkSpec
from signing.placement import corner_box, find_mark_box, find_stamp_box, render_ink
from signing.trust import validation_spec
from tests.signing import services
from tests.signing.conftest import certified_spec, make_pdf

MARK = AgencyMarkSpec(agency="UBND phường Bến Nghé, Quận 1")
#: The mark's default place on A4 (its text has a fixed width: the time is ISO 8601).
BOX = corner_box(
    (0.0, 0.0, 595.0, 842.0), agency_mark_size(MARK, datetime.now(UTC)), MARK.margin, top=True
)
MARK_BOXED = replace(MARK, box=BOX)
DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo" / "dossier-dpi200.pdf"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pair_round(
    ours_fn: Callable[[], object],
    bare_fn: Callable[[], object],
    ours: list[float],
    theirs: list[float],
) -> None:
    """One timing of each side, in random order (no side always runs first)."""
    if random.random() < 0.5:
        ours.append(timed(ours_fn))
        theirs.append(timed(bare_fn))
    else:
        theirs.append(timed(bare_fn))
        ours.append(timed(ours_fn))


def bare_signer(
    pdf: bytes, level: Level, signer: signers.Signer, tsa_url: str, root_path: Path
) -> Callable[[], bytes]:
    """The same signature as sohoa's, spelled out with pyHanko alone."""
    root = load_cert_from_pemder(str(root_path))
    timestamper = None if level is Level.B_B else HTTPTimeStamper(tsa_url, timeout=10)
    long_term = level.rank >= Level.B_LT.rank
    box = tuple(round(v) for v in BOX)
    counter = iter(range(10**9))

    def run() -> bytes:
        now = datetime.now(UTC).replace(microsecond=0)
        style = TextStampStyle(
            stamp_text=agency_mark_text(MARK, now).replace("%", "%%"),
            text_box_style=_text_box(),
            border_width=0,
            background=None,
            inner_content_layout=_LEFT_TOP,
        )
        name = f"Bare{next(counter)}"
        meta = signers.PdfSignatureMetadata(
            field_name=name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            embed_validation_info=long_term,
            use_pades_lta=level is Level.B_LTA,
            validation_context=(
                ValidationContext(
                    trust_roots=[root], allow_fetching=True, revocation_mode="hard-fail"
                )
                if long_term
                else None
            ),
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer,
            timestamper=timestamper,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(sig_field_name=name, on_page=0, box=box),
        )
        out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False))
        return bytes(out.getvalue())

    return run


def bare_validator(pdf: bytes, level: Level, trust: TrustSpec) -> Callable[[], object]:
    spec = validation_spec(trust, None)

    def run() -> object:
        sig = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_regular_signatures[0]
        if level is Level.B_B:
            sig.compute_integrity_info()
            return asyncio.run(
                ades_basic_validation(
                    sig.signed_data, spec.signature_validation_spec, raw_digest=sig.compute_digest()
                )
            )
        return asyncio.run(ades_lta_validation(sig, spec))

    return run


def placement_table(agency: AgencySigner, pdf: bytes, rounds: int) -> None:
    """Finding blank space, alone: sohoa with placement against sohoa given the box (B-B)."""
    demo = DEMO.read_bytes()
    stamp = certified_spec()
    cases = [
        ("2-page PDF, agency mark", pdf, SignSpec(mark=MARK), SignSpec(mark=MARK_BOXED)),
        ("scanned dossier, agency mark", demo, SignSpec(mark=MARK), SignSpec(mark=MARK_BOXED)),
        (
            "scanned dossier, certified stamp",
            demo,
            SignSpec(certified_copy=stamp),
            SignSpec(certified_copy=replace(stamp, box=(24.0, 24.0, 329.0, 130.0))),
        ),
    ]
    print()
    print(f"placement cost at B-B ({rounds} signatures per side): render at 50 dpi + ink search")
    print(
        f"{'case':<34} {'placed ms':>10} {'boxed ms':>9} {'added ms':>9} {'ratio':>6} "
        f"{'render ms':>10} {'search ms':>10}"
    )
    for label, data, placed, boxed in cases:
        render, search = placement_parts(data, placed, rounds)
        ours = lambda d=data, s=placed: sign_pdf(d, s, agency)  # noqa: E731
        given = lambda d=data, s=boxed: sign_pdf(d, s, agency)  # noqa: E731
        ours()
        given()
        a: list[float] = []
        b: list[float] = []
        for _ in range(rounds):
            pair_round(ours, given, a, b)
        o, t = statistics.median(a), statistics.median(b)
        print(
            f"{label:<34} {o * 1000:>10.1f} {t * 1000:>9.1f} {(o - t) * 1000:>9.1f} "
            f"{o / t:>6.2f} {render * 1000:>10.1f} {search * 1000:>10.1f}"
        )


def placement_parts(pdf: bytes, spec: SignSpec, rounds: int) -> tuple[float, float]:
    """Median seconds of the two parts of placement alone: poppler's render of the page
    and the blank-space search on its ink."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    index = 0 if spec.certified_copy is None else int(writer.root["/Pages"]["/Count"]) - 1
    geometry = page_geometry(writer, index)
    renders: list[float] = []
    searches: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        ink = render_ink(pdf, index, geometry.media_box, geometry.rotation)
        middle = time.perf_counter()
        if spec.certified_copy is not None:
            find_stamp_box(
                ink,
                geometry.visible_box,
                certified_copy_sizes(spec.certified_copy),
                spec.certified_copy.margin,
            )
        else:
            assert spec.mark is not None
            find_mark_box(
                ink,
                geometry.visible_box,
                agency_mark_size(spec.mark, datetime.now(UTC)),
                spec.mark.margin,
            )
        renders.append(middle - start)
        searches.append(time.perf_counter() - middle)
    return statistics.median(renders), statistics.median(searches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="operations per side and level")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # pyHanko's font and validation warnings
    pdf = make_pdf(2)
    with tempfile.TemporaryDirectory() as tmp, services.serve_certomancer(Path(tmp)) as pki:
        agency = load_signer(Pkcs12KeySpec(pki.pkcs12(), services.P12_PASSPHRASE.decode()))
        root_path = pki.cert_path("root")
        trust = TrustSpec(roots=load_certificates([root_path]))
        offline = TrustSpec(roots=trust.roots, allow_fetching=False)
        tsa = pki.tsa_url("tsa-long")
        print(
            f"sohoa signing vs bare pyHanko: {args.rounds} signatures per side and level, "
            f"loopback TSA/OCSP/CRL, RSA-2048 PKCS#12 key, visible agency mark"
        )
        print(
            f"{'level':<6} {'sohoa sig/s':>12} {'bare sig/s':>11} {'sohoa ms':>9} "
            f"{'bare ms':>8} {'ratio':>6}"
        )
        signed: dict[Level, bytes] = {}
        for level in Level:
            spec = SignSpec(level=level, tsa_url=tsa, mark=MARK_BOXED, trust=trust)
            bare = bare_signer(pdf, level, agency.signer, tsa, root_path)
            sohoa_run = lambda spec=spec: sign_pdf(pdf, spec, agency)  # noqa: E731
            sohoa_run()  # warm-up both (font parse, first TSA dry run, imports)
            bare()
            ours, theirs = [], []
            for _ in range(args.rounds):
                pair_round(sohoa_run, bare, ours, theirs)
            signed[level] = sohoa_run().pdf
            o, t = statistics.median(ours), statistics.median(theirs)
            print(
                f"{level!s:<6} {1 / o:>12.1f} {1 / t:>11.1f} {o * 1000:>9.1f} "
                f"{t * 1000:>8.1f} {o / t:>6.2f}"
            )
        placement_table(agency, pdf, args.rounds)
        print()
        print("validation (B-B, B-T online revocation; B-LT, B-LTA from the file alone)")
        print(
            f"{'level':<6} {'sohoa val/s':>12} {'bare val/s':>11} {'sohoa ms':>9} "
            f"{'bare ms':>8} {'ratio':>6}"
        )
        for level, pdf_signed in signed.items():
            t_spec = trust if level.rank < Level.B_LT.rank else offline
            ours_v = lambda p=pdf_signed, ts=t_spec: validate_pdf(p, ts)  # noqa: E731
            bare_v = bare_validator(pdf_signed, level, t_spec)
            ours_v()
            bare_v()
            ours, theirs = [], []
            for _ in range(args.rounds):
                pair_round(ours_v, bare_v, ours, theirs)
            o, t = statistics.median(ours), statistics.median(theirs)
            print(
                f"{level!s:<6} {1 / o:>12.1f} {1 / t:>11.1f} {o * 1000:>9.1f} "
                f"{t * 1000:>8.1f} {o / t:>6.2f}"
            )
        print(f"\nmark time shown as {iso_local(datetime.now(UTC))} (Asia/Ho_Chi_Minh, ISO 8601)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

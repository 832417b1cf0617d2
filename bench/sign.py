"""Signing and validation throughput: sohoa against bare pyHanko, in the same run.

    .venv/bin/python bench/sign.py [--rounds N]

Starts the test PKI (certomancer: TSA, OCSP, CRLs) on 127.0.0.1, loads one PKCS#12 key,
then for each PAdES level signs the same 2-page PDF with the same visible agency mark
through ``signing.sign_pdf`` and through bare pyHanko calls (``PdfSigner.sign_pdf`` with
the same key object, font, text, box, TSA and validation context), alternating the two
so that the shared machine's noise hits both alike. Then it validates the files both
ways (sohoa's ``validate_pdf`` against bare ``ades_basic_validation`` /
``ades_lta_validation`` with the same policy). Figures are medians per operation;
``ratio`` is sohoa's median time / bare median time (acceptance: signing <= 1.15 at
each level). Within each round the two sides run in random order.
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
    Level,
    Pkcs12KeySpec,
    SignSpec,
    TrustSpec,
    load_certificates,
    load_signer,
    sign_pdf,
    validate_pdf,
)
from signing.appearance import _LEFT_TOP, _text_box, agency_mark_text, iso_local
from signing.model import AgencyMarkSpec
from signing.trust import validation_spec
from tests.signing import services
from tests.signing.conftest import make_pdf

MARK = AgencyMarkSpec(agency="UBND phường Bến Nghé, Quận 1")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pair_round(ours_fn: Callable[[], object], bare_fn: Callable[[], object],
               ours: list[float], theirs: list[float]) -> None:
    """One timing of each side, in random order (no side always runs first)."""
    if random.random() < 0.5:
        ours.append(timed(ours_fn))
        theirs.append(timed(bare_fn))
    else:
        theirs.append(timed(bare_fn))
        ours.append(timed(ours_fn))


def bare_signer(pdf: bytes, level: Level, signer: signers.Signer, tsa_url: str,
                root_path: Path) -> Callable[[], bytes]:
    """The same signature as sohoa's, spelled out with pyHanko alone."""
    root = load_cert_from_pemder(str(root_path))
    timestamper = None if level is Level.B_B else HTTPTimeStamper(tsa_url, timeout=10)
    long_term = level.rank >= Level.B_LT.rank
    x1, y1 = 595 - MARK.margin, 842 - MARK.margin  # A4, like sohoa's placement
    box = (round(x1 - MARK.width), round(y1 - MARK.height), round(x1), round(y1))
    counter = iter(range(10**9))

    def run() -> bytes:
        now = datetime.now(UTC).replace(microsecond=0)
        style = TextStampStyle(
            stamp_text=agency_mark_text(MARK, now).replace("%", "%%"),
            text_box_style=_text_box(), border_width=0, background=None,
            inner_content_layout=_LEFT_TOP,
        )
        name = f"Bare{next(counter)}"
        meta = signers.PdfSignatureMetadata(
            field_name=name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            embed_validation_info=long_term, use_pades_lta=level is Level.B_LTA,
            validation_context=(ValidationContext(trust_roots=[root], allow_fetching=True,
                                                  revocation_mode="hard-fail")
                                if long_term else None),
        )
        pdf_signer = signers.PdfSigner(
            meta, signer, timestamper=timestamper, stamp_style=style,
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
            return asyncio.run(ades_basic_validation(
                sig.signed_data, spec.signature_validation_spec,
                raw_digest=sig.compute_digest()))
        return asyncio.run(ades_lta_validation(sig, spec))

    return run


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
        print(f"sohoa signing vs bare pyHanko: {args.rounds} signatures per side and level, "
              f"loopback TSA/OCSP/CRL, RSA-2048 PKCS#12 key, visible agency mark")
        print(f"{'level':<6} {'sohoa sig/s':>12} {'bare sig/s':>11} {'sohoa ms':>9} "
              f"{'bare ms':>8} {'ratio':>6}")
        signed: dict[Level, bytes] = {}
        for level in Level:
            spec = SignSpec(level=level, tsa_url=tsa, mark=MARK, trust=trust)
            bare = bare_signer(pdf, level, agency.signer, tsa, root_path)
            sohoa_run = lambda spec=spec: sign_pdf(pdf, spec, agency)  # noqa: E731
            sohoa_run()  # warm-up both (font parse, first TSA dry run, imports)
            bare()
            ours, theirs = [], []
            for _ in range(args.rounds):
                pair_round(sohoa_run, bare, ours, theirs)
            signed[level] = sohoa_run().pdf
            o, t = statistics.median(ours), statistics.median(theirs)
            print(f"{level!s:<6} {1 / o:>12.1f} {1 / t:>11.1f} {o * 1000:>9.1f} "
                  f"{t * 1000:>8.1f} {o / t:>6.2f}")
        print()
        print("validation (B-B, B-T online revocation; B-LT, B-LTA from the file alone)")
        print(f"{'level':<6} {'sohoa val/s':>12} {'bare val/s':>11} {'sohoa ms':>9} "
              f"{'bare ms':>8} {'ratio':>6}")
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
            print(f"{level!s:<6} {1 / o:>12.1f} {1 / t:>11.1f} {o * 1000:>9.1f} "
                  f"{t * 1000:>8.1f} {o / t:>6.2f}")
        print(f"\nmark time shown as {iso_local(datetime.now(UTC))}"
              " (Asia/Ho_Chi_Minh, ISO 8601)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

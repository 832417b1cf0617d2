"""Train the page classifier from the sample generator: ``python -m digitizer.doctypes.train``.

Reproducible: the same seeds, counts and code give the same model. Training texts are
the generator's ground-truth page texts of the *training* layouts and fonts, each also
passed through simulated OCR slips (noise.py); the held-out layouts are left for
bench/classify.py. Rebuild and commit the shipped model whenever the catalogue's
shipped types, the features or scikit-learn's series change (the loader refuses a
stale one with ``doctype_model_stale`` / ``doctype_model_version``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any

from digitizer.doctypes.catalogue import UNKNOWN, Catalogue, load_catalogue
from digitizer.doctypes.errors import ModelUnavailableError
from digitizer.doctypes.learned import PageModel
from digitizer.doctypes.noise import ocr_noise

__all__ = ["NEGATIVE_KINDS", "build_training_set", "main", "train_model"]

log = logging.getLogger(__name__)

#: Generator kinds that are not in the catalogue; their truth type is ``unknown``.
NEGATIVE_KINDS = ("english_text", "receipt", "blank_form")
#: Seeds for training start here; bench/classify.py uses seeds far from this range.
TRAIN_SEED_BASE = 1_000
DEFAULT_PER_KIND = 40
DEFAULT_NOISY_COPIES = 2


def build_training_set(
    catalogue: Catalogue,
    per_kind: int = DEFAULT_PER_KIND,
    noisy_copies: int = DEFAULT_NOISY_COPIES,
    seed: int = 0,
) -> tuple[list[str], list[str], dict[str, Any]]:
    """Page texts and their labels from the generator, with simulated OCR copies."""
    try:
        # Imported by name: the generator is a sibling distribution package, not a
        # dependency of the digitizer at run time.
        samples = importlib.import_module("samples.generator")
    except ImportError:
        raise ModelUnavailableError(
            "training needs the sample generator (the `samples` package of sohoa)"
        ) from None
    kinds = [c for c in catalogue.codes if c in _generator_kinds(samples)] + list(NEGATIVE_KINDS)
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[str] = []
    skipped: list[str] = []
    for kind in kinds:
        for i in range(per_kind):
            doc_seed = TRAIN_SEED_BASE + seed * 100_000 + i
            try:
                doc = samples.make_document(kind, doc_seed, "train")
            except ValueError:
                # A generator bug on one seed (e.g. 29 February) must not stop training.
                skipped.append(f"{kind}:{doc_seed}")
                continue
            label = doc.doc_type if doc.doc_type in catalogue.codes else UNKNOWN
            for page in doc.pages:
                if not page.strip():
                    continue
                texts.append(page)
                labels.append(label)
                for _ in range(noisy_copies):
                    texts.append(ocr_noise(page, rng, rng.uniform(0.3, 1.0)))
                    labels.append(label)
    info = {
        "kinds": kinds,
        "per_kind": per_kind,
        "noisy_copies": noisy_copies,
        "seed": seed,
        "variant_set": "train",
        "pages": len(texts),
        "skipped": skipped,
    }
    return texts, labels, info


def _generator_kinds(samples_module: Any) -> set[str]:
    kinds = getattr(samples_module, "KINDS", None)
    return set(kinds) if kinds else set()


def train_model(
    catalogue: Catalogue,
    out: Path,
    per_kind: int = DEFAULT_PER_KIND,
    noisy_copies: int = DEFAULT_NOISY_COPIES,
    seed: int = 0,
) -> PageModel:
    """Train on generated pages and save to ``out`` (``.joblib`` + ``.json``)."""
    started = time.perf_counter()
    texts, labels, info = build_training_set(catalogue, per_kind, noisy_copies, seed)
    model = PageModel.train(texts, labels, catalogue, info)
    model.save(out)
    log.info(
        "trained document-type model on %d pages in %.1f s",
        len(texts),
        time.perf_counter() - started,
    )
    return model


def main(argv: list[str] | None = None) -> int:
    from digitizer.doctypes.classify import shipped_model_path

    parser = argparse.ArgumentParser(
        prog="python -m digitizer.doctypes.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=shipped_model_path(),
        help="model path (.joblib; a .json header is written beside it)",
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        action="append",
        default=[],
        help="an agency catalogue file to include (repeatable)",
    )
    parser.add_argument("--per-kind", type=int, default=DEFAULT_PER_KIND)
    parser.add_argument("--noisy-copies", type=int, default=DEFAULT_NOISY_COPIES)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    catalogue = load_catalogue(args.catalogue, use_env=False)
    started = time.perf_counter()
    train_model(catalogue, args.out, args.per_kind, args.noisy_copies, args.seed)
    print(f"model written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

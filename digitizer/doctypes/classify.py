"""Page classification: the learned model's probabilities, rules for agency-only types."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from digitizer.doctypes.catalogue import UNKNOWN, Catalogue
from digitizer.doctypes.errors import DoctypeError
from digitizer.doctypes.learned import PageModel
from digitizer.doctypes.rules import RuleHit, title_hits
from digitizer.model import TypeGuess

__all__ = [
    "ENV_MODEL_CACHE",
    "MIN_CONFIDENCE",
    "Classifier",
    "PageVerdict",
    "shipped_model_path",
]

log = logging.getLogger(__name__)

#: Below this probability the answer is ``unknown``: staff pick the type themselves.
MIN_CONFIDENCE = 0.5
#: A title hit this strong gives an agency type (one the model was not trained on) the page.
_EXTRA_TITLE_MIN = 0.75
#: Directory where a model retrained for a changed catalogue is kept.
ENV_MODEL_CACHE = "SOHOA_DOCTYPES_MODEL_CACHE"


def shipped_model_path() -> Path:
    """The model built by ``python -m digitizer.doctypes.train`` and shipped in the package."""
    return Path(str(resources.files("digitizer.doctypes").joinpath("page_model.joblib")))


@dataclass(frozen=True, slots=True)
class PageVerdict:
    """What the classifier says about one page."""

    guesses: tuple[TypeGuess, ...]
    """All candidate types, most probable first; ``unknown`` among them."""
    probabilities: dict[str, float]
    """Probability per code (model classes and agency types)."""
    title: RuleHit | None
    """The best title found near the top of the page, if any."""

    @property
    def best(self) -> TypeGuess:
        top = self.guesses[0] if self.guesses else TypeGuess(UNKNOWN, 0.0)
        if top.code != UNKNOWN and top.confidence < MIN_CONFIDENCE:
            return TypeGuess(UNKNOWN, round(1.0 - top.confidence, 4))
        return top


class Classifier:
    """The catalogue with its model; classifies page texts."""

    def __init__(self, catalogue: Catalogue, model: PageModel) -> None:
        self.catalogue = catalogue
        self.model = model
        self._extra = tuple(c for c in catalogue.codes if c not in model.classes)

    @classmethod
    def load(
        cls,
        catalogue: Catalogue,
        model_path: Path | None = None,
        *,
        cache_dir: Path | None = None,
        train_if_stale: bool = False,
    ) -> Classifier:
        """The classifier for ``catalogue``.

        Tries ``model_path`` (default: the shipped model), then a model retrained for
        this catalogue in ``cache_dir`` (default ``$SOHOA_DOCTYPES_MODEL_CACHE``). A stale
        or foreign model is never used: with ``train_if_stale`` a new one is trained into
        the cache (needs the ``samples`` generator, about a minute); otherwise the coded
        error (``doctype_model_stale``, ``doctype_model_version``,
        ``doctype_model_unavailable``) is raised.
        """
        path = model_path or shipped_model_path()
        try:
            return cls(catalogue, PageModel.load(path, catalogue))
        except DoctypeError as first:
            if cache_dir is None and os.environ.get(ENV_MODEL_CACHE):
                cache_dir = Path(os.environ[ENV_MODEL_CACHE])
            if cache_dir is None:
                raise
            cached = cache_dir / f"page_model-{catalogue.digest()[:16]}.joblib"
            try:
                return cls(catalogue, PageModel.load(cached, catalogue))
            except DoctypeError:
                if not train_if_stale:
                    raise first from None
            log.warning(
                "document-type model %s unusable (%s); retraining into %s",
                path,
                first.code,
                cache_dir,
            )
            from digitizer.doctypes.train import train_model

            return cls(catalogue, train_model(catalogue, cached))

    def classify(self, texts: Sequence[str]) -> list[PageVerdict]:
        """One verdict per page text."""
        if not texts:
            return []
        probs = self.model.predict_proba(texts, self.catalogue)
        classes = self.model.classes
        verdicts = []
        for text, row in zip(texts, probs, strict=True):
            hits = title_hits(text, self.catalogue)
            table = {c: float(p) for c, p in zip(classes, row, strict=True)}
            top = hits[0] if hits else None
            if top is not None and top.code in self._extra and top.score >= _EXTRA_TITLE_MIN:
                # An agency's own type: the model never saw it, so its title decides.
                table = {c: p * (1.0 - top.score) for c, p in table.items()}
                table[top.code] = top.score
            ranked = sorted(table.items(), key=lambda kv: -kv[1])
            guesses = tuple(TypeGuess(c, round(p, 4)) for c, p in ranked)
            verdicts.append(PageVerdict(guesses, table, top))
        return verdicts

    def combine(self, verdicts: Sequence[PageVerdict]) -> tuple[TypeGuess, ...]:
        """Type of a multi-page document: its pages' probabilities, the first page counted twice."""
        if not verdicts:
            return (TypeGuess(UNKNOWN, 0.0),)
        codes = sorted({c for v in verdicts for c in v.probabilities})
        weights = np.array([2.0] + [1.0] * (len(verdicts) - 1))
        matrix = np.array([[v.probabilities.get(c, 0.0) for c in codes] for v in verdicts])
        mixed = weights @ matrix / weights.sum()
        order = np.argsort(-mixed)
        return tuple(TypeGuess(codes[i], round(float(mixed[i]), 4)) for i in order)

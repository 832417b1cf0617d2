"""The learned page classifier and its model file: format version, catalogue hash, refusal.

Files: ``NAME.joblib`` (the pickle) and ``NAME.json`` (its header). The header is read and
checked before anything is unpickled, so a stale or foreign model is refused without
running it.
Changelog of FORMAT_VERSION:
  1 — PageFeaturizer (folded char n-grams of body and head + rule scores) + LogisticRegression.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from digitizer.doctypes.catalogue import UNKNOWN, Catalogue
from digitizer.doctypes.errors import ModelStaleError, ModelUnavailableError, ModelVersionError
from digitizer.doctypes.features import PageFeaturizer

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

# scikit-learn and joblib load where a model is trained, saved or loaded, not on import
# (see digitizer.doctypes.features).

__all__ = [
    "FORMAT_VERSION",
    "MAGIC",
    "ModelHeader",
    "PageModel",
    "check_header",
    "header_path",
    "read_header",
]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MAGIC = "sohoa-doctype-model"


def _sklearn_series() -> str:
    import sklearn

    return ".".join(sklearn.__version__.split(".")[:2])


@dataclass(frozen=True, slots=True)
class ModelHeader:
    """What a model file says about itself, readable without unpickling."""

    format_version: int
    """FORMAT_VERSION of the code that wrote it."""
    catalogue_digest: str
    """Catalogue.digest(codes) at training time."""
    codes: tuple[str, ...]
    """Catalogue codes it was trained on (besides ``unknown``)."""
    sklearn: str
    """scikit-learn major.minor that pickled it; another series cannot be trusted."""
    trained_on: dict[str, Any] = field(default_factory=dict)
    """How it was trained (seeds, counts, noise), for reproducibility."""


class PageModel:
    """Featurizer + logistic regression over the catalogue codes and ``unknown``."""

    def __init__(
        self, header: ModelHeader, featurizer: PageFeaturizer, estimator: LogisticRegression
    ) -> None:
        self.header = header
        self.featurizer = featurizer
        self.estimator = estimator

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        catalogue: Catalogue,
        trained_on: dict[str, Any] | None = None,
        c: float = 8.0,
    ) -> PageModel:
        codes = tuple(sorted(set(labels) - {UNKNOWN}))
        missing = set(codes) - set(catalogue.codes)
        if missing:
            raise ModelUnavailableError(f"training labels not in the catalogue: {sorted(missing)}")
        featurizer = PageFeaturizer(codes)
        x = featurizer.fit_transform(texts, catalogue)
        from sklearn.linear_model import LogisticRegression

        estimator = LogisticRegression(C=c, max_iter=2000)
        estimator.fit(x, np.asarray(labels))
        header = ModelHeader(
            FORMAT_VERSION,
            catalogue.digest(codes),
            codes,
            _sklearn_series(),
            dict(trained_on or {}),
        )
        return cls(header, featurizer, estimator)

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.estimator.classes_)

    def predict_proba(self, texts: Sequence[str], catalogue: Catalogue) -> np.ndarray:
        """Rows of probabilities over :attr:`classes`."""
        return np.asarray(self.estimator.predict_proba(self.featurizer.transform(texts, catalogue)))

    def save(self, path: Path) -> None:
        """Write ``path`` (the pickle, ``.joblib``) and its header beside it (``.json``).

        Each is written to a temporary file and renamed, the header last, and the header
        records the pickle's SHA-256: a reader never trusts a half-written or mixed pair.
        """
        path = path.with_suffix(".joblib")
        buffer = io.BytesIO()
        import joblib

        joblib.dump(
            {"featurizer": self.featurizer, "estimator": self.estimator}, buffer, compress=3
        )
        payload = buffer.getvalue()
        head = asdict(self.header)
        head.update(
            magic=MAGIC,
            codes=list(self.header.codes),
            payload_sha256=hashlib.sha256(payload).hexdigest(),
        )
        _write_atomic(path, payload)
        _write_atomic(header_path(path), json.dumps(head, ensure_ascii=False, indent=1).encode())

    @classmethod
    def load(cls, path: Path, catalogue: Catalogue) -> PageModel:
        """The model at ``path`` if it fits this code and catalogue; else a coded error."""
        path = path.with_suffix(".joblib")
        header, digest = read_header(path)
        check_header(header, catalogue, path)
        try:
            payload = path.read_bytes()
        except OSError as exc:
            raise ModelUnavailableError(
                f"classifier model {path} cannot be read ({exc.strerror}); {_REBUILD}"
            ) from None
        if hashlib.sha256(payload).hexdigest() != digest:
            raise ModelStaleError(f"{path} does not match its header; {_REBUILD}")
        import joblib

        data = joblib.load(io.BytesIO(payload))
        return cls(header, data["featurizer"], data["estimator"])


_REBUILD = "rebuild it with `python -m digitizer.doctypes.train`"


def header_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model is package data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_header(path: Path) -> tuple[ModelHeader, str]:
    """The header beside a model file and the SHA-256 its pickle must have."""
    where = header_path(path)
    try:
        text = where.read_text("utf-8")
    except OSError as exc:
        raise ModelUnavailableError(
            f"classifier model header {where} cannot be read ({exc.strerror}); {_REBUILD}"
        ) from None
    try:
        head = json.loads(text)
        if not isinstance(head, dict) or head.get("magic") != MAGIC:
            raise ValueError
    except ValueError:
        raise ModelVersionError(
            f"{where} is not a sohoa document-type model header; {_REBUILD}"
        ) from None
    header = ModelHeader(
        format_version=int(head.get("format_version", -1)),
        catalogue_digest=str(head.get("catalogue_digest", "")),
        codes=tuple(head.get("codes", ())),
        sklearn=str(head.get("sklearn", "")),
        trained_on=dict(head.get("trained_on", {})),
    )
    return header, str(head.get("payload_sha256", ""))


def check_header(header: ModelHeader, catalogue: Catalogue, path: Path) -> None:
    """Refuse a model written by another format or scikit-learn series, or a changed catalogue.

    Only the types the model knows count: an agency type added later is matched by the
    rules and does not make the shipped model stale.
    """
    rebuild = _REBUILD
    if header.format_version != FORMAT_VERSION:
        raise ModelVersionError(
            f"{path} has model format {header.format_version}, this code reads "
            f"{FORMAT_VERSION}; {rebuild}"
        )
    if header.sklearn != _sklearn_series():
        raise ModelVersionError(
            f"{path} was written by scikit-learn {header.sklearn}, this is "
            f"{_sklearn_series()}; {rebuild}"
        )
    if catalogue.digest(header.codes) != header.catalogue_digest:
        raise ModelStaleError(
            f"{path} was trained on another version of the type catalogue; {rebuild}"
        )

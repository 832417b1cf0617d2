"""What the learned classifier sees of a page: folded character n-grams plus the rules."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from digitizer.doctypes.catalogue import Catalogue
from digitizer.doctypes.rules import keyword_scores, title_hits, top_lines
from digitizer.doctypes.text import fold

__all__ = ["PageFeaturizer"]

#: Characters of the folded page the body vectoriser reads; beyond it pages add little.
_BODY_CHARS = 2500


class PageFeaturizer:
    """Turns page texts into one sparse row each; fitted once with the model."""

    def __init__(self, codes: Sequence[str]) -> None:
        # scikit-learn loads here, not on import: page workers import this package for
        # its machine-zone readers and never classify (~90 MB each, bench/ocr.py --big).
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.codes = tuple(codes)
        # char_wb n-grams on text without diacritics: OCR that loses a mark or splits a
        # word still shares most n-grams with the clean text.
        self.body = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            min_df=2,
            max_features=40000,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.head = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            min_df=2,
            max_features=10000,
            sublinear_tf=True,
            dtype=np.float32,
        )

    @staticmethod
    def _body_text(text: str) -> str:
        return fold(text)[:_BODY_CHARS]

    @staticmethod
    def _head_text(text: str) -> str:
        return " | ".join(top_lines(text, 10))

    def _rule_matrix(self, texts: Sequence[str], catalogue: Catalogue) -> sparse.csr_matrix:
        rows = np.zeros((len(texts), 2 * len(self.codes)), dtype=np.float32)
        index = {c: i for i, c in enumerate(self.codes)}
        for r, text in enumerate(texts):
            for hit in title_hits(text, catalogue):
                if hit.code in index:
                    rows[r, index[hit.code]] = hit.score
            for code, score in keyword_scores(text, catalogue).items():
                if code in index:
                    rows[r, len(self.codes) + index[code]] = score
        return sparse.csr_matrix(rows)

    def fit_transform(self, texts: Sequence[str], catalogue: Catalogue) -> sparse.csr_matrix:
        body = self.body.fit_transform([self._body_text(t) for t in texts])
        head = self.head.fit_transform([self._head_text(t) for t in texts])
        return sparse.hstack([body, head, self._rule_matrix(texts, catalogue)], format="csr")

    def transform(self, texts: Sequence[str], catalogue: Catalogue) -> sparse.csr_matrix:
        body = self.body.transform([self._body_text(t) for t in texts])
        head = self.head.transform([self._head_text(t) for t in texts])
        return sparse.hstack([body, head, self._rule_matrix(texts, catalogue)], format="csr")

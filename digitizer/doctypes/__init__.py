"""Document types: the catalogue, classification, field extraction, dossier splitting.

The digitizer's page worker calls :func:`read_machine_zones` on each corrected page
image; after all pages its driver calls :func:`analyse` on the recognised pages.

The type catalogue is ``catalogue.yaml`` beside this file; an agency adds types in its
own YAML file, passed to :func:`load_catalogue` or named by ``SOHOA_DOCTYPES_CATALOGUE``.

The page classifier is a build artefact shipped in the package (``page_model.joblib`` with
its header ``page_model.json``), made by ``python -m digitizer.doctypes.train`` (about 15 s
of CPU, reproducible from the sample generator's seeds). Shipped rather than trained on
first use because a counter's first scan must not wait a minute for training, and a
service must not need the generator at run time. A model whose header does not fit the
code (format version, scikit-learn series) or the catalogue's types it knows is refused
with a coded error; given ``cache_dir`` (or ``SOHOA_DOCTYPES_MODEL_CACHE``) and
``train_if_stale``, :meth:`Classifier.load` retrains into that cache instead. Agency
types the model never saw are recognised by their titles.
"""

from __future__ import annotations

import numpy as np

from digitizer.doctypes.analyse import analyse, default_classifier, document_span
from digitizer.doctypes.catalogue import (
    ENV_EXTRA_CATALOGUE,
    UNKNOWN,
    Catalogue,
    DocTypeSpec,
    ValiditySpec,
    load_catalogue,
)
from digitizer.doctypes.classify import ENV_MODEL_CACHE, MIN_CONFIDENCE, Classifier, PageVerdict
from digitizer.doctypes.errors import (
    CatalogueError,
    DoctypeError,
    ModelStaleError,
    ModelUnavailableError,
    ModelVersionError,
)
from digitizer.doctypes.extract import extract_fields
from digitizer.doctypes.machine import decode_qr, parse_cccd_qr
from digitizer.doctypes.mrz import MrzResult, check_digit, find_td1, parse_td1
from digitizer.doctypes.normalise import (
    digits,
    normalise_gender,
    normalise_name,
    parse_date,
    parse_dates,
)
from digitizer.doctypes.notices import WarningCode, english
from digitizer.doctypes.validate import check_enterprise_code, check_id_number, validate_fields
from digitizer.model import FieldValue

__all__ = [
    "ENV_EXTRA_CATALOGUE",
    "ENV_MODEL_CACHE",
    "MIN_CONFIDENCE",
    "UNKNOWN",
    "Catalogue",
    "CatalogueError",
    "Classifier",
    "DocTypeSpec",
    "DoctypeError",
    "ModelStaleError",
    "ModelUnavailableError",
    "ModelVersionError",
    "MrzResult",
    "PageVerdict",
    "ValiditySpec",
    "WarningCode",
    "analyse",
    "check_digit",
    "check_enterprise_code",
    "check_id_number",
    "decode_qr",
    "default_classifier",
    "digits",
    "document_span",
    "english",
    "extract_fields",
    "find_td1",
    "load_catalogue",
    "normalise_gender",
    "normalise_name",
    "parse_cccd_qr",
    "parse_date",
    "parse_dates",
    "parse_td1",
    "read_machine_zones",
    "validate_fields",
]


def read_machine_zones(image_bgr: np.ndarray, page_number: int) -> dict[str, FieldValue]:
    """Fields decoded from a chip-based ID card's QR code on one corrected page image.

    Cheap on pages without a code: detection runs on a reduced copy and stops there.
    The MRZ on a card's back is read from the page's OCR text by :func:`analyse`.
    """
    found = decode_qr(image_bgr)
    if found is None:
        return {}
    payload, box = found
    return parse_cccd_qr(payload, page_number, box)

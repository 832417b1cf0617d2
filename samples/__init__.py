"""Seeded generator of synthetic Vietnamese administrative documents with ground truth.

Test-data tooling: imports nothing from digitizer, signing, storage or api.
"""

from __future__ import annotations

from samples.degrade import DEGRADATIONS, degrade, degrade_with_params
from samples.errors import (
    FontMissingError,
    SampleError,
    SeedTextMissingError,
    UnknownDegradationError,
    UnknownFormatError,
    UnknownKindError,
    UnknownVariantSetError,
)
from samples.generator import (
    CATALOGUE_KINDS,
    KINDS,
    NEGATIVE_KINDS,
    VARIANT_SETS,
    make_document,
    render,
)
from samples.model import DossierPart, SampleDocument
from samples.output import FORMATS, make_dossier, write_document, write_set

__all__ = [
    "CATALOGUE_KINDS",
    "DEGRADATIONS",
    "FORMATS",
    "KINDS",
    "NEGATIVE_KINDS",
    "VARIANT_SETS",
    "DossierPart",
    "FontMissingError",
    "SampleDocument",
    "SampleError",
    "SeedTextMissingError",
    "UnknownDegradationError",
    "UnknownFormatError",
    "UnknownKindError",
    "UnknownVariantSetError",
    "degrade",
    "degrade_with_params",
    "make_document",
    "make_dossier",
    "render",
    "write_document",
    "write_set",
]

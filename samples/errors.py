"""The sample generator's errors: a stable ``code`` each, and a message saying what to do."""

from __future__ import annotations

__all__ = [
    "FontMissingError",
    "SampleError",
    "SeedTextMissingError",
    "UnknownDegradationError",
    "UnknownFormatError",
    "UnknownKindError",
    "UnknownVariantSetError",
]

#: Exit status for a missing system part (fonts, seed texts), as in api/errors.py.
_EXIT_ENVIRONMENT = 3


class SampleError(Exception):
    """Base of every error the generator raises on purpose."""

    code: str = "sample_error"
    exit_status: int = 2


class UnknownKindError(SampleError):
    """A document kind the generator does not know."""

    code = "sample_unknown_kind"


class UnknownDegradationError(SampleError):
    """A degradation code the generator does not know."""

    code = "sample_unknown_degradation"


class UnknownFormatError(SampleError):
    """An output format other than png, jpg, tiff or pdf."""

    code = "sample_unknown_format"


class UnknownVariantSetError(SampleError):
    """A variant set other than train, heldout or all."""

    code = "sample_unknown_variant_set"


class FontMissingError(SampleError):
    """The Debian font packages the generator renders with are not installed."""

    code = "sample_font_missing"
    exit_status = _EXIT_ENVIRONMENT


class SeedTextMissingError(SampleError):
    """No administrative prose to build ``van_ban`` pages from."""

    code = "sample_seed_text_missing"
    exit_status = _EXIT_ENVIRONMENT

"""The errors of document typing: each with a stable code and a message saying what to do."""

from __future__ import annotations

__all__ = [
    "CatalogueError",
    "DoctypeError",
    "ModelStaleError",
    "ModelUnavailableError",
    "ModelVersionError",
]

#: Exit status for a bad argument or input file (the CLI contract).
_EXIT_BAD_INPUT = 2
#: Exit status for a missing or broken part we depend on.
_EXIT_ENVIRONMENT = 3


class DoctypeError(Exception):
    """Base of the document-typing errors."""

    code: str = "doctype_error"
    exit_status: int = _EXIT_ENVIRONMENT


class CatalogueError(DoctypeError):
    """A catalogue file is missing, unreadable or has a bad entry."""

    code = "doctype_catalogue_invalid"
    exit_status = _EXIT_BAD_INPUT


class ModelVersionError(DoctypeError):
    """The classifier model file was written by another format version."""

    code = "doctype_model_version"


class ModelStaleError(DoctypeError):
    """The classifier model was trained on a different catalogue than the one loaded."""

    code = "doctype_model_stale"


class ModelUnavailableError(DoctypeError):
    """No usable classifier model file, and none could be trained here."""

    code = "doctype_model_unavailable"

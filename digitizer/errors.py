"""The digitizer's errors: one class per kind of failure, each with a stable ``code``.

Callers (the CLI, the HTTP routes, a counter screen) branch on ``code``, never on the
message. An error is raised with its ``params`` (``TooManyPagesError(kind="PDF",
pages=120, limit=100)``) and :meth:`DigitizerError.message` says it in Vietnamese or
English from ``digitizer/error_messages.py``; ``str(exc)`` is the English text, for
logs. Messages say what to do; an external tool's failure keeps its stderr tail.
"""

from __future__ import annotations

from typing import Any

from digitizer.error_messages import ErrorParams, render

__all__ = [
    "CorruptFileError",
    "DecompressionBombError",
    "DigitizerError",
    "EmptyFileError",
    "EncryptedPdfError",
    "FileTooLargeError",
    "ImageTooSmallError",
    "InputNotFoundError",
    "InputUnreadableError",
    "InternalError",
    "MislabelledFileError",
    "NoPagesError",
    "TooManyPagesError",
    "ToolFailedError",
    "ToolMissingError",
    "ToolTimeoutError",
    "TruncatedFileError",
    "UnsupportedFormatError",
    "WorkerCrashedError",
]

#: Exit status for bad input (the CLI contract) and for a missing or failing tool.
_BAD_INPUT = 2
_ENVIRONMENT = 3


class DigitizerError(Exception):
    """Base of every error the digitizer raises on purpose."""

    code: str = "digitizer_error"
    """Stable snake_case code; never reworded."""
    exit_status: int = _BAD_INPUT
    """CLI exit status: 2 for bad input, 3 for a missing or failing tool."""

    def __init__(self, detail: str = "", /, **params: str | int | float) -> None:
        """``params`` fill the catalogue's message. ``detail`` is a free English text
        that replaces it in ``str(exc)`` only (raise sites written before the catalogue);
        staff still see the catalogue's message, the most detailed ``params`` allow."""
        self.params: ErrorParams = params
        """What the message is filled with: numbers, format ids, a tool's name and stderr."""
        super().__init__(detail or render(self.code, "en", params))

    def message(self, lang: str = "vi") -> str:
        """The message for staff in ``lang`` (``vi`` or ``en``)."""
        return render(self.code, lang, self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross the process pool; keep them picklable with their text and params.
        return (type(self), self.args, {"params": dict(self.params)})


class InputNotFoundError(DigitizerError):
    """The input path does not exist."""

    code = "input_not_found"


class InputUnreadableError(DigitizerError):
    """The input exists but cannot be read (a directory, no permission)."""

    code = "input_unreadable"


class EmptyFileError(DigitizerError):
    """The input has zero bytes."""

    code = "empty_file"


class FileTooLargeError(DigitizerError):
    """The input exceeds the configured byte limit."""

    code = "file_too_large"


class UnsupportedFormatError(DigitizerError):
    """The bytes are of a kind the digitizer does not read (e.g. a Word file, a GIF)."""

    code = "unsupported_format"


class MislabelledFileError(DigitizerError):
    """The name promises one format and the bytes are another (HTML named ``.pdf``)."""

    code = "mislabelled_file"


class TruncatedFileError(DigitizerError):
    """The file stops before its end: an interrupted copy or download."""

    code = "truncated_file"


class CorruptFileError(DigitizerError):
    """The file has the right signature but its structure cannot be read."""

    code = "corrupt_file"


class EncryptedPdfError(DigitizerError):
    """The PDF is password-protected."""

    code = "encrypted_pdf"


class DecompressionBombError(DigitizerError):
    """A page decodes to more pixels than the configured limit."""

    code = "decompression_bomb"


class TooManyPagesError(DigitizerError):
    """The input has more pages than the configured limit."""

    code = "too_many_pages"


class NoPagesError(DigitizerError):
    """The document has no page at all."""

    code = "no_pages"


class ImageTooSmallError(DigitizerError):
    """The image is too small to hold readable text."""

    code = "image_too_small"


class ToolMissingError(DigitizerError):
    """An external program the digitizer needs is not installed."""

    code = "tool_missing"
    exit_status = _ENVIRONMENT


class ToolFailedError(DigitizerError):
    """An external program exited with an error; the message keeps its stderr tail."""

    code = "tool_failed"
    exit_status = _ENVIRONMENT


class ToolTimeoutError(DigitizerError):
    """An external program ran past its time limit."""

    code = "tool_timeout"
    exit_status = _ENVIRONMENT


class WorkerCrashedError(DigitizerError):
    """A page worker died (killed for memory, or a crash in a native library)."""

    code = "worker_crashed"
    exit_status = _ENVIRONMENT


class InternalError(DigitizerError):
    """An unexpected failure inside the digitizer; the log has the details."""

    code = "internal_error"
    exit_status = _ENVIRONMENT

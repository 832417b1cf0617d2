"""Why a signature did not pass, in words, when pyHanko's result carries none."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

__all__ = ["CHAIN_LOGGER", "SUB_REASONS", "chain_reasons"]

#: pyHanko logs why a chain failed (with a traceback and the signer's subject) instead of
#: putting it in the result; this is where, so the reason can go on the report instead.
CHAIN_LOGGER = "pyhanko.sign.validation.generic_cms"

#: A reason for the report when pyHanko gives none, by ETSI sub-indication.
SUB_REASONS = {
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "the signer's certificate chain could not be "
        "validated at the validation time",
    "OUT_OF_BOUNDS_NO_POE": "the signer's certificate was not valid at the validation time "
        "and no proof of existence before that was found",
    "NO_CERTIFICATE_CHAIN_FOUND": "no chain from the signer's certificate to a trust anchor",
    "TRY_LATER": "revocation information is not available yet",
    "REVOKED_NO_POE": "the signer's certificate is revoked",
    "HASH_FAILURE": "the signed bytes were changed after signing",
    "SIG_CRYPTO_FAILURE": "the cryptographic signature does not check out",
}


@contextlib.contextmanager
def chain_reasons() -> Iterator[list[str]]:
    """Collect the chain errors pyHanko logs, and let them through to the log handlers
    only when the logger's configured level would have let them through anyway."""
    logger = logging.getLogger(CHAIN_LOGGER)
    shown = logger.getEffectiveLevel()
    reasons: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and str(exc):
            reasons.append(str(exc))
        return record.levelno >= shown

    old_level = logger.level
    logger.setLevel(min(shown, logging.WARNING))
    logger.addFilter(keep)
    try:
        yield reasons
    finally:
        logger.removeFilter(keep)
        logger.setLevel(old_level)

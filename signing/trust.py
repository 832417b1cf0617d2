"""Trust anchors and revocation policy, turned into pyHanko's validation objects.

Hard-fail is the default: every certificate that declares an OCSP responder or a CRL
must be checked, and an unreachable responder fails the chain. Soft-fail exists for
callers who choose it knowingly: it reports a dead responder as trusted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from signing.diffpolicy import SOHOA_DIFF_POLICY
from signing.errors import ValidationInputError
from signing.model import TrustSpec

__all__ = ["load_certificates", "signing_validation_context", "validation_spec"]


def load_certificates(paths: list[Path] | tuple[Path, ...]) -> tuple[bytes, ...]:
    """DER bytes of PEM or DER certificate files, for a :class:`TrustSpec`."""
    out = []
    for path in paths:
        try:
            out.append(bytes(load_cert_from_pemder(str(path)).dump()))
        except (OSError, ValueError) as exc:
            raise ValidationInputError(f"cannot read the certificate {path}: {exc}") from exc
    return tuple(out)


def _certs(blobs: tuple[bytes, ...]) -> list[x509.Certificate]:
    return [x509.Certificate.load(b) for b in blobs]


def _revocation_policy(trust: TrustSpec) -> RevocationCheckingPolicy:
    return RevocationCheckingPolicy.from_legacy(str(trust.revocation))


def signing_validation_context(
    trust: TrustSpec, extra: list[x509.Certificate]
) -> ValidationContext:
    """The context used while signing to gather the chain's revocation data (B-LT)."""
    return ValidationContext(
        trust_roots=_certs(trust.roots) or None,
        other_certs=_certs(trust.intermediates) + extra,
        allow_fetching=trust.allow_fetching,
        revinfo_policy=CertRevTrustPolicy(_revocation_policy(trust)),
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=trust.fetch_timeout),
    )


def validation_spec(trust: TrustSpec, as_of: dt.datetime | None) -> PdfSignatureValidationSpec:
    """pyHanko's AdES validation settings for *trust*.

    Validating "as of" another moment never fetches revocation data: what a server says
    today says nothing about that moment, so only what the file carries counts.
    """
    if not trust.roots:
        raise ValidationInputError(
            "no trust anchor is configured: give the root CA certificate "
            "(SOHOA_SIGNING__TRUST_ROOTS or --trust-root)"
        )
    manager = SimpleTrustManager.build(trust_roots=_certs(trust.roots))
    policy = CertValidationPolicySpec(
        trust_manager=manager,
        revinfo_policy=CertRevTrustPolicy(_revocation_policy(trust)),
        time_tolerance=dt.timedelta(seconds=30),
    )
    fetching = (
        RevinfoOnlineFetchingRule.LOCAL_ONLY
        if not trust.allow_fetching
        else RevinfoOnlineFetchingRule.NO_HISTORICAL_FETCH
    )
    spec = SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=fetching,
            fetcher_backend=RequestsFetcherBackend(per_request_timeout=trust.fetch_timeout),
        ),
        local_knowledge=LocalKnowledge(known_certs=_certs(trust.intermediates)),
    )
    return PdfSignatureValidationSpec(signature_validation_spec=spec, diff_policy=SOHOA_DIFF_POLICY)

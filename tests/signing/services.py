"""Real services for the signing tests and the signing benchmark.

- a certomancer PKI (TSA, OCSP responder, CRLs, certificate repository) served on
  127.0.0.1 by werkzeug in a thread; its private keys are generated here at start-up;
- a SoftHSM2 token in a temporary directory holding the agency signer's key and
  certificate;
- an NSS database trusting the test root, for poppler's ``pdfsig``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import string
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import load_der_x509_certificate

CONFIG = Path(__file__).with_name("certomancer.yml")
ARCH = "sohoa"
KEY_LABELS = ("root", "interm", "interm-ocsp", "tsa-short", "tsa-long", "signer", "signer-old")
SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
P12_PASSPHRASE = b"test-passphrase"


def _generate_keys(key_dir: Path) -> None:
    key_dir.mkdir(parents=True, exist_ok=True)
    for label in KEY_LABELS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        (key_dir / f"{label}.key.pem").write_bytes(pem)


#: Days from today until the short-lived TSA's certificate ends: within renewal reach.
TSA_SHORT_DAYS = 400


def _config_text() -> str:
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    def stamp(moment: dt.datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")

    return string.Template(CONFIG.read_text()).substitute(
        TSA_SHORT_END=stamp(today + dt.timedelta(days=TSA_SHORT_DAYS)),
        SIGNER_START=stamp(today - dt.timedelta(days=365)),
        SIGNER_END=stamp(today + dt.timedelta(days=4 * 365)),
    )


class _Dispatch:
    """A WSGI app whose target is set after the socket is bound (the URLs need the port)."""

    def __init__(self) -> None:
        self.app: Any = None

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return self.app(environ, start_response)


@dataclass
class Certomancer:
    """A running certomancer Animator on loopback."""

    base_url: str
    workdir: Path
    arch: Any
    _server: Any

    def tsa_url(self, label: str = "tsa-long") -> str:
        return f"{self.base_url}/{ARCH}/tsa/{label}"

    def cert_der(self, label: str) -> bytes:
        from certomancer.registry import CertLabel

        return bytes(self.arch.get_cert(CertLabel(label)).dump())

    def cert_path(self, label: str) -> Path:
        path = self.workdir / f"{label}.cert.pem"
        if not path.exists():
            cert = load_der_x509_certificate(self.cert_der(label))
            path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return path

    def key_path(self, label: str) -> Path:
        return self.workdir / "keys" / f"{label}.key.pem"

    def pkcs12(self, cert_label: str = "signer", key_label: str | None = None) -> Path:
        """A PKCS#12 file with the signer's key, certificate and issuing CA."""
        path = self.workdir / f"{cert_label}.p12"
        if path.exists():
            return path
        key = serialization.load_pem_private_key(
            self.key_path(key_label or cert_label).read_bytes(), password=None
        )
        cert = load_der_x509_certificate(self.cert_der(cert_label))
        chain = [load_der_x509_certificate(self.cert_der("interm"))]
        blob = pkcs12.serialize_key_and_certificates(
            b"signer",
            key,  # type: ignore[arg-type]
            cert,
            chain,
            serialization.BestAvailableEncryption(P12_PASSPHRASE),
        )
        path.write_bytes(blob)
        return path

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serve_certomancer(workdir: Path) -> Iterator[Certomancer]:
    """Generate the keys, load certomancer.yml and serve it until the block ends."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel, CertomancerConfig
    from werkzeug.serving import make_server

    _generate_keys(workdir / "keys")
    dispatch = _Dispatch()
    server = make_server("127.0.0.1", 0, dispatch, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig(
        yaml.safe_load(_config_text()),
        key_search_dir=str(workdir),
        external_url_prefix=base_url,
    )
    arch = config.get_pki_arch(ArchLabel(ARCH))
    dispatch.app = Animator(AnimatorArchStore({arch.arch_label: arch}), with_web_ui=False)
    thread = threading.Thread(target=server.serve_forever, name="certomancer", daemon=True)
    thread.start()
    service = Certomancer(base_url=base_url, workdir=workdir, arch=arch, _server=server)
    try:
        yield service
    finally:
        service.stop()
        thread.join(timeout=10)


def _run(argv: list[str], env: dict[str, str] | None = None) -> str:
    tool = argv[0]
    if shutil.which(tool) is None:
        hint = {"softhsm2-util": "softhsm2", "certutil": "libnss3-tools", "pdfsig": "poppler-utils"}
        raise RuntimeError(f"{tool} is missing: apt-get install {hint.get(tool, tool)}")
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed: {done.stderr[-800:]}")
    return done.stdout


@dataclass(frozen=True)
class SoftHsmToken:
    """A SoftHSM2 token made for one test session."""

    conf: Path
    """The SOFTHSM2_CONF file pointing at the token directory."""
    label: str
    pin: str
    key_label: str


def softhsm_conf(workdir: Path) -> Path:
    """The SOFTHSM2_CONF file for a token directory under *workdir*."""
    token_dir = workdir / "tokens"
    token_dir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {token_dir}\nobjectstore.backend = file\n")
    return conf


def make_softhsm_token(workdir: Path, key_pem: Path, cert_der: bytes) -> SoftHsmToken:
    """Initialise a token in *workdir* and put the signer's key and certificate on it."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    conf = softhsm_conf(workdir)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    token = SoftHsmToken(conf=conf, label="sohoa-test", pin="1234", key_label="agency")
    _run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            token.label,
            "--so-pin",
            "5678",
            "--pin",
            token.pin,
        ],
        env,
    )
    _run(
        [
            "softhsm2-util",
            "--import",
            str(key_pem),
            "--token",
            token.label,
            "--label",
            token.key_label,
            "--id",
            "01",
            "--pin",
            token.pin,
        ],
        env,
    )
    # softhsm2-util imports keys only; the certificate goes in through PKCS#11 itself.
    # SoftHSM reads SOFTHSM2_CONF when the module initialises: the caller has set it
    # for the whole process already (the library stays initialised once loaded).
    assert os.environ.get("SOFTHSM2_CONF") == str(conf), "set SOFTHSM2_CONF first"
    from asn1crypto import x509 as asn1_x509

    parsed = asn1_x509.Certificate.load(cert_der)
    lib = pkcs11.lib(SOFTHSM_LIB)
    tok = lib.get_token(token_label=token.label)
    with tok.open(rw=True, user_pin=token.pin) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: token.key_label,
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert_der,
                Attribute.SUBJECT: parsed.subject.dump(),
                Attribute.ISSUER: parsed.issuer.dump(),
                Attribute.SERIAL_NUMBER: parsed["tbs_certificate"]["serial_number"].dump(),
            }
        )
    return token


def make_nss_db(workdir: Path, root_pem: Path) -> Path:
    """An NSS database that trusts *root_pem* for signing, for ``pdfsig -nssdir``."""
    db = workdir / "nssdb"
    db.mkdir(parents=True, exist_ok=True)
    _run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"])
    _run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{db}",
            "-n",
            "sohoa-test-root",
            "-t",
            "CT,C,C",
            "-i",
            str(root_pem),
        ]
    )
    return db


def pdfsig(path: Path, nss_db: Path) -> str:
    """Poppler's own verdict on every signature of *path* (stdout of ``pdfsig``)."""
    return _run(["pdfsig", "-nssdir", f"sql:{nss_db}", "-no-ocsp", str(path)])

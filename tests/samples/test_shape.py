"""The generator is test-data tooling: it leans on no other sohoa package."""

from __future__ import annotations

import ast
from pathlib import Path

import samples

PACKAGE = Path(samples.__file__).resolve().parent


def test_samples_imports_nothing_from_the_service_packages() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"digitizer", "signing", "storage", "api"}:
                    offenders.append(f"{path.name} imports {name}")
    assert not offenders


def test_public_api_is_listed_and_typed() -> None:
    for name in samples.__all__:
        assert hasattr(samples, name)
    assert (PACKAGE / "py.typed").exists()

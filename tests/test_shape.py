"""The project's shape: one-way imports between the four packages, public APIs named."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("digitizer", "signing", "storage")
ALL_PACKAGES = (*LIBRARIES, "api")


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", LIBRARIES)
def test_library_packages_import_no_other_project_package(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        crossing = _imported_top_levels(path) & (set(ALL_PACKAGES) - {package})
        if crossing:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(crossing)}")
    assert not offenders, "DESIGN.md: digitizer, signing and storage know nothing of each other"


@pytest.mark.parametrize("package", ALL_PACKAGES)
def test_each_package_names_its_public_api(package: str) -> None:
    init = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
    assigned = {
        target.id
        for node in init.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    assert "__all__" in assigned
    assert (ROOT / package / "py.typed").exists()


def test_cli_help_lists_commands_without_traceback() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    result = subprocess.run(
        [sys.executable, "-m", "api", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "cách dùng: sohoa" in result.stdout  # Vietnamese first
    for command in ("digitize", "sign", "verify", "renew", "storage"):
        assert f"\n    {command} " in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_cli_unknown_command_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api", "no-such-command"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith("sohoa: error [bad_argument]: "), result.stderr
    assert result.stderr.count("\n") == 1 and "no-such-command" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_output_into_a_closed_pipe_ends_without_traceback() -> None:
    """Given stdout is a pipe whose reader is gone (``sohoa ... | head``), no traceback."""
    script = (
        "import os, sys\n"
        "r, w = os.pipe(); os.close(r); os.dup2(w, 1)\n"
        "sys.stdout = open(1, 'w', buffering=1)\n"  # line-buffered, as on a terminal
        "from api.cli import main\n"
        "sys.exit(main(['digitize', '--json', '/nonexistent/scan.png']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 141

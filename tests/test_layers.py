"""The stage layers (pyproject.toml [tool.importlinter]) hold, and the contract catches a break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from importlinter.cli import lint_imports_command; "
            "sys.argv = ['lint-imports', '--config', 'pyproject.toml', '--no-cache']; "
            "lint_imports_command()")
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}, timeout=300)


def test_the_layers_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # a standard rule reaching up into a document kind
    ("standard/rules.py", "from ..kinds import slip as _slip  # noqa", "Stages import only downwards"),
    # a stage below app/ importing click
    ("pipeline/__init__.py", "import click as _click  # noqa", "Only app/ imports click"),
])
def test_an_upward_import_breaks_the_contract(tmp_path: Path, module: str, line: str,
                                              broken: str) -> None:
    shutil.copytree(ROOT / "fupin_docs", tmp_path / "fupin_docs",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "fupin_docs" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout

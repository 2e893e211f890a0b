"""The README's "Using it from Python" example runs as written, prints what the README says it prints, and
passes ``mypy --strict`` with no ``Any`` in any expression (every name it uses from the package is typed)."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SEEDS


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Using it from Python\n")
    return readme[start:readme.index("\n## ", start + 1)]


def _example() -> tuple[str, str]:
    """The section's Python block and the text block of what it prints."""
    code = re.search(r"```python\n(.*?)```", _section(), re.S).group(1)
    printed = re.search(r"```text\n(.*?)```", _section(), re.S).group(1)
    return code, printed


@pytest.fixture
def example(tmp_path):
    code, printed = _example()
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    return tmp_path, printed


def test_the_readme_example_prints_what_the_readme_shows(example):
    folder, printed = example
    proc = subprocess.run([sys.executable, "example.py"], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [line.rstrip() for line in proc.stdout.splitlines()] == printed.splitlines()


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                    reason="mypy is not installed (pip install -e '.[test]' installs it)")
def test_the_readme_example_passes_mypy_strict_with_no_any(example, tmp_path):
    folder, _ = example
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", "--follow-imports=silent",
                           "--cache-dir", str(tmp_path / "mypy-cache"), "--no-error-summary", "example.py"],
                          cwd=folder, capture_output=True, text=True, env={**os.environ, "MYPYPATH": str(ROOT)},
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_package_ships_its_types():
    assert (ROOT / "search_engine" / "py.typed").is_file()
    assert "py.typed" in (ROOT / "setup.cfg").read_text(encoding="utf-8")

"""The code base stays ruff-clean (lint and format), checked with every test run."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CODE = [name for name in ("sersearch", "tests", "bench", "scripts") if (REPO / name).is_dir()]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if executable is None:
        pytest.skip("ruff is not installed")
    return subprocess.run([executable, *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = ruff("check", *CODE)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean():
    result = ruff("format", "--check", *CODE)
    assert result.returncode == 0, result.stdout

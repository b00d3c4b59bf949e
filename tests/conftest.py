"""Shared fixtures: the bundled corpus, an index built from it, the shared fixtures folder."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Index runs in tests skip passage embeddings (minutes of CPU for the real corpora);
# tests/test_semantic.py turns them on for its own indexes.
os.environ.setdefault("SERSEARCH_EMBEDDINGS", "off")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def bundled_corpus() -> Path:
    return REPO / "corpus"


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[Path, bool]:
    """A folder all test workers of this run share, and whether this worker must fill it
    (call with the folder's lock held: see ``built_once``)."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if "PYTEST_XDIST_WORKER" in os.environ else base
    folder = root / name
    return folder, not (folder / ".complete").exists()


@contextmanager
def built_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """The shared folder ``name`` under a lock: the first worker builds it, the others
    wait and reuse it."""
    folder, build = shared_folder(tmp_path_factory, name)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder, build = shared_folder(tmp_path_factory, name)
        if build:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        yield folder, build
        if build:
            (folder / ".complete").touch()


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Path) -> Path:
    """An index of a copy of the bundled corpus, built once for all test workers."""
    from sersearch.update import update_index

    with built_once(tmp_path_factory, "bundled-index") as (root, build):
        if build:
            corpus = root / "corpus"
            shutil.copytree(bundled_corpus, corpus)
            report = update_index(root / "index", [corpus], workers=1)
            assert report.ok and len(report.added) == 5
    return root / "index"


@pytest.fixture
def run(corpus_index: Path):
    """Run the CLI on the bundled corpus index (``index=False``: without ``--index``)."""
    from click.testing import CliRunner

    from sersearch.cli import cli

    def invoke(*args: str, index: bool = True, env: dict | None = None):
        extra = ["--index", str(corpus_index)] if index else []
        return CliRunner().invoke(cli, [*args, *extra], catch_exceptions=False, env=env)

    return invoke


@pytest.fixture(scope="session")
def corpus_real() -> Path:
    folder = SHARED / "corpus-real"
    if not folder.is_dir():
        pytest.skip("../shared/corpus-real is not available")
    return folder


@pytest.fixture
def write_text():
    """Write a UTF-8 text file, creating folders as needed."""

    def write(path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write

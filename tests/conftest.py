"""Shared fixtures: the bundled corpus, an index built from it, the shared fixtures folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def bundled_corpus() -> Path:
    return REPO / "corpus"


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Path) -> Path:
    """An index of a copy of the bundled corpus (built once per test session)."""
    from sersearch.update import update_index

    root = tmp_path_factory.mktemp("bundled")
    corpus = root / "corpus"
    shutil.copytree(bundled_corpus, corpus)
    index_dir = root / "index"
    report = update_index(index_dir, [corpus], workers=1)
    assert report.ok and len(report.added) == 5
    return index_dir


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

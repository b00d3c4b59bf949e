"""An impacts file that exists but fails to load is searched around and rewritten by
the next index run, and searches give the same hits throughout."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from test_writer import documents

from sersearch.engine.impacts import EXTENSION, SegmentImpacts, write_missing
from sersearch.search import Searcher, SearchOptions
from sersearch.store import data_dir, open_index
from sersearch.update import update_index, write_documents

QUERIES = ["brede welvaart", "zorg", "onderwijs AND gemeente", '"werkgelegenheid en zorg"']


def damaged(data: bytes, how: str) -> bytes:
    """``data`` cut short, emptied, with random bytes in its directory or its magic
    replaced."""
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "empty":
        return b""
    if how == "magic":
        return b"NOTMINE\0" + data[8:]
    rng = random.Random(how)
    noise = bytes(rng.randrange(256) for _ in range(64))
    return data[:-80] + noise + data[-16:]  # the directory's pickle garbled


def hits(index_dir: Path) -> list[list[tuple[str, float]]]:
    with Searcher(index_dir) as searcher:
        return [
            [(hit.passage_id, hit.score) for hit in searcher.search(query, options).hits]
            for query in QUERIES
            for options in (SearchOptions(limit=20), SearchOptions(limit=20, date_from="2015"))
        ]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of one segment whose impacts file has classes for frequent terms."""
    index_dir = tmp_path_factory.mktemp("impacts") / "index"
    write_documents(index_dir, documents(), procs=1)
    (path,) = data_dir(index_dir).glob(f"*{EXTENSION}")
    impacts = SegmentImpacts.load(path)
    assert impacts is not None and len(impacts) > 0
    return index_dir


@pytest.mark.parametrize("how", ["truncated", "empty", "magic", "garbled"])
def test_a_damaged_impacts_file_is_rewritten(written: Path, tmp_path: Path, how: str) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(written, index_dir)
    (path,) = data_dir(index_dir).glob(f"*{EXTENSION}")
    good = path.read_bytes()
    expected = hits(index_dir)
    path.write_bytes(damaged(good, how))
    assert SegmentImpacts.load(path) is None
    assert hits(index_dir) == expected  # read from the postings meanwhile
    write_missing(data_dir(index_dir), open_index(index_dir))
    assert path.read_bytes() == good
    assert hits(index_dir) == expected


def test_the_next_index_run_rewrites_a_damaged_impacts_file(
    tmp_path: Path, bundled_corpus: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus, corpus)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], workers=1)
    (path,) = data_dir(index_dir).glob(f"*{EXTENSION}")
    good = path.read_bytes()
    path.write_bytes(damaged(good, "truncated"))
    report = update_index(index_dir, [corpus], workers=1)
    assert len(report.unchanged) == 5 and not report.added
    assert path.read_bytes() == good

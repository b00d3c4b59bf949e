"""The pooled segment writer writes what Whoosh's own writer writes, spilled or not,
and the impacts file it writes equals the one read back from the segment."""

from __future__ import annotations

import random
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import create_in, open_dir

from sersearch import records
from sersearch.analysis import words
from sersearch.engine.impacts import EXTENSION, impacts_path, write_segment_impacts
from sersearch.engine.pool import TermPool
from sersearch.engine.writer import ParallelWriter, PooledSegmentWriter
from sersearch.models import Document, DocumentMeta, Passage
from sersearch.store import build_schema

WORDS = [
    "brede",
    "welvaart",
    "regio",
    "arbeidsmarkt",
    "krapte",
    "woningbouw",
    "energie",
    "windenergie",
    "zorg",
    "onderwijs",
    "gemeente",
    "provincie",
    "advies",
    "bestuur",
    "inwoners",
    "bedrijven",
    "innovatie",
    "laaggeletterdheid",
    "kinderopvang",
    "mobiliteit",
]


def documents(count: int = 24, passages: int = 15, seed: int = 7) -> list[Document]:
    """Documents whose frequent words are in more passages than a postings block holds."""
    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(WORDS) + 1)]
    return [
        Document(
            doc_id=f"doc{n}",
            source=f"doc{n}.txt",
            sha256=f"hash{n}",
            meta=DocumentMeta(f"Advies {rng.choice(WORDS)}", f"20{10 + n % 12}-03-01", "advies"),
            passages=tuple(
                Passage(
                    f"doc{n}:{k:04d}",
                    f"doc{n}",
                    k,
                    " ".join(rng.choices(WORDS, weights, k=rng.randint(3, 60))),
                    section=rng.choice(["", "Inleiding", "Werkgelegenheid en zorg"]),
                )
                for k in range(1, passages + 1)
            ),
        )
        for n in range(count)
    ]


def build(index_dir: Path, open_writer: Callable[[Any], Any]) -> Path:
    index_dir.mkdir()
    writer = open_writer(create_in(str(index_dir), build_schema()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "now", lambda: "2026-01-01T00:00:00+00:00")  # stored records
        for document in documents():
            records.add_document(writer, document, document.sha256)
    writer.commit()
    return index_dir


def contents(index_dir: Path) -> dict[str, Any]:
    """Everything a search can read of an index: terms with their statistics,
    postings, field lengths and stored fields."""
    with open_dir(str(index_dir)).reader() as reader:
        terms = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            terms[fieldname, text] = (
                info.doc_frequency(),
                info.weight(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
            )
        docs = range(reader.doc_count_all())
        return {
            "terms": terms,
            "postings": list(reader.iter_postings()),
            "lengths": {
                name: [reader.doc_field_length(d, name) for d in docs]
                for name in reader.schema.scorable_names()
            },
            "stored": [reader.stored_fields(d) for d in docs],
        }


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("whoosh") / "index", lambda whoosh: whoosh.writer())


def test_pooled_writer_writes_what_whoosh_writes(whoosh_index: Path, tmp_path: Path) -> None:
    pooled = build(tmp_path / "index", PooledSegmentWriter)
    expected = contents(whoosh_index)
    assert max(info[0] for info in expected["terms"].values()) > 128  # several blocks
    assert contents(pooled) == expected


def test_spilled_pool_writes_the_same(
    whoosh_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spills = []
    spill = TermPool._spill
    monkeypatch.setattr(TermPool, "_spill", lambda pool: spills.append(1) or spill(pool))
    spilled = build(tmp_path / "index", lambda whoosh: PooledSegmentWriter(whoosh, limitmb=0.05))
    assert len(spills) > 3
    assert contents(spilled) == contents(whoosh_index)


def test_pooled_writer_writes_the_impacts_read_back_from_its_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PooledSegmentWriter, "impacts_min_passages", 2)
    index_dir = build(tmp_path / "index", PooledSegmentWriter)
    assert [path.name for path in index_dir.glob("*.part")] == []
    with open_dir(str(index_dir)).reader() as reader:
        path = impacts_path(index_dir, reader)
        assert path is not None and path.suffix == EXTENSION
        written = path.read_bytes()
        assert written == read_back(reader, min_passages=2)
        assert written != read_back(reader, min_passages=1_000)  # terms were included


def read_back(reader: Any, min_passages: int) -> bytes:
    file = BytesIO()
    write_segment_impacts(file, reader, min_passages)
    return file.getvalue()


def test_pool_gives_terms_in_order_with_postings_across_spills(tmp_path: Path) -> None:
    pool = TermPool(limitmb=0.0001, spill_dir=str(tmp_path))
    pool.add(("text", b"zorg", 0, 1.0, b"\x01"))
    pool.add(("text", b"advies", 0, 2.0, b"\x02\x03"))
    pool.add(("title", b"advies", 1, 1.5, None))
    pool.add(("text", b"zorg", 2, 1.0, b"\x04"))
    terms = [(field, text, list(postings)) for field, text, postings in pool.terms()]
    assert terms == [
        ("text", b"advies", [(0, 2.0, b"\x02\x03")]),
        ("text", b"zorg", [(0, 1.0, b"\x01"), (2, 1.0, b"\x04")]),
        ("title", b"advies", [(1, 1.5, b"")]),
    ]
    assert pool.fieldnames == {"text", "title"}
    pool.cleanup()
    assert list(pool.terms()) == []


def postings_file(index_dir: Path) -> bytes:
    """The bytes of the segment's postings file (block headers, statistics and all)."""
    index = open_dir(str(index_dir))
    (segment,) = index._segments()
    storage = segment.open_compound_file(index.storage)
    return storage.open_file(segment.make_filename(".pst")).read()


def test_pooled_writer_writes_whooshs_postings_byte_for_byte(
    whoosh_index: Path, tmp_path: Path
) -> None:
    pooled = build(tmp_path / "index", PooledSegmentWriter)
    assert len(postings_file(pooled)) > 10_000
    assert postings_file(pooled) == postings_file(whoosh_index)


def test_parallel_writers_hand_the_tokens_they_analysed_back(tmp_path: Path) -> None:
    """The next commit's workers, forked from the indexing process, start with them;
    what is handed back is what analysing the tokens anew gives."""
    words._ANALYSED.clear()
    words.analyser.cache_clear()
    writer = ParallelWriter(create_in(str(tmp_path), build_schema()), procs=2)
    for document in documents():
        records.add_document(writer, document, document.sha256)
    writer.commit()
    learned = dict(words._ANALYSED[words.DEFAULT_STEMMER, True])
    assert {"arbeidsmarkt", "laaggeletterdheid", "Advies"} <= learned.keys()
    words._ANALYSED.clear()
    words.analyser.cache_clear()
    analyse = words.analyser(words.DEFAULT_STEMMER, True)
    assert learned == {token: analyse(token) for token in learned}

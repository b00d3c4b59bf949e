"""The engine protocol, the registry of engines and the sersearch engine.

Engines are loaded by name, lazily, so that a child process measuring one engine
imports nothing of the others (their imports would count in its memory).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib import import_module
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bench.corpus import read_passages

if TYPE_CHECKING:
    from bench.queries import Query
    from sersearch.models import Document

BASELINE = "plain-whoosh"
ENGINES = {
    "sersearch": "bench.engines:SersearchEngine",
    "plain-whoosh": "bench.plain_whoosh:PlainWhooshEngine",
    "sqlite-fts5": "bench.sqlite_fts5:Fts5Engine",
}


class Engine(Protocol):
    """What the harness needs of a search engine.

    ``build`` always runs in a child process of its own (timed and measured there);
    ``open``/``query``/``close`` run in another child, with one ``open`` before all
    queries; ``cli_command`` is the argv of one cold search in a fresh process.
    """

    name: str

    def unavailable(self) -> str | None:
        """Why the engine cannot run here, or ``None`` when it can."""

    def build(self, passages: Path, index_dir: Path) -> None:
        """Index the passages of a JSON-lines corpus file into ``index_dir``."""

    def open(self, index_dir: Path) -> None:
        """Open the index for querying (keep searchers open: queries are measured warm)."""

    def query(self, query: Query) -> list[str]:
        """The ``passage_id`` of the top 10 hits, best first."""

    def close(self) -> None:
        """Release what ``open`` acquired."""

    def cli_command(self, index_dir: Path, query: str) -> list[str]:
        """The argv of a fresh process that searches ``index_dir`` and prints the top 10."""


def load_engine(name: str) -> Engine:
    """Instantiate a registered engine by name."""
    module, _, cls = ENGINES[name].partition(":")
    return getattr(import_module(module), cls)()


class SersearchEngine:
    """sersearch itself: its Dutch analysis, schema, parallel writer and query expansion.

    The corpus's passages are written as they are (grouped into documents by
    ``doc_id``), so both engines index exactly the same passages.
    """

    name = "sersearch"

    def __init__(self) -> None:
        self._searcher = None

    def unavailable(self) -> str | None:
        return None

    def build(self, passages: Path, index_dir: Path) -> None:
        from sersearch.update import write_documents

        write_documents(index_dir, _documents(passages))

    def open(self, index_dir: Path) -> None:
        from sersearch.search import Searcher

        self._searcher = Searcher(index_dir)

    def query(self, query: Query) -> list[str]:
        from sersearch.search import SearchOptions

        options = SearchOptions(
            limit=10,
            doc_types=(query.doc_type,) if query.doc_type else (),
            date_from=query.date_from,
            date_to=query.date_to,
        )
        return [hit.passage_id for hit in self._searcher.search(query.text, options).hits]

    def close(self) -> None:
        self._searcher.close()

    def cli_command(self, index_dir: Path, query: str) -> list[str]:
        return [sys.executable, "-m", "sersearch", "search", query, "--index", str(index_dir)]


def _documents(passages: Path) -> Iterator[Document]:
    """The corpus file's passages as documents (consecutive records share a ``doc_id``)."""
    from sersearch.models import Document, DocumentMeta, Passage

    for doc_id, records in groupby(read_passages(passages), key=lambda r: r["doc_id"]):
        records = list(records)
        first = records[0]
        yield Document(
            doc_id=doc_id,
            source=f"{doc_id}.pdf",
            sha256=doc_id,
            meta=DocumentMeta(first["title"], first["date"], first["doc_type"]),
            passages=tuple(
                Passage(r["passage_id"], doc_id, n, r["text"], r["page"], None, r["section"])
                for n, r in enumerate(records, start=1)
            ),
        )

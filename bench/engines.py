"""The engine protocol, the registry of engines and the (still unwired) sersearch engine.

Engines are loaded by name, lazily, so that a child process measuring one engine
imports nothing of the others (their imports would count in its memory).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bench.queries import Query

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
    """sersearch itself. NOT WIRED YET: the lead connects it to the library API.

    To wire it, implement ``build``/``open``/``query``/``close``/``cli_command`` with
    ``sersearch``'s index and search API (passage records carry ``passage_id``,
    ``doc_id``, ``title``, ``date``, ``doc_type``, ``page``, ``section``, ``text``;
    queries are :class:`bench.queries.Query`), and let ``unavailable`` check for it.
    """

    name = "sersearch"

    def unavailable(self) -> str | None:
        try:
            import_module("sersearch.index")
        except ImportError:
            return "not available yet: sersearch.index does not exist"
        return "not available yet: SersearchEngine in bench/engines.py is not wired to the API"

    def build(self, passages: Path, index_dir: Path) -> None:
        raise NotImplementedError(self.unavailable())

    def open(self, index_dir: Path) -> None:
        raise NotImplementedError(self.unavailable())

    def query(self, query: Query) -> list[str]:
        raise NotImplementedError(self.unavailable())

    def close(self) -> None:
        raise NotImplementedError(self.unavailable())

    def cli_command(self, index_dir: Path, query: str) -> list[str]:
        raise NotImplementedError(self.unavailable())

"""The index as the web server sees it: kept open between requests, opened again
when an index run commits (or rebuilds it), so results are fresh without a restart."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sersearch.search import Searcher, SearchOptions, SearchResult
from sersearch.store import MANIFEST_NAME, IndexedDocument, data_dir


@dataclass(frozen=True)
class Catalogue:
    """The documents of one view of the index, with the values the filters offer."""

    documents: dict[str, IndexedDocument]
    doc_types: tuple[str, ...]
    organisations: tuple[str, ...]
    passages: int

    @classmethod
    def of(cls, documents: list[IndexedDocument]) -> Catalogue:
        indexed = [doc for doc in documents if doc.status != "failed"]
        return cls(
            documents={doc.doc_id: doc for doc in documents},
            doc_types=tuple(sorted({doc.doc_type for doc in indexed if doc.doc_type})),
            organisations=tuple(sorted({doc.organisation for doc in indexed if doc.organisation})),
            passages=sum(doc.passages for doc in indexed),
        )

    @cached_property
    def searchable(self) -> list[IndexedDocument]:
        """The documents that have passages, by title."""
        found = [doc for doc in self.documents.values() if doc.status != "failed"]
        return sorted(found, key=lambda doc: (doc.title.casefold(), doc.doc_id))

    def of_organisation(self, organisation: str) -> tuple[str, ...]:
        return tuple(
            doc_id for doc_id, doc in self.documents.items() if doc.organisation == organisation
        )


def signature(index_dir: Path) -> tuple[object, ...]:
    """What changes when an index run commits: the current generation's folder (a
    rebuild switches it), its table-of-contents files (one per commit) and manifest."""
    folder = data_dir(index_dir)
    try:
        manifest = (folder / MANIFEST_NAME).stat()
        tocs = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".toc"))
    except OSError:
        return ()
    return (folder.name, manifest.st_ino, manifest.st_mtime_ns, *tocs)


class IndexView:
    """One open ``Searcher`` and the document records, shared by all requests (one
    search at a time: Whoosh's searchers are not made for concurrent use)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._signature: tuple[object, ...] | None = None
        self._searcher: Searcher | None = None
        self._catalogue: Catalogue | None = None

    def search(self, query: str, options: SearchOptions) -> SearchResult:
        with self._lock:
            return self._fresh()[0].search(query, options)

    def catalogue(self) -> Catalogue:
        with self._lock:
            return self._fresh()[1]

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._catalogue = None

    def _fresh(self) -> tuple[Searcher, Catalogue]:
        """The searcher and catalogue of the latest commit. The signature is taken
        before opening, so a commit made meanwhile is picked up by the next request."""
        from sersearch.browse import list_documents

        current = signature(self.index_dir)
        if self._searcher is None or self._catalogue is None or current != self._signature:
            searcher = Searcher(self.index_dir)
            catalogue = Catalogue.of(list_documents(self.index_dir))
            if self._searcher is not None:
                self._searcher.close()
            self._searcher, self._catalogue, self._signature = searcher, catalogue, current
        return self._searcher, self._catalogue

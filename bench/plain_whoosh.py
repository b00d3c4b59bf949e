"""Baseline engine: plain Whoosh, Dutch Snowball stemming, one writer, default settings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bench.corpus import read_passages

if TYPE_CHECKING:
    from whoosh.fields import Schema

    from bench.queries import Query

CLI_SCRIPT = Path(__file__).with_name("plain_whoosh_cli.py")


def schema() -> Schema:
    """Passage fields; only ``text`` is analysed (StemmingAnalyzer with nltk's Dutch stemmer)."""
    from nltk.stem.snowball import SnowballStemmer
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    analyzer = StemmingAnalyzer(stemfn=SnowballStemmer("dutch").stem)
    return Schema(
        passage_id=ID(stored=True),
        doc_id=ID(stored=True),
        title=STORED,
        date=ID(stored=True),
        doc_type=ID(stored=True),
        page=STORED,
        section=STORED,
        text=TEXT(analyzer=analyzer, stored=True),
    )


class PlainWhooshEngine:
    """Whoosh's default QueryParser (AND group) on ``text``; filters as field queries."""

    name = "plain-whoosh"

    def __init__(self) -> None:
        self._index = self._searcher = self._parser = None

    def unavailable(self) -> str | None:
        return None

    def build(self, passages: Path, index_dir: Path) -> None:
        from whoosh.index import create_in

        index_dir.mkdir(parents=True, exist_ok=True)
        writer = create_in(str(index_dir), schema()).writer()
        for record in read_passages(passages):
            writer.add_document(**{k: v for k, v in record.items() if v is not None})
        writer.commit()

    def open(self, index_dir: Path) -> None:
        from whoosh.index import open_dir
        from whoosh.qparser import QueryParser

        self._index = open_dir(str(index_dir))
        self._searcher = self._index.searcher()
        self._parser = QueryParser("text", self._index.schema)

    def query(self, query: Query) -> list[str]:
        from whoosh.query import And, Term, TermRange

        parts = [self._parser.parse(query.text)]
        if query.doc_type:
            parts.append(Term("doc_type", query.doc_type))
        if query.date_from or query.date_to:
            parts.append(TermRange("date", query.date_from, query.date_to))
        parsed = parts[0] if len(parts) == 1 else And(parts)
        return [hit["passage_id"] for hit in self._searcher.search(parsed, limit=10)]

    def close(self) -> None:
        self._searcher.close()
        self._index.close()

    def cli_command(self, index_dir: Path, query: str) -> list[str]:
        return [sys.executable, str(CLI_SCRIPT), str(index_dir), query]

"""Reference engine: SQLite FTS5 (stdlib ``sqlite3``, ``unicode61`` tokenizer, no stemming).

As a script it is the engine's cold CLI: ``python bench/sqlite_fts5.py INDEXDIR QUERY``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.queries import Query

DB_NAME = "fts5.sqlite"
COLUMNS = ("passage_id", "doc_id", "title", "date", "doc_type", "page", "section", "text")
_PART = re.compile(r'"[^"]*"|\S+')


def fts_query(text: str) -> str:
    """Translate the benchmark's Whoosh-syntax query: quote every term, keep AND/OR/NOT."""
    parts = []
    for part in _PART.findall(text):
        if part in ("AND", "OR", "NOT"):
            parts.append(part)
        else:
            parts.append('"' + part.strip('"').replace('"', '""') + '"')
    return " ".join(parts)


def search(db: sqlite3.Connection, match: str, where: str = "", args: tuple = ()) -> list[tuple]:
    """Top 10 ``(passage_id, text)`` by bm25 for an FTS5 match expression."""
    sql = f"SELECT passage_id, text FROM passages WHERE passages MATCH ?{where} ORDER BY rank"
    return db.execute(sql + " LIMIT 10", (match, *args)).fetchall()


class Fts5Engine:
    """FTS5 with bm25 ranking; filters are plain column conditions."""

    name = "sqlite-fts5"

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None

    def unavailable(self) -> str | None:
        try:
            sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        except sqlite3.OperationalError:
            return "this sqlite3 has no FTS5"
        return None

    def build(self, passages: Path, index_dir: Path) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(index_dir / DB_NAME)
        unindexed = ", ".join(f"{c} UNINDEXED" for c in COLUMNS[:-1])
        db.execute(
            f"CREATE VIRTUAL TABLE passages USING fts5({unindexed}, text,"
            " tokenize='unicode61 remove_diacritics 2')"
        )
        with passages.open(encoding="utf-8") as fh:
            rows = (tuple(json.loads(line)[c] for c in COLUMNS) for line in fh)
            db.executemany(f"INSERT INTO passages VALUES ({', '.join('?' * len(COLUMNS))})", rows)
        db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
        db.commit()
        db.close()

    def open(self, index_dir: Path) -> None:
        self._db = sqlite3.connect(index_dir / DB_NAME)

    def query(self, query: Query) -> list[str]:
        where, args = "", []
        if query.doc_type:
            where, args = " AND doc_type = ?", [query.doc_type]
        if query.date_from or query.date_to:
            where += " AND date BETWEEN ? AND ?"
            args += [query.date_from or "", query.date_to or "9999"]
        return [row[0] for row in search(self._db, fts_query(query.text), where, tuple(args))]

    def close(self) -> None:
        self._db.close()

    def cli_command(self, index_dir: Path, query: str) -> list[str]:
        return [sys.executable, __file__, str(index_dir), query]


def main(argv: list[str]) -> None:
    db = sqlite3.connect(Path(argv[1]) / DB_NAME)
    for rank, (passage_id, text) in enumerate(search(db, fts_query(argv[2])), start=1):
        print(f"{rank:2d}. {passage_id}  {text[:100]}")


if __name__ == "__main__":
    main(sys.argv)

"""Cold search with plain Whoosh: ``python bench/plain_whoosh_cli.py INDEXDIR QUERY``.

Standalone on purpose (no ``bench`` imports): it is the baseline for the time a
fresh ``sersearch search`` process takes to import, open the index, query and print.
"""

from __future__ import annotations

import sys

from whoosh.index import open_dir
from whoosh.qparser import QueryParser


def main(argv: list[str]) -> None:
    index_dir, query = argv[1], argv[2]
    index = open_dir(index_dir)
    with index.searcher() as searcher:
        parsed = QueryParser("text", index.schema).parse(query)
        for rank, hit in enumerate(searcher.search(parsed, limit=10), start=1):
            print(f"{rank:2d}. {hit.score:7.3f}  {hit['passage_id']}  {hit['text'][:100]}")


if __name__ == "__main__":
    main(sys.argv)

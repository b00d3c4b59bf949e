"""Child-process entry points: one fresh, separately measured process per build or search run.

``python -m bench.child build ENGINE PASSAGES INDEXDIR``
``python -m bench.child search ENGINE INDEXDIR QUERIES``

Each prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from time import perf_counter

from bench.engines import Engine, load_engine
from bench.queries import KINDS, Query, load_queries


def build(engine: Engine, passages: Path, index_dir: Path) -> dict[str, object]:
    """Build the index; report the build's own seconds (without interpreter start-up)."""
    start = perf_counter()
    engine.build(passages, index_dir)
    return {"seconds": perf_counter() - start}


def search(engine: Engine, index_dir: Path, queries: list[Query]) -> dict[str, object]:
    """Open once, run every query as warm-up, then time every query once more."""
    start = perf_counter()
    engine.open(index_dir)
    open_seconds = perf_counter() - start
    for query in queries:
        engine.query(query)
    latency_ms: dict[str, list[float]] = {kind: [] for kind in KINDS}
    zero_hits: Counter[str] = Counter()
    for query in queries:
        start = perf_counter()
        ids = engine.query(query)
        latency_ms[query.kind].append((perf_counter() - start) * 1000)
        zero_hits[query.kind] += not ids
    engine.close()
    return {"open_seconds": open_seconds, "latency_ms": latency_ms, "zero_hits": zero_hits}


def main(argv: list[str]) -> None:
    mode, engine = argv[1], load_engine(argv[2])
    if mode == "build":
        result = build(engine, Path(argv[3]), Path(argv[4]))
    else:
        result = search(engine, Path(argv[3]), load_queries(Path(argv[4])))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)

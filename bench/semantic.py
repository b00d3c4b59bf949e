"""Query latency the semantic side adds, at N passages: ``python -m bench.semantic``.

The cost of a semantic search is embedding the query plus a scan of the float16
matrix (chunked float32 dot products), then the filter over rows in score order;
it does not depend on the vectors' values, so random unit vectors stand in for
real passages. Prints p50/p95 in ms, with and without a selective filter.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

QUERIES = [
    "hoe lang wachten patiënten op een plaatsing",
    "tekort aan personeel in de zorg",
    "windturbines en de natuur",
    "afvalwater zuiveren",
    "brede welvaart in de regio",
]


def build(folder: Path, size: int) -> None:
    import numpy as np

    from sersearch.semantic import model
    from sersearch.semantic.store import ROWS_NAME, VECTORS_PATTERN

    rng = np.random.default_rng(42)
    vectors = rng.standard_normal((size, model.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    np.save(folder / VECTORS_PATTERN.format(1), vectors.astype(np.float16))
    rows = [
        [f"d{i // 20:06d}:{i % 20:04d}", f"d{i // 20:06d}", "advies" if i % 50 else "brief", None]
        for i in range(size)
    ]
    (folder / ROWS_NAME).write_text(
        json.dumps({"model": model.MODEL_ID, "vectors": VECTORS_PATTERN.format(1), "rows": rows})
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    from sersearch.semantic import model
    from sersearch.semantic.store import EmbeddingView

    model.embed(["opwarmen"])
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            build(folder, size)
            view = EmbeddingView(folder)
            for label, accept in (
                ("no filter", lambda row: True),
                ("type:brief (2%)", lambda row: row.doc_type == "brief"),
            ):
                times = []
                for _ in range(args.repeat):
                    for query in QUERIES:
                        start = time.perf_counter()
                        view.nearest(query, accept, 100)
                        times.append((time.perf_counter() - start) * 1000)
                times.sort()
                p95 = times[int(0.95 * (len(times) - 1))]
                print(
                    f"{size:>7} passages, {label:<16} p50 {statistics.median(times):6.1f} ms"
                    f"  p95 {p95:6.1f} ms  (load {os.getloadavg()[0]:.1f})"
                )
    start = time.perf_counter()
    for query in QUERIES * args.repeat:
        model.embed([query])
    per_query = (time.perf_counter() - start) * 1000 / (len(QUERIES) * args.repeat)
    print(f"of which embedding the query: {per_query:.1f} ms")


if __name__ == "__main__":
    main()

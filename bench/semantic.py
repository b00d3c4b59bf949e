"""Query latency the semantic side adds, at N passages: ``python -m bench.semantic``.

The cost of a semantic search is embedding the query plus a scan of the int8
matrix (blocks converted to float32, one matrix-vector product each) and a top-k
partition, after a filter mask; it does not depend on the vectors' values, so
random unit vectors stand in for real passages. Prints p50/p95 in ms, with and
without a selective filter, then the query embedding's own share and the cost of
opening the embeddings (once per process).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
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
    from sersearch.semantic.view import ROWS_NAME, VECTORS_PATTERN, quantise, scales_name

    rng = np.random.default_rng(42)
    vectors = rng.standard_normal((size, model.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    quantised, scales = quantise(vectors)
    np.save(folder / VECTORS_PATTERN.format(1), quantised)
    np.save(folder / scales_name(VECTORS_PATTERN.format(1)), scales)
    # 20 passages a document; one document in 50 is a letter (2 % of the rows).
    rows = []
    for i in range(size):
        doc_id, doc_type = f"d{i // 20:06d}", "brief" if i // 20 % 50 else "advies"
        rows.append([f"{doc_id}:{i % 20:04d}", doc_id, doc_type, None, i])
    (folder / ROWS_NAME).write_text(
        json.dumps(
            {
                "model": model.MODEL_ID,
                "vectors": VECTORS_PATTERN.format(1),
                "rows": rows,
                "units": [1] * size,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=8)
    args = parser.parse_args()
    from sersearch.semantic import model
    from sersearch.semantic.view import EmbeddingView

    start = time.perf_counter()
    model.embed(["opwarmen"])
    print(f"loading the model: {(time.perf_counter() - start) * 1000:.0f} ms")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            build(folder, size)
            start = time.perf_counter()
            view = EmbeddingView(folder)
            opening = (time.perf_counter() - start) * 1000
            print(f"{size:>7} passages, opening the embeddings: {opening:.0f} ms")
            for label, accept in (("no filter", None), ("type:advies (2%)", advice)):
                search = functools.partial(view.nearest, limit=100, accept=accept)
                report(size, label, search, args.repeat)
    report(0, "the query's embedding alone", lambda query: model.embed([query]), args.repeat)


def advice(doc_id: str, doc_type: str | None, date: str | None) -> bool:
    return doc_type == "advies"


def report(size: int, label: str, run: Callable[[str], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        for query in QUERIES:
            start = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{size:>7} passages, {label:<28} p50 {statistics.median(times):6.1f} ms"
        f"  p95 {p95:6.1f} ms  (load {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()

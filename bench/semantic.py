"""Query latency the semantic side adds, at N passages: ``python -m bench.semantic``.

A passage has ~3.7 vectors (itself and its sentence windows, as on the real
corpus). ``--mode semantic`` embeds the query and scans every vector (int8 blocks
converted to float32, one matrix-vector product each), then takes the best per
passage and a top-k partition, after a filter mask; ``--mode hybrid`` embeds the
query and scores only the vectors of the 100 lexical candidates. The cost does not
depend on the vectors' values, so random unit vectors stand in for real ones.
Prints p50/p95 in ms, then the query embedding's own share and the cost of opening
the embeddings (once per process).
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
# Vectors per passage on ../shared/corpus-real: 14,701 for 3,987 passages.
UNITS_PER_PASSAGE = 3.7


def build(folder: Path, size: int) -> list[str]:
    import numpy as np

    from sersearch.semantic import model
    from sersearch.semantic.view import ROWS_NAME, VECTORS_PATTERN, quantise, scales_name

    rng = np.random.default_rng(42)
    units = 1 + rng.poisson(UNITS_PER_PASSAGE - 1, size)
    vectors = rng.standard_normal((int(units.sum()), model.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    quantised, scales = quantise(vectors)
    np.save(folder / VECTORS_PATTERN.format(1), quantised)
    np.save(folder / scales_name(VECTORS_PATTERN.format(1)), scales)
    # 20 passages a document; one document in 50 is advice (2 % of the rows).
    rows = []
    for i in range(size):
        doc_id, doc_type = f"d{i // 20:06d}", "brief" if i // 20 % 50 else "advies"
        rows.append([f"{doc_id}:{i % 20:04d}", doc_id, doc_type, None, i])
    meta = {"model": model.MODEL_ID, "vectors": VECTORS_PATTERN.format(1), "rows": rows}
    (folder / ROWS_NAME).write_text(json.dumps({**meta, "units": units.tolist()}))
    return [row[0] for row in rows]


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
            ids = build(folder, size)
            start = time.perf_counter()
            view = EmbeddingView(folder)
            opening = (time.perf_counter() - start) * 1000
            print(f"{size:>7} passages, opening the embeddings: {opening:.0f} ms")
            for label, accept in (("no filter", None), ("type:advies (2%)", advice)):
                search = functools.partial(view.nearest, limit=100, accept=accept)
                report(size, f"semantic, {label}", search, args.repeat)
            candidates = ids[:: max(1, size // 100)][:100]
            reorder = functools.partial(view.order, passage_ids=candidates)
            report(size, "hybrid (100 candidates)", reorder, args.repeat)
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
        f"{size:>7} passages, {label:<34} p50 {statistics.median(times):6.1f} ms"
        f"  p95 {p95:6.1f} ms  (load {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()

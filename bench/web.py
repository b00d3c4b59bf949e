"""Warm response times of ``sersearch serve``: the search page over the bench's query set.

``python -m bench.web --passages 100000``

Generates the corpus if missing (as ``bench.run``), builds the sersearch index once
(reused from ``bench/out/index/sersearch-<size>`` when it is there), starts
``sersearch serve`` on a free 127.0.0.1 port in a child process, and requests
``/search?q=…`` (with the query's type and date filters) over one kept-alive
connection: every query once to warm up, then ``--rounds`` timed rounds. The time of
a request runs from sending it to having read the whole page. Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.engines import SersearchEngine
from bench.queries import KINDS, Query, build_queries
from bench.report import describe_machine
from bench.run import OUT, REPO, ensure_corpus, label, percentile

ADDRESS = re.compile(r"http://(127\.0\.0\.1):(\d+)/")
START_SECONDS = 60


def search_url(query: Query) -> str:
    """The search page's URL for a bench query (its filters as the form sends them)."""
    params = [("q", query.text)]
    if query.doc_type:
        params.append(("type", query.doc_type))
    if query.date_from:
        params.append(("from", query.date_from))
    if query.date_to:
        params.append(("to", query.date_to))
    return "/search?" + urlencode(params)


def start_server(index_dir: Path) -> tuple[subprocess.Popen[str], str, int]:
    """``sersearch serve`` on a free loopback port, and its host and port."""
    command = [sys.executable, "-m", "sersearch", "serve", "--port", "0", "--index", str(index_dir)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(START_SECONDS)
    found = ADDRESS.search(line[0] if line else "")
    if not found:
        process.terminate()
        raise SystemExit(f"sersearch serve did not start: {line}")
    return process, found.group(1), int(found.group(2))


def timed_round(connection: http.client.HTTPConnection, urls: list[str]) -> list[float]:
    """Milliseconds per request, each read to the end; every response must be 200."""
    times = []
    for url in urls:
        start = time.perf_counter()
        connection.request("GET", url)
        response = connection.getresponse()
        body = response.read()
        times.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}: {body[:200]!r}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    corpus, _ = ensure_corpus(args.passages, args.seed)
    index_dir = OUT / "index" / f"sersearch-{label(args.passages)}"
    if not (index_dir / "sersearch.json").exists():
        print(f"building {index_dir} …", file=sys.stderr)
        start = time.perf_counter()
        SersearchEngine().build(corpus, index_dir)
        print(f"built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    queries = build_queries(corpus)
    urls = [search_url(query) for query in queries]

    process, host, port = start_server(index_dir)
    try:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        timed_round(connection, urls)  # warm-up
        rounds = [timed_round(connection, urls) for _ in range(args.rounds)]
        connection.close()
    finally:
        process.terminate()
        process.wait(30)

    by_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for times in rounds:
        for query, ms in zip(queries, times, strict=True):
            by_kind[query.kind].append(ms)
    every = [ms for times in by_kind.values() for ms in times]
    summary = {
        "machine": describe_machine(),
        "passages": args.passages,
        "requests": len(every),
        "p50_ms": {"all": percentile(every, 50)}
        | {k: percentile(v, 50) for k, v in by_kind.items()},
        "p95_ms": {"all": percentile(every, 95)}
        | {k: percentile(v, 95) for k, v in by_kind.items()},
        "mean_ms": statistics.fmean(every),
    }
    out = args.out or OUT / f"web-{label(args.passages)}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"/search at {args.passages:,} passages, {len(every)} warm requests ({out}):")
    print(f"{'kind':<10} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in ("all", *KINDS):
        print(f"{kind:<10} {summary['p50_ms'][kind]:>8.1f} {summary['p95_ms'][kind]:>8.1f}")


if __name__ == "__main__":
    main()

"""Warm response times of ``sersearch serve``: the search page over the bench's query set.

``python -m bench.web --passages 100000``

Generates the corpus if missing (as ``bench.run``), builds the sersearch index once
(reused from ``bench/out/index/sersearch-<size>`` when it is there), starts
``sersearch serve`` on a free 127.0.0.1 port in a child process, and requests
``/search?q=…`` (with the query's type and date filters) over one kept-alive
connection: every query once to warm up, then ``--rounds`` timed rounds. The time of
a request runs from sending it to having read the whole page. Loopback only.

Each round is followed by a round of the same queries through the library in this
process (``sersearch.search.Searcher``, as ``bench.run`` measures it), so the page's
own cost shows beside the search's under the same machine load.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
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


def library_round(engine: SersearchEngine, queries: list[Query]) -> list[float]:
    """Milliseconds per query through the library, in this process."""
    times = []
    for query in queries:
        start = time.perf_counter()
        engine.query(query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentiles(queries: list[Query], rounds: list[list[float]]) -> dict[str, dict[str, float]]:
    """p50 and p95 over all rounds, for all queries and per kind."""
    by_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for times in rounds:
        for query, ms in zip(queries, times, strict=True):
            by_kind[query.kind].append(ms)
    by_kind = {"all": [ms for times in by_kind.values() for ms in times], **by_kind}
    return {
        "p50_ms": {kind: percentile(times, 50) for kind, times in by_kind.items()},
        "p95_ms": {kind: percentile(times, 95) for kind, times in by_kind.items()},
    }


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

    engine = SersearchEngine()
    engine.open(index_dir)
    library_round(engine, queries)  # warm-up
    process, host, port = start_server(index_dir)
    web_rounds, library_rounds = [], []
    load_before = os.getloadavg()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        timed_round(connection, urls)  # warm-up
        for _ in range(args.rounds):
            web_rounds.append(timed_round(connection, urls))
            library_rounds.append(library_round(engine, queries))
        connection.close()
    finally:
        process.terminate()
        process.wait(30)
        engine.close()

    summary = {
        "machine": describe_machine(),
        "load_average": [load_before, os.getloadavg()],
        "passages": args.passages,
        "requests": len(urls) * args.rounds,
        "web": percentiles(queries, web_rounds),
        "library": percentiles(queries, library_rounds),
    }
    out = args.out or OUT / f"web-{label(args.passages)}.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    web, library = summary["web"], summary["library"]
    print(f"/search at {args.passages:,} passages, {summary['requests']} warm requests ({out});")
    print(f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'kind':<10} {'page p50':>9} {'page p95':>9} {'library p50':>12} {'library p95':>12}")
    for kind in ("all", *KINDS):
        print(
            f"{kind:<10} {web['p50_ms'][kind]:>9.1f} {web['p95_ms'][kind]:>9.1f} "
            f"{library['p50_ms'][kind]:>12.1f} {library['p95_ms'][kind]:>12.1f}"
        )


if __name__ == "__main__":
    main()

"""Benchmark harness: every registered engine at every corpus size, side by side.

``python -m bench.run --sizes 10000 100000 300000 --repeat 3 --out bench/out/results.json``

Writes the results as JSON (after every engine, so partial runs keep what they
measured) and as Markdown next to it, and prints the Markdown.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.corpus import stats_path
from bench.engines import ENGINES, load_engine
from bench.measure import run_child
from bench.queries import KINDS
from bench.report import MB, describe_machine, render

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _python(*args: object) -> list[str]:
    return [sys.executable, "-m", *map(str, args)]


def ensure_corpus(size: int, seed: int) -> tuple[Path, dict]:
    """The corpus file of ``size`` passages and its statistics, generated if missing.

    Generation (like the query set) runs in a child process: the harness must stay
    small, because a child's ``ru_maxrss`` starts from the harness's peak RSS.
    """
    path = OUT / f"passages-{label(size)}-s{seed}.jsonl"
    if not (path.exists() and stats_path(path).exists()):
        print(f"generating {path.name} …", file=sys.stderr)
        cmd = _python("bench.corpus", "--passages", size, "--out", path, "--seed", seed)
        subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return path, json.loads(stats_path(path).read_text())


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _child(*args: object) -> list[str]:
    return _python("bench.child", *args)


def measure_engine(
    name: str, corpus: Path, queries: Path, index_dir: Path, builds: int, args: argparse.Namespace
) -> dict:
    """Build ``builds`` times, search ``args.repeat`` times, cold-CLI ``args.cli_runs`` times."""
    engine = load_engine(name)
    reason = engine.unavailable()
    if reason:
        return {"error": reason}
    build_runs = []
    for _ in range(builds):
        shutil.rmtree(index_dir, ignore_errors=True)
        run = run_child(_child("build", name, corpus, index_dir), REPO)
        build_runs.append((json.loads(run.stdout)["seconds"], run.peak_rss))
    index_bytes = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())

    searches = []
    for _ in range(args.repeat):
        run = run_child(_child("search", name, index_dir, queries), REPO)
        searches.append((json.loads(run.stdout), run.peak_rss))
    kinds = [*KINDS, "all"]
    for result, _ in searches:
        result["latency_ms"]["all"] = [ms for kind in KINDS for ms in result["latency_ms"][kind]]

    def median_pct(kind: str, pct: int) -> float:
        return statistics.median(percentile(r["latency_ms"][kind], pct) for r, _ in searches)

    command = engine.cli_command(index_dir, args.cli_query)
    run_child(command, REPO)  # untimed: warms the OS page cache
    cli_runs = [run_child(command, REPO) for _ in range(args.cli_runs)]
    return {
        "build": {
            "runs": len(build_runs),
            "seconds": statistics.median(s for s, _ in build_runs),
            "peak_rss_mb": statistics.median(r for _, r in build_runs) / MB,
        },
        "index_mb": index_bytes / MB,
        "search": {
            "runs": len(searches),
            "open_seconds": statistics.median(r["open_seconds"] for r, _ in searches),
            "p50_ms": {kind: median_pct(kind, 50) for kind in kinds},
            "p95_ms": {kind: median_pct(kind, 95) for kind in kinds},
            "zero_hits": sum(searches[0][0]["zero_hits"].values()),
            "zero_hits_by_kind": searches[0][0]["zero_hits"],
            "peak_rss_mb": statistics.median(r for _, r in searches) / MB,
        },
        "cli": {
            "command": command,
            "ms": statistics.median(r.wall_seconds for r in cli_runs) * 1000,
            "peak_rss_mb": statistics.median(r.peak_rss for r in cli_runs) / MB,
            "output_lines": len(cli_runs[0].stdout.splitlines()),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument("--single-build-above", type=int, default=100_000)
    parser.add_argument("--cli-runs", type=int, default=7)
    parser.add_argument("--cli-query", default="duurzame energie")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=OUT / "results.json")
    args = parser.parse_args()

    sizes = sorted(args.sizes)
    # A regular install byte-compiles the package (Whoosh's modules are); an editable
    # one run with PYTHONDONTWRITEBYTECODE would compile sersearch in every cold CLI run.
    compileall.compile_dir(REPO / "sersearch", quiet=1)
    corpora = {size: ensure_corpus(size, args.seed) for size in sizes}
    queries_path = args.out.with_name("queries.json")
    cmd = _python("bench.queries", "--corpus", corpora[sizes[0]][0], "--out", queries_path)
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    results = {
        "machine": describe_machine(),
        "config": {
            **{k: v for k, v in vars(args).items() if k != "out"},
            "queries": len(json.loads(queries_path.read_text())),
        },
        "corpus": {str(size): stats for size, (_, stats) in corpora.items()},
        "results": {},
    }
    for size in sizes:
        builds = args.repeat if size <= args.single_build_above else 1
        by_engine = results["results"].setdefault(str(size), {})
        for name in args.engines:
            print(f"{label(size)}: {name} …", file=sys.stderr)
            index_dir = OUT / "index" / f"{name}-{label(size)}"
            by_engine[name] = measure_engine(
                name, corpora[size][0], queries_path, index_dir, builds, args
            )
            args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    # Child peaks below this are floors (see ensure_corpus); with a lean harness they are not.
    harness_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results["config"]["harness_peak_rss_mb"] = harness_kb / 1024
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown = render(results)
    args.out.with_suffix(".md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()

"""Machine description and the Markdown report of a results file."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.corpus import format_stats
from bench.engines import BASELINE
from bench.queries import KINDS

PACKAGES = ("sersearch", "whoosh-reloaded", "nltk", "PyStemmer", "pdfminer.six", "wordfreq")
MB = 1024 * 1024


def _field(path: str, key: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), None)


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def describe_machine() -> dict[str, object]:
    """CPU model, cores, RAM, OS, Python and the versions of the packages involved."""
    mem_kb = (_field("/proc/meminfo", "MemTotal") or "0 kB").split()[0]
    return {
        "cpu": _field("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(int(mem_kb) / MB, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {p: _version(p) for p in PACKAGES},
    }


def _metrics() -> list[tuple[str, str, int]]:
    """(row label, dotted key into an engine's results, decimals)."""
    rows = [
        ("build time (s)", "build.seconds", 1),
        ("build peak RSS (MB)", "build.peak_rss_mb", 0),
        ("index size (MB)", "index_mb", 1),
        ("search peak RSS (MB)", "search.peak_rss_mb", 0),
        ("cold CLI search (ms)", "cli.ms", 0),
        ("cold CLI peak RSS (MB)", "cli.peak_rss_mb", 0),
    ]
    for kind in (*KINDS, "all"):
        rows.append((f"{kind} p50 (ms)", f"search.p50_ms.{kind}", 1))
        rows.append((f"{kind} p95 (ms)", f"search.p95_ms.{kind}", 1))
    rows.append(("queries without hits", "search.zero_hits", 0))
    return rows


def _get(result: dict, key: str) -> float | None:
    for part in key.split("."):
        if not isinstance(result, dict) or part not in result:
            return None
        result = result[part]
    return result


def _fmt(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:,.{decimals}f}"


def results_table(by_engine: dict[str, dict]) -> str:
    """One size's results: a column per engine, then each engine's ratio to the baseline."""
    engines = [e for e in by_engine if "error" not in by_engine[e]]
    others = [e for e in engines if e != BASELINE and BASELINE in engines]
    header = ["metric", *engines, *(f"{e} / {BASELINE}" for e in others)]
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    for label, key, decimals in _metrics():
        values = [_get(by_engine[e], key) for e in engines]
        base = _get(by_engine.get(BASELINE, {}), key)
        ratios = []
        for engine in others:
            value = _get(by_engine[engine], key)
            ratios.append(f"{value / base:.2f}×" if value is not None and base else "–")
        cells = [label, *(_fmt(v, decimals) for v in values), *ratios]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"- {e}: {r['error']}" for e, r in by_engine.items() if "error" in r]
    return "\n".join(lines + (["", *notes] if notes else []))


def render(results: dict) -> str:
    """The whole report as Markdown."""
    machine, config = results["machine"], results["config"]
    packages = ", ".join(f"{p} {v}" for p, v in machine["packages"].items() if v)
    out = [
        "# sersearch benchmark",
        "",
        f"- CPU: {machine['cpu']} ({machine['cores']} cores, {machine['usable_cores']} usable)",
        f"- RAM: {machine['ram_gb']} GB; {machine['os']}; Python {machine['python']};"
        f" SQLite {machine['sqlite']}",
        f"- Packages: {packages}",
        f"- Runs: build median of {config['repeat']} (1 above {config['single_build_above']:,}"
        f" passages), search median of {config['repeat']} processes (each: open, one warm-up"
        f" pass, one timed pass over {config['queries']} queries), cold CLI median of"
        f" {config['cli_runs']} fresh processes for `{config['cli_query']}` (after one untimed"
        " run; OS page cache warm).",
        "- Peak RSS: of the process tree (polled every 20 ms) or the kernel's `ru_maxrss`,"
        f" whichever is larger; harness peak {config.get('harness_peak_rss_mb', 0):.0f} MB.",
    ]
    for size, by_engine in results["results"].items():
        stats = results["corpus"][size]
        out += ["", f"## {int(size):,} passages", "", results_table(by_engine), ""]
        out += ["Corpus (real passages vs an equal number of generated ones, and in total):", ""]
        out.append(format_stats(stats))
    return "\n".join(out) + "\n"

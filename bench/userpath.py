"""The user's path: the ``sersearch index`` command as a child process over a folder,
against its baseline measured in the same run.

``python -m bench.userpath letters|pdfs|reindex|all [--quick] [--repeat N]``

* ``letters``: a folder of plain-text letters holding ``--passages`` generated passages
  (``bench.corpus``, one letter per document) indexed by ``sersearch index FOLDER``,
  against plain Whoosh (``bench.plain_whoosh``) building the same passages from the
  corpus file (its own build seconds, start-up and imports not counted). Target: at
  most 0.5× plain Whoosh's time and 2 GB peak memory.
* ``pdfs``: ``sersearch index --no-ocr`` of a PDF folder (default
  ``../shared/corpus-real``, fresh index and extraction cache each run) against
  single-process ``pdfminer.high_level.extract_text`` over the same files
  (``bench.extraction``). Target: at least 3× its pages per second.
* ``reindex``: one letter of a ``--files``-file folder changed, then ``sersearch
  index FOLDER`` again; next to it that file's own processing (extraction, cleaning,
  passages) in one process. Target: under 3 s plus that processing.

Runs alternate between ours and the baseline so that load on a shared machine falls
on both; each scenario reports medians, the spread (min–max) of ``--repeat`` runs,
the median of the per-pair ratios, peak memory of the process tree and the load
average before and after. Results go to ``bench/out/userpath-<scenario>.json`` and a
Markdown table is printed. ``--quick`` runs tiny sizes once (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.extraction import page_count
from bench.folders import write_letter_folder
from bench.measure import ChildRun, run_child
from bench.report import MB, describe_machine
from bench.run import OUT, REPO, ensure_corpus, label

SCENARIOS = ("letters", "pdfs", "reindex")
DEFAULT_PDFS = REPO.parent / "shared" / "corpus-real"
QUICK = {"passages": 2000, "files": 40, "pdfs": 3}
CORPUS_SEED = 42
# Index runs measure the base path: no passage embeddings even if the extra is installed.
CHILD_ENV = {"SERSEARCH_EMBEDDINGS": "off"}


def sersearch_command(*args: object) -> list[str]:
    """The ``sersearch`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("sersearch")
    return [str(script), *map(str, args)]


def _python(*args: object) -> list[str]:
    return [sys.executable, "-m", *map(str, args)]


def _run(cmd: list[str]) -> ChildRun:
    os.environ.update(CHILD_ENV)
    return run_child(cmd, REPO)


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of ``values``."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _corpus(args: argparse.Namespace) -> tuple[Path, str]:
    """The passage corpus file (``--passages-file``, or generated) and its label."""
    if args.passages_file:
        return args.passages_file, args.passages_file.stem
    passages = QUICK["passages"] if args.quick else args.passages
    return ensure_corpus(passages, CORPUS_SEED)[0], label(passages)


def letters(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Scenario (a): a folder of text letters against plain Whoosh on the same passages."""
    corpus, size = _corpus(args)
    passages = sum(1 for _ in corpus.open(encoding="utf-8"))
    folder = write_letter_folder(corpus, args.out / f"letters-{size}")
    ours, base, ratios, peaks, base_peaks, cpu, base_cpu = [], [], [], [], [], [], []
    for _ in range(args.repeat):
        index = workdir / "letters-index"
        shutil.rmtree(index, ignore_errors=True)
        run = _run(sersearch_command("index", folder, "--index", index))
        ours.append(run.wall_seconds)
        cpu.append(run.cpu_seconds)
        peaks.append(run.peak_rss / MB)
        plain = workdir / "plain-whoosh"
        shutil.rmtree(plain, ignore_errors=True)
        run = _run(_python("bench.child", "build", "plain-whoosh", corpus, plain))
        base.append(json.loads(run.stdout)["seconds"])
        base_cpu.append(run.cpu_seconds)
        base_peaks.append(run.peak_rss / MB)
        ratios.append(ours[-1] / base[-1])
    ratio = statistics.median(ratios)
    peak = max(peaks)
    return {
        "scenario": f"{passages:,} passages in {sum(1 for _ in folder.glob('*.txt')):,} letters",
        "command": f"sersearch index {folder}",
        "ours_s": spread(ours),
        "baseline": "plain Whoosh, same passages from the corpus file",
        "baseline_s": spread(base),
        "ratio": ratio,
        "ratios": ratios,
        "peak_rss_mb": peak,
        "baseline_peak_rss_mb": max(base_peaks),
        "ours_cpu_s": spread(cpu),  # the process tree's user + system time
        "baseline_cpu_s": spread(base_cpu),
        "target": "≤ 0.5× time, ≤ 2048 MB",
        "met": ratio <= 0.5 and peak <= 2048,
    }


def pdfs(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Scenario (b): a PDF folder without OCR against single-process pdfminer."""
    files = sorted(args.corpus.glob("*.pdf"))
    if args.quick:
        files = sorted(files, key=lambda path: path.stat().st_size)[: QUICK["pdfs"]]
    folder = workdir / "pdfs"
    folder.mkdir(exist_ok=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    pages = page_count(files)
    ours, base, ratios, peaks, cpu, base_cpu = [], [], [], [], [], []
    for _ in range(args.repeat):
        index = workdir / "pdf-index"
        shutil.rmtree(index, ignore_errors=True)  # the extraction cache lives in it
        run = _run(sersearch_command("index", "--no-ocr", folder, "--index", index))
        ours.append(pages / run.wall_seconds)
        cpu.append(run.cpu_seconds)
        peaks.append(run.peak_rss / MB)
        run = _run(_python("bench.extraction", *files))
        base.append(pages / json.loads(run.stdout)["seconds"])
        base_cpu.append(run.cpu_seconds)
        ratios.append(ours[-1] / base[-1])
    ratio = statistics.median(ratios)
    return {
        "scenario": f"{len(files)} PDFs, {pages} pages, --no-ocr (pages/s)",
        "command": f"sersearch index --no-ocr {args.corpus}",
        "ours_pages_per_s": spread(ours),
        "baseline": "pdfminer.high_level.extract_text, one process",
        "baseline_pages_per_s": spread(base),
        "ratio": ratio,
        "ratios": ratios,
        "peak_rss_mb": max(peaks),
        "cpu_s": spread(cpu),  # the process tree's user + system time
        "baseline_cpu_s": spread(base_cpu),  # includes counting the pages
        "target": "≥ 3× pages/s",
        "met": ratio >= 3,
    }


def _own_processing(path: Path) -> float:
    """Seconds one process takes to extract, clean and cut ``path`` (no cache)."""
    from sersearch.ingest import SourceFile, hash_file, process_file

    started = time.perf_counter()
    process_file(SourceFile(path, hash_file(path), ()), None)
    return time.perf_counter() - started


def reindex(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Scenario (c): one changed letter in a folder of ``--files`` letters."""
    files = QUICK["files"] if args.quick else args.files
    corpus, size = _corpus(args)
    source = write_letter_folder(corpus, args.out / f"reindex-{size}-{files}", documents=files)
    folder = workdir / "reindex-folder"
    shutil.copytree(source, folder)
    letters_found = sorted(folder.glob("*.txt"))
    index = workdir / "reindex-index"
    _run(sersearch_command("index", folder, "--index", index))  # the folder, once, untimed
    changed = letters_found[len(letters_found) // 2]
    walls, own, overheads, cpu = [], [], [], []
    for number in range(args.repeat):
        with changed.open("a", encoding="utf-8") as handle:
            handle.write(f"\nNaschrift {number}: de termijn is verlengd.\n")
        run = _run(sersearch_command("index", folder, "--index", index))
        walls.append(run.wall_seconds)
        cpu.append(run.cpu_seconds)
        own.append(_own_processing(changed))
        overheads.append(walls[-1] - own[-1])
    overhead = statistics.median(overheads)
    return {
        "scenario": f"1 changed letter in a {len(letters_found):,}-file folder",
        "command": f"sersearch index FOLDER (after editing one file of {len(letters_found)})",
        "ours_s": spread(walls),
        "ours_cpu_s": spread(cpu),  # the process tree's user + system time
        "baseline": "that file's own processing, in-process",
        "baseline_s": spread(own),
        "ratio": overhead,
        "ratios": overheads,
        "target": "reindex − own processing < 3 s",
        "met": overhead < 3,
    }


RUNNERS: dict[str, Callable[[argparse.Namespace, Path], dict[str, object]]] = {
    "letters": letters,
    "pdfs": pdfs,
    "reindex": reindex,
}


def markdown(results: list[dict[str, object]]) -> str:
    """The results as one table: scenario, ours, baseline, ratio, target, met."""
    rows = [
        "| scenario | ours (median, min–max) | baseline (median, min–max) | ratio | target | met "
        "| load before → after |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        key = next(k for k in result if k.startswith("ours_"))
        unit = "pages/s" if "pages" in key else "s"
        ours, base = result[key], result[key.replace("ours_", "baseline_")]
        peak = f", {result['peak_rss_mb']:.0f} MB peak" if "peak_rss_mb" in result else ""
        cpu = result.get("ours_cpu_s") or result.get("cpu_s")
        peak += f", CPU {cpu['median']:.1f} s" if cpu else ""
        base_cpu = result.get("baseline_cpu_s", {}).get("median") if cpu else None
        base_text = f", CPU {base_cpu:.1f} s" if base_cpu else ""
        ratio = result["ratio"]
        ratio_text = f"{ratio:.2f} s over" if result["name"] == "reindex" else f"{ratio:.2f}×"
        rows.append(
            f"| {result['scenario']} | {ours['median']:.2f} {unit} "
            f"({ours['min']:.2f}–{ours['max']:.2f}){peak} | {result['baseline']}: "
            f"{base['median']:.2f} {unit} ({base['min']:.2f}–{base['max']:.2f}){base_text} | "
            f"{ratio_text} | {result['target']} | {'yes' if result['met'] else 'no'} | "
            f"{result['load_before'][0]} → {result['load_after'][0]} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=[*SCENARIOS, "all"])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument(
        "--passages-file", type=Path, help="a passage corpus (JSON lines) instead of generating"
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
    machine = describe_machine()
    results = []
    for name in SCENARIOS if args.scenario == "all" else [args.scenario]:
        print(f"{name} …", file=sys.stderr)
        load_before = _load()
        with tempfile.TemporaryDirectory(prefix="sersearch-bench-") as tmp:
            result = {"name": name, **RUNNERS[name](args, Path(tmp))}
        result |= {"load_before": load_before, "load_after": _load(), "machine": machine}
        result["runs"] = args.repeat
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "-quick" if args.quick else ""
        (args.out / f"userpath-{name}{suffix}.json").write_text(json.dumps(result, indent=2))
        results.append(result)
    print(markdown(results))
    return results


if __name__ == "__main__":
    main()

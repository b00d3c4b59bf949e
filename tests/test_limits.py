"""No file can hang or exhaust an index run: each gets a one-line outcome within its
time and memory limits, and the rest of the folder is indexed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile_pdfs
import pytest
from lettergen import write_letters

from sersearch.browse import list_documents
from sersearch.limits import FileLimits
from sersearch.processes import LimitedWorkers, OverLimit

CLI = "from sersearch.cli import main; main()"


def run_index(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "index", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    hostile_pdfs.inflating(folder / "inflates.pdf", megabytes=400)
    hostile_pdfs.many_operators(folder / "operators.pdf", count=2_000_000)
    hostile_pdfs.cyclic_page_tree(folder / "cyclic.pdf")
    hostile_pdfs.many_pages(folder / "pages.pdf", count=30_000)
    hostile_pdfs.giant_page(folder / "giant.pdf", points=20_000)
    hostile_pdfs.deep_nesting(folder / "deep.pdf", depth=200_000)
    write_letters(folder, files=2, paragraphs=3)
    return folder


def test_hostile_pdfs_get_one_line_outcomes_and_the_rest_is_indexed(
    hostile_folder: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    started = time.monotonic()
    run = run_index(
        str(hostile_folder),
        *("--index", str(index_dir), "--file-timeout", "8", "--file-memory", "256"),
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    reasons = {
        line.split(":", 1)[0].removeprefix("skipped ").strip(): line.split(":", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("skipped ")
    }
    assert "needs more than 256 MB of memory" in reasons["inflates.pdf"]
    # Two million characters: the time limit or the memory limit, whichever comes first.
    assert re.search(r"took longer than 8 s|needs more than 256 MB", reasons["operators.pdf"])
    # Thirty thousand blank pages: read to the end within the limit (nothing drawn, so
    # nothing to OCR) or stopped by it on a slow machine.
    assert re.search(r"took longer than 8 s|blank \(nothing drawn", reasons["pages.pdf"])
    statuses = {Path(d.source).name: d.status for d in list_documents(index_dir)}
    assert len(statuses) == 8  # every file has a record: indexed or why not
    letters = [name for name in statuses if name.endswith(".txt")]
    assert len(letters) == 2 and all(statuses[name] == "indexed" for name in letters)
    assert statuses["giant.pdf"] == "indexed"
    # Two workers, each file at most 8 s: nothing waits for the slow ones in turn.
    assert elapsed < 60, elapsed


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _beating(seconds: float) -> float:
    """Work for ``seconds``, showing progress five times a second (as OCR pages do)."""
    from sersearch.processes import heartbeat

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.2)
        heartbeat()
    return seconds


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def _die(code: int) -> int:
    os._exit(code)


def test_a_slow_task_is_stopped_and_its_worker_replaced() -> None:
    workers = LimitedWorkers(_sleep, 2, FileLimits(seconds=1, memory_mb=512))
    outcomes = dict(workers.run([30.0, 0.1, 0.2, 0.3]))
    assert isinstance(outcomes[30.0], OverLimit) and "longer than 1 s" in outcomes[30.0].reason
    assert [outcomes[s] for s in (0.1, 0.2, 0.3)] == [0.1, 0.2, 0.3]


def test_the_time_limit_counts_from_the_last_sign_of_progress() -> None:
    workers = LimitedWorkers(_beating, 1, FileLimits(seconds=1, memory_mb=512))
    assert dict(workers.run([2.5])) == {2.5: 2.5}  # 2.5 s in all, never 1 s without progress


def test_a_task_over_its_memory_limit_fails_alone() -> None:
    workers = LimitedWorkers(_allocate, 1, FileLimits(seconds=30, memory_mb=200))
    outcomes = dict(workers.run([1000, 10]))
    assert isinstance(outcomes[1000], OverLimit) and "200 MB" in outcomes[1000].reason
    assert outcomes[10] == 10 * 2**20


def test_a_worker_that_dies_fails_its_task_only() -> None:
    workers = LimitedWorkers(_die, 1, FileLimits(seconds=30, memory_mb=512))
    (task, outcome), *_ = workers.run([3])
    assert task == 3 and isinstance(outcome, OverLimit) and "exit code 3" in outcome.reason


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_run_stops_at_once_with_one_line(tmp_path: Path, signum: int) -> None:
    corpus = write_letters(tmp_path / "corpus", files=600, paragraphs=40)
    index_dir = tmp_path / "index"
    run = subprocess.Popen(
        [sys.executable, "-c", CLI, "index", str(corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not (index_dir / "CURRENT").exists() and run.poll() is None:
        time.sleep(0.05)  # until the run has made its index and is processing files
    time.sleep(0.5)
    assert run.poll() is None, run.communicate()
    run.send_signal(signum)
    sent = time.monotonic()
    _, error = run.communicate(timeout=30)
    assert time.monotonic() - sent < 2.0
    assert run.returncode == 130
    assert "Traceback" not in error, error
    (line,) = [line for line in error.splitlines() if line.startswith("Interrupted")]
    assert "committed" in line and "next `sersearch index` continues" in line
    assert not [p for p in _children_of(run.pid)], "worker processes outlived the run"


def _children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children

"""Run a command as a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

POLL_SECONDS = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class ChildRun:
    """``peak_rss`` is the larger of the peak of the process tree's summed RSS
    (polled, so multi-process engines count in full) and the kernel's ``ru_maxrss``
    of the child (exact, but per process). ``cpu_seconds`` is the user and system
    time of the child and the descendants it waited for (less sensitive to a busy
    machine than wall time)."""

    wall_seconds: float
    peak_rss: int
    stdout: str
    cpu_seconds: float = 0.0


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (via ``/proc/PID/task/*/children``)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo.extend(int(c) for c in children.split())
        except OSError:  # the process ended while we looked
            continue
    return pids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError):
        return 0


def run_child(cmd: list[str], cwd: Path) -> ChildRun:
    """Run ``cmd`` to completion; raise ``RuntimeError`` with its stderr if it fails."""
    peak = 0
    done = threading.Event()

    def poll(pid: int) -> None:
        nonlocal peak
        while not done.wait(POLL_SECONDS):
            peak = max(peak, sum(_rss(p) for p in _tree(pid)))

    with tempfile.TemporaryFile() as err:
        start = perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=err)
        poller = threading.Thread(target=poll, args=(proc.pid,), daemon=True)
        poller.start()
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = perf_counter() - start
        done.set()
        poller.join()
        proc.stdout.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            stderr = err.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(wall, max(peak, usage.ru_maxrss * 1024), out.decode(), cpu)

"""Worker processes for extraction: each file within a time and memory limit, and no
worker outliving the indexing process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from sersearch.limits import FileLimits

T = TypeVar("T")
R = TypeVar("R")

# In a worker process: the count its task raises to show it is making progress.
_heartbeat: Any = None


# Set when the user asked the run to stop (see ``request_stop``); ``_forking`` while
# this process starts a worker.
_stop_requested = _forking = False


def request_stop() -> None:
    """Remember that the user asked this process to stop (Ctrl-C, SIGTERM), and raise
    ``KeyboardInterrupt``, unless a worker is being started: Python ignores, with a
    traceback, an exception raised while its fork handlers run (see :func:`forking`).
    Raised in a finalizer, it is ignored too: :func:`check_stop` raises it again at
    the next point that looks."""
    global _stop_requested
    _stop_requested = True
    if not _forking:
        raise KeyboardInterrupt


@contextmanager
def forking() -> Iterator[None]:
    """Around starting a worker process: a stop asked for meanwhile is only noted
    (the caller records the worker, then calls :func:`check_stop`)."""
    global _forking
    _forking = True
    try:
        yield
    finally:
        _forking = False


# The cyclic garbage collector's thresholds during an index run (see ``few_collections``).
RUN_GC_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def few_collections() -> Iterator[None]:
    """Around an index run: Python's cyclic garbage collector runs less often.

    An index run makes millions of small objects (tokens, postings, passages) and
    keeps many of them (caches, the posting pool), so with Python's default
    thresholds the collector runs thousands of times and rescans what is kept: an
    eighth of the run's time. The objects that exist already are frozen (never
    rescanned, nor copied into forked workers by a scan); the workers inherit the
    thresholds. The run makes few reference cycles, so memory stays where it was.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def check_stop() -> None:
    """Raise ``KeyboardInterrupt`` if a stop was requested and got lost."""
    if _stop_requested:
        raise KeyboardInterrupt


def heartbeat() -> None:
    """Tell the parent that this worker's task is making progress (an OCR page read):
    its time limit counts from the last sign of progress. Does nothing elsewhere."""
    if _heartbeat is not None:
        with _heartbeat.get_lock():
            _heartbeat.value += 1


def exit_with_parent() -> None:
    """Pool worker setup: end this worker as soon as the indexing process is gone.

    A worker of a killed index run would otherwise live on, idle, for ever, and a
    forked worker shares its parent's open files, so it would also keep holding the
    index's write locks and block every later run.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass(frozen=True)
class OverLimit:
    """A task stopped by its limits (or whose worker died), with a one-line reason."""

    reason: str


@dataclass
class _Worker(Generic[T]):
    process: Any
    connection: Connection
    beats: Any  # the worker's heartbeat count (shared memory)
    task: T | None = None
    started: float = field(default=0.0)  # the task's start or its last heartbeat
    seen: int = 0  # the heartbeat count when ``started`` was set

    def alive_since(self) -> float:
        """When the task last showed progress (started, or a heartbeat since)."""
        if self.beats.value != self.seen:
            self.seen, self.started = self.beats.value, time.monotonic()
        return self.started


class LimitedWorkers(Generic[T, R]):
    """Forked processes that run ``function`` on one task at a time each, within
    ``limits``: a task that runs too long without a sign of progress (see
    :func:`heartbeat`) has its worker killed, one that needs too much memory gets a
    ``MemoryError`` (an address-space limit); either outcome is an
    :class:`OverLimit` and a fresh worker takes the next task."""

    def __init__(self, function: Callable[[T], R], count: int, limits: FileLimits) -> None:
        self.function, self.count, self.limits = function, max(1, count), limits
        self._context = multiprocessing.get_context("fork")
        self._workers: list[_Worker[T]] = []

    def run(
        self,
        tasks: Iterable[T],
        *,
        tick: Callable[[], None] | None = None,
        tick_seconds: float = 0.5,
    ) -> Iterator[tuple[T, R | OverLimit]]:
        """Each task with its result, in completion order; ``tick()`` is called at
        least every ``tick_seconds`` while tasks run (to pass on their progress)."""
        queue = iter(tasks)
        try:
            for _ in range(self.count):
                if not self._start_next(self._spawn(), queue):
                    break
            while busy := [worker for worker in self._workers if worker.task is not None]:
                deadline = min(worker.alive_since() for worker in busy) + self.limits.seconds
                timeout = max(0.0, deadline - time.monotonic()) + 0.05
                ready = wait(
                    [w.connection for w in busy],
                    timeout=min(timeout, tick_seconds) if tick else timeout,
                )
                check_stop()
                if tick:
                    tick()
                for worker in busy:
                    if worker.connection in ready:
                        yield from self._collect(worker, queue)
                    elif time.monotonic() - worker.alive_since() > self.limits.seconds:
                        task = worker.task
                        self._replace(worker)
                        yield task, OverLimit(self.limits.too_slow())  # type: ignore[misc]
                        self._start_next(self._workers[-1], queue)
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker at once (also what an interrupted run does)."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.connection.close()
        self._workers.clear()

    def _collect(self, worker: _Worker[T], queue: Iterator[T]) -> Iterator[tuple[T, R | OverLimit]]:
        task = worker.task
        try:
            kind, value = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join()
            code = worker.process.exitcode
            self._replace(worker)
            yield task, OverLimit(_death_reason(code))  # type: ignore[misc]
            self._start_next(self._workers[-1], queue)
            return
        worker.task = None
        if kind == "memory":  # a worker that ran out of memory is not trusted again
            self._replace(worker)
            worker = self._workers[-1]
        yield task, (OverLimit(self.limits.too_big()) if kind == "memory" else value)  # type: ignore[misc]
        self._start_next(worker, queue)

    def _start_next(self, worker: _Worker[T], queue: Iterator[T]) -> bool:
        task = next(queue, None)
        if task is None:
            return False
        worker.task, worker.started, worker.seen = task, time.monotonic(), worker.beats.value
        worker.connection.send(task)
        return True

    def _spawn(self) -> _Worker[T]:
        ours, theirs = self._context.Pipe()
        beats = self._context.Value("q", 0)
        process = self._context.Process(
            target=_serve, args=(theirs, self.function, self.limits.memory_mb, beats), daemon=True
        )
        with forking():
            process.start()
        theirs.close()
        worker: _Worker[T] = _Worker(process, ours, beats)
        self._workers.append(worker)
        check_stop()
        return worker

    def _replace(self, worker: _Worker[T]) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self._workers.remove(worker)
        self._spawn()


def _serve(
    connection: Connection, function: Callable[[Any], Any], memory_mb: int, beats: Any
) -> None:
    """A worker's life: tasks in, results out, until the pipe closes."""
    global _heartbeat
    _heartbeat = beats
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports an interruption
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    exit_with_parent()
    _limit_memory(memory_mb)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("result", function(task)))
            continue
        except MemoryError:
            pass
        # Sent once the except clause has let go of the failed task's objects: at the
        # memory limit even this message could not be built.
        connection.send(("memory", None))
        return


def _limit_memory(memory_mb: int) -> None:
    """Let this process map at most ``memory_mb`` more than it has now."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except OSError:  # no /proc: no memory limit
        return
    limit = pages * os.sysconf("SC_PAGE_SIZE") + memory_mb * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _death_reason(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        name = signal.Signals(-exit_code).name
        return f"its extraction process was ended by {name} (out of memory, or a crash)"
    return f"its extraction process ended unexpectedly (exit code {exit_code})"

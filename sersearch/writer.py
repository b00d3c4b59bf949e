"""Index writers: Whoosh's plain writer for small updates, a parallel one for large ones.

The parallel writer analyses and writes documents in worker processes (one per
core), each producing its own segment. Its workers end with the indexing process,
like the extraction workers: a forked worker shares the parent's open files and
would otherwise keep the index's write lock after the parent was killed.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

from sersearch.ingest import exit_with_parent

# Whoosh's in-memory posting pool per writer, in MB; larger pools mean fewer
# temporary runs to merge on commit.
POOL_MB = 256
# Below this many documents to write, worker processes cost more than they save.
PARALLEL_MIN_DOCUMENTS = 20


class _SubWriterTask(SubWriterTask):
    def run(self) -> None:
        exit_with_parent()
        super().run()


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer whose workers die with the indexing process."""

    def _new_task(self) -> _SubWriterTask:
        task = _SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def open_writer(index: Any, documents: int, procs: int | None = None) -> Any:
    """A writer for about ``documents`` documents: parallel when that is worth it."""
    procs = procs or os.cpu_count() or 1
    if procs > 1 and documents >= PARALLEL_MIN_DOCUMENTS:
        return ParallelWriter(index, procs=procs, multisegment=True, limitmb=POOL_MB)
    return index.writer(limitmb=POOL_MB)

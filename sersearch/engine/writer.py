"""Index writers: one segment writer for small updates, a parallel one for large ones.

Both write each segment with :class:`PooledSegmentWriter`: Whoosh's segment writer
with the compact posting pool of ``sersearch.engine.pool``, whose terms go straight to the
segment's postings, and the segment's impacts file (``sersearch.engine.impacts``) built from
the same arrays, so no segment is read back to build it.

The parallel writer analyses and writes documents in worker processes (one per
core), each producing its own segment. Its workers end with the indexing process,
like the extraction workers: a forked worker shares the parent's open files and
would otherwise keep the index's write lock after the parent was killed.
"""

from __future__ import annotations

import os
import pickle
import signal
from contextlib import closing, suppress
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import Any

from whoosh.fields import FieldType
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from sersearch.analysis import words
from sersearch.engine.blocks import add_term_postings
from sersearch.engine.impacts import EXTENSION, MIN_PASSAGES, ImpactsWriter
from sersearch.engine.pool import TermPool
from sersearch.engine.postings import document_lengths
from sersearch.processes import check_stop, exit_with_parent, forking

# The in-memory posting pool per writer, in MB; past it, postings spill to disk.
POOL_MB = 256
# Below this many documents to write, worker processes cost more than they save.
PARALLEL_MIN_DOCUMENTS = 20
# The field length Whoosh passes with a posting, by the length byte it stores.
_LENGTH_OF_BYTE = [0, *map(byte_to_length, range(1, 256))]


class PooledSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, with postings pooled per term and the segment's
    impacts file written with it."""

    impacts_min_passages = MIN_PASSAGES

    def __init__(self, index: Any, **kwargs: Any) -> None:
        super().__init__(index, **kwargs)
        # Whoosh's folder for the writer's temporary files (removed when it finishes).
        self._temporary = self._tempstorage.folder
        self.pool = TermPool(kwargs.get("limitmb", POOL_MB), self._temporary)
        self._impacts: Path | None = None
        self._last_indexed: dict[str, tuple[Any, list[Any]]] = {}  # see ``_index``
        # Whether the schema has nothing ``add_document`` leaves to Whoosh's own.
        self._plain_schema = not any(
            field.separate_spelling() or field.vector for _, field in self.schema.items()
        )

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with a field's postings going to the pool
        together rather than one call each (Whoosh's own for boosts, stored values
        other than the field's, spelling fields and term vectors)."""
        if not self._plain_schema or any(name.startswith("_") for name in fields):
            super().add_document(**fields)
            return
        self._check_state()
        schema, perdocwriter, docnum = self.schema, self.perdocwriter, self.docnum
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    items = self._index(fieldname, field, value)
                    length = self.pool.add_field(fieldname, docnum, items, field.scorable)
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    column_value = field.to_column_value(value)
                    perdocwriter.add_column_value(fieldname, field.column_type, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, fieldname: str, field: Any, value: Any) -> list[Any]:
        """``field.index(value)``, analysed once for a run of passages with the same
        value (a document's title, a section's heading path)."""
        last = self._last_indexed.get(fieldname)
        if last is not None and last[0] == value:
            return last[1]
        if isinstance(value, str) and type(field).index is FieldType.index:
            # What ``FieldType.index`` gives, without its generator in between.
            values = field.format.word_values(value, field.analyzer, mode="index")
            items = [(term.encode(), *rest) for term, *rest in values]
        else:
            items = list(field.index(value))
        self._last_indexed[fieldname] = (value, items)
        return items

    def _flush_segment(self) -> None:
        """Write the segment's postings from the pool, and its impacts file aside."""
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        # The impacts file is written aside and moved in once the segment's own files
        # are assembled, or Whoosh would take it into the segment's compound file.
        with (
            NamedTemporaryFile(dir=self._temporary, suffix=EXTENSION, delete=False) as impacts,
            closing(perdoc),
        ):
            self._impacts = Path(impacts.name)
            self._write_postings(perdoc, ImpactsWriter(impacts, self.impacts_min_passages))
        self.fieldwriter.close()

    def _write_postings(self, perdoc: Any, impacts: ImpactsWriter) -> None:
        """Write the pool's terms to the segment (what Whoosh's ``add_postings`` does
        posting by posting) and the frequent ones to the impacts file."""
        fieldwriter = self.fieldwriter
        for fieldname, terms in groupby(self.pool.terms(), key=itemgetter(0)):
            field = self.schema[fieldname]
            lengths = document_lengths(perdoc, fieldname, self.docnum)
            positions = field.format.supports("positions")
            fieldwriter.start_field(fieldname, field)
            for _, text, postings in terms:
                fieldwriter.start_term(text)
                add_term_postings(fieldwriter._postwriter, postings, lengths, _LENGTH_OF_BYTE)
                fieldwriter.finish_term()
                if field.scorable and len(postings) >= impacts.min_passages:
                    encoded = (postings.ends, postings.values) if positions else None
                    impacts.add(
                        fieldname, text, postings.docnums, postings.weights, lengths, encoded
                    )
            fieldwriter.finish_field()
        impacts.finish()

    def _finalize_segment(self) -> Any:
        """Whoosh's segment, with its impacts file moved in under the segment's name."""
        segment = super()._finalize_segment()
        if self._impacts is not None:
            os.replace(self._impacts, Path(self.storage.folder, segment.make_filename(EXTENSION)))
        return segment


class _SubWriterTask(SubWriterTask):
    """Whoosh's worker for a multi-segment writer, writing with ``PooledSegmentWriter``
    and ending with the indexing process."""

    def run(self) -> None:
        """Whoosh's worker loop with the pooled writer; Ctrl-C is the parent's."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the indexing process reports it
        exit_with_parent()
        analysed = words.analysed_count()
        index = self.storage.open_index(self.indexname)
        writer = self.writer = PooledSegmentWriter(index, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        hand_over_analysed(self.analysed_file, analysed)
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer, one segment per worker."""

    def __init__(self, index: Any, procs: int, limitmb: float = POOL_MB) -> None:
        super().__init__(index, procs=procs, multisegment=True, limitmb=limitmb)

    def _new_task(self) -> _SubWriterTask:
        """Start one more worker process."""
        task = _SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            multisegment=True,
        )
        # Where the worker leaves the tokens it analysed, for the next workers.
        task.analysed_file = Path(self._tempstorage.folder, f"analysed-{len(self.tasks)}.pickle")
        task.analysed_file.unlink(missing_ok=True)  # left by a run that was killed
        self.tasks.append(task)
        with forking():
            task.start()
        check_stop()
        return task

    def _finish(self) -> None:
        """Take what the workers analysed (so workers of the next commit start with
        it), then Whoosh's clean-up, which removes the temporary folder."""
        for task in self.tasks:
            take_analysed(task.analysed_file)
        super()._finish()


def hand_over_analysed(path: Path, mark: dict[tuple[str, bool], int]) -> None:
    """Write the tokens this process analysed since ``mark`` to ``path`` (atomically;
    when the disk refuses, the next workers analyse them again)."""
    partial = path.with_suffix(".partial")
    try:
        with partial.open("wb") as handle:
            pickle.dump(words.analysed_since(mark), handle, pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)


def take_analysed(path: Path) -> None:
    """Learn the tokens a worker analysed, if it left them at ``path`` (it may have
    been stopped before: then the next workers analyse them again)."""
    try:
        with path.open("rb") as handle:
            words.learn(pickle.load(handle))
    except (OSError, EOFError, pickle.UnpicklingError):
        return


def open_writer(index: Any, documents: int, procs: int | None = None) -> Any:
    """A writer for about ``documents`` documents: parallel when that is worth it."""
    procs = procs or os.cpu_count() or 1
    if procs > 1 and documents >= PARALLEL_MIN_DOCUMENTS:
        return ParallelWriter(index, procs)
    return PooledSegmentWriter(index, limitmb=POOL_MB)


def abandon(writer: Any) -> None:
    """Drop a writer after a failure: its uncommitted work is lost, Whoosh's write lock
    is released and the index keeps its last commit."""
    with suppress(Exception):
        writer.cancel()
    for task in getattr(writer, "tasks", ()):  # a parallel writer's worker processes
        task.kill()
        task.join()
    if not writer.is_closed and writer.writelock:
        with suppress(Exception):
            writer.writelock.release()

"""Impact classes: a segment's frequent terms with their passages grouped by score.

A term's BM25 score in a passage depends only on the term's frequency there and the
passage's length, which Whoosh stores as one byte. So a term's postings fall into a
few hundred *classes* of equal score, and a search can score a class once and take
its passages as a whole (C-level set and dict operations) instead of decoding and
scoring the postings one by one (see ``sersearch.engine.scoring``). For a field with
positions, the term's encoded positions per passage are kept too, so checking a
phrase in a passage reads that passage's positions, not a whole postings block.

Each segment gets a file ``<segment id>.impacts`` beside Whoosh's files, written
with the segment by ``sersearch.engine.writer``, or after the commit for a segment that
Whoosh wrote itself, such as a merge of small segments (``write_missing``, from the
segment's postings). Whoosh deletes it with the segment, because its name follows
Whoosh's segment-file pattern. A segment without a file that loads (an index run
interrupted before writing it, an older index, a damaged file) is searched through
its postings as before; the next index run writes the file anew.

File layout, per term: the classes' weights (float64), their length bytes, their
passage counts (uint32), the passages' local document numbers (uint32) class after
class; with positions, the passages in document order (uint32), where each one's
encoded positions end (uint32) and the encoded positions. Every section is padded
to 8 bytes. Then a pickled directory ``{(field, term bytes): (offset, classes,
passages, positions)}``, its offset (8 bytes) and its CRC-32 (4 bytes): a file cut
short or with a damaged directory fails to load (a damaged pickle could otherwise
take minutes or all memory to read).
"""

from __future__ import annotations

import mmap
import os
import pickle
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from pathlib import Path
from struct import Struct
from typing import Any, BinaryIO

from sersearch.engine.postings import SegmentBlocks, segment_lengths

EXTENSION = ".impacts"
MAGIC = b"SSIMP3\n\0"
# Terms with fewer passages in a segment are read from their postings: one or two
# blocks, cheap enough, and leaving them out keeps the directory small to load.
MIN_PASSAGES = 256
_TRAILER = Struct("<QI")  # the directory's offset and CRC-32


@dataclass(frozen=True)
class TermClasses:
    """A term's classes in one segment: per class its weight (term frequency), its
    passages' length byte and its passages (local document numbers, ascending);
    and, for a field with positions, each passage's encoded positions."""

    weights: memoryview
    lengths: memoryview
    passages: list[memoryview]
    documents: memoryview | None = None  # all passages in document order
    ends: memoryview | None = None  # where each one's encoded positions end
    encoded: memoryview | None = None

    def __iter__(self) -> Iterator[tuple[float, int, memoryview]]:
        return zip(self.weights, self.lengths, self.passages, strict=True)

    @property
    def count(self) -> int:
        """How many passages of the segment have the term (deleted ones included)."""
        return sum(map(len, self.passages))

    def positions(self, docnum: int) -> bytes:
        """The encoded positions of the term in a passage (local number) that has it."""
        assert self.documents is not None and self.ends is not None and self.encoded
        index = bisect_left(self.documents, docnum)
        start = self.ends[index - 1] if index else 0
        return bytes(self.encoded[start : self.ends[index]])


class SegmentImpacts:
    """The impact classes of one segment's frequent terms, mapped from its file."""

    def __init__(self, data: Any) -> None:
        """Read the directory of terms; ``ValueError`` when ``data`` is not a whole
        impacts file."""
        end = len(data) - _TRAILER.size
        if end < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
            raise ValueError("not an impacts file of this version")
        directory_at, checksum = _TRAILER.unpack_from(data, end)
        self._data = memoryview(data)
        directory = self._data[directory_at:end]
        if not len(MAGIC) <= directory_at < end or zlib.crc32(directory) != checksum:
            raise ValueError("impacts file cut short or damaged")
        self._directory: dict[tuple[str, bytes], tuple[int, int, int, bool]] = pickle.loads(
            directory
        )

    def __len__(self) -> int:
        """How many terms have classes here."""
        return len(self._directory)

    @classmethod
    def load(cls, path: Path) -> SegmentImpacts | None:
        """The segment's impacts, or ``None`` when its file is missing or unreadable."""
        try:
            with path.open("rb") as file:
                return cls(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):
            return None

    def classes(self, fieldname: str, text: bytes) -> TermClasses | None:
        """The term's classes, or ``None`` when it is not a frequent term here."""
        entry = self._directory.get((fieldname, text))
        if entry is None:
            return None
        offset, count, passages, positions = entry
        sections = _Sections(self._data, offset)
        weights = sections.take(8 * count).cast("d")
        lengths = sections.take(count)
        sizes = sections.take(4 * count).cast("I")
        everyone = sections.take(4 * passages)
        by_class, start = [], 0
        for size in sizes:
            by_class.append(everyone[start : start + 4 * size].cast("I"))
            start += 4 * size
        if not positions:
            return TermClasses(weights, lengths, by_class)
        documents = sections.take(4 * passages).cast("I")
        ends = sections.take(4 * passages).cast("I")
        encoded = sections.take(ends[-1])
        return TermClasses(weights, lengths, by_class, documents, ends, encoded)


@dataclass
class _Sections:
    """Reads the padded sections of a term one after the other."""

    data: memoryview
    offset: int

    def take(self, size: int) -> memoryview:
        """The next section, of ``size`` bytes."""
        section = self.data[self.offset : self.offset + size]
        self.offset += _padded(size)
        return section


def impacts_path(index_dir: Path, reader: Any) -> Path | None:
    """Where the impacts file of a segment (its reader) is; ``None`` for the reader
    of an empty index, which has no segment."""
    segment = reader.segment()
    return None if segment is None else index_dir / segment.make_filename(EXTENSION)


def write_missing(
    index_dir: Path, index: Any, min_passages: int = MIN_PASSAGES, procs: int | None = None
) -> None:
    """Write the impacts file of every segment of the index's latest commit that has
    none or one that fails to load, for its terms in at least ``min_passages``
    passages; several segments in parallel, one per core (``procs``, default all)."""
    with index.reader() as reader:
        missing = [
            (number, leaf, path)
            for number, (leaf, _) in enumerate(reader.leaf_readers())
            if (path := impacts_path(index_dir, leaf)) is not None
            and SegmentImpacts.load(path) is None
        ]
        procs = min(len(missing), procs or os.cpu_count() or 1)
        if procs < 2:
            for _, leaf, path in missing:
                _write_file(path, leaf, min_passages)
            return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from sersearch.processes import exit_with_parent

    numbers = [number for number, _, _ in missing]
    with ProcessPoolExecutor(procs, get_context("fork"), initializer=exit_with_parent) as pool:
        for _ in pool.map(_write_segment, repeat(index_dir), numbers, repeat(min_passages)):
            pass


def _write_segment(index_dir: Path, number: int, min_passages: int) -> None:
    """Write the impacts file of the index's segment ``number`` (in a worker process)."""
    from whoosh.index import open_dir

    with open_dir(str(index_dir)).reader() as reader:
        leaf = reader.leaf_readers()[number][0]
        _write_file(impacts_path(index_dir, leaf), leaf, min_passages)  # type: ignore[arg-type]


def _write_file(path: Path, reader: Any, min_passages: int) -> None:
    """Write a segment's impacts file under another name first, then rename it."""
    partial = path.with_name(path.name + ".part")
    with partial.open("wb") as file:
        write_segment_impacts(file, reader, min_passages)
    os.replace(partial, path)


class ImpactsWriter:
    """Writes an impacts file, a frequent term at a time, in field and term order."""

    def __init__(self, file: BinaryIO, min_passages: int = MIN_PASSAGES) -> None:
        self.min_passages = min_passages
        self._file = file
        self._size = file.write(MAGIC)
        self._directory: dict[tuple[str, bytes], tuple[int, int, int, bool]] = {}

    def add(
        self,
        fieldname: str,
        text: bytes,
        documents: array,
        weights: Sequence[float],
        lengths: bytes,
        positions: tuple[array, bytes | bytearray] | None,
    ) -> None:
        """Add a term: its passages (local document numbers, ascending), their
        weights, every passage's length byte (``lengths``) and, for a field with
        positions, where each passage's encoded positions end and the encoded
        positions."""
        grouped: defaultdict[tuple[float, int], array] = defaultdict(lambda: array("I"))
        for docnum, weight in zip(documents, weights, strict=True):
            grouped[weight, lengths[docnum]].append(docnum)
        classes = sorted(grouped.items())
        sections = [
            array("d", (weight for (weight, _), _ in classes)).tobytes(),
            bytes(length for (_, length), _ in classes),
            array("I", (len(docs) for _, docs in classes)).tobytes(),
            b"".join(docs.tobytes() for _, docs in classes),
        ]
        if positions is not None:
            ends, encoded = positions
            sections += [documents.tobytes(), ends.tobytes(), encoded]
        chunk = b"".join(section.ljust(_padded(len(section)), b"\0") for section in sections)
        self._directory[fieldname, text] = (
            self._size,
            len(classes),
            len(documents),
            positions is not None,
        )
        self._size += self._file.write(chunk)

    def finish(self) -> None:
        """Write the directory of terms: the file is complete."""
        directory = pickle.dumps(self._directory, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(directory)
        self._file.write(_TRAILER.pack(self._size, zlib.crc32(directory)))


def write_segment_impacts(file: BinaryIO, reader: Any, min_passages: int) -> None:
    """Write the impacts file of a segment (its reader), read from its postings."""
    impacts = ImpactsWriter(file, min_passages)
    for fieldname in reader.schema.scorable_names():
        lengths = segment_lengths(reader, fieldname)
        positions = reader.schema[fieldname].format.supports("positions")
        for text, info in reader.iter_field(fieldname):
            if info.doc_frequency() < min_passages:
                continue
            blocks = SegmentBlocks.read(reader, fieldname, text, 0, positions)
            if blocks is None:
                continue
            documents, weights, encoded = array("I"), array("d"), []
            for number in range(len(blocks.ends)):
                ids, block_weights, values = blocks.block(number)
                documents += array("I", ids)
                weights += array("d", block_weights)
                if positions:
                    encoded.extend(values)  # type: ignore[arg-type]
            ends = array("I", accumulate(map(len, encoded)))
            impacts.add(
                fieldname,
                text,
                documents,
                weights,
                lengths,
                (ends, b"".join(encoded)) if positions else None,
            )
    impacts.finish()


def _padded(size: int) -> int:
    """``size`` rounded up to a multiple of 8."""
    return -(-size // 8) * 8

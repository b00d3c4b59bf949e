"""Impact classes: a segment's frequent terms with their passages grouped by score.

A term's BM25 score in a passage depends only on the term's frequency there and the
passage's length, which Whoosh stores as one byte. So a term's postings fall into a
few hundred *classes* of equal score, and a search can score a class once and take
its passages as a whole (C-level set and dict operations) instead of decoding and
scoring the postings one by one (see ``sersearch.topk``).

Each segment gets a file ``<segment id>.impacts`` beside Whoosh's files, written
after the commit that created the segment (``write_missing``); Whoosh deletes it
with the segment, because its name follows Whoosh's segment-file pattern. A segment
without the file (an index run interrupted before writing it, an older index) is
searched through its postings as before; the next index run writes it.

File layout: per term, the classes' weights (float64), their length bytes (padded
to 8 bytes), their passage counts (uint32) and then the passages' local document
numbers (uint32, padded), class after class; a pickled directory
``{(field, term bytes): (offset, classes, passages)}``; its offset as 8 bytes.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from struct import Struct
from typing import Any

from sersearch.postings import SegmentBlocks, segment_lengths

EXTENSION = ".impacts"
MAGIC = b"SSIMP1\n\0"
# Terms with fewer passages in a segment are read from their postings: one or two
# blocks, cheap enough, and leaving them out keeps the directory small to load.
MIN_PASSAGES = 256
_OFFSET = Struct("<Q")


@dataclass(frozen=True)
class TermClasses:
    """A term's classes in one segment: per class its weight (term frequency), its
    passages' length byte and its passages (local document numbers, ascending)."""

    weights: memoryview
    lengths: memoryview
    passages: list[memoryview]

    def __iter__(self) -> Iterator[tuple[float, int, memoryview]]:
        return zip(self.weights, self.lengths, self.passages, strict=True)

    @property
    def count(self) -> int:
        """How many passages of the segment have the term (deleted ones included)."""
        return sum(map(len, self.passages))


class SegmentImpacts:
    """The impact classes of one segment's frequent terms, read from its file."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC):
            raise ValueError("not an impacts file")
        (directory_at,) = _OFFSET.unpack_from(data, len(data) - _OFFSET.size)
        self._data = memoryview(data)
        self._directory: dict[tuple[str, bytes], tuple[int, int, int]] = pickle.loads(
            self._data[directory_at : len(data) - _OFFSET.size]
        )

    @classmethod
    def load(cls, path: Path) -> SegmentImpacts | None:
        """The segment's impacts, or ``None`` when its file is missing or unreadable."""
        try:
            return cls(path.read_bytes())
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return None

    def classes(self, fieldname: str, text: bytes) -> TermClasses | None:
        """The term's classes, or ``None`` when it is not a frequent term here."""
        entry = self._directory.get((fieldname, text))
        if entry is None:
            return None
        offset, count, _ = entry
        data = self._data
        weights = data[offset : offset + 8 * count].cast("d")
        offset += 8 * count
        lengths = data[offset : offset + count]
        offset += _padded(count)
        sizes = data[offset : offset + 4 * count].cast("I")
        offset += _padded(4 * count)
        passages = []
        for size in sizes:
            passages.append(data[offset : offset + 4 * size].cast("I"))
            offset += 4 * size
        return TermClasses(weights, lengths, passages)


def impacts_path(index_dir: Path, reader: Any) -> Path | None:
    """Where the impacts file of a segment (its reader) is; ``None`` for the reader
    of an empty index, which has no segment."""
    segment = reader.segment()
    return None if segment is None else index_dir / segment.make_filename(EXTENSION)


def write_missing(index_dir: Path, index: Any, min_passages: int = MIN_PASSAGES) -> None:
    """Write the impacts file of every segment of the index's latest commit that has
    none, for its terms in at least ``min_passages`` passages (each file is written
    under another name first, then renamed into place)."""
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            path = impacts_path(index_dir, leaf)
            if path is None or path.exists():
                continue
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(segment_impacts(leaf, min_passages))
            os.replace(partial, path)


def segment_impacts(reader: Any, min_passages: int = MIN_PASSAGES) -> bytes:
    """The impacts file of a segment (its reader) as bytes."""
    chunks = [MAGIC]
    size = len(MAGIC)
    directory: dict[tuple[str, bytes], tuple[int, int, int]] = {}
    for fieldname in reader.schema.scorable_names():
        lengths = segment_lengths(reader, fieldname)
        for text, info in reader.iter_field(fieldname):
            if info.doc_frequency() < min_passages:
                continue
            blocks = SegmentBlocks.read(reader, fieldname, text, 0)
            if blocks is None:
                continue
            grouped = _grouped(blocks, lengths)
            chunk = _term_chunk(grouped)
            directory[fieldname, text] = (size, len(grouped), info.doc_frequency())
            chunks.append(chunk)
            size += len(chunk)
    chunks.append(pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL))
    chunks.append(_OFFSET.pack(size))
    return b"".join(chunks)


def _grouped(blocks: SegmentBlocks, lengths: bytes) -> dict[tuple[float, int], array]:
    """The term's passages per (weight, length byte), in ascending order."""
    grouped: defaultdict[tuple[float, int], array] = defaultdict(lambda: array("I"))
    for number in range(len(blocks.ends)):
        ids, weights, _ = blocks.block(number)
        for docnum, weight in zip(ids, weights, strict=True):
            grouped[weight, lengths[docnum]].append(docnum)
    return dict(sorted(grouped.items()))


def _term_chunk(grouped: dict[tuple[float, int], array]) -> bytes:
    count = len(grouped)
    weights = array("d", (weight for weight, _ in grouped))
    lengths = bytes(length for _, length in grouped).ljust(_padded(count), b"\0")
    sizes = array("I", map(len, grouped.values())).tobytes().ljust(_padded(4 * count), b"\0")
    passages = b"".join(docs.tobytes() for docs in grouped.values())
    return b"".join(
        (weights.tobytes(), lengths, sizes, passages.ljust(_padded(len(passages)), b"\0"))
    )


def _padded(size: int) -> int:
    return -(-size // 8) * 8

"""A generation's passage embeddings, searched by cosine.

A passage (a row) has several vectors, its units (:mod:`sersearch.semantic.windows`):
it scores by the best of them. The vectors are stored as int8 with one scale each
(``embeddings-<n>.npy`` and ``embeddings-<n>-scales.npy``, memory-mapped): half the
size of float16, and numpy turns int8 into float32 some hundred times faster than
float16, so a search scans every vector exactly (one BLAS matrix-vector product per
block) instead of keeping a float32 copy in memory. Filters become a mask over rows,
computed once per document (type, date) rather than once per passage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sersearch.errors import SersearchError
from sersearch.semantic import model

if TYPE_CHECKING:
    import numpy as np

# Written by ``sersearch.semantic.store.sync``: the rows file names the vectors file
# and is replaced last, so a search never pairs rows with another run's vectors.
VECTORS_PATTERN = "embeddings-{}.npy"
ROWS_NAME = "embeddings.json"
# Vectors converted to float32 at a time (2 MB, within the CPU's cache): at 370,000
# vectors, 75 ms a scan against 98 ms with blocks of 256 (load 16, two cores).
BLOCK = 1024
# Where the int8 steps lie: a row's largest component maps to ±127.
INT8_MAX = 127

# Whether a document's passages may answer: (doc_id, doc_type, date) → bool.
Accept = Callable[[str, "str | None", "str | None"], bool]


def scales_name(vectors_name: str) -> str:
    """The file of per-row scales that goes with a vectors file."""
    return vectors_name.removesuffix(".npy") + "-scales.npy"


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and their float32 scales (``row ≈ int8 × scale``)."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float32)
    peaks = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peaks == 0, 1.0, peaks / INT8_MAX).astype(np.float32)
    quantised = np.rint(vectors / scales[:, None]).astype(np.int8)
    return quantised, scales


@dataclass(frozen=True)
class Row:
    """What filters need of a passage, beside its vector, and where its stored fields
    were when the embeddings were written (``docnum``: checked before use, since a
    later commit may renumber)."""

    passage_id: str
    doc_id: str
    doc_type: str | None
    date: str | None
    docnum: int = -1


class EmbeddingView:
    """A generation's embeddings: rows in passage id order, searched by cosine."""

    def __init__(self, folder: Path) -> None:
        import numpy as np

        try:
            meta = json.loads((folder / ROWS_NAME).read_text(encoding="utf-8"))
            self._vectors = np.load(folder / meta["vectors"], mmap_mode="r")
            self._scales = np.load(folder / scales_name(meta["vectors"]))
        except (OSError, ValueError, KeyError) as error:
            raise SersearchError(
                "this index has no embeddings yet: run sersearch index "
                "(without SERSEARCH_EMBEDDINGS=off) to compute them"
            ) from error
        rows = meta["rows"]
        counts = np.asarray(meta.get("units", []), dtype=np.int64)
        if (
            meta.get("model") != model.MODEL_ID
            or self._vectors.dtype != np.int8
            or len(counts) != len(rows)
            or not counts.sum() == len(self._vectors) == len(self._scales)
        ):
            raise SersearchError("the index's embeddings are out of date: run sersearch index")
        self.rows = [Row(*row) for row in rows]
        self._counts = counts
        self._first = np.cumsum(counts) - counts  # each row's first vector
        # Rows of the same document, type and date share a filter outcome.
        groups: dict[tuple[str, str | None, str | None], int] = {}
        self._group = np.array(
            [groups.setdefault((r.doc_id, r.doc_type, r.date), len(groups)) for r in self.rows],
            dtype=np.int64,
        )
        self._groups = list(groups)
        self._row_of: dict[str, int] | None = None

    def _rows_by_id(self) -> dict[str, int]:
        if self._row_of is None:
            self._row_of = {row.passage_id: i for i, row in enumerate(self.rows)}
        return self._row_of

    def mask(self, accept: Accept | None, skip: Collection[str] = ()) -> np.ndarray | None:
        """Which rows the filters let through (``None``: all)."""
        import numpy as np

        if accept is None and not skip:
            return None
        keep = np.ones(len(self.rows), dtype=bool)
        if accept is not None:
            keep = np.array([accept(*group) for group in self._groups], dtype=bool)[self._group]
        if skip:
            row_of = self._rows_by_id()
            keep[[row_of[pid] for pid in skip if pid in row_of]] = False
        return keep

    def scores(self, query: str, rows: np.ndarray | None = None) -> np.ndarray:
        """The cosine of ``query`` with each row (of ``rows``, all if ``None``): the
        best of its vectors, rounded so ties are exact."""
        import numpy as np

        vector = model.embed([query])[0]
        if rows is None:
            chosen, counts = self._vectors, self._counts
            scales = self._scales
        else:
            counts = self._counts[rows]
            # The vectors of each chosen row: its first, and the ones after it.
            starts = np.cumsum(counts) - counts
            units = np.repeat(self._first[rows] - starts, counts) + np.arange(counts.sum())
            chosen, scales = self._vectors[units], self._scales[units]
        out = np.empty(len(chosen), dtype=np.float32)
        block = np.empty((BLOCK, model.DIMENSIONS), dtype=np.float32)
        for start in range(0, len(chosen), BLOCK):
            part = chosen[start : start + BLOCK]
            np.copyto(block[: len(part)], part)
            np.matmul(block[: len(part)], vector, out=out[start : start + len(part)])
        out *= scales
        if not len(counts):
            return out
        return np.round(np.maximum.reduceat(out, np.cumsum(counts) - counts), 6)

    def order(self, query: str, passage_ids: Sequence[str]) -> list[str]:
        """``passage_ids`` nearest ``query`` first (then by passage id), leaving out
        those these embeddings lack."""
        import numpy as np

        row_of = self._rows_by_id()
        known = sorted({pid for pid in passage_ids if pid in row_of})
        if not known:
            return []
        scores = self.scores(query, np.array([row_of[pid] for pid in known]))
        return [known[i] for i in np.lexsort((np.arange(len(known)), -scores)).tolist()]

    def nearest(
        self, query: str, limit: int, accept: Accept | None = None, skip: Collection[str] = ()
    ) -> list[tuple[float, Row]]:
        """The ``limit`` passages nearest ``query`` (cosine, then passage id) among
        those ``accept`` lets through, leaving out the passage ids ``skip``."""
        import numpy as np

        keep = self.mask(accept, skip)
        # A selective filter: score only its rows; else score all and drop the rest.
        rows = np.flatnonzero(keep) if keep is not None and keep.mean() < 0.5 else None
        scores = self.scores(query, rows) if len(self.rows) else np.zeros(0, np.float32)
        index = np.arange(len(scores)) if rows is None else rows
        if rows is None and keep is not None:
            scores, index = scores[keep], index[keep]
        if len(scores) > limit:
            # Everything tying with the last one comes along, so ties are broken by
            # passage id, not by partition order.
            cut = scores[np.argpartition(-scores, limit - 1)[limit - 1]]
            chosen = np.flatnonzero(scores >= cut)
            scores, index = scores[chosen], index[chosen]
        # Rows are in passage id order: the row number breaks ties.
        order = np.lexsort((index, -scores))[:limit]
        return [(float(scores[i]), self.rows[index[i]]) for i in order.tolist()]


_views: dict[Path, tuple[float, EmbeddingView]] = {}


def view(folder: Path) -> EmbeddingView:
    """The embeddings of the generation at ``folder``, reloaded when a run rewrote them."""
    try:
        stamp = (folder / ROWS_NAME).stat().st_mtime
    except OSError:
        stamp = -1.0
    cached = _views.get(folder)
    if cached is None or cached[0] != stamp:
        cached = (stamp, EmbeddingView(folder))
        _views[folder] = cached
    return cached[1]

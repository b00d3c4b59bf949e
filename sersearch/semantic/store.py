"""Passage embeddings on disk: a cache by text hash, and one matrix per index generation.

The cache (``<index>/embedding-cache/<model>/``) keeps every vector ever computed,
keyed by the hash of the embedded text, so re-indexing and ``--rebuild`` embed only
new text. After each index run, :func:`sync` writes the generation's view
(``embeddings-<n>.npy``, int8 vectors, and their scales, memory-mapped by searches,
see :mod:`sersearch.semantic.view`; and ``embeddings.json``, naming them, with the
passage id, document, type, date and document number of each row and how many
vectors it has, see :mod:`sersearch.semantic.windows`) from the passages in the
index: added, changed and removed files are reflected exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sersearch.semantic import model
from sersearch.semantic.view import ROWS_NAME, VECTORS_PATTERN, quantise, scales_name
from sersearch.semantic.windows import units

if TYPE_CHECKING:
    import numpy as np

CACHE_DIR_NAME = "embedding-cache"
BATCH = 32
KEY_LENGTH = 64  # hex digits of a SHA-256
# Part of the cache folder's name: a cache of another model or layout is not read
# (and is removed by the next run, see ``EmbeddingCache.drop_others``).
CACHE_FORMAT = "int8-scale"
ProgressHook = Callable[[str, int, int], None]


def text_key(text: str) -> str:
    """The cache key of an embedded text (the model is part of the cache folder)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class EmbeddingCache:
    """Append-only vectors with their text hashes, one line per row: each row is the
    vector in int8 then its float32 scale (as the view stores them, see
    :func:`~sersearch.semantic.view.quantise`), 516 bytes."""

    def __init__(self, index_dir: Path) -> None:
        tag = hashlib.sha256(f"{model.MODEL_ID}/{CACHE_FORMAT}".encode()).hexdigest()[:12]
        self.folder = index_dir / CACHE_DIR_NAME / tag
        self.keys_path = self.folder / "keys.txt"
        self.vectors_path = self.folder / "vectors.i8"
        self._rows: dict[str, int] = {}
        self._stored: np.ndarray | None = None  # rows of 512 int8, then the scale's bytes
        self._pending: list[np.ndarray] = []  # rows added since, to join ``_stored``

    def load(self) -> None:
        import numpy as np

        row_bytes = model.DIMENSIONS + 4
        self._pending = []
        if not self.vectors_path.exists() or not self.keys_path.exists():
            self._rows, self._stored = {}, np.zeros((0, row_bytes), np.uint8)
            return
        keys = self.keys_path.read_text(encoding="ascii").split()
        whole = next((i for i, key in enumerate(keys) if len(key) != KEY_LENGTH), len(keys))
        count = min(whole, self.vectors_path.stat().st_size // row_bytes)
        if count != len(keys) or count * row_bytes != self.vectors_path.stat().st_size:
            # A run stopped while appending: keep only whole rows that have their
            # key, so the next append lines up again.
            os.truncate(self.vectors_path, count * row_bytes)
            self.keys_path.write_text("".join(f"{key}\n" for key in keys[:count]), "ascii")
        raw = np.fromfile(self.vectors_path, dtype=np.uint8, count=count * row_bytes)
        self._stored = raw.reshape(count, row_bytes)
        self._rows = {key: row for row, key in enumerate(keys[:count])}

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def drop_others(self) -> None:
        """Remove the caches of other models or layouts: nothing reads them."""
        for other in self.folder.parent.glob("*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def quantised(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The int8 vectors and scales of ``keys``, as stored (no float copy)."""
        import numpy as np

        assert self._stored is not None
        if self._pending:
            self._stored, self._pending = np.concatenate([self._stored, *self._pending]), []
        raw = self._stored[np.array([self._rows[key] for key in keys], dtype=np.int64)]
        scales = np.ascontiguousarray(raw[:, model.DIMENSIONS :]).view(np.float32)
        return raw[:, : model.DIMENSIONS].view(np.int8), scales.reshape(len(keys))

    def get(self, key: str) -> np.ndarray:
        """The vector of a text (float32)."""
        vectors, scales = self.quantised([key])
        return vectors[0] * scales[0]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Append ``vectors`` (vectors first, so a torn write only loses keys)."""
        import numpy as np

        self.folder.mkdir(parents=True, exist_ok=True)
        quantised, scales = quantise(vectors)
        rows = np.concatenate([quantised.view(np.uint8), scales[:, None].view(np.uint8)], axis=1)
        with self.vectors_path.open("ab") as out:
            out.write(rows.tobytes())
        with self.keys_path.open("a", encoding="ascii") as out:
            out.write("".join(f"{key}\n" for key in keys))
        start = len(self._rows)
        self._rows.update((key, start + i) for i, key in enumerate(keys))
        self._pending.append(rows)


def _passages(folder: Path) -> Iterator[dict[str, Any]]:
    """The stored fields of every passage, with its document number as ``docnum``."""
    from sersearch.engine.storage import open_dir

    index = open_dir(folder)
    with index.searcher() as searcher:
        for docnum, fields in searcher.reader().iter_docs():
            if fields.get("kind") != "doc":
                yield {**fields, "docnum": docnum}


def sync(
    index_dir: Path,
    folder: Path,
    progress: ProgressHook | None = None,
    workers: int | None = None,
) -> int:
    """Write the embeddings of every passage in the generation at ``folder``,
    embedding only text the cache lacks (in ``workers`` processes, default one per
    core); returns how many were embedded."""
    import numpy as np

    rows = sorted(_passages(folder), key=lambda fields: fields["passage_id"])
    # Each passage's units (itself, then its windows) lie together, in this order.
    per_row = [units(f.get("title") or "", f["text"]) for f in rows]
    texts = [text for row_units in per_row for text in row_units]
    keys = [text_key(text) for text in texts]
    cache = EmbeddingCache(index_dir)
    cache.load()
    cache.drop_others()
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in cache}
    todo = sorted(missing.items())
    batches = [todo[start : start + BATCH] for start in range(0, len(todo), BATCH)]
    done = 0
    if progress and todo:
        progress("Embedding", 0, len(todo))
    for batch, vectors in _embedded(batches, workers or os.cpu_count() or 1):
        cache.add([key for key, _ in batch], vectors)
        done += len(batch)
        if progress:
            progress("Embedding", done, len(todo))
    vectors, scales = cache.quantised(keys)
    previous = _vectors_name(folder)
    serial = int(previous.split("-")[1].split(".")[0]) + 1 if previous else 1
    name = VECTORS_PATTERN.format(serial)
    meta = {
        "model": model.MODEL_ID,
        "vectors": name,
        "rows": [
            [f["passage_id"], f["doc_id"], f.get("doc_type"), f.get("date"), f["docnum"]]
            for f in rows
        ],
        "units": [len(row_units) for row_units in per_row],
    }
    _write_atomic(folder / name, lambda out: np.save(out, vectors))
    _write_atomic(folder / scales_name(name), lambda out: np.save(out, scales))
    _write_atomic(folder / ROWS_NAME, lambda out: out.write(json.dumps(meta).encode()))
    # The vectors before ``previous`` have no reader left; ``previous`` may still
    # be opened by a search that read the rows just before the switch.
    keep = {name, scales_name(name)} | ({previous, scales_name(previous)} if previous else set())
    for old in folder.glob(VECTORS_PATTERN.format("*")):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return len(todo)


Batch = list[tuple[str, str]]  # (text key, text)


def _embedded(batches: list[Batch], workers: int) -> Iterator[tuple[Batch, np.ndarray]]:
    """Each batch with its vectors, in completion order: in this process, or in
    ``workers`` forked ones (one BLAS thread each) that share the loaded model. A
    batch whose worker fails is embedded here."""
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            yield batch, model.embed([text for _, text in batch])
        return
    from sersearch.limits import DEFAULT_LIMITS
    from sersearch.processes import LimitedWorkers, OverLimit

    model.load()
    pool = LimitedWorkers(_embed_batch, min(workers, len(batches)), DEFAULT_LIMITS)
    for batch, result in pool.run(batches):
        if isinstance(result, OverLimit):
            result = model.embed([text for _, text in batch])
        yield batch, result


def _embed_batch(batch: Batch) -> np.ndarray:
    """A worker's task: the vectors of one batch."""
    return model.embed([text for _, text in batch])


def _vectors_name(folder: Path) -> str | None:
    """The vectors file the rows file of ``folder`` names, if any."""
    try:
        return json.loads((folder / ROWS_NAME).read_text(encoding="utf-8"))["vectors"]
    except (OSError, ValueError, KeyError):
        return None


def _write_atomic(path: Path, write: Callable[[Any], object]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as out:
        write(out)
    os.replace(temporary, path)

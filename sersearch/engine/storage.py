"""Opening an index folder's files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.index import Index


def open_dir(folder: Path) -> Index:
    """Open the Whoosh index in ``folder`` (callers retry when a concurrent commit was
    replacing its table of contents: ``sersearch.store.retrying``).

    Files are read, not memory-mapped: searches are as fast, and a search process
    stays small (62 MB instead of 360 MB at 100,000 passages) because mapped index
    pages would count in its memory."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(folder), supports_mmap=False).open_index()


def index_folder(index: Index) -> Path:
    """The folder an opened index reads its files from."""
    return Path(index.storage.folder)

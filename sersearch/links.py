"""Links that open a source file, at the page for PDFs (``file:///…/x.pdf#page=17``)."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote


def file_link(source: str, page: int | None = None) -> str:
    """A ``file://`` URL of ``source`` (an absolute path); PDF viewers open it at
    ``page`` (PDF Open Parameters), other files are opened at their start."""
    path = PurePosixPath(source)
    url = "file://" + quote(str(path), safe="/")
    if page is not None and path.suffix.lower() == ".pdf":
        url += f"#page={page}"
    return url

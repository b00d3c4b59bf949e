"""The original file of an indexed document, found by its doc_id only.

A file is served when it is still exactly what was indexed: at the path the index
recorded (no symbolic link on the way, so a link put there later cannot lead out),
a regular file, with the content hash of the index run. It is opened once and
checked and sent through that one descriptor.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sersearch.store import IndexedDocument

CHUNK = 1 << 20
# Types a browser shows without running anything: these are served inline, others
# (an indexed HTML file, say) as a download.
INLINE_TYPES = frozenset({"application/pdf", "text/plain", "image/png", "image/jpeg"})


class FileUnavailable(LookupError):
    """The document's file cannot be served; the message says why (in Dutch)."""


@dataclass(frozen=True)
class OpenedFile:
    descriptor: int
    size: int
    media_type: str
    inline: bool
    name: str

    def close(self) -> None:
        os.close(self.descriptor)

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes from the start; closes the descriptor at the end."""
        try:
            os.lseek(self.descriptor, 0, os.SEEK_SET)
            while chunk := os.read(self.descriptor, CHUNK):
                yield chunk
        finally:
            self.close()


def open_document_file(document: IndexedDocument) -> OpenedFile:
    """Open the file the index recorded for ``document`` (see the module docstring)."""
    path = document.source
    if not os.path.isabs(path) or os.path.realpath(path) != os.path.normpath(path):
        raise FileUnavailable("Het bestand staat niet meer op de plaats die de index kent.")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        raise FileUnavailable("Het bestand is niet (meer) te openen.") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileUnavailable("Dit is geen gewoon bestand.")
        if _content_hash(descriptor) != document.sha256.partition("+")[0]:
            raise FileUnavailable(
                "Het bestand is veranderd sinds het werd geïndexeerd: "
                "werk de index bij met `sersearch index`."
            )
        media_type = _media_type(path, descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    base_type = media_type.partition(";")[0]
    return OpenedFile(
        descriptor, info.st_size, media_type, base_type in INLINE_TYPES, Path(path).name
    )


def _content_hash(descriptor: int) -> str:
    digest = hashlib.sha256()
    while chunk := os.read(descriptor, CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _media_type(path: str, descriptor: int) -> str:
    """The content type by extension; plain text with the charset the indexer read
    it with (UTF-8, else Windows-1252)."""
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if guessed != "text/plain":
        return guessed
    os.lseek(descriptor, 0, os.SEEK_SET)
    data = b"".join(iter(lambda: os.read(descriptor, CHUNK), b""))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "text/plain; charset=windows-1252"
    return "text/plain; charset=utf-8"


def disposition(kind: str, name: str) -> str:
    """A Content-Disposition header value with the file name (RFC 6266: an ASCII
    fallback plus the UTF-8 name)."""
    from urllib.parse import quote

    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name
    )
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"

"""Pages of PDFs read so far in one index run, counted across its worker processes so
that the progress bar moves while a long PDF is read (not only when a file is done).

The parent shares two integers before forking (:func:`share`); extraction adds a
file's pages when it opens the file and counts each page it reads. Outside an index
run nothing is counted. Counting never changes what is extracted.
"""

from __future__ import annotations

from multiprocessing.sharedctypes import Synchronized

_counters: tuple[Synchronized[int], Synchronized[int]] | None = None


def share(found: Synchronized[int] | None, read: Synchronized[int] | None) -> None:
    """Count in these shared integers from now on (``None``: stop counting)."""
    global _counters
    _counters = (found, read) if found is not None and read is not None else None


def add(found: int = 0, read: int = 0) -> None:
    """Add pages found in a file opened, and pages read."""
    if _counters is None:
        return
    for counter, value in zip(_counters, (found, read), strict=True):
        if value:
            with counter.get_lock():
                counter.value += value


class FileCounter:
    """One file's share of the counts: its page tree's count when opened, corrected
    to the pages actually read when done (a page tree may state a wrong count)."""

    def __init__(self, stated: object) -> None:
        self.stated = stated if isinstance(stated, int) and 0 <= stated <= 1_000_000 else 0
        self.read = 0
        add(found=self.stated)

    def page_read(self) -> None:
        self.read += 1
        add(found=int(self.read > self.stated), read=1)

    def close(self) -> None:
        add(found=min(0, self.read - self.stated))

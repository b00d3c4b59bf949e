"""What is new: the documents an index run added or changed, for ``--new`` and ``--since``.

Each document record names the index run that last added or changed its content
(``IndexedDocument.changed``) and the manifest names the last run (see
``sersearch.store``); a rebuild keeps both for files whose content did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sersearch.dates import date_bounds
from sersearch.errors import QueryError
from sersearch.store import IndexedDocument, indexed_documents, last_run, open_searcher


@dataclass(frozen=True)
class Selection:
    """The documents a search may answer from, and in words which ones they are."""

    doc_ids: frozenset[str]
    description: str


def select_documents(index_dir: Path, *, new: bool = False, since: str | None = None) -> Selection:
    """The documents added or changed by the last index run (``new``) or on or after
    the day ``since`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, in UTC)."""
    if new == (since is not None):
        raise QueryError("choose one of --new and --since")
    with open_searcher(index_dir)[1] as searcher:
        documents = [doc for doc in indexed_documents(searcher) if doc.status != "failed"]
    if new:
        stamp = last_run(index_dir)
        chosen = [doc for doc in documents if stamp is not None and doc.changed == stamp]
        when = f" ({moment(stamp)})" if stamp else ""
        return Selection(ids(chosen), f"added or changed by the last index run{when}")
    first_day = date_bounds(since)[0]
    if first_day is None:
        raise QueryError(f"--since takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {since!r}")
    chosen = [doc for doc in documents if day_number(doc.changed) >= first_day]
    return Selection(ids(chosen), f"added or changed since {since}")


def ids(documents: list[IndexedDocument]) -> frozenset[str]:
    return frozenset(doc.doc_id for doc in documents)


def day_number(stamp: str) -> int:
    """An ISO time's day as a ``YYYYMMDD`` number (0 when unknown)."""
    digits = stamp[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def moment(stamp: str) -> str:
    """An index run's time for people: ``2026-11-30 03:57 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp

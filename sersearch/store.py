"""The index on disk: its schema, manifest and version check, opening, the write lock,
and the document records.

An index folder holds the write lock, the extraction cache and one or more
*generations* of the Whoosh index (``gen-1``, ``gen-2``, …), with a small file
``CURRENT`` naming the one searches open. An index run updates the current generation
with Whoosh's own commits; ``--rebuild`` writes a new generation beside it and then
switches ``CURRENT`` in one step (a renamed file), so a search sees the old index or
the new one, never an empty one. (A folder written by an older version, with
Whoosh's files at its top, is opened as it is.)
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sersearch.errors import (
    IndexLockedError,
    IndexMissingError,
    IndexVersionError,
)

if TYPE_CHECKING:
    from whoosh.fields import Schema
    from whoosh.index import Index
    from whoosh.searching import Searcher

SCHEMA_VERSION = 7
MANIFEST_NAME = "sersearch.json"
LOCK_NAME = "sersearch.lock"
CACHE_DIR_NAME = "extraction-cache"
CURRENT_NAME = "CURRENT"
GENERATION_PREFIX = "gen-"
# A generation replaced by a rebuild is deleted by a later index run once it has been
# out of use this long, so that searches opened just before the switch can finish.
RETIRED_GRACE_SECONDS = 60.0
# Tries at opening an index whose files a concurrent commit may be replacing.
OPEN_ATTEMPTS = 5

T = TypeVar("T")


@dataclass(frozen=True)
class IndexedDocument:
    """A document record as stored in the index."""

    doc_id: str
    source: str
    sha256: str
    status: str
    title: str = ""
    date: str | None = None
    doc_type: str | None = None
    organisation: str | None = None
    pages: int | None = None
    passages: int = 0
    warnings: tuple[str, ...] = ()
    reason: str | None = None
    indexed_at: str = ""
    # The document's name inside its file (an e-mail attachment); None for the file's own.
    part: str | None = None
    # Every file holding this document (copies under other names), when listed.
    sources: tuple[str, ...] = ()
    # Pages whose text was recognised by OCR.
    ocr_pages: int = 0
    # The index run that first added the document (by file path), and the one that
    # last added or changed its content (a rebuild keeps both for unchanged files).
    added_at: str = ""
    changed_at: str = ""
    # The letterhead's Kenmerk and Onderwerp (a letter's reference and subject).
    reference: str | None = None
    subject: str | None = None
    # The file's pages this document spans (a letter of a bundle: its own pages).
    first_page: int | None = None
    last_page: int | None = None

    @property
    def added(self) -> str:
        """When the document entered the index (older records: when last written)."""
        return self.added_at or self.indexed_at

    @property
    def changed(self) -> str:
        """When the document was last added or changed by an index run."""
        return self.changed_at or self.indexed_at


def analysis_settings() -> dict[str, Any]:
    """What the schema's analysis depends on: recorded in the index, checked on open."""
    from sersearch.analysis.stemming import stemmer_version
    from sersearch.analysis.words import ANALYSIS_VERSION, DEFAULT_STEMMER

    return {
        "schema_version": SCHEMA_VERSION,
        "analysis_version": ANALYSIS_VERSION,
        "stemmer": DEFAULT_STEMMER,
        "stemmer_version": stemmer_version(DEFAULT_STEMMER),
    }


def build_schema() -> Schema:
    """The index schema (pickled into the index by Whoosh)."""
    from whoosh.fields import ID, STORED, TEXT, Schema

    from sersearch.analysis import dutch_analyzer
    from sersearch.engine.masks import filter_column

    dutch = dutch_analyzer()
    # Every indexed value costs a posting per passage: only what queries, filters and
    # deletions look up is indexed, the rest is only stored. Date filters narrow by
    # ``year`` and check the stored ``date`` of the passages found.
    return Schema(
        kind=ID(stored=True),
        passage_id=STORED,
        doc_id=ID(stored=True),
        ordinal=STORED,
        text=_text_field(dutch),
        title=TEXT(analyzer=dutch, stored=True, phrase=False, field_boost=1.5),
        section=TEXT(analyzer=dutch, stored=True, phrase=False, field_boost=1.5),
        doc_type=ID(stored=True, sortable=filter_column()),
        date=STORED,
        year=ID(sortable=filter_column()),
        page=STORED,
        page_label=STORED,
        page_end=STORED,
        ocr=STORED,
        reference=STORED,
        subject=STORED,
        message_date=STORED,
        message_subject=STORED,
        source=STORED,
        sha256=STORED,
        record=STORED,
    )


def _text_field(analyzer: Any) -> Any:
    """The passage text: stems with positions, its length counted in words."""
    from whoosh.fields import TEXT

    from sersearch.analysis.formats import WordPositions

    field = TEXT(analyzer=analyzer, stored=True)
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


def data_dir(index_dir: Path) -> Path:
    """The folder of the generation searches open now."""
    try:
        name = (index_dir / CURRENT_NAME).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return index_dir
    return index_dir / name


def index_exists(index_dir: Path) -> bool:
    """Whether a usable index (of any version) is at ``index_dir``."""
    from whoosh import index as whoosh_index

    folder = data_dir(index_dir)
    return (folder / MANIFEST_NAME).is_file() and whoosh_index.exists_in(str(folder))


def open_index(index_dir: Path) -> Index:
    """Open the current generation, refusing one built with other analysis settings."""
    return retrying(lambda: _open_checked(data_dir(index_dir), index_dir))


def open_searcher(index_dir: Path, **options: Any) -> tuple[Index, Searcher]:
    """The index and a Whoosh searcher over its latest commit (``options`` such as
    ``weighting`` go to the searcher)."""
    from whoosh.searching import Searcher

    def attempt() -> tuple[Index, Searcher]:
        index = _open_checked(data_dir(index_dir), index_dir)
        return index, Searcher(index.reader(), fromindex=index, **options)

    return retrying(attempt)


def retrying(attempt: Callable[[], T]) -> T:
    """``attempt()``, again when a concurrent commit or rebuild just replaced the files
    being read (a vanished file, a table of contents not yet complete)."""
    from whoosh.index import EmptyIndexError

    for number in range(1, OPEN_ATTEMPTS):
        try:
            return attempt()
        except (FileNotFoundError, EmptyIndexError):
            time.sleep(0.05 * number)
    return attempt()


def _open_checked(folder: Path, index_dir: Path) -> Index:
    from whoosh import index as whoosh_index

    from sersearch.engine.storage import open_dir

    manifest = _read_manifest(folder)
    if manifest is None or not whoosh_index.exists_in(str(folder)):
        if not folder.exists() and index_dir.exists():
            raise FileNotFoundError(folder)  # switched by a rebuild: try again
        raise IndexMissingError(
            f"no index at {index_dir}: build one with `sersearch index [PATH ...]`"
        )
    expected = analysis_settings()
    found = {key: manifest.get(key) for key in expected}
    if found != expected:
        raise IndexVersionError(
            f"the index at {index_dir} was built with other analysis settings "
            f"({_describe_settings(found)}; this version uses {_describe_settings(expected)}): "
            "run `sersearch index --rebuild`"
        )
    return open_dir(folder)


def _describe_settings(settings: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in settings.items())


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def new_generation(index_dir: Path) -> Path:
    """A new, empty generation folder holding an empty index (not yet current)."""
    from whoosh import index as whoosh_index

    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [
        int(child.name.removeprefix(GENERATION_PREFIX))
        for child in index_dir.iterdir()
        if child.name.startswith(GENERATION_PREFIX)
        and child.name.removeprefix(GENERATION_PREFIX).isdigit()
    ]
    folder = index_dir / f"{GENERATION_PREFIX}{max(numbers, default=0) + 1}"
    folder.mkdir()
    whoosh_index.create_in(str(folder), build_schema())
    manifest = {**analysis_settings(), "created": now()}
    temporary = folder / f"{MANIFEST_NAME}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    temporary.replace(folder / MANIFEST_NAME)
    return folder


def make_current(index_dir: Path, folder: Path) -> None:
    """Switch searches to the generation ``folder`` in one step (a renamed file); the
    one it replaces is retired and deleted by a later run (see ``RETIRED_GRACE_SECONDS``)."""
    previous = data_dir(index_dir)
    temporary = index_dir / f"{CURRENT_NAME}.{os.getpid()}.tmp"
    temporary.write_text(folder.name, encoding="utf-8")
    temporary.replace(index_dir / CURRENT_NAME)
    if previous == index_dir:
        _remove_flat_index(index_dir)
    elif previous != folder:
        (previous / "RETIRED").touch()


def remove_retired(index_dir: Path, *, grace_seconds: float = RETIRED_GRACE_SECONDS) -> None:
    """Delete generations that are not current: retired ones once out of use for
    ``grace_seconds``, and any left unfinished by a killed rebuild."""
    if not index_dir.is_dir():
        return
    current = data_dir(index_dir).name
    for child in index_dir.iterdir():
        if not child.name.startswith(GENERATION_PREFIX) or child.name == current:
            continue
        retired = child / "RETIRED"
        if retired.exists() and time.time() - retired.stat().st_mtime < grace_seconds:
            continue
        shutil.rmtree(child, ignore_errors=True)


def _remove_flat_index(index_dir: Path) -> None:
    """Remove the Whoosh files an older version kept at the top of the index folder."""
    (index_dir / MANIFEST_NAME).unlink(missing_ok=True)
    for child in index_dir.iterdir():
        if child.is_file() and child.name.startswith(("MAIN_", "_MAIN_")):
            child.unlink(missing_ok=True)


@contextmanager
def write_lock(index_dir: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; a lock left by a crashed process is free again,
    since the operating system releases it with the process."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir / LOCK_NAME
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexLockedError(
                        f"the index at {index_dir} is being updated by {holder}; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} (since {now()})")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def indexed_documents(searcher: Searcher) -> list[IndexedDocument]:
    """Every document record in the index, ordered by source path."""
    from whoosh.query import Term

    records = [
        record_from_json(hit["record"]) for hit in searcher.search(Term("kind", "doc"), limit=None)
    ]
    return sorted(records, key=lambda record: record.source)


def record_from_json(raw: str) -> IndexedDocument:
    data = json.loads(raw)
    data["warnings"] = tuple(data.get("warnings") or ())
    data["sources"] = tuple(data.get("sources") or ())
    return IndexedDocument(**data)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_stamp() -> str:
    """The time that names an index run: UTC to the microsecond, so that two runs in
    the same second are told apart."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def record_run(folder: Path, stamp: str) -> None:
    """Note in a generation's manifest that the index run ``stamp`` is its last run."""
    manifest = _read_manifest(folder) or {}
    manifest["last_run"] = stamp
    temporary = folder / f"{MANIFEST_NAME}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    temporary.replace(folder / MANIFEST_NAME)


def last_run(index_dir: Path) -> str | None:
    """The stamp of the last index run of the current generation (None before any)."""
    return (_read_manifest(data_dir(index_dir)) or {}).get("last_run")

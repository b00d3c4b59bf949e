"""One file's extraction → its documents: clean, cut into passages, describe.

A file is one document, plus one per part inside it (an e-mail's attachments), or,
for a bundle of letters (see ``letters``), one document per letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sersearch.models import Document, Extraction, Page, Part, Removal

if TYPE_CHECKING:
    from sersearch.ingest import SourceFile

LETTER_NAME = "brief {number} van {count}"
_LETTER_PART = re.compile(r"brief \d+ van \d+")


def is_letter_part(part: str | None) -> bool:
    """Whether a document's part name is that of a letter of a bundle."""
    return part is not None and _LETTER_PART.fullmatch(part) is not None


def part_document(source: SourceFile, doc_id: str, part: Part, parent: Document) -> Document | None:
    """A document inside the file (an attachment): its sections start with the
    part's name; without a date of its own it takes the file's."""
    return _document(
        source, doc_id, part.extraction, {}, named=Path(part.name), part=part.name, parent=parent
    )


def file_documents(source: SourceFile, doc_id: str, extraction: Extraction) -> list[Document]:
    """The file's own document; or, for a bundle of letters, one document per letter.

    Letter N is ``brief N van M`` at the head of its section paths; the first keeps
    the file's id and the others are parts ``<doc_id>-N``. Pages keep the file's
    numbers. A letter without a date of its own takes the first's. No documents when
    the file has no text."""
    cleaned, ranges = clean_file(extraction)
    if len(ranges) < 2:
        return _whole(source, doc_id, extraction, cleaned)
    letters: list[Document] = []
    for number, pages in enumerate(ranges, start=1):
        name = LETTER_NAME.format(number=number, count=len(ranges))
        catalog = {
            key: value
            for key, value in source.catalog
            if number == 1 or key not in ("title", "date")
        }
        letter = _document(
            source,
            doc_id if number == 1 else f"{doc_id}-{number}",
            replace(extraction, pages=extraction.pages[pages.start : pages.stop]),
            catalog,
            part=name if number > 1 else None,
            parent=letters[0] if letters else None,
            label=name,
            cleaned=cleaned[pages.start : pages.stop],
        )
        if letter is None:  # a letter without text: keep the file whole
            return _whole(source, doc_id, extraction, cleaned)
        letters.append(letter)
    return letters


def _whole(
    source: SourceFile, doc_id: str, extraction: Extraction, cleaned: Sequence[Page]
) -> list[Document]:
    """The file as one document (none when it has no text)."""
    whole = _document(source, doc_id, extraction, dict(source.catalog), cleaned=cleaned)
    return [whole] if whole else []


def clean_file(
    extraction: Extraction, removals: list[Removal] | None = None
) -> tuple[tuple[Page, ...], list[range]]:
    """The file's cleaned pages and the page ranges of its letters (one range when it
    is no bundle). Running headers are recognised across the whole file; a bundle is
    cleaned a second time so that each letter keeps its own copy of a running line
    that is the same on every page (a heading at the top of every letter's page 2)."""
    from sersearch.clean import clean_pages
    from sersearch.letters import letter_ranges

    found: list[Removal] = []
    cleaned = clean_pages(extraction.pages, paged=extraction.paged, removals=found)
    ranges = [range(len(cleaned))]
    if extraction.paged and not extraction.parts:
        ranges = letter_ranges(extraction.pages, cleaned)
    if len(ranges) > 1:
        found = []
        starts = [pages.start for pages in ranges]
        cleaned = clean_pages(extraction.pages, paged=True, removals=found, restarts=starts)
    if removals is not None:
        removals.extend(found)
    return cleaned, ranges


def _document(
    source: SourceFile,
    doc_id: str,
    extraction: Extraction,
    catalog: Mapping[str, str],
    *,
    named: Path | None = None,
    part: str | None = None,
    parent: Document | None = None,
    label: str | None = None,
    cleaned: Sequence[Page] | None = None,
) -> Document | None:
    from sersearch.clean import clean_pages
    from sersearch.ingest import indexable
    from sersearch.messages import date_passages, find_messages
    from sersearch.metadata import describe
    from sersearch.passages import SECTION_SEPARATOR, build_passages

    pages = (
        cleaned if cleaned is not None else clean_pages(extraction.pages, paged=extraction.paged)
    )
    passages = build_passages(doc_id, pages, paged=extraction.paged)
    if not passages:
        return None
    passages = date_passages(passages, find_messages(pages))
    meta = describe(named or source.path, pages, extraction.info, catalog=catalog)
    if prefix := label or part:
        passages = [
            replace(p, section=SECTION_SEPARATOR.join(filter(None, (prefix, p.section))))
            for p in passages
        ]
    if meta.date is None and parent is not None:
        meta = replace(meta, date=parent.meta.date)
    return Document(
        doc_id=doc_id,
        source=indexable(str(source.path)),
        sha256=source.sha256,
        meta=meta,
        passages=tuple(passages),
        pages=len(extraction.pages) if extraction.paged else None,
        warnings=extraction.warnings if parent is None else (),
        part=part,
    )

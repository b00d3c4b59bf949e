"""Hits → passage lists for spreadsheets, notes and other tools: CSV, JSON, JSONL, Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sersearch.errors import SersearchError
from sersearch.links import file_link
from sersearch.models import Hit

if TYPE_CHECKING:
    from sersearch.search import SearchResult
    from sersearch.store import IndexedDocument

FIELDS = (
    "rank",
    "score",
    "passage_id",
    "doc_id",
    "title",
    "date",
    "year",
    "doc_type",
    "page",
    "page_end",
    "page_label",
    "section",
    "text",
    "source",
    "citation",
    "highlights",
    "ocr",
    "reference",
    "subject",
    "message_date",
    "message_subject",
)
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "md",
    ".markdown": "md",
    ".txt": "text",
    ".ris": "ris",
    ".bib": "bibtex",
}


def records(hits: Sequence[Hit]) -> list[dict[str, object]]:
    """The hits as plain dictionaries with the export fields in a fixed order."""
    return [{name: hit.to_dict()[name] for name in FIELDS} for hit in hits]


def to_json(hits: Sequence[Hit]) -> str:
    return json.dumps(records(hits), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(hits: Sequence[Hit]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records(hits))


def to_csv(hits: Sequence[Hit]) -> str:
    """CSV with a header row; highlights as a JSON list of [start, end] pairs."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records(hits):
        record["highlights"] = json.dumps(record["highlights"])
        writer.writerow(record)
    return buffer.getvalue()


def to_markdown(hits: Sequence[Hit]) -> str:
    """A numbered Markdown list: the citation, then the passage quoted with the
    matching words in bold."""
    blocks = []
    for hit in hits:
        quoted = marked(hit, "**", "**").replace("\n", " ")
        blocks.append(f"{hit.rank}. **{hit.citation}**\n\n   > {quoted}\n")
    return "\n".join(blocks)


def to_text(hits: Sequence[Hit]) -> str:
    """Plain text: rank and citation, a link that opens the file at the page, then the
    passage."""
    return "".join(
        f"[{hit.rank}] {hit.citation}\n{file_link(hit.source, hit.page)}\n{hit.text}\n\n"
        for hit in hits
    )


def result_messages(result: SearchResult) -> list[str]:
    """The note and the spelling suggestion of a result, as lines of text."""
    lines = [f"Note: {result.note}."] if result.note else []
    if result.suggestion:
        lines.append(f"Did you mean: {result.suggestion}?")
    return lines


def to_plain_report(result: SearchResult) -> str:
    """What ``sersearch search`` prints when its output is piped: the text format,
    with the same messages as in a terminal but no styling."""
    lines = [] if result.hits else [f"No passages match {result.query!r}."]
    lines += result_messages(result)
    report = "".join(line + "\n" for line in lines)
    if result.hits:
        shown = f"{len(result.hits)} of about {result.total} matching passages shown.\n"
        report += to_text(result.hits) + shown
    return report


def marked(hit: Hit, before: str, after: str) -> str:
    """The passage text with every highlight span wrapped in ``before``/``after``."""
    pieces, position = [], 0
    for start, end in hit.highlights:
        if start < position:
            continue
        pieces += [hit.text[position:start], before, hit.text[start:end], after]
        position = end
    pieces.append(hit.text[position:])
    return "".join(pieces)


FORMATTERS: dict[str, Callable[[Sequence[Hit]], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "md": to_markdown,
    "text": to_text,
}


def format_for(path: Path, explicit: str | None = None) -> str:
    """The export format: given explicitly, or from the file extension."""
    if explicit:
        return explicit
    try:
        return SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise SersearchError(
            f"cannot tell the format of {path.name} from its extension (known: {known}); "
            "pass --format"
        ) from None


def write_export(hits: Sequence[Hit], path: Path, fmt: str) -> None:
    """Write the hits to ``path`` in ``fmt`` (see ``write_text``)."""
    write_text(FORMATTERS[fmt](hits), path, fmt)


def write_text(text: str, path: Path, fmt: str) -> None:
    """Write an export of format ``fmt`` to ``path`` (UTF-8; CSV with a BOM so
    spreadsheets read the accents right)."""
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        path.write_text(text, encoding=encoding, newline="")
    except OSError as error:
        raise SersearchError(f"cannot write {path}: {error.strerror}") from error


def export_text(
    hits: Sequence[Hit],
    fmt: str,
    documents: Mapping[str, IndexedDocument] | None = None,
    *,
    per_document: bool = False,
) -> str:
    """The hits in any export format: the passage formats of ``FORMATTERS``, or a
    citation format (RIS, BibTeX, CSL-JSON), which takes the ``documents`` by doc id
    for the organisation and page count."""
    from sersearch.citations import CITATION_FORMATTERS, references

    if fmt not in CITATION_FORMATTERS:
        return FORMATTERS[fmt](hits)
    refs = references(hits, documents or {}, per_document=per_document)
    return CITATION_FORMATTERS[fmt](refs)

"""Citations for reference managers: RIS, BibTeX and CSL-JSON, one entry per passage or
per document.

Each entry has the document's title, its organisation as (corporate) author, its date,
a type that fits the document type (``TYPES``), the page or page range and printed page
label, the section as a note, the passage text as abstract, and the file as path and
``file://`` link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sersearch.links import file_link
from sersearch.models import Hit
from sersearch.store import IndexedDocument


@dataclass(frozen=True)
class EntryType:
    """How a document type is called in CSL, RIS and BibTeX, and its name as genre."""

    csl: str
    ris: str
    bibtex: str
    genre: str


REPORT = ("report", "RPRT", "techreport")
LETTER = ("personal_communication", "PCOMM", "misc")
LEGAL = ("legislation", "LEGAL", "misc")
TYPES: dict[str, EntryType] = {
    "advies": EntryType(*REPORT, "Advies"),
    "rapport": EntryType(*REPORT, "Rapport"),
    "jaarverslag": EntryType(*REPORT, "Jaarverslag"),
    "verslag": EntryType(*REPORT, "Verslag"),
    "nota": EntryType(*REPORT, "Nota"),
    "persbericht": EntryType(*REPORT, "Persbericht"),
    "brief": EntryType(*LETTER, "Brief"),
    "besluit": EntryType(*LEGAL, "Besluit"),
    "verordening": EntryType(*LEGAL, "Verordening"),
}
GENERIC = EntryType("document", "GEN", "misc", "Document")


@dataclass(frozen=True)
class Reference:
    """One entry, whatever the output format."""

    key: str
    kind: EntryType
    title: str
    organisation: str | None
    date: str | None
    first_page: int | None
    last_page: int | None
    note: str
    path: str
    url: str
    abstract: str | None = None
    pages: int | None = None


def references(
    hits: Sequence[Hit], documents: Mapping[str, IndexedDocument], *, per_document: bool = False
) -> list[Reference]:
    """The hits as references (``documents`` by doc id gives organisation and page
    count): one per passage, or one per document (in order of its best hit) naming the
    pages of its passages."""
    if not per_document:
        return [_passage_reference(hit, documents.get(hit.doc_id)) for hit in hits]
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.doc_id, []).append(hit)
    return [_document_reference(group, documents.get(doc_id)) for doc_id, group in grouped.items()]


def _passage_reference(hit: Hit, document: IndexedDocument | None) -> Reference:
    last = hit.page_end or hit.page
    notes = [f"§ {hit.section}"] if hit.section else []
    if hit.page_label and hit.page_label != str(hit.page):
        notes.append(f"printed page {hit.page_label}")
    notes.append(f"passage {hit.passage_id}")
    return Reference(
        key=_key(hit.passage_id),
        kind=TYPES.get(hit.doc_type or "", GENERIC),
        title=hit.title,
        organisation=document.organisation if document else None,
        date=document.date if document and document.date else hit.date,
        first_page=hit.page,
        last_page=last if hit.page is not None else None,
        note="; ".join(notes),
        path=hit.source,
        url=file_link(hit.source, hit.page),
        abstract=hit.text,
        pages=document.pages if document else None,
    )


def _document_reference(hits: list[Hit], document: IndexedDocument | None) -> Reference:
    first = hits[0]
    pages = sorted({hit.page for hit in hits if hit.page is not None})
    sections = list(dict.fromkeys(hit.section for hit in hits if hit.section))
    notes = []
    if pages:
        notes.append("passages on p. " + ", ".join(map(str, pages)))
    if sections:
        notes.append("§ " + "; § ".join(sections))
    return Reference(
        key=_key(first.doc_id),
        kind=TYPES.get(first.doc_type or "", GENERIC),
        title=first.title,
        organisation=document.organisation if document else None,
        date=document.date if document and document.date else first.date,
        first_page=None,
        last_page=None,
        note="; ".join(notes),
        path=first.source,
        url=file_link(first.source),
        pages=document.pages if document else None,
    )


def _key(identifier: str) -> str:
    """A citation key from a passage or document id (letters, digits, ``-_:``)."""
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", identifier)


def _date_parts(date: str | None) -> list[int]:
    return [int(part) for part in date.split("-")] if date else []


def to_ris(refs: Sequence[Reference]) -> str:
    """RIS: tagged lines, one record per reference ended by ``ER``."""
    blocks = []
    for ref in refs:
        tags = [("TY", ref.kind.ris), ("ID", ref.key), ("TI", ref.title)]
        if ref.organisation:
            tags.append(("AU", ref.organisation))
        if ref.date:
            parts = ref.date.split("-")
            tags.append(("PY", parts[0]))
            tags.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
        if ref.first_page is not None:
            tags.append(("SP", str(ref.first_page)))
            tags.append(("EP", str(ref.last_page)))
        tags.append(("M3", ref.kind.genre))
        if ref.note:
            tags.append(("N1", ref.note))
        if ref.abstract:
            tags.append(("AB", ref.abstract))
        tags += [("L1", ref.path), ("UR", ref.url), ("LA", "nl")]
        lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags]
        blocks.append("\n".join([*lines, "ER  - "]) + "\n")
    return "\n".join(blocks)


def _one_line(text: str) -> str:
    return " ".join(text.split())


BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(map(re.escape, BIBTEX_SPECIALS)))


def bibtex_text(text: str) -> str:
    """Text with the characters TeX treats specially escaped, on one line."""
    return _BIBTEX_SPECIAL.sub(lambda match: BIBTEX_SPECIALS[match.group()], _one_line(text))


def to_bibtex(refs: Sequence[Reference]) -> str:
    """BibTeX (UTF-8): reports as ``@techreport`` with the organisation as
    institution, other documents as ``@misc``; title and corporate author in double
    braces so styles keep them as written."""
    entries = []
    for ref in refs:
        fields = [("title", "{" + bibtex_text(ref.title) + "}")]
        if ref.organisation:
            fields.append(("author", "{" + bibtex_text(ref.organisation) + "}"))
            if ref.kind.bibtex == "techreport":
                fields.append(("institution", bibtex_text(ref.organisation)))
        if ref.date:
            fields.append(("year", ref.date[:4]))
            fields.append(("date", ref.date))
        fields.append(
            ("type" if ref.kind.bibtex == "techreport" else "howpublished", ref.kind.genre)
        )
        if ref.first_page is not None:
            span = ref.first_page if ref.last_page == ref.first_page else None
            pages = str(span) if span is not None else f"{ref.first_page}--{ref.last_page}"
            fields.append(("pages", pages))
        if ref.note:
            fields.append(("note", bibtex_text(ref.note)))
        if ref.abstract:
            fields.append(("abstract", bibtex_text(ref.abstract)))
        plain = {"{": "(", "}": ")"}
        fields += [
            ("file", "".join(plain.get(char, char) for char in ref.path)),
            ("url", "".join(plain.get(char, char) for char in ref.url)),
            ("language", "dutch"),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{ref.kind.bibtex}{{{ref.key},\n{body}\n}}\n")
    return "\n".join(entries)


def to_csljson(refs: Sequence[Reference]) -> str:
    """CSL-JSON: an array of items as citeproc processors and Zotero read them."""
    items = []
    for ref in refs:
        item: dict[str, object] = {"id": ref.key, "type": ref.kind.csl, "title": ref.title}
        if ref.organisation:
            item["author"] = [{"literal": ref.organisation}]
        if ref.date:
            item["issued"] = {"date-parts": [_date_parts(ref.date)]}
        item["genre"] = ref.kind.genre
        if ref.first_page is not None:
            same = ref.last_page == ref.first_page
            item["page"] = str(ref.first_page) if same else f"{ref.first_page}-{ref.last_page}"
        if ref.pages is not None:
            item["number-of-pages"] = ref.pages
        if ref.note:
            item["note"] = ref.note
        if ref.abstract:
            item["abstract"] = ref.abstract
        item["URL"] = ref.url
        item["archive_location"] = ref.path
        item["language"] = "nl"
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


CITATION_FORMATTERS: dict[str, Callable[[Sequence[Reference]], str]] = {
    "ris": to_ris,
    "bibtex": to_bibtex,
    "csljson": to_csljson,
}

"""What the templates show: hits and passages as plain values, text cut into marked
and unmarked pieces (the templates escape every piece)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from sersearch.models import Hit, Passage


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool


@dataclass(frozen=True)
class HitView:
    rank: int
    title: str
    citation: str
    date: str | None
    doc_type: str | None
    page: int | None
    page_label: str | None
    section: str | None
    source_name: str
    ocr: bool
    pieces: tuple[Piece, ...]
    file_url: str
    context_url: str


def pieces(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[Piece, ...]:
    """``text`` cut at the highlight spans (overlapping spans are skipped, as in the
    Markdown export)."""
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position or start >= end:
            continue
        if start > position:
            out.append(Piece(text[position:start], False))
        out.append(Piece(text[start:end], True))
        position = end
    if position < len(text) or not out:
        out.append(Piece(text[position:], False))
    return tuple(out)


def document_url(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def file_url(doc_id: str, page: int | None = None) -> str:
    """The file's address; a PDF viewer opens it at ``page``."""
    return f"{document_url(doc_id)}/file" + (f"#page={page}" if page else "")


def anchor(passage_id: str) -> str:
    """The id of a passage's element in the document view."""
    return "passage-" + passage_id.rsplit(":", 1)[-1] if ":" in passage_id else passage_id


def context_url(hit: Hit, query: str) -> str:
    """The passage in its document, with the query's words highlighted there too."""
    return f"{document_url(hit.doc_id)}?{urlencode({'q': query})}#{anchor(hit.passage_id)}"


def hit_view(hit: Hit, query: str) -> HitView:
    return HitView(
        rank=hit.rank,
        title=hit.title or Path(hit.source).name,
        citation=hit.citation,
        date=hit.date or (str(hit.year) if hit.year else None),
        doc_type=hit.doc_type,
        page=hit.page,
        page_label=hit.page_label if hit.page_label != str(hit.page) else None,
        section=hit.section,
        source_name=Path(hit.source).name,
        ocr=hit.ocr,
        pieces=pieces(hit.text, hit.highlights),
        file_url=file_url(hit.doc_id, hit.page),
        context_url=context_url(hit, query),
    )


@dataclass(frozen=True)
class PassageView:
    anchor: str
    page: int | None
    page_label: str | None
    section: str | None
    new_page: bool
    new_section: bool
    pieces: tuple[Piece, ...]
    matched: bool


def passage_views(
    passages: list[Passage], highlights: dict[str, tuple[tuple[int, int], ...]]
) -> list[PassageView]:
    """A document's passages in order, marking where a new page or section starts."""
    views, page, section = [], object(), object()
    for passage in passages:
        spans = highlights.get(passage.passage_id, ())
        views.append(
            PassageView(
                anchor=anchor(passage.passage_id),
                page=passage.page,
                page_label=passage.page_label if passage.page_label != str(passage.page) else None,
                section=passage.section,
                new_page=passage.page is not None and passage.page != page,
                new_section=bool(passage.section) and passage.section != section,
                pieces=pieces(passage.text, spans),
                matched=bool(spans),
            )
        )
        page, section = passage.page, passage.section
    return views

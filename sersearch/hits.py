"""Stored passage records as ranked, cited hits: highlights and the citation line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from sersearch.models import Hit


class Highlighter:
    """Character spans of the passage words that match the query, as written.

    Only words containing a query term's core (see ``term_core``) are analysed: the
    first time a word is analysed costs its compound splitting, which dominates the
    time of a one-off search."""

    def __init__(self, terms: Iterable[tuple[str, str]]) -> None:
        from sersearch.analysis.words import term_core

        self.stems = {text for fieldname, text in terms if fieldname in ("text", "title")}
        cores = {term_core(stem) for stem in self.stems}
        self._cores = None if None in cores else re.compile("|".join(map(re.escape, cores)))

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """The words of ``text`` whose index terms (as the text field analyses them)
        include a query term."""
        from sersearch.analysis.analyzer import TOKEN_PATTERN
        from sersearch.analysis.words import DEFAULT_STEMMER, analyser, skeleton

        if not self.stems:
            return ()
        analyse, cores, stems = analyser(DEFAULT_STEMMER, True), self._cores, self.stems
        return tuple(
            match.span()
            for match in re.finditer(TOKEN_PATTERN, text)
            if (cores is None or cores.search(skeleton(match.group())))
            and not stems.isdisjoint(analyse(match.group()))
        )


def to_hit(rank: int, score: float, fields: dict[str, Any], highlighter: Highlighter) -> Hit:
    """A stored passage record as a ranked, cited hit."""
    date_text: str | None = fields.get("date")
    title, source = fields.get("title", ""), fields["source"]
    page, page_label = fields.get("page"), fields.get("page_label")
    page_end = fields.get("page_end")
    section = fields.get("section") or None
    ocr = bool(fields.get("ocr"))
    reference = fields.get("reference")
    message = (fields.get("message_date"), fields.get("message_subject"))
    return Hit(
        rank=rank,
        score=score,
        passage_id=fields["passage_id"],
        doc_id=fields["doc_id"],
        title=title,
        date=date_text if date_text and len(date_text) == 10 else None,
        year=int(date_text[:4]) if date_text else None,
        doc_type=fields.get("doc_type") or None,
        page=page,
        page_label=page_label,
        section=section,
        text=fields["text"],
        source=source,
        citation=citation(
            title,
            date_text,
            page,
            page_label,
            section,
            source,
            page_end=page_end,
            ocr=ocr,
            reference=reference,
            message=message,
        ),
        highlights=highlighter.spans(fields["text"]),
        page_end=page_end,
        sources=tuple(fields.get("sources") or (source,)),
        ocr=ocr,
        reference=reference,
        subject=fields.get("subject"),
        message_date=message[0],
        message_subject=message[1],
    )


def citation(
    title: str,
    date: str | None,
    page: int | None,
    page_label: str | None,
    section: str | None,
    source: str,
    *,
    page_end: int | None = None,
    ocr: bool = False,
    reference: str | None = None,
    message: tuple[str | None, str | None] = (None, None),
) -> str:
    """One human-readable line: title, date, a letter's reference (``kenmerk …``),
    pages (``p. 17–18``), the e-mail the passage belongs to, section, file; "(OCR)"
    after the pages when their text was read by OCR (it may hold misread words)."""
    parts = [title]
    if date:
        parts.append(date)
    if reference:
        parts.append(f"kenmerk {reference}")
    if page is not None:
        label = page_label if page_label and page_label != str(page) else None
        pages = f"{page}–{page_end}" if page_end and page_end > page else str(page)
        parts.append(f"p. {pages}" + (f" ({label})" if label else "") + (" (OCR)" if ocr else ""))
    message_date, message_subject = message
    if message_date or message_subject:
        about = f" “{message_subject}”" if message_subject else ""
        parts.append(f"e-mail{f' {message_date}' if message_date else ''}{about}")
    if section:
        parts.append(f"§ {section}")
    parts.append(os.path.basename(source))
    return ", ".join(parts)

"""Cleaned pages → passages: paragraphs with their page and section heading path.

Paragraphs follow the document's own breaks. Headings are not passages; they become
the ``section`` of the passages under them, as a path: ``3 Werkwijze › 3.1 Samenstelling``.
Where the source marks its headings with a level (Word heading styles, HTML ``h1``–``h6``,
Markdown ``#``), those marks are the headings and nest by level; elsewhere headings are
found by their numbering (``3.1 Samenstelling``) or a larger or bold font. Short
paragraphs are merged with the next one and long ones are split at sentence ends,
so that every passage is about one paragraph long.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from sersearch.cleaning.letterhead import ROLE as LETTERHEAD
from sersearch.cleaning.pagelines import body_font_size
from sersearch.models import Line, Page, Passage

SECTION_SEPARATOR = " › "
MIN_WORDS = 40
TARGET_WORDS = 150
MAX_WORDS = 220
MAX_HEADING_CHARS = 100
# A numbered line in body type this short can be a heading (``3 Werkwijze``); longer
# ones must be set apart by size or weight.
SHORT_HEADING_WORDS = 6

_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
_BACK_MATTER = re.compile(
    r"^(?:bijlagen?|appendix|annex|literatuur(?:lijst)?|bronnen|referenties|samenvatting"
    r"|summary|afkortingen(?:lijst)?)\b",
    re.IGNORECASE,
)
_CONTENTS_TITLE = re.compile(
    r"^(?:inhoud|inhoudsopgave|inhoudstafel|table of contents|contents)$", re.IGNORECASE
)
CONTENTS_TITLE_LINES = 5
MIN_CONTENTS_ENTRIES = 5
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…|\s)\s*\d{1,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9À-Ý•])")
_SENTENCE_PUNCTUATION = (".", "!", "?", ":", ";", "…")
_CONTINUATION_WORDS = frozenset(
    ("en", "of", "van", "de", "het", "een", "voor", "in", "op", "met", "door", "aan", "tot", "bij")
)


@dataclass(frozen=True)
class Heading:
    """A section heading; ``number`` is its numbering (``(3, 1)``) when it has one,
    ``level`` the level the source marks it with (1 = top) when it does."""

    text: str
    number: tuple[int, ...] | None = None
    level: int | None = None


@dataclass
class _Paragraph:
    lines: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # the page of each line

    def add(self, text: str, page: Page) -> None:
        self.lines.append(text)
        self.pages.append(page)

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)

    def page_finder(self) -> Callable[[int], Page]:
        """``page_at(offset)``: the page of the character at ``offset`` of ``text``."""
        ends = list(accumulate(len(line) + 1 for line in self.lines))  # each line's end + 1

        def page_at(offset: int) -> Page:
            index = bisect_left(ends, offset + 1)
            return self.pages[index] if index < len(ends) else self.pages[-1]

        return page_at


@dataclass(frozen=True)
class _Chunk:
    text: str
    first: Page
    last: Page


def build_passages(doc_id: str, pages: Sequence[Page], *, paged: bool = True) -> list[Passage]:
    """Cut a document's cleaned pages into passages with page and section metadata."""
    passages: list[Passage] = []
    for section, paragraphs in _sections(pages):
        for chunk in _sized_chunks(paragraphs):
            ordinal = len(passages) + 1
            passages.append(
                Passage(
                    passage_id=f"{doc_id}:{ordinal:04d}",
                    doc_id=doc_id,
                    ordinal=ordinal,
                    text=chunk.text,
                    page=chunk.first.number if paged else None,
                    page_label=chunk.first.label if paged else None,
                    section=section,
                    page_end=chunk.last.number if paged else None,
                    ocr=chunk.first.ocr or chunk.last.ocr,
                )
            )
    return passages


def _sections(pages: Sequence[Page]) -> Iterator[tuple[str | None, list[_Paragraph]]]:
    """The paragraphs of each section, with the section's heading path.

    A heading's text opens the first passage under it (so no word of it is lost to
    search); a table-of-contents page has no headings. A letterhead block becomes a
    paragraph of its own, placed where the paragraph it interrupted ends, so it never
    splits a sentence. Footnotes come last, one passage per page and note, with the
    role (``voetnoot 3``) as their section.
    """
    marked = any(line.heading for page in pages for line in page.lines)
    detector = _HeadingDetector(body_font_size(pages), marked=marked)
    trail: list[Heading] = []
    paragraphs: list[_Paragraph] = []
    current = _Paragraph()
    pending: list[tuple[str, Page]] = []  # heading lines waiting for their first passage
    set_apart: dict[tuple[int, str], _Paragraph] = {}
    letterhead = _Paragraph()
    after_heading = False
    for page in pages:
        contents = is_contents_page(page)
        for line in (*page.lines, Line("")):
            text = line.text.strip()
            if line.role == LETTERHEAD and text:
                letterhead.add(text, page)
                continue
            if line.role and text:
                set_apart.setdefault((page.number, line.role), _Paragraph()).add(text, page)
                continue
            if not text:
                after_heading = False
                if current.lines and _ends_paragraph(current, page):
                    paragraphs.append(current)
                    current = _Paragraph()
                continue
            heading = None if contents else detector.heading(line, trail)
            if heading is not None:
                if current.lines:
                    paragraphs.append(current)
                    current = _Paragraph()
                if letterhead.lines:
                    paragraphs.append(letterhead)
                    letterhead = _Paragraph()
                if paragraphs:
                    yield _path(trail), paragraphs
                    paragraphs = []
                trail = _descend(trail, heading)
                pending.append((text, page))
                after_heading = heading.level is None
            elif after_heading and _continues_heading(trail[-1], text):
                trail[-1] = Heading(f"{trail[-1].text} {text}", trail[-1].number)
                pending.append((text, page))
            else:
                if not current.lines and letterhead.lines:
                    if paragraphs and not pending and _runs_on(paragraphs[-1], text):
                        current = paragraphs.pop()  # the sentence the letterhead interrupted
                    else:
                        paragraphs.append(letterhead)
                        letterhead = _Paragraph()
                for heading_text, heading_page in pending:
                    current.add(heading_text, heading_page)
                pending = []
                current.add(text, page)
                after_heading = False
    for heading_text, heading_page in pending:
        current.add(heading_text, heading_page)
    paragraphs.extend(part for part in (current, letterhead) if part.lines)
    if paragraphs:
        yield _path(trail), paragraphs
    for (_, role), paragraph in set_apart.items():
        yield role, [paragraph]


def is_contents_page(page: Page) -> bool:
    """A table of contents: titled so near the top of the page, or mostly entries
    that end in a page number."""
    texts = [line.text.strip() for line in page.lines if line.text.strip()]
    if any(_CONTENTS_TITLE.match(text) for text in texts[:CONTENTS_TITLE_LINES]):
        return True
    entries = sum(
        bool(_TOC_ENTRY.search(text)) and _looks_like_title(text.lstrip("0123456789. "))
        for text in texts
    )
    return entries >= MIN_CONTENTS_ENTRIES and entries * 2 >= len(texts)


def _runs_on(paragraph: _Paragraph, text: str) -> bool:
    """Whether ``text`` continues the sentence that ``paragraph`` leaves open."""
    return not paragraph.text.endswith(_SENTENCE_PUNCTUATION) and text[:1].islower()


def _ends_paragraph(paragraph: _Paragraph, page: Page) -> bool:
    """A break at the end of a page ends a paragraph only at the end of a sentence,
    so paragraphs run on across page breaks."""
    return paragraph.pages[-1] is page or paragraph.text.endswith(_SENTENCE_PUNCTUATION)


def _continues_heading(heading: Heading, text: str) -> bool:
    """``3.3 Meerwaarde van SER-adviezen door combinatie van kennis en`` / ``draagvlak``."""
    last_word = heading.text.rsplit(maxsplit=1)[-1].lower()
    return (
        last_word in _CONTINUATION_WORDS
        and len(text.split()) <= 4
        and not text.endswith(_SENTENCE_PUNCTUATION)
    )


class _HeadingDetector:
    """Recognises headings: numbered ones that continue the document's numbering, and
    short lines set apart in a larger or bold font."""

    def __init__(self, body_size: float | None, *, marked: bool = False) -> None:
        self.body_size = body_size
        self.marked = marked

    def heading(self, line: Line, trail: Sequence[Heading]) -> Heading | None:
        text = line.text.strip()
        if self.marked:  # the source marks its headings: only those are headings
            return Heading(text, level=line.heading) if line.heading else None
        if len(text) > MAX_HEADING_CHARS or text.endswith((",", ";", ".")):
            return None
        numbered = self._numbered(text, trail) if self._may_be_numbered(line) else None
        if numbered is not None:
            return numbered
        if self._set_apart(line) and _looks_like_title(text):
            return Heading(text)
        return None

    def _numbered(self, text: str, trail: Sequence[Heading]) -> Heading | None:
        match = _NUMBERED_HEADING.match(text)
        if not match or not _looks_like_title(match["title"]) or _TOC_ENTRY.search(text):
            return None
        number = tuple(int(part) for part in match["number"].split("."))
        last = next((h.number for h in reversed(trail) if h.number), None)
        return Heading(text, number) if _follows(last, number) else None

    def _may_be_numbered(self, line: Line) -> bool:
        """Where fonts are known, a numbered heading is not set smaller than the body
        text (a footnote) and, unless short, is set apart (not a numbered list item)."""
        if not self.body_size or not line.size:
            return True
        if line.size < self.body_size * 0.95:
            return False
        return self._set_apart(line) or len(line.text.split()) <= SHORT_HEADING_WORDS

    def _set_apart(self, line: Line) -> bool:
        if not self.body_size or not line.size:
            return False
        return line.size >= self.body_size * 1.15 or (
            line.bold and line.size >= self.body_size and len(line.text.split()) <= 12
        )


def _follows(last: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    """Whether ``number`` can be the next heading number after ``last``: the next
    sibling of ``last`` or of one of its ancestors, or its first child."""
    if number[0] == 0:
        return False
    if last is None:
        return number[0] <= 30
    if number[: len(last)] == last and len(number) == len(last) + 1:
        return number[-1] == 1
    for depth in range(len(last), 0, -1):
        if (
            number[: depth - 1] == last[: depth - 1]
            and len(number) >= depth
            and number[depth - 1] == last[depth - 1] + 1
            and all(part == 1 for part in number[depth:])
        ):
            return True
    return False


def _looks_like_title(title: str) -> bool:
    words = title.split()
    letters = sum(ch.isalpha() for ch in title)
    return (
        0 < len(words) <= 12 and title[0].isupper() and letters >= 0.6 * len(title.replace(" ", ""))
    )


def _descend(trail: Sequence[Heading], heading: Heading) -> list[Heading]:
    """The heading path after ``heading``: marked headings nest by their level,
    numbered ones by their number; unnumbered ones sit below the deepest numbered
    heading, except an appendix, summary or reference list, which closes the
    numbered chapters."""
    if heading.level is not None:
        return [*(h for h in trail if h.level is not None and h.level < heading.level), heading]
    numbered = [h for h in trail if h.number is not None]
    if heading.number is None and _BACK_MATTER.match(heading.text):
        return [heading]
    if heading.number is None:
        return [*numbered, heading]
    kept = [
        h
        for h in numbered
        if len(h.number or ()) < len(heading.number)
        and heading.number[: len(h.number or ())] == h.number
    ]
    return [*kept, heading]


def _path(trail: Sequence[Heading]) -> str | None:
    return SECTION_SEPARATOR.join(h.text for h in trail) or None


def _sized_chunks(paragraphs: Sequence[_Paragraph]) -> Iterator[_Chunk]:
    """Passages of about a paragraph: short paragraphs merge with the next one
    (a short last one with the one before), long ones split at sentence ends."""
    groups: list[list[_Paragraph]] = []
    group: list[_Paragraph] = []
    for paragraph in paragraphs:
        group.append(paragraph)
        if sum(p.words for p in group) >= MIN_WORDS:
            groups.append(group)
            group = []
    if group:
        if groups and sum(p.words for p in group) < MIN_WORDS // 2:
            groups[-1].extend(group)
        else:
            groups.append(group)
    for chunk in groups:
        yield from _split_long(chunk)


def _split_long(group: Sequence[_Paragraph]) -> Iterator[_Chunk]:
    """The group as one passage, or cut at sentence ends into passages of about
    ``TARGET_WORDS``, each with the pages of its first and last word."""
    if sum(paragraph.words for paragraph in group) <= MAX_WORDS:
        text = " ".join(paragraph.text for paragraph in group)
        yield _Chunk(text, group[0].pages[0], group[-1].pages[-1])
        return
    chunk: list[str] = []
    first = last = group[0].pages[0]
    words = 0
    for paragraph in group:
        page_at = paragraph.page_finder()
        for sentence, start in _sentences(paragraph.text):
            if not chunk:
                first = page_at(start)
            chunk.append(sentence)
            last = page_at(start + len(sentence) - 1)
            words += len(sentence.split())
            if words >= TARGET_WORDS:
                yield _Chunk(" ".join(chunk), first, last)
                chunk, words = [], 0
    if chunk:
        yield _Chunk(" ".join(chunk), first, last)


def _sentences(text: str) -> Iterator[tuple[str, int]]:
    """The sentences of ``text`` (closing quotes kept) with the offset where each starts."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield text[start : match.start()] + match.group().rstrip(), start
        start = match.end()
    yield text[start:], start

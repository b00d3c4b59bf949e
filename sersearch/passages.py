"""Cleaned pages → passages: paragraphs with their page and section heading path.

Paragraphs follow the document's own breaks. Headings (numbered like ``3.1 Samenstelling``,
or set apart in a larger or bold font) are not passages; they become the ``section``
of the passages under them, as a path: ``3 Werkwijze › 3.1 Samenstelling``. Short
paragraphs are merged with the next one and long ones are split at sentence ends,
so that every passage is about one paragraph long.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

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
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…|\s)\s*\d{1,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9À-Ý•])")
_SENTENCE_PUNCTUATION = (".", "!", "?", ":", ";", "…")
_CONTINUATION_WORDS = frozenset(
    ("en", "of", "van", "de", "het", "een", "voor", "in", "op", "met", "door", "aan", "tot", "bij")
)


@dataclass(frozen=True)
class Heading:
    """A section heading; ``number`` is its numbering (``(3, 1)``) when it has one."""

    text: str
    number: tuple[int, ...] | None = None


@dataclass
class _Paragraph:
    lines: list[str] = field(default_factory=list)
    page: int = 0
    page_label: str | None = None
    ocr: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


def build_passages(doc_id: str, pages: Sequence[Page], *, paged: bool = True) -> list[Passage]:
    """Cut a document's cleaned pages into passages with page and section metadata."""
    passages: list[Passage] = []
    for section, paragraphs in _sections(pages):
        for text, first, ocr in _sized_chunks(paragraphs):
            ordinal = len(passages) + 1
            passages.append(
                Passage(
                    passage_id=f"{doc_id}:{ordinal:04d}",
                    doc_id=doc_id,
                    ordinal=ordinal,
                    text=text,
                    page=first.page if paged else None,
                    page_label=first.page_label if paged else None,
                    section=section,
                    ocr=ocr,
                )
            )
    return passages


def _sections(pages: Sequence[Page]) -> Iterator[tuple[str | None, list[_Paragraph]]]:
    """The paragraphs of each section, with the section's heading path."""
    detector = _HeadingDetector(_body_font_size(pages))
    trail: list[Heading] = []
    paragraphs: list[_Paragraph] = []
    current = _Paragraph()
    after_heading = False
    for page in pages:
        for line in (*page.lines, Line("")):
            text = line.text.strip()
            if not text:
                after_heading = False
                if current.lines and _ends_paragraph(current, page):
                    paragraphs.append(current)
                    current = _Paragraph()
                continue
            heading = detector.heading(line, trail)
            if heading is not None:
                if current.lines:
                    paragraphs.append(current)
                    current = _Paragraph()
                if paragraphs:
                    yield _path(trail), paragraphs
                    paragraphs = []
                trail = _descend(trail, heading)
                after_heading = True
            elif after_heading and _continues_heading(trail[-1], text):
                trail[-1] = Heading(f"{trail[-1].text} {text}", trail[-1].number)
            else:
                if not current.lines:
                    current.page, current.page_label = page.number, page.label
                current.lines.append(text)
                current.ocr = current.ocr or page.ocr
                after_heading = False
    if current.lines:
        paragraphs.append(current)
    if paragraphs:
        yield _path(trail), paragraphs


def _ends_paragraph(paragraph: _Paragraph, page: Page) -> bool:
    """A break at the end of a page ends a paragraph only at the end of a sentence,
    so paragraphs run on across page breaks."""
    return paragraph.page == page.number or paragraph.text.endswith(_SENTENCE_PUNCTUATION)


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

    def __init__(self, body_size: float | None) -> None:
        self.body_size = body_size

    def heading(self, line: Line, trail: Sequence[Heading]) -> Heading | None:
        text = line.text.strip()
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


def _body_font_size(pages: Sequence[Page]) -> float | None:
    """The font size that carries most characters: the size of ordinary text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if line.size:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _descend(trail: Sequence[Heading], heading: Heading) -> list[Heading]:
    """The heading path after ``heading``: numbered headings nest by their number,
    unnumbered ones sit below the deepest numbered heading."""
    numbered = [h for h in trail if h.number is not None]
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


def _sized_chunks(paragraphs: Sequence[_Paragraph]) -> Iterator[tuple[str, _Paragraph, bool]]:
    """Passages of about a paragraph: short paragraphs merge with the next one
    (a short last one with the one before), long ones split at sentence ends; each
    with whether its group of paragraphs holds text read by OCR."""
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
        ocr = any(paragraph.ocr for paragraph in chunk)
        for text, first in _split_long(chunk):
            yield text, first, ocr


def _split_long(group: Sequence[_Paragraph]) -> Iterator[tuple[str, _Paragraph]]:
    """The group as one passage, or cut at sentence ends into passages of about
    ``TARGET_WORDS``, each cited with the page where it starts."""
    if sum(paragraph.words for paragraph in group) <= MAX_WORDS:
        yield " ".join(paragraph.text for paragraph in group), group[0]
        return
    chunk: list[str] = []
    start = group[0]
    words = 0
    for paragraph in group:
        for sentence in _SENTENCE_END.split(paragraph.text):
            if not chunk:
                start = paragraph
            chunk.append(sentence)
            words += len(sentence.split())
            if words >= TARGET_WORDS:
                yield " ".join(chunk), start
                chunk, words = [], 0
    if chunk:
        yield " ".join(chunk), start

"""Data passed between the pipeline stages: extraction → passages → index → hits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as laid out in the source.

    An empty ``text`` marks a paragraph break. ``size`` is the dominant font size
    in points when the source has fonts (PDF, Word), else ``None``. ``heading`` is
    the heading level (1 = top) when the source marks the line as a heading (Word
    heading styles, ODF outline levels, HTML ``h1``–``h6``, Markdown ``#``). ``top`` is
    where the line's top edge sits, as a share of the page height from the top (PDF
    only). ``role`` marks lines that cleaning set apart from the running text:
    ``"briefhoofd"`` (a letterhead block) or ``"voetnoot N"`` (footnote N); they become
    passages of their own with that section.
    """

    text: str
    size: float | None = None
    bold: bool = False
    heading: int | None = None
    top: float | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One physical page: ``number`` is 1-based, ``label`` the printed page label.

    ``ocr`` is true when the page's text was recognised by OCR: read from the page
    image by Tesseract here, or an OCR layer the scanner put in the file (invisible
    text, or text under a page-sized image). Its glyph sizes and baselines are
    unreliable, and its words may be misread.
    """

    number: int
    lines: tuple[Line, ...]
    label: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class Extraction:
    """What a file yields before cleaning: its pages plus whatever metadata it carries.

    ``paged`` is false for sources without physical pages (plain-text letters);
    their passages then cite no page. ``info`` holds the PDF info dictionary
    (``Title``, ``Author``, ``CreationDate`` …) with decoded string values; other
    formats fill the same keys from their own metadata. ``parts`` are documents
    carried inside the file (an e-mail's attachments), each indexed on its own.
    """

    pages: tuple[Page, ...]
    paged: bool = True
    info: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Part:
    """A document inside another file: its ``name`` there (an attachment's file name)
    and what it yields."""

    name: str
    extraction: Extraction


@dataclass(frozen=True)
class DocumentMeta:
    """Descriptive metadata of a document, from the catalog, its text or its file name.

    ``date`` is ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: as precise as known.
    ``reference`` and ``subject`` come from a letter's letterhead (Kenmerk, Onderwerp).
    """

    title: str
    date: str | None = None
    doc_type: str | None = None
    organisation: str | None = None
    reference: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class Passage:
    """A citable piece of a document: about a paragraph.

    ``page`` is the page of its first word, ``page_end`` that of its last word;
    ``ocr`` is true when some of its text was recognised by OCR. ``message_date``
    and ``message_subject`` are those of the e-mail the passage belongs to, where a
    PDF holds e-mails whose header block was recognised (see ``messages``).
    """

    passage_id: str
    doc_id: str
    ordinal: int
    text: str
    page: int | None = None
    page_label: str | None = None
    section: str | None = None
    page_end: int | None = None
    ocr: bool = False
    message_date: str | None = None
    message_subject: str | None = None


@dataclass(frozen=True)
class OcrWork:
    """The OCR one file took in this run: pages read by Tesseract, pages taken from
    the OCR cache, and the seconds spent reading."""

    pages: int = 0
    cached: int = 0
    seconds: float = 0.0

    def __add__(self, other: OcrWork) -> OcrWork:
        return OcrWork(
            self.pages + other.pages, self.cached + other.cached, self.seconds + other.seconds
        )


@dataclass(frozen=True)
class Document:
    """An indexed document: its identity, where it came from and its passages.

    ``part`` names the document inside its file (an e-mail attachment) when one file
    yields several documents; it is ``None`` for the file's own document."""

    doc_id: str
    source: str
    sha256: str
    meta: DocumentMeta
    passages: tuple[Passage, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    part: str | None = None
    ocr_pages: int = 0
    ocr_work: OcrWork = field(default_factory=OcrWork)


@dataclass(frozen=True)
class Hit:
    """One ranked search result: a passage with its document's citation fields.

    ``reference`` and ``subject`` are the document's letterhead Kenmerk and
    Onderwerp; ``message_date`` and ``message_subject`` those of the e-mail in a PDF
    that the passage belongs to."""

    rank: int
    score: float
    passage_id: str
    doc_id: str
    title: str
    date: str | None
    year: int | None
    doc_type: str | None
    page: int | None
    page_label: str | None
    section: str | None
    text: str
    source: str
    citation: str
    highlights: tuple[tuple[int, int], ...] = ()
    page_end: int | None = None
    sources: tuple[str, ...] = ()
    ocr: bool = False
    reference: str | None = None
    subject: str | None = None
    message_date: str | None = None
    message_subject: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The export fields, in a stable order (``highlights`` as [start, end] pairs,
        ``sources`` as a list of every file holding this passage)."""
        data = asdict(self)
        data["highlights"] = [list(span) for span in self.highlights]
        data["sources"] = list(self.sources)
        return data


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text that cleaning removed, where and why (``sersearch show --removed``)."""

    page: int
    reason: str
    text: str

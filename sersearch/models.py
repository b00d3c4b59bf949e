"""Data passed between the pipeline stages: extraction → passages → index → hits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as laid out in the source.

    An empty ``text`` marks a paragraph break. ``size`` is the dominant font size
    in points when the source has fonts (PDF), else ``None``.
    """

    text: str
    size: float | None = None
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """One physical page: ``number`` is 1-based, ``label`` the printed page label;
    ``ocr`` is true when its text was read by OCR from the page image."""

    number: int
    lines: tuple[Line, ...]
    label: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class Extraction:
    """What a file yields before cleaning: its pages plus whatever metadata it carries.

    ``paged`` is false for sources without physical pages (plain-text letters);
    their passages then cite no page. ``info`` holds the PDF info dictionary
    (``Title``, ``Author``, ``CreationDate`` …) with decoded string values.
    """

    pages: tuple[Page, ...]
    paged: bool = True
    info: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentMeta:
    """Descriptive metadata of a document, from the catalog, its text or its file name.

    ``date`` is ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: as precise as known.
    """

    title: str
    date: str | None = None
    doc_type: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Passage:
    """A citable piece of a document: about a paragraph; ``ocr`` when some of its
    text was read by OCR."""

    passage_id: str
    doc_id: str
    ordinal: int
    text: str
    page: int | None = None
    page_label: str | None = None
    section: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class OcrWork:
    """The OCR one file took in this run: pages read by Tesseract, pages taken from
    the OCR cache, and the seconds spent reading."""

    pages: int = 0
    cached: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Document:
    """An indexed document: its identity, where it came from and its passages."""

    doc_id: str
    source: str
    sha256: str
    meta: DocumentMeta
    passages: tuple[Passage, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    ocr_pages: int = 0
    ocr_work: OcrWork = field(default_factory=OcrWork)


@dataclass(frozen=True)
class Hit:
    """One ranked search result: a passage with its document's citation fields."""

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
    ocr: bool = False

    def to_dict(self) -> dict[str, object]:
        """The export fields, in a stable order (``highlights`` as [start, end] pairs)."""
        data = asdict(self)
        data["highlights"] = [list(span) for span in self.highlights]
        return data

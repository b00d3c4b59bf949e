"""Readers for documents that are not PDFs: one module per format, each turning a file
into an :class:`~sersearch.models.Extraction` of one unpaged page.

The helpers here are shared by the readers: :class:`LineBuilder` collects paragraphs
and headings in the ``Line`` convention of the extraction stage, and the size checks
refuse a file (or a zip package's content) too large to read before it is read.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sersearch.errors import NotReadableError, TooLargeError
from sersearch.models import Extraction, Line, Page, Part

# A letter, report or web page is far smaller; reading a huge file whole would take
# gigabytes of memory.
MAX_TEXT_BYTES = 32 * 2**20
# The unpacked content of a .docx/.odt package: a long report with pictures is tens
# of MB; a "zip bomb" claims gigabytes.
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_HEADING_LEVEL = 6


# The info key of a title the document's format declares (see LineBuilder.extraction).
PUBLISHED_TITLE = "PublishedTitle"


@dataclass
class LineBuilder:
    """Paragraphs and headings in reading order, each followed by a paragraph break."""

    lines: list[Line] = field(default_factory=list)

    def paragraph(self, text: str, *, size: float | None = None, bold: bool = False) -> None:
        """Add a paragraph; its line breaks (``\\n``) become lines of the paragraph."""
        rows = [" ".join(row.split()) for row in text.splitlines()]
        rows = [row for row in rows if row]
        if rows:
            self.lines.extend(Line(row, size=size, bold=bold) for row in rows)
            self.lines.append(Line(""))

    def heading(self, text: str, level: int) -> None:
        """Add a heading of ``level`` (1 = top); an empty heading is left out."""
        text = " ".join(text.split())
        if text:
            self.lines.append(Line(text, heading=max(1, min(level, MAX_HEADING_LEVEL))))
            self.lines.append(Line(""))

    def appendix(self, title: str) -> None:
        """Start a closing section (footnotes, headers and footers) under ``title``: a
        marked heading when the document marks its headings, else a short bold line
        in body type, which the passage stage takes for a heading as it does in PDFs."""
        if any(line.heading for line in self.lines):
            self.heading(title, 1)
            return
        sizes = Counter(line.size for line in self.lines if line.size)
        body = sizes.most_common(1)[0][0] if sizes else None
        self.paragraph(title, size=body, bold=True)

    def extraction(
        self,
        info: dict[str, str] | None = None,
        warnings: tuple[str, ...] = (),
        parts: tuple[Part, ...] = (),
    ) -> Extraction:
        """The collected text as one unpaged page. The format's own title (a web
        page's ``<title>`` or Dublin Core title, a Word file's title, an e-mail's
        subject) is declared by the author for this document and beats the headings
        in its text, unlike a PDF's info dictionary, which often keeps a template's."""
        info = {key: value for key, value in (info or {}).items() if value}
        if "Title" in info:
            info.setdefault(PUBLISHED_TITLE, info["Title"])
        return Extraction(
            pages=(Page(1, tuple(self.lines)),),
            paged=False,
            info=info,
            warnings=warnings,
            parts=parts,
        )


def check_size(path: Path, limit: int, kind: str) -> None:
    """Refuse ``path`` when it is larger than ``limit`` bytes (``TooLargeError``)."""
    size = path.stat().st_size
    if size > limit:
        raise TooLargeError(
            f"{path.name}: too large for {kind} ({size / 2**20:.0f} MB; "
            f"the limit is {limit // 2**20} MB): split it into smaller files"
        )


def check_package(path: Path, kind: str) -> None:
    """Refuse a zip package that is not one, or whose content would unpack to more
    than ``MAX_UNPACKED_BYTES``. The sizes are the ones the package declares; Python's
    zip reader never unpacks a member beyond its declared size, so a package that
    lies about them fails when read instead of filling memory."""
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise NotReadableError(
            f"{path.name}: not a {kind} (not a zip package), or corrupt"
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise TooLargeError(
            f"{path.name}: its content would unpack to {unpacked / 2**20:,.0f} MB "
            f"(the limit is {MAX_UNPACKED_BYTES // 2**20} MB): not read"
        )


# Dublin Core names (lower case, without a scheme prefix such as ``DCTERMS.W3CDTF/``)
# in the order each info key takes them.
_DUBLIN_CORE = {
    "Title": ("dc.title", "dcterms.title"),
    "Author": ("dc.creator", "dcterms.creator", "dc.publisher", "dcterms.publisher"),
    "Date": ("dcterms.issued", "dc.date", "dcterms.created", "dcterms.available"),
}


def dublin_core(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Info keys (``Title``, ``Author``, ``Date``) from Dublin Core name/value pairs,
    as web pages and OpenDocument files of Dutch government carry them."""
    values: dict[str, str] = {}
    for name, value in pairs:
        key = name.rsplit("/", 1)[-1].strip().lower()
        if value.strip():
            values.setdefault(key, " ".join(value.split()))
    info = {}
    for field_name, names in _DUBLIN_CORE.items():
        found = next((values[name] for name in names if name in values), "")
        if found:
            info[field_name] = iso_to_pdf_date(found) if field_name == "Date" else found
    return info


def iso_to_pdf_date(iso: str) -> str:
    """``2021-06-21T10:00:00`` → ``D:20210621`` (the form the metadata stage reads)."""
    digits = iso.strip()[:10].replace("-", "")
    return f"D:{digits}" if len(digits) == 8 and digits.isdigit() else ""


def pdf_date(moment: datetime | None) -> str:
    """A date as the PDF info dictionary writes it (``D:20241017``), the form the
    metadata stage reads; empty when unknown."""
    return f"D:{moment:%Y%m%d}" if moment else ""

"""OpenDocument text (.odt) with odfpy: paragraphs, headings (``text:h`` with their
outline level), lists, text boxes and tables in document order; metadata from
``meta.xml`` (title, creator, date)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sersearch.errors import NotReadableError
from sersearch.formats import LineBuilder, check_package, dublin_core, iso_to_pdf_date
from sersearch.models import Extraction

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
# Generated indexes repeat the headings; their entries are not the document's text.
_SKIPPED = frozenset(
    {
        (_TEXT, "table-of-content"),
        (_TEXT, "alphabetical-index"),
        (_TEXT, "illustration-index"),
        (_TEXT, "sequence-decls"),
        (_TEXT, "tracked-changes"),
        (_TABLE, "covered-table-cell"),
    }
)


def extract_odt(path: Path) -> Extraction:
    """Extract an OpenDocument text as one unpaged page."""
    from odf.opendocument import load

    check_package(path, "OpenDocument text")
    try:
        document = load(str(path))
        builder = LineBuilder()
        _walk(builder, document.text)
        info = _info(document.meta)
    except MemoryError:
        raise
    except Exception as exc:  # odfpy and its XML parser raise many kinds on a broken file
        raise NotReadableError(f"{path.name}: not a readable OpenDocument text ({exc})") from exc
    return builder.extraction(info)


def _walk(builder: LineBuilder, element: Any) -> None:
    from odf import teletype

    for child in _elements(element):
        name = child.qname
        if name == (_TEXT, "h"):
            level = child.getAttrNS(_TEXT, "outline-level") or ""
            builder.heading(teletype.extractText(child), int(level) if level.isdigit() else 1)
        elif name == (_TEXT, "p"):
            builder.paragraph(teletype.extractText(child))
        elif name == (_TABLE, "table-row"):
            cells = [
                " ".join(teletype.extractText(cell).split())
                for cell in _elements(child)
                if cell.qname == (_TABLE, "table-cell")
            ]
            builder.paragraph("\n".join(cell for cell in cells if cell))
        elif name not in _SKIPPED:
            _walk(builder, child)


def _elements(element: Any) -> Iterator[Any]:
    return (child for child in element.childNodes if child.nodeType == child.ELEMENT_NODE)


def _info(meta: Any) -> dict[str, str]:
    """Title, creator and date: Dublin Core user-defined fields first (as official
    publications carry them), then the document's own ``dc:`` properties."""
    from odf import teletype

    pairs: list[tuple[str, str]] = []
    own: dict[tuple[str, str], str] = {}
    for child in _elements(meta):
        value = " ".join(teletype.extractText(child).split())
        if child.qname == (_META, "user-defined"):
            pairs.append((child.getAttrNS(_META, "name") or "", value))
        else:
            own.setdefault(child.qname, value)
    pairs.append(("dc.title", own.get((_DC, "title"), "")))
    pairs.append(("dc.creator", own.get((_DC, "creator"), "")))
    info = dublin_core(pairs)
    created = own.get((_META, "creation-date"), "")
    info.setdefault("Date", iso_to_pdf_date(own.get((_DC, "date")) or created))
    info["CreationDate"] = iso_to_pdf_date(created)
    return info

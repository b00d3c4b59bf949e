"""Web pages (.html, .htm) with the standard library's ``html.parser``: the visible
text of ``<body>`` in reading order, headings from ``h1``–``h6``.

Scripts, styles, templates and navigation menus (``<nav>``) are not text of the
document and are left out; so are tags, attributes and ``<meta>`` content, which
become metadata instead: the title from Dublin Core (``DC.title``, as Dutch
government sites write it) or ``<title>``, the creator from ``DC.creator`` and the
date from ``DCTERMS.issued`` and its kin. Block elements end paragraphs; table
cells become lines of their row's paragraph.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from sersearch.formats import MAX_TEXT_BYTES, LineBuilder, check_size, dublin_core
from sersearch.models import Extraction

_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "svg", "head", "select"})
_BLOCKS = frozenset(
    {
        *("p", "div", "section", "article", "main", "header", "footer", "aside", "address"),
        *("ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr"),
        *("blockquote", "pre", "form", "fieldset", "figure", "figcaption", "caption", "hr"),
        *("body", "html", "center", "details", "summary", "legend"),
    }
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def extract_html(path: Path) -> Extraction:
    """Extract a web page as one unpaged page."""
    from sersearch.extract import read_bytes

    check_size(path, MAX_TEXT_BYTES, "a web page")
    text, warnings = decode_html(read_bytes(path))
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    info = dublin_core(parser.meta)
    info.setdefault("Title", parser.title)
    return parser.builder.extraction(info, warnings)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph a line (for HTML inside other
    formats: an e-mail's HTML body, raw HTML in Markdown)."""
    parser = _TextParser(in_body=True)
    parser.feed(fragment)
    parser.close()
    return "\n".join(line.text for line in parser.builder.lines if line.text)


def decode_html(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode with the charset the page declares, else as text files are decoded."""
    from sersearch.extract import decode_text

    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii")), ()
        except (LookupError, UnicodeDecodeError):
            pass
    text, encoding = decode_text(data)
    return text, (() if encoding == "utf-8" else (f"not UTF-8; decoded as {encoding}",))


class _TextParser(HTMLParser):
    """Collects paragraphs and headings; ``<title>`` and ``<meta>`` as metadata."""

    def __init__(self, *, in_body: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = LineBuilder()
        self.meta: list[tuple[str, str]] = []
        self.title = ""
        self._parts: list[str] = []
        self._skipping: list[str] = []
        self._heading: int | None = None
        self._in_title = False
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = values.get("name") or values.get("property") or ""
            self.meta.append((name, values.get("content") or ""))
        elif tag == "title":
            self._in_title = True
        elif tag == "body" and self._skipping[:1] == ["head"]:
            self._skipping.clear()  # </head> may be left out
        if self._skipping or tag in _SKIPPED:
            if (tag in _SKIPPED and tag != "head") or (tag == "head" and not self._skipping):
                self._skipping.append(tag)
            return
        if tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()
            self._pre += tag == "pre"
        elif tag in ("br", "td", "th"):  # a line break; a cell is a line of its row
            self._parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            self._pre -= tag == "pre" and self._pre > 0
        elif tag in ("td", "th"):
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += " ".join(data.split())
            return
        if self._skipping:
            return
        self._parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        if self._heading is not None:
            self.builder.heading(text, self._heading)
            self._heading = None
        else:
            self.builder.paragraph(text)

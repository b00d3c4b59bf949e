"""Markdown (.md) with markdown-it-py, a CommonMark parser: the text without its
syntax (no ``#``, ``**``, link targets or raw HTML tags), headings from ``#`` and
underlined (setext) headings, table rows as paragraphs, list numbers kept.

One departure from CommonMark, after the original Markdown: ``##Title`` without a
space after the ``#`` marks is a heading too, as converters of Dutch law texts write
them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sersearch.formats import MAX_TEXT_BYTES, LineBuilder, check_size
from sersearch.models import Extraction

_UNSPACED_ATX = re.compile(r"^( {0,3}#{1,6})(?=[^#\s])", re.MULTILINE)


def extract_markdown(path: Path) -> Extraction:
    """Extract a Markdown file as one unpaged page."""
    from sersearch.extract import decode_text, read_bytes

    check_size(path, MAX_TEXT_BYTES, "a Markdown document")
    text, encoding = decode_text(read_bytes(path))
    warnings = () if encoding == "utf-8" else (f"not UTF-8; decoded as {encoding}",)
    return markdown_lines(text).extraction(warnings=warnings)


def markdown_lines(text: str) -> LineBuilder:
    """Paragraphs and headings of a Markdown text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(_UNSPACED_ATX.sub(r"\1 ", text))
    builder = LineBuilder()
    _Walker(builder).walk(tokens)
    return builder


class _Walker:
    def __init__(self, builder: LineBuilder) -> None:
        self.builder = builder
        self.row: list[str] | None = None
        self.item_number = ""

    def walk(self, tokens: Sequence[Any]) -> None:
        heading: int | None = None
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading = int(token.tag[1])
            elif kind == "heading_close":
                heading = None
            elif kind == "list_item_open":
                self.item_number = f"{token.info}{token.markup} " if token.info else ""
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close" and self.row is not None:
                self.builder.paragraph("\n".join(cell for cell in self.row if cell))
                self.row = None
            elif kind == "inline":
                self._inline(token, heading)
            elif kind in ("fence", "code_block"):
                self.builder.paragraph(token.content)
            elif kind == "html_block":
                from sersearch.formats.html import html_text

                self.builder.paragraph(html_text(token.content))

    def _inline(self, token: Any, heading: int | None) -> None:
        text = inline_text(token.children or ())
        if self.row is not None:
            self.row.append(" ".join(text.split()))
        elif heading is not None:
            self.builder.heading(text, heading)
        else:
            self.builder.paragraph(self.item_number + text)
            self.item_number = ""


def inline_text(children: Sequence[Any]) -> str:
    """The text of inline tokens: emphasis and link syntax and HTML tags dropped, an
    image as its alt text, a hard line break as a new line."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(inline_text(child.children or ()))
    return "".join(parts)

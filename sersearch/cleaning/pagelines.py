"""Small helpers for rewriting the lines of a page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from sersearch.models import Line, Page


def map_lines(page: Page, function: Callable[[Line], Line]) -> Page:
    """The page with ``function`` applied to each line."""
    return replace_lines(page, tuple(function(line) for line in page.lines))


def replace_lines(page: Page, lines: Sequence[Line]) -> Page:
    """The page with ``lines`` (the same object when nothing changed)."""
    return page if tuple(lines) == page.lines else replace(page, lines=tuple(lines))


def body_font_size(pages: Sequence[Page]) -> float | None:
    """The font size that carries most characters: the size of ordinary text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if line.size:
                sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None

"""What is embedded for a passage: the whole passage, and windows of two sentences.

The model was trained on sentences and short paragraphs; a passage of ~100 words
blurs its sentences into one vector, so a question answered by one sentence of it
scores low. A passage therefore scores by the best of its own vector and those of
its overlapping two-sentence windows (each with the document title in front).
"""

from __future__ import annotations

import re

from sersearch.semantic.model import passage_text

# A sentence ends at . ! ? or … (closing quotes and brackets kept) before a
# capital, a digit or a bullet: the rule the passages themselves are cut by.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9À-Ý•])")
SENTENCES_PER_WINDOW = 2


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, closing quotes and brackets kept."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.start()] + match.group().rstrip())
        start = match.end()
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


def units(title: str, text: str) -> list[str]:
    """The texts embedded for a passage: the passage, then (when it has more than
    one window's worth of sentences) each window of consecutive sentences."""
    found = sentences(text)
    size = SENTENCES_PER_WINDOW
    windows = [" ".join(found[i : i + size]) for i in range(len(found) - size + 1)]
    if len(windows) <= 1:  # the passage is a window already
        windows = []
    return [passage_text(title, part) for part in [text, *windows]]

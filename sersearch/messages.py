"""E-mails inside PDFs: the passages of each e-mail get its date and subject.

Woo releases print e-mail threads into PDFs (often as an OCR layer over a scan). Each
e-mail opens with a header block: ``Van:``, ``Verzonden:``, ``Aan:``, ``CC:``,
``Onderwerp:`` (or their English forms). The block stays searchable passage text;
where at least two header lines stand together at line starts, one of them naming the
sender or the sending time, the passages from that block on carry the e-mail's date
(from ``Verzonden``/``Datum``) and subject, up to the next block. OCR often puts a
space before the colon (``Verzonden :``), which is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sersearch.cleaning.letterhead import ROLE as LETTERHEAD
from sersearch.metadata import parse_dutch_date
from sersearch.models import Page, Passage

HEADER = re.compile(
    r"^(?P<label>van|from|verzonden|sent|datum|date|aan|to|cc|bcc|onderwerp|subject)"
    r"\s?:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
SENDING = frozenset(("van", "from", "verzonden", "sent"))
DATE_LABELS = frozenset(("verzonden", "sent", "datum", "date"))
SUBJECT_LABELS = frozenset(("onderwerp", "subject"))
MIN_HEADERS = 2
BLOCK_GAP = 1  # other lines allowed between two header lines of one block
MAX_SUBJECT_CHARS = 200
LOOK_AHEAD = 3  # header blocks a passage may pass over (one not found in any passage)


@dataclass(frozen=True)
class Message:
    """One recognised e-mail header block: the text of its first line with a value (to
    find it in the passages), its date (ISO, when readable) and its subject."""

    opening: str
    date: str | None
    subject: str | None


def find_messages(pages: Sequence[Page]) -> list[Message]:
    """The e-mail header blocks of the pages, in reading order. A block's lines stand
    together (one other line between them: a long ``Aan:`` list wraps); a label seen
    again opens the next block."""
    messages: list[Message] = []
    block: list[tuple[str, str, str]] = []  # (label, value, line text)

    def close() -> None:
        if block and (message := _message(block)) is not None:
            messages.append(message)
        block.clear()

    for page in pages:
        gap = 0
        for line in page.lines:
            text = " ".join(line.text.split())
            match = HEADER.match(text) if line.role != LETTERHEAD else None
            if match:
                label = match["label"].lower()
                if any(seen == label for seen, _, _ in block):
                    close()
                block.append((label, match["value"].strip(), text))
                gap = 0
            elif text:
                gap += 1
                if gap > BLOCK_GAP:
                    close()
        close()
    return messages


def _message(block: list[tuple[str, str, str]]) -> Message | None:
    labels = {label for label, _, _ in block}
    if len(labels) < MIN_HEADERS or not labels & SENDING:
        return None
    date = next(
        (
            found
            for label, value, _ in block
            if label in DATE_LABELS and (found := parse_dutch_date(value))
        ),
        None,
    )
    subject = next((value for label, value, _ in block if label in SUBJECT_LABELS and value), None)
    opening = next((text for _, value, text in block if value), None)
    if opening is None:
        return None
    return Message(opening, date, subject[:MAX_SUBJECT_CHARS] if subject else None)


def date_passages(passages: Sequence[Passage], messages: Sequence[Message]) -> list[Passage]:
    """The passages with the date and subject of the e-mail each belongs to: the one
    whose header block it holds (the first, if it holds several), else the last one
    opened in the passages before it."""
    if not messages:
        return list(passages)
    pending = list(messages)
    current: Message | None = None
    dated = []
    for passage in passages:
        text = " ".join(passage.text.split())
        opened = _opened(text, pending)
        if opened:
            del pending[: pending.index(opened[-1]) + 1]
            dated.append(_with(passage, opened[0]))
            current = opened[-1]
        else:
            dated.append(_with(passage, current) if current else passage)
    return dated


def _opened(text: str, pending: Sequence[Message]) -> list[Message]:
    """The next messages whose header blocks ``text`` holds, in order (one whose
    block was not found in any passage is passed over, up to ``LOOK_AHEAD``)."""
    for skip in range(min(LOOK_AHEAD, len(pending))):
        position = text.find(pending[skip].opening)
        if position < 0:
            continue
        opened = [pending[skip]]
        for message in pending[skip + 1 :]:
            position = text.find(message.opening, position + 1)
            if position < 0:
                break
            opened.append(message)
        return opened
    return []


def _with(passage: Passage, message: Message) -> Passage:
    return replace(passage, message_date=message.date, message_subject=message.subject)

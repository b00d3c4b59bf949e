"""E-mails inside PDFs: the passages of each e-mail get its date and subject.

Woo releases print e-mail threads into PDFs (often as an OCR layer over a scan). Each
e-mail opens with a header block: ``Van:``, ``Verzonden:``, ``Aan:``, ``CC:``,
``Onderwerp:`` (or their English forms). The block stays searchable passage text;
where at least two header lines stand together at line starts, one of them naming the
sender or the sending time, the passages from that block on carry the e-mail's date
(from ``Verzonden``/``Datum``) and subject, up to the next block. OCR often puts a
space before the colon (``Verzonden :``) or drops it (``Verzonden 7 feb 2020 18 59``):
a label without a colon counts when it stands alone or a date (a subject) follows
its date (subject) label, so that ``Van de week …`` is no header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sersearch.cleaning.letterhead import ROLE as LETTERHEAD
from sersearch.metadata import parse_dutch_date
from sersearch.models import Page, Passage

HEADER = re.compile(
    r"^(?P<label>van|from|verzonden|sent|datum|date|aan|to|cc|bcc|onderwerp|subject)"
    r"(?:\s?:\s*(?P<value>.*)|\s+(?P<rest>.*))?$",
    re.IGNORECASE,
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ENGLISH_DATE = re.compile(
    rf"\b(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# Long labels as OCR misreads them (Ondcrwcrp, Verzondcn): same length, at most this
# many letters wrong.
LONG_LABELS = ("onderwerp", "verzonden")
MAX_MISREAD = 2
_FIRST_WORD = re.compile(r"^(?P<word>\w+)(?P<tail>.*)$", re.DOTALL)
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
            header = _header(text) if line.role != LETTERHEAD else None
            if header:
                label, value = header
                if any(seen == label for seen, _, _ in block):
                    close()
                block.append((label, value, text))
                gap = 0
            elif text:
                gap += 1
                if gap > BLOCK_GAP:
                    close()
        close()
    return messages


def _header(text: str) -> tuple[str, str] | None:
    """``(label, value)`` of an e-mail header line. OCR may drop the colon: then the
    label stands alone, or a date follows a date label, or a subject its label."""
    match = HEADER.match(_read_label(text))
    if match is None:
        return None
    label = match["label"].lower()
    if match["rest"] is None:
        return label, (match["value"] or "").strip()
    rest = match["rest"].strip()
    if (label in DATE_LABELS and message_date(rest)) or (
        label in SUBJECT_LABELS and rest[:1].isupper()
    ):
        return label, rest
    return None


def _read_label(text: str) -> str:
    """``text`` with a misread long label at its start spelled right."""
    match = _FIRST_WORD.match(text)
    if match is None:
        return text
    word = match["word"].lower()
    for label in LONG_LABELS:
        if len(word) != len(label) or word == label:
            continue
        if sum(a != b for a, b in zip(word, label, strict=True)) <= MAX_MISREAD:
            return label + match["tail"]
    return text


def message_date(text: str) -> str | None:
    """The date of an e-mail header's value, Dutch (``7 feb 2020``) or English
    (``February 7, 2020``), as ISO ``YYYY-MM-DD``."""
    if found := parse_dutch_date(text):
        return found
    match = _ENGLISH_DATE.search(text)
    if match is None:
        return None
    month = _MONTHS.index(match["month"].lower()) + 1
    try:
        return date(int(match["year"]), month, int(match["day"])).isoformat()
    except ValueError:
        return None


def _message(block: list[tuple[str, str, str]]) -> Message | None:
    """The block as an e-mail: at least two labels, the sender or the time among
    them, and a readable date or a subject."""
    labels = {label for label, _, _ in block}
    if len(labels) < MIN_HEADERS or not labels & SENDING:
        return None
    sent = next(
        (
            found
            for label, value, _ in block
            if label in DATE_LABELS and (found := message_date(value))
        ),
        None,
    )
    subject = next((value for label, value, _ in block if label in SUBJECT_LABELS and value), None)
    if sent is None and subject is None:
        return None
    opening = next((text for _, value, text in block if value), None)
    if opening is None:
        return None
    return Message(opening, sent, subject[:MAX_SUBJECT_CHARS] if subject else None)


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

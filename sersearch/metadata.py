"""Document metadata: title, date, type and organisation.

Each field comes from the first source that has it: a ``catalog.csv`` next to the
files (or in a folder above them), the text itself (``Datum: 27 augustus 2020``,
``Onderwerp: …``, the first heading), the PDF info dictionary (or the same keys from
another format's properties or headers; ``Date`` before ``CreationDate``), the file name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from sersearch.dates import is_partial_date
from sersearch.models import DocumentMeta, Page

CATALOG_NAME = "catalog.csv"
DOC_TYPES = (
    "advies",
    "brief",
    "jaarverslag",
    "persbericht",
    "verslag",
    "besluit",
    "rapport",
    "nota",
    "verordening",
    "document",
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DUTCH_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)\s+(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
    r"\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?P<sep>[-./])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
)
_LABELLED_DATE = re.compile(r"^\s*(?:datum|date)\s*[:.]?\s*(?P<rest>.+)$", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*(?:onderwerp|betreft)\s*[:.]\s*(?P<subject>.+)$", re.IGNORECASE)
MAX_SUBJECT_WORDS = 25
URL_START = re.compile(r"^(?:https?:|www\.)", re.IGNORECASE)
MIN_BOLD_TITLE_WORDS = 3  # an opening bold line this long is the title
HEAD_PAGES = 2  # the pages where a document's own letterhead and title stand
_SUBJECT_LABELS = ("onderwerp", "betreft")
_LETTERHEAD_KEYS = {
    "datum": "date",
    "verzenddatum": "date",
    "kenmerk": "reference",
    "referentie": "reference",
    "zaaknummer": "reference",
    "documentnummer": "reference",
    "registratienummer": "reference",
    "onderwerp": "subject",
    "betreft": "subject",
}
_PDF_DATE = re.compile(r"^D?:?(?P<year>(?:19|20)\d\d)(?P<month>\d\d)?(?P<day>\d\d)?")
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s*-|untitled|document\d*$|\S+\.(?:docx?|pdf|indd|xlsx?)$)",
    re.IGNORECASE,
)
_GENERIC_TITLE = re.compile(
    r"^(?:(?:eerste|tweede)\s+kamer(?:\s+der\s+staten-generaal)?|staten-generaal"
    r"|(?:concept[- ]?)?(?:verordening|besluit|brief|notitie|memo|nota|rapport|verslag|advies)"
    r"|bijlage(?:\s+\S+)?|inhoud(?:sopgave)?|gemeenteblad|staatscourant|provinciaal\s+blad"
    r"|waterschapsblad|officiële\s+uitgave.*|(?:gemeente|provincie)\s+\S+"
    r"|ministerie\s+van\s+.+|rijksoverheid|document|titel|title|kenmerk|pagina\s+\d+)$",
    re.IGNORECASE,
)
_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("jaarverslag", re.compile(r"jaarverslag|jaarrapport", re.IGNORECASE)),
    ("persbericht", re.compile(r"persbericht|p\s?e\s?r\s?s\s?b\s?e\s?r\s?i\s?c\s?h\s?t", re.I)),
    ("verslag", re.compile(r"\bverslag|notulen|besluitenlijst", re.IGNORECASE)),
    ("besluit", re.compile(r"\bbesluit\b|wob-besluit|woo-besluit|besluit op", re.IGNORECASE)),
    ("verordening", re.compile(r"verordening", re.IGNORECASE)),
    ("advies", re.compile(r"\badvies\b|adviesrapport|briefadvies|adviesnota", re.IGNORECASE)),
    ("brief", re.compile(r"\bbrief\b|^geachte?\b|kamerbrief", re.IGNORECASE | re.MULTILINE)),
    ("rapport", re.compile(r"rapport|evaluatie|monitor|onderzoek", re.IGNORECASE)),
)


def describe(
    path: Path,
    pages: Sequence[Page],
    info: Mapping[str, str],
    *,
    catalog: Mapping[str, str] | None = None,
) -> DocumentMeta:
    """Metadata for the document at ``path`` with cleaned ``pages`` and PDF ``info``."""
    catalog = dict(catalog or {})
    head = _head_lines(pages)
    letterhead = letterhead_fields(pages)
    subject = letterhead.get("subject") or _subject(head)
    title = (
        catalog.get("title")
        or info.get("PublishedTitle")
        or subject
        or _first_heading(pages)
        or _clean_info_title(info.get("Title", ""))
        or _title_from_file_name(path)
    )
    date_text = (
        _normalise_catalog_date(catalog.get("date"))
        or parse_dutch_date(letterhead.get("date", ""))
        or _labelled_date(head)
        or _first_date(head)
        or _info_date(info.get("Date") or info.get("CreationDate", ""))
    )
    doc_type = (catalog.get("type") or "").strip().lower() or guess_doc_type(path, title, head)
    organisation = catalog.get("organisation") or info.get("Author") or None
    return DocumentMeta(
        title=title.strip(),
        date=date_text,
        doc_type=doc_type,
        organisation=organisation,
        reference=letterhead.get("reference"),
        subject=subject,
    )


def letterhead_fields(pages: Sequence[Page]) -> dict[str, str]:
    """``date``, ``reference`` and ``subject`` from the letterhead on the first pages."""
    from sersearch.cleaning.letterhead import ROLE, field, label_kind

    found: dict[str, str] = {}
    for page in pages[:HEAD_PAGES]:
        lines = [line for line in page.lines if line.role == ROLE]
        for index, line in enumerate(lines):
            labelled = field(line)
            if labelled is None:
                continue
            label, value = labelled
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            if not value and following and field(lines[index + 1]) is None:
                value = following
            elif label in _SUBJECT_LABELS and following[:1].islower():
                value = f"{value} {following}"
            key = _LETTERHEAD_KEYS.get(label_kind(label))
            valid = {
                "reference": any(char.isdigit() for char in value),
                "subject": is_subject(value),
                "date": parse_dutch_date(value) is not None,
            }
            if key and valid[key] and key not in found and not label.startswith("uw "):
                found[key] = value
        if found:
            return found
    return found


def catalog_entry(path: Path) -> dict[str, str]:
    """The catalog row for ``path`` from the nearest ``catalog.csv`` at or above it."""
    for folder in path.resolve().parents:
        catalog_file = folder / CATALOG_NAME
        if catalog_file.is_file():
            entries = _read_catalog(catalog_file)
            relative = path.resolve().relative_to(folder).as_posix()
            return entries.get(relative) or entries.get(path.name) or {}
    return {}


@lru_cache(maxsize=64)
def _read_catalog(catalog_file: Path) -> dict[str, dict[str, str]]:
    with catalog_file.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["file"].strip(): {k: (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle)
            if row.get("file")
        }


def guess_doc_type(path: Path, title: str, head: Sequence[str]) -> str:
    """The document type by rule: file name and title first, then the opening text."""
    for text in (f"{path.stem.replace('_', ' ').replace('-', ' ')} {title}", "\n".join(head)):
        for doc_type, pattern in _TYPE_RULES:
            if pattern.search(text):
                return doc_type
    return "document"


def parse_dutch_date(text: str) -> str | None:
    """The first date in ``text`` written the Dutch way, as ISO ``YYYY-MM-DD``."""
    for pattern in (_DUTCH_DATE, _NUMERIC_DATE):
        for match in pattern.finditer(text):
            month = match["month"]
            month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
            try:
                return date(int(match["year"]), month_number, int(match["day"])).isoformat()
            except ValueError:
                continue
    return None


def _head_lines(pages: Sequence[Page], limit: int = 60) -> list[str]:
    lines = [line.text.strip() for page in pages[:2] for line in page.lines if line.text.strip()]
    return lines[:limit]


def _subject(head: Sequence[str]) -> str | None:
    for index, line in enumerate(head):
        match = _SUBJECT.match(line)
        if match:
            subject = match["subject"].strip()
            following = head[index + 1] if index + 1 < len(head) else ""
            if following and following[:1].islower() and not _SUBJECT.match(following):
                subject = f"{subject} {following}"
            if is_subject(subject):
                return subject
    return None


def is_subject(text: str) -> bool:
    """A subject line's value: it opens with a letter or digit and is not a sentence."""
    return bool(text[:1].isalnum()) and len(text.split()) <= MAX_SUBJECT_WORDS


def _labelled_date(head: Sequence[str]) -> str | None:
    for line in head:
        match = _LABELLED_DATE.match(line)
        if match and (found := parse_dutch_date(match["rest"])):
            return found
    return None


def _first_date(head: Sequence[str]) -> str | None:
    return parse_dutch_date("\n".join(head[:30]))


def _info_date(raw: str) -> str | None:
    match = _PDF_DATE.match(raw.strip())
    if not match:
        return None
    parts = [match["year"], match["month"], match["day"]]
    return "-".join(part for part in parts if part)


def _normalise_catalog_date(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if is_partial_date(raw):
        return raw
    return parse_dutch_date(raw)


def _clean_info_title(raw: str) -> str | None:
    title = " ".join(raw.split())
    if len(title) < 4 or _JUNK_TITLE.match(title) or is_generic_title(title):
        return None
    return title


def is_generic_title(title: str) -> bool:
    """A title that names a kind of document or a publisher, not this document."""
    return bool(_GENERIC_TITLE.match(" ".join(title.split())))


def _first_heading(pages: Sequence[Page]) -> str | None:
    """The first top-level heading the source marks on its first page, else the
    largest text on the first page when it is set larger than the body text, else a
    bold line that opens the first page (a heading in body size)."""
    if not pages:
        return None
    marked = [line for line in pages[0].lines if line.heading]
    if marked:
        top = min(line.heading or 0 for line in marked)
        title = next(line.text.strip() for line in marked if line.heading == top)
        return title if 3 <= len(title) <= 200 else None
    sized = [line for line in pages[0].lines if line.size and line.text.strip()]
    if not sized:
        return None
    body = sorted(line.size or 0 for line in sized)[len(sized) // 2]
    largest = max(line.size or 0 for line in sized)
    if largest >= body * 1.2:
        title = " ".join(line.text.strip() for line in sized if line.size == largest)
    elif sized[0].bold and len(sized[0].text.split()) >= MIN_BOLD_TITLE_WORDS:
        title = sized[0].text.strip()
    else:
        return None
    if not (3 <= len(title) <= 200 and title[:1].isalnum()) or is_generic_title(title):
        return None
    return None if URL_START.match(title) else title


def _title_from_file_name(path: Path) -> str:
    stem = re.sub(r"[_\-]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name

"""Real passages: the seed letters in ``corpus/`` and the text of the shared real PDFs."""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "corpus"
PDF_DIR = REPO.parent / "shared" / "corpus-real"
CACHE_DIR = Path(__file__).resolve().parent / "out" / "real-text"

MIN_WORDS = 40
MAX_WORDS = 200
TAIL_MIN_WORDS = 8
HEADING_MAX_WORDS = 10

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(‘“'\"])")
_PDF_TYPES = (
    ("jaarverslag", "jaarverslag"),
    ("persbericht", "persbericht"),
    ("advies", "advies"),
    ("brief", "brief"),
    ("besluit", "brief"),
    ("verslag", "verslag"),
    ("besluitenlijst", "verslag"),
)


def _extract(pdf: Path) -> tuple[str, str | None]:
    """Extract one PDF's text (pages separated by form feeds); ``None`` if it fails."""
    from pdfminer.high_level import extract_text

    try:
        return pdf.name, extract_text(pdf)
    except Exception:  # a broken PDF is skipped, whatever pdfminer raises
        return pdf.name, None


def pdf_texts(pdf_dir: Path = PDF_DIR, cache_dir: Path = CACHE_DIR) -> dict[str, str]:
    """Text per PDF file name, extracted in a 2-process pool and cached as ``.txt`` files."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    todo = [p for p in pdfs if not (cache_dir / f"{p.name}.txt").exists()]
    todo = [p for p in todo if not (cache_dir / f"{p.name}.failed").exists()]
    todo.sort(key=lambda p: p.stat().st_size, reverse=True)  # big files first: better packing
    if todo:
        with ProcessPoolExecutor(max_workers=2) as pool:
            for name, text in pool.map(_extract, todo):
                if text is None:
                    (cache_dir / f"{name}.failed").touch()
                else:
                    (cache_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    texts = {}
    for pdf in pdfs:
        cached = cache_dir / f"{pdf.name}.txt"
        if cached.exists():
            texts[pdf.name] = cached.read_text(encoding="utf-8")
    return texts


def _join_lines(lines: list[str]) -> str:
    """Merge a paragraph's lines, undoing end-of-line hyphenation."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if out.endswith("-") and line[:1].islower():
            out = out[:-1] + line if out[-2:-1].islower() else out + line
        else:
            out = f"{out} {line}" if out else line
    return out


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: blank or whitespace-only lines separate them.

    Text where every line is followed by an empty line (double-spaced exports) is
    first collapsed, so that only its whitespace-only lines separate paragraphs.
    """
    lines = text.split("\n")
    empty = sum(1 for line in lines if line == "")
    if empty > 0.4 * len(lines):
        lines = [line for line in lines if line != ""]
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paras.append(_join_lines(current))
            current = []
    if current:
        paras.append(_join_lines(current))
    return [p for p in paras if p]


def _is_heading(para: str) -> bool:
    words = para.split()
    return len(words) <= HEADING_MAX_WORDS and para[-1] not in ".,;:" and para[0].isalnum()


def _split_long(para: str) -> list[str]:
    """Cut a paragraph of more than ``MAX_WORDS`` words at sentence ends."""
    if len(para.split()) <= MAX_WORDS:
        return [para]
    chunks, current = [], []
    for sentence in _SENTENCE_END.split(para):
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= MAX_WORDS // 2:
            chunks.append(" ".join(current))
            current = []
    if current:
        chunks.append(" ".join(current))
    return [w for c in chunks for w in _hard_wrap(c)]


def _hard_wrap(chunk: str) -> list[str]:
    words = chunk.split()
    return [" ".join(words[i : i + MAX_WORDS]) for i in range(0, len(words), MAX_WORDS)]


def passage_texts(paras: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str | None, str]]:
    """Yield ``(page, section, text)`` passages of about ``MIN_WORDS``–``MAX_WORDS`` words.

    ``paras`` are ``(page, paragraph)`` pairs. Short paragraphs are merged with the
    following ones (across page ends); a passage cites the page it starts on.
    Heading-like paragraphs also become the section of the passages after them.
    """
    section: str | None = None
    buffer: list[str] = []
    start_page = 1
    for page, para in paras:
        if not buffer:
            start_page = page
            if _is_heading(para):
                section = para[:120]
        buffer.append(para)
        merged = " ".join(buffer)
        if len(merged.split()) >= MIN_WORDS:
            for piece in _split_long(merged):
                yield start_page, section, piece
            buffer = []
    if len(buffer) and len(" ".join(buffer).split()) >= TAIL_MIN_WORDS:
        yield start_page, section, " ".join(buffer)


def _pdf_meta(name: str) -> tuple[str, str, str]:
    """Title, date and doc type guessed from a PDF's file name.

    The year comes from the name when it has one, else from a hash of the name;
    month and day always come from the hash, so the dates are stable across runs.
    """
    stem = name.removesuffix(".pdf")
    code = zlib.crc32(stem.encode())
    year = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", stem)
    date = f"{year.group(0) if year else 2010 + code % 15}-{1 + code % 12:02d}-{1 + code % 28:02d}"
    doc_type = next((t for key, t in _PDF_TYPES if key in stem), "rapport")
    return stem.replace("-", " ").capitalize(), date, doc_type


def _seed_docs() -> Iterator[dict[str, object]]:
    with (SEED_DIR / "catalog.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = (SEED_DIR / row["file"]).read_text(encoding="utf-8")
            yield {
                "doc_id": f"seed-{Path(row['file']).stem}",
                "title": row["title"],
                "date": row["date"],
                "doc_type": row["type"] or "brief",
                "pages": [text],
            }


def _pdf_docs() -> Iterator[dict[str, object]]:
    for name, text in pdf_texts().items():
        title, date, doc_type = _pdf_meta(name)
        yield {
            "doc_id": f"pdf-{name.removesuffix('.pdf')}",
            "title": title,
            "date": date,
            "doc_type": doc_type,
            "pages": text.split("\f"),
        }


def real_passages() -> list[dict[str, object]]:
    """All real passages, seeds first, as passage records."""
    records = []
    for doc in [*_seed_docs(), *_pdf_docs()]:
        paged = len(doc["pages"]) > 1
        paras = ((n, p) for n, page in enumerate(doc["pages"], start=1) for p in paragraphs(page))
        for ordinal, (page, section, text) in enumerate(passage_texts(paras), start=1):
            records.append(
                {
                    "passage_id": f"{doc['doc_id']}#{ordinal}",
                    "doc_id": doc["doc_id"],
                    "title": doc["title"],
                    "date": doc["date"],
                    "doc_type": doc["doc_type"],
                    "page": page if paged else None,
                    "section": section,
                    "text": text,
                }
            )
    return records

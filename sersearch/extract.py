"""Extraction stage: a file on disk → pages of raw lines (``Extraction``).

PDFs go to :mod:`sersearch.pdf` (imported lazily: pdfminer is slow to import), the
other document formats to their modules in :mod:`sersearch.formats`; plain-text
letters are decoded here. PDFs are recognised by their content wherever they are,
the other formats by their suffix. Output convention: ``Line("")`` is a paragraph
break, consecutive non-empty lines belong to one paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from sersearch.errors import NotReadableError, UnsupportedFileError
from sersearch.formats import MAX_TEXT_BYTES, check_size
from sersearch.models import Extraction, Line, Page

TEXT_SUFFIXES = frozenset({".txt", ".text"})
# Suffix → (module, function) of the reader; modules are imported when first needed.
READERS: dict[str, tuple[str, str]] = {
    ".docx": ("sersearch.formats.docx", "extract_docx"),
    ".odt": ("sersearch.formats.odt", "extract_odt"),
    ".eml": ("sersearch.formats.email", "extract_email"),
    ".html": ("sersearch.formats.html", "extract_html"),
    ".htm": ("sersearch.formats.html", "extract_html"),
    ".md": ("sersearch.formats.markdown", "extract_markdown"),
    ".markdown": ("sersearch.formats.markdown", "extract_markdown"),
}
SUPPORTED_SUFFIXES = frozenset({".pdf", *TEXT_SUFFIXES, *READERS})
PDF_MAGIC = b"%PDF-"
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
# How far into a file the PDF header may start (the spec allows leading junk).
PDF_SNIFF_BYTES = 1024


def extract_file(path: Path) -> Extraction:
    """Extract the pages of ``path``, sniffing PDFs by content, other formats by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if is_pdf(path):
        from sersearch.pdf import extract_pdf

        return extract_pdf(path)
    if suffix == ".pdf":
        raise NotReadableError(f"{path.name}: not a PDF (no %PDF- header), or corrupt")
    if suffix in TEXT_SUFFIXES:
        return extract_text(path)
    if suffix in READERS:
        return reader(suffix)(path)
    raise UnsupportedFileError(f"{path.name}: {unsupported_reason(path, explain=True)}")


def reader(suffix: str) -> Callable[[Path], Extraction]:
    """The extraction function for a (supported, non-PDF) suffix."""
    module, function = READERS[suffix]
    return getattr(import_module(module), function)  # type: ignore[no-any-return]


def unsupported_reason(path: Path, *, explain: bool = False) -> str:
    """Why a file is not indexed: ``not a supported type (.xlsx)``; with ``explain``,
    followed by the types that are."""
    reason = f"not a supported type ({path.suffix or 'no suffix'})"
    if explain:
        reason += f"; sersearch reads {', '.join(sorted(SUPPORTED_SUFFIXES))}"
    return reason


def is_pdf(path: Path) -> bool:
    """Whether the file is a PDF: by its header, or by its suffix and a header further in."""
    head = _read_head(path)
    return head.lstrip().startswith(PDF_MAGIC) or (
        path.suffix.lower() == ".pdf" and PDF_MAGIC in head
    )


def extract_text(path: Path) -> Extraction:
    """Extract a plain-text file: one unpaged page, or one page per form feed.

    Files over ``MAX_TEXT_BYTES`` are refused (``TooLargeError``): a letter or report
    is far smaller, and reading a huge file whole would take gigabytes of memory."""
    check_size(path, MAX_TEXT_BYTES, "a plain-text document")
    data = read_bytes(path)
    if b"\x00" in data:
        raise NotReadableError(f"{path.name}: binary data (NUL bytes), not a text file")
    text, encoding = decode_text(data)
    warnings = () if encoding == "utf-8" else (f"not UTF-8; decoded as {encoding}",)
    chunks = text.split("\f")
    paged = len(chunks) > 1
    pages = tuple(
        Page(number, text_to_lines(chunk)) for number, chunk in enumerate(chunks, start=1)
    )
    return Extraction(pages=pages, paged=paged, warnings=warnings)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM stripped), else cp1252, else latin-1; return text and codec."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def text_to_lines(text: str) -> tuple[Line, ...]:
    """Split raw extracted text into lines with ``Line("")`` paragraph breaks.

    Raw PDF extractions come in two styles. Single spaced: every blank line is a
    paragraph break. Double spaced: every text line is followed by an empty line
    and only whitespace-only lines (``" "``) mark real paragraph breaks. In both,
    an empty line followed by a lowercase continuation is no break.
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    double_spaced = is_double_spaced(raw)
    lines: list[Line] = []
    for index, line in enumerate(raw):
        stripped = line.rstrip()
        if stripped:
            lines.append(Line(stripped))
        elif _is_paragraph_break(raw, index, double_spaced):
            lines.append(Line(""))
    return squeeze_breaks(lines)


def is_double_spaced(raw_lines: list[str]) -> bool:
    """True when most text lines are followed by exactly one empty line and then text."""
    text_lines = sum(1 for line in raw_lines if line.strip())
    sandwiched = sum(
        1
        for i in range(1, len(raw_lines) - 1)
        if raw_lines[i] == "" and raw_lines[i - 1].strip() and raw_lines[i + 1].strip()
    )
    return text_lines > 0 and sandwiched >= 0.5 * text_lines


def _is_paragraph_break(raw: list[str], index: int, double_spaced: bool) -> bool:
    """Decide whether the blank line ``raw[index]`` separates paragraphs."""
    if raw[index] != "":  # whitespace-only: the extractor's paragraph marker
        return True
    if double_spaced:
        return False
    following = raw[index + 1].lstrip() if index + 1 < len(raw) else ""
    preceding = raw[index - 1].rstrip() if index > 0 else ""
    continues = following[:1].islower() and not preceding.endswith((".", ":", ";", "!", "?"))
    return not continues


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(PDF_SNIFF_BYTES)
    except OSError as exc:
        raise NotReadableError(f"{path.name}: cannot read file ({exc.strerror})") from exc


def read_bytes(path: Path) -> bytes:
    """The whole file, or a one-line ``NotReadableError``."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NotReadableError(f"{path.name}: cannot read file ({exc.strerror})") from exc


def squeeze_breaks(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Collapse runs of paragraph breaks and drop those at the start and end."""
    out: list[Line] = []
    for line in lines:
        if line.text or (out and out[-1].text):
            out.append(line)
    while out and not out[-1].text:
        out.pop()
    return tuple(out)

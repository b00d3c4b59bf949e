"""Optical character recognition of one PDF page: render with PDFium, read with Tesseract.

A page is rendered in grey by pypdfium2 (which applies the page's ``/Rotate``) at
``dpi``, or lower when the image would pass ``MAX_PIXELS``, and read by the
``tesseract`` binary through pytesseract, one Tesseract thread per call. Tesseract's
words with their boxes become :class:`~sersearch.models.Line`\\ s: its lines in its
reading order, ``Line("")`` between its paragraphs, and a font size estimated from
the height of the words, so OCR text goes through the same cleaning, heading and
passage rules as born-digital text. A page that reads badly upright is checked with
Tesseract's orientation detection and read again turned.
"""

from __future__ import annotations

import functools
import math
import os
import re
import statistics
import subprocess
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sersearch.models import Line
from sersearch.settings import OCR_LANGUAGES

LANGUAGE_CODE = re.compile("^[a-z_]+$")  # a line of `tesseract --list-langs` naming one

# 300 dpi reads small print (footnotes, letterhead columns) that 200 dpi garbles; see
# the README's "Scanned documents (OCR)" for the measurement.
DEFAULT_DPI = 300
# An A3 page at 300 dpi is 17 Mpx; larger pages (posters, A0 inventory sheets) are
# rendered at a lower resolution so one page cannot take gigabytes.
MAX_PIXELS = 25_000_000
PAGE_TIMEOUT_SECONDS = 300
INSTALL_COMMAND = "apt-get install tesseract-ocr tesseract-ocr-nld"
INSTALL_PACKAGES = "install tesseract-ocr and tesseract-ocr-nld"
# Tesseract's page layout analysis with its default engine.
PAGE_SEGMENTATION = "--psm 3"
# Below this mean word confidence (0-100) a page may be sideways: ask OSD.
ORIENTATION_CHECK_CONFIDENCE = 60.0
# OSD's orientation confidence needed before a page is turned (Tesseract's docs use 2).
ORIENTATION_MIN_CONFIDENCE = 2.0
# Cap height of a typical text face as a share of its font size: word boxes of
# capitals and ascenders are about this high, so size ≈ height / CAP_HEIGHT.
CAP_HEIGHT = 0.72
ASCENDING = re.compile(r"[A-Z0-9bdfhklt]")
DESCENDING = re.compile(r"[gjpqyQ,;]")
HAS_WORD_CHARACTER = re.compile(r"\w")

# PDFium is not thread-safe: pages are rendered one at a time per process.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class OcrSettings:
    """How pages without usable text are read: ``enabled`` false skips OCR on purpose;
    ``tesseract`` is the binary (a name on ``PATH`` or a path); ``threads`` is how many
    pages of one file are read at once (default: one per core)."""

    enabled: bool = True
    languages: str = OCR_LANGUAGES
    dpi: int = DEFAULT_DPI
    tesseract: str = "tesseract"
    threads: int | None = None


@dataclass(frozen=True)
class Word:
    """One word as Tesseract reads it, with its box in pixels and its confidence."""

    text: str
    block: int
    paragraph: int
    line: int
    top: int
    height: int
    confidence: float


@dataclass(frozen=True)
class PageText:
    """The lines read from one page and the mean word confidence (0-100)."""

    lines: tuple[Line, ...]
    confidence: float


@functools.cache
def tesseract_version(command: str = "tesseract") -> str | None:
    """The version of the Tesseract binary ``command``, or ``None`` when it is absent."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = command
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def install_hint(them: str = "it") -> str:
    """What to do when Tesseract is absent: ``install … to search it (apt-get …)``."""
    return f"{INSTALL_PACKAGES} to search {them} ({INSTALL_COMMAND})"


@functools.cache
def installed_languages(command: str = "tesseract") -> list[str] | None:
    """The language packs Tesseract can use, ``None`` when it is absent.

    Read from ``tesseract --list-langs`` as pytesseract reads it, without importing
    pytesseract (and numpy with it): an index run of files that need no OCR starts
    faster, and still refuses languages Tesseract lacks.
    """
    try:
        run = subprocess.run(
            [command, "--list-langs"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
    except OSError:
        return None
    if run.returncode not in (0, 1):  # Tesseract 3 exits with 1 here
        return None
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    return sorted(line.strip() for line in lines if LANGUAGE_CODE.match(line.strip()))


def missing_languages(languages: str, command: str = "tesseract") -> list[str]:
    """The languages of a ``nld+eng`` style list that are not installed."""
    installed = set(installed_languages(command) or ())
    return [language for language in languages.split("+") if language not in installed]


def open_pdf(path: Path) -> Any | None:
    """The PDF at ``path`` opened by PDFium, or ``None`` when PDFium cannot read it
    (its pages then stay as the text layer left them)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return None


def render_page(document: Any, index: int, dpi: int, destination: Path) -> int:
    """Render page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` in grey to
    a PNG at ``destination``; return the resolution used (``dpi`` or less, see
    ``MAX_PIXELS``)."""
    with _PDFIUM_LOCK:
        page = document[index]
        try:
            width, height = page.get_size()
            dpi = capped_dpi(width, height, dpi)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            page.close()
    image.save(destination, format="PNG", compress_level=1)
    return dpi


def capped_dpi(width_pt: float, height_pt: float, dpi: int) -> int:
    """``dpi``, lowered so a page of this size in points stays within ``MAX_PIXELS``."""
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels <= MAX_PIXELS:
        return dpi
    return max(1, math.floor(dpi * math.sqrt(MAX_PIXELS / pixels)))


def read_image(image: Path, settings: OcrSettings, dpi: int) -> PageText:
    """OCR the page image at ``image`` (rendered at ``dpi``); a page that reads badly
    is turned as Tesseract's orientation detection says and read again, the better
    reading kept."""
    upright = _read(image, settings, dpi)
    if upright.confidence >= ORIENTATION_CHECK_CONFIDENCE and upright.lines:
        return upright
    turn = orientation(image, settings)
    if not turn:
        return upright
    from PIL import Image

    turned_path = image.with_name(f"{image.stem}-turned.png")
    with Image.open(image) as picture:
        picture.rotate(-turn, expand=True).save(turned_path, format="PNG", compress_level=1)
    try:
        turned = _read(turned_path, settings, dpi)
    finally:
        turned_path.unlink(missing_ok=True)
    return turned if _score(turned) > _score(upright) else upright


def orientation(image: Path, settings: OcrSettings) -> int:
    """Degrees to turn the page clockwise so its text stands upright (0 when unsure)."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = settings.tesseract
    try:
        osd = pytesseract.image_to_osd(
            str(image),
            config="--psm 0",
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT_SECONDS,
        )
    except (pytesseract.TesseractError, RuntimeError):  # too few characters to tell
        return 0
    confident = float(osd.get("orientation_conf", 0)) >= ORIENTATION_MIN_CONFIDENCE
    return int(osd.get("rotate", 0)) % 360 if confident else 0


def _read(image: Path, settings: OcrSettings, dpi: int) -> PageText:
    words = recognise(image, settings)
    confidences = [word.confidence for word in words]
    return PageText(
        words_to_lines(words, dpi), statistics.fmean(confidences) if confidences else 0.0
    )


def _score(page: PageText) -> float:
    """Confidence-weighted amount of text: more confidently read words win."""
    return page.confidence * sum(len(line.text.split()) for line in page.lines)


def recognise(image: Path, settings: OcrSettings) -> list[Word]:
    """Tesseract's words on the image, in its reading order."""
    import pytesseract

    os.environ["OMP_THREAD_LIMIT"] = "1"  # one thread per call: pages run side by side
    pytesseract.pytesseract.tesseract_cmd = settings.tesseract
    data = pytesseract.image_to_data(
        str(image),
        lang=settings.languages,
        config=PAGE_SEGMENTATION,
        output_type=pytesseract.Output.DICT,
        timeout=PAGE_TIMEOUT_SECONDS,
    )
    words = []
    for position, text in enumerate(data["text"]):
        if data["level"][position] != 5 or not text.strip():
            continue
        words.append(
            Word(
                text=text.strip(),
                block=data["block_num"][position],
                paragraph=data["par_num"][position],
                line=data["line_num"][position],
                top=data["top"][position],
                height=data["height"][position],
                confidence=float(data["conf"][position]),
            )
        )
    return words


def words_to_lines(words: Sequence[Word], dpi: int) -> tuple[Line, ...]:
    """Tesseract's words → lines, ``Line("")`` between its paragraphs. Lines with no
    letter or digit (rules, redaction bars, specks read as punctuation) are dropped."""
    lines: list[Line] = []
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        groups.setdefault((word.block, word.paragraph, word.line), []).append(word)
    previous: tuple[int, int] | None = None
    for (block, paragraph, _), line_words in groups.items():
        text = " ".join(word.text for word in line_words)
        if not HAS_WORD_CHARACTER.search(text):
            continue
        if previous is not None and previous != (block, paragraph):
            lines.append(Line(""))
        previous = (block, paragraph)
        lines.append(Line(text, size=estimate_size(line_words, dpi)))
    return tuple(lines)


def estimate_size(words: Iterable[Word], dpi: int) -> float | None:
    """The font size in points of a line, from the heights of its words that reach
    cap height without descending below the baseline (rounded to half points)."""
    words = list(words)
    tall = [w.height for w in words if ASCENDING.search(w.text) and not DESCENDING.search(w.text)]
    heights = tall or [w.height * 0.8 for w in words]  # descenders add about a fifth
    if not heights:
        return None
    points = statistics.median(heights) * 72 / dpi / CAP_HEIGHT
    return round(points * 2) / 2


def draws_something(document: Any, index: int) -> bool:
    """Whether page ``index`` (0-based) has any page object (text, image, path): a page
    without one renders blank. Unreadable page objects count as something."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM_LOCK:
        try:
            page = document[index]
        except pdfium.PdfiumError:
            return True
        try:
            return pdfium_c.FPDFPage_CountObjects(page.raw) != 0
        finally:
            page.close()


def image_coverage(document: Any, index: int) -> float:
    """The share of page ``index`` (0-based) covered by images (0-1; overlapping
    images counted once each, so strips that tile the page add up)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM_LOCK:
        page = document[index]
        try:
            left, bottom, right, top = page.get_bbox()
            area = max((right - left) * (top - bottom), 1.0)
            covered = 0.0
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                x0, y0, x1, y1 = image.get_bounds()
                width = min(x1, right) - max(x0, left)
                height = min(y1, top) - max(y0, bottom)
                covered += max(width, 0.0) * max(height, 0.0)
        except pdfium.PdfiumError:  # unreadable page objects: no image known
            covered = 0.0
        finally:
            page.close()
    return min(covered / area, 1.0)

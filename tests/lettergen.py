"""Generate letters made of random advisory words: folders of plain-text letters for
tests that need many documents (crash safety, concurrency), and PDF letters with a
letterhead and page numbers, alone or bundled."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from pdfgen import PageSpec, Paragraph, write_pdf

WORDS = (
    "welvaart",
    "arbeidsmarkt",
    "jongeren",
    "regio",
    "twente",
    "salland",
    "economie",
    "advies",
    "provincie",
    "onderwijs",
    "zorg",
    "wonen",
    "energie",
    "klimaat",
    "innovatie",
    "krapte",
    "vakmensen",
    "bereikbaarheid",
)


def write_letters(folder: Path, files: int, paragraphs: int, seed: int = 0) -> Path:
    """``files`` letters: a subject line, then paragraphs of 50 random words."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(50)).capitalize() + "."
            for _ in range(paragraphs)
        )
        text = f"Onderwerp: advies {number} over {rng.choice(WORDS)}\n\n{body}\n"
        (folder / f"brief-{number:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def letter_pages(
    subject: str, date: str, reference: str, paragraphs: Sequence[str], pages: int = 2
) -> list[PageSpec]:
    """One letter: a letterhead block (Datum, Kenmerk, Onderwerp) in a side column of
    its first page, ``paragraphs`` spread over ``pages`` pages, each page numbered
    ``Pagina x van y`` at its foot."""
    block = Paragraph(("Datum", date, "Kenmerk", reference, "Bijlagen", "1"), size=8, leading=1.2)
    per_page = max(1, len(paragraphs) // pages)
    specs = []
    for number in range(1, pages + 1):
        chunk = paragraphs[(number - 1) * per_page : number * per_page if number < pages else None]
        body = [_wrapped(text) for text in chunk]
        if number == 1:
            body.insert(0, Paragraph((f"Onderwerp: {subject}",), size=11))
        specs.append(
            PageSpec(
                tuple(body),
                right=(block,) if number == 1 else (),
                footer=f"Pagina {number} van {pages}",
            )
        )
    return specs


def _wrapped(text: str, width: int = 48) -> Paragraph:
    """A paragraph broken into lines of about ``width`` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return Paragraph(tuple(lines))


def prose(rng: random.Random, sentences: int = 3) -> str:
    """A paragraph of sentences of random advisory words."""
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(sentences)
    )


def write_letter_bundle(path: Path, letters: int = 3, seed: int = 0) -> Path:
    """A PDF of ``letters`` two-page letters one after another, each with its own
    letterhead (subject ``Advies N``, date ``N maart 2024``, reference ``2024-000N``)
    and its own page numbering."""
    rng = random.Random(seed)
    pages = [
        spec
        for number in range(1, letters + 1)
        for spec in letter_pages(
            f"Advies {number} over {WORDS[number]}",
            f"{number} maart 2024",
            f"2024-000{number}",
            [prose(rng) for _ in range(6)],
        )
    ]
    return write_pdf(path, pages)

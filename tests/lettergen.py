"""Generate folders of plain-text letters made of random advisory words, for tests
that need many documents (crash safety, concurrency)."""

from __future__ import annotations

import random
from pathlib import Path

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

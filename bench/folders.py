"""Folders of files for the user's-path benchmark, written from a passage corpus.

Each document of the corpus (``bench.corpus``) becomes one plain-text letter: its
title as the first line, then its passages as paragraphs separated by blank lines.
"""

from __future__ import annotations

import json
import shutil
from itertools import groupby
from pathlib import Path

from bench.corpus import read_passages


def letter_text(records: list[dict[str, object]]) -> str:
    """One document's letter: the title line, then one paragraph per passage."""
    paragraphs = [str(records[0]["title"]), *(str(record["text"]) for record in records)]
    return "\n\n".join(paragraphs) + "\n"


def write_letter_folder(corpus: Path, folder: Path, *, documents: int | None = None) -> Path:
    """Write the corpus's documents (the first ``documents`` of them) as letters into
    ``folder``, once: a folder whose ``.complete`` marker names the same corpus and
    count is reused. Returns ``folder``."""
    marker = folder / ".complete"
    wanted = json.dumps({"corpus": corpus.name, "documents": documents})
    if marker.is_file() and marker.read_text() == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    grouped = groupby(read_passages(corpus), key=lambda record: record["doc_id"])
    for number, (_, records) in enumerate(grouped):
        if documents is not None and number >= documents:
            break
        (folder / f"brief-{number:05d}.txt").write_text(letter_text(list(records)), "utf-8")
    marker.write_text(wanted)
    return folder

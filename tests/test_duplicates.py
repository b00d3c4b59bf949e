"""The same file under several names is one document: hits never repeat it, and it
lists every path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from lettergen import write_letters

from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.search import SearchOptions, search
from sersearch.update import update_index


def test_copies_are_one_document_in_hits_and_in_docs(tmp_path: Path) -> None:
    corpus = write_letters(tmp_path / "corpus", files=3, paragraphs=4)
    original = corpus / "brief-000.txt"
    for name in ("kopie.txt", "nog-een-kopie.txt"):
        shutil.copy(original, corpus / name)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], workers=1)

    word = original.read_text(encoding="utf-8").split()[-1].strip(".")
    hits = search(index_dir, word, SearchOptions(limit=100)).hits
    texts = [hit.text for hit in hits]
    assert len(texts) == len(set(texts)), "a passage of the copied file came back twice"
    copied = [hit for hit in hits if len(hit.sources) > 1]
    assert copied and all(
        set(hit.sources)
        == {str(corpus / n) for n in ("brief-000.txt", "kopie.txt", "nog-een-kopie.txt")}
        for hit in copied
    )

    documents = list_documents(index_dir)
    assert len(documents) == 3
    (merged,) = [doc for doc in documents if len(doc.sources) == 3]
    listed = CliRunner().invoke(cli, ["docs", "--index", str(index_dir), "--format", "json"])
    assert listed.exit_code == 0
    entries = json.loads(listed.stdout)
    assert len(entries) == 3 and sorted(len(entry["sources"]) for entry in entries) == [1, 1, 3]
    assert merged.source in {entry["source"] for entry in entries}


def test_removing_a_copy_leaves_the_document(tmp_path: Path) -> None:
    corpus = write_letters(tmp_path / "corpus", files=1, paragraphs=2)
    shutil.copy(corpus / "brief-000.txt", corpus / "kopie.txt")
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], workers=1)
    (corpus / "brief-000.txt").unlink()
    update_index(index_dir, [corpus], workers=1)
    (document,) = list_documents(index_dir)
    assert document.sources == (str(corpus / "kopie.txt"),)
    assert search(index_dir, "advies").hits[0].sources == (str(corpus / "kopie.txt"),)

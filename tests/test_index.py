import os
import subprocess
import sys
from pathlib import Path

import pytest

from sersearch import ingest
from sersearch.browse import list_documents
from sersearch.errors import IndexLockedError, IndexMissingError, IndexVersionError
from sersearch.search import SearchOptions, search
from sersearch.store import MANIFEST_NAME, data_dir, open_index, write_lock
from sersearch.update import update_index

LETTER = (
    "Datum: 5 februari 2021\n"
    "Onderwerp: reactie op de arbeidsmarktvisie\n\n"
    "Geacht college,\n\n"
    + "De SER Overijssel vraagt aandacht voor {topic} in de regio Twente en Salland. "
    * 6
)


def make_letter(folder: Path, name: str, topic: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LETTER.format(topic=topic), encoding="utf-8")
    return path


def sources(index_dir: Path) -> dict[str, str]:
    return {Path(d.source).name: d.status for d in list_documents(index_dir)}


class Calls:
    """Calls recorded in a file: extraction runs in worker processes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, item: object) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(f"{item}\n")

    def __iter__(self):
        if not self.path.exists():
            return iter([])
        return iter(Path(line) for line in self.path.read_text("utf-8").splitlines())

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def count_extractions(monkeypatch, tmp_path: Path) -> Calls:
    calls = Calls(tmp_path / "extractions.log")
    original = ingest._cached_extraction

    def counting(source, cache_dir):
        calls.record(source.path)
        return original(source, cache_dir)

    monkeypatch.setattr(ingest, "_cached_extraction", counting)
    return calls


def test_add_change_remove_and_skip_unchanged(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_letter(corpus, "a.txt", "laaggeletterdheid")
    make_letter(corpus, "b.txt", "kinderopvang")
    first = update_index(index_dir, [corpus], workers=1)
    assert sorted(Path(p).name for p in first.added) == ["a.txt", "b.txt"]

    calls = count_extractions(monkeypatch, tmp_path)
    make_letter(corpus, "c.txt", "woningbouw")
    make_letter(corpus, "a.txt", "windenergie")
    (corpus / "b.txt").unlink()
    second = update_index(index_dir, [corpus], workers=1)
    assert [Path(p).name for p in second.added] == ["c.txt"]
    assert [Path(p).name for p in second.updated] == ["a.txt"]
    assert [Path(p).name for p in second.removed] == ["b.txt"]
    assert sorted(p.name for p in calls) == ["a.txt", "c.txt"]
    assert sources(index_dir) == {"a.txt": "indexed", "c.txt": "indexed"}
    assert search(index_dir, "kinderopvang").hits == []
    assert search(index_dir, "laaggeletterdheid").hits == []
    assert search(index_dir, "windenergie").hits[0].source.endswith("a.txt")

    calls.clear()
    third = update_index(index_dir, [corpus], workers=1)
    assert (third.added, third.updated, third.removed) == ([], [], [])
    assert len(third.unchanged) == 2 and calls == []


def test_touching_a_file_without_changing_it_is_not_a_change(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    path = make_letter(corpus, "a.txt", "laaggeletterdheid")
    update_index(index_dir, [corpus], workers=1)
    os.utime(path, (1, 1))
    report = update_index(index_dir, [corpus], workers=1)
    assert report.updated == [] and len(report.unchanged) == 1


def test_bad_files_are_skipped_with_a_reason_and_the_rest_indexed(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_letter(corpus, "good.txt", "laaggeletterdheid")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n")
    (corpus / "random.pdf").write_bytes(os.urandom(4096))
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    report = update_index(index_dir, [corpus], workers=2)
    failed = {Path(path).name: reason for path, reason in report.failed}
    assert set(failed) == {"broken.pdf", "random.pdf", "empty.txt"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert [Path(p).name for p in report.added] == ["good.txt"]
    assert not report.ok
    again = update_index(index_dir, [corpus], workers=1)
    assert {Path(path).name for path, _ in again.failed} == set(failed)
    assert search(index_dir, "laaggeletterdheid").hits


def test_missing_paths_are_reported(tmp_path):
    report = update_index(tmp_path / "index", [tmp_path / "nowhere"], workers=1)
    assert report.failed == [(str(tmp_path / "nowhere"), "no such file or folder")]


def test_rebuild_gives_the_same_passage_ids(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_letter(corpus, "a.txt", "laaggeletterdheid")
    update_index(index_dir, [corpus], workers=1)
    before = [h.passage_id for h in search(index_dir, "SER Overijssel").hits]
    update_index(index_dir, [corpus], rebuild=True, workers=1)
    after = [h.passage_id for h in search(index_dir, "SER Overijssel").hits]
    assert before == after and before


def test_missing_index_and_version_mismatch_are_clear_errors(tmp_path):
    with pytest.raises(IndexMissingError, match="sersearch index"):
        open_index(tmp_path / "none")
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_letter(corpus, "a.txt", "x")
    update_index(index_dir, [corpus], workers=1)
    manifest = data_dir(index_dir) / MANIFEST_NAME
    manifest.write_text(manifest.read_text().replace('"schema_version": ', '"schema_version": 99'))
    with pytest.raises(IndexVersionError, match="--rebuild"):
        open_index(index_dir)


def test_second_writer_is_told_who_holds_the_lock(tmp_path):
    index_dir = tmp_path / "index"
    with write_lock(index_dir), pytest.raises(IndexLockedError, match=f"process {os.getpid()}"):
        update_index(index_dir, [tmp_path], workers=1)


def test_lock_of_a_killed_process_is_free_again(tmp_path):
    index_dir = tmp_path / "index"
    script = (
        "import os, sys; from pathlib import Path; from sersearch.store import write_lock\n"
        "with write_lock(Path(sys.argv[1])): os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(index_dir)], check=False)
    with write_lock(index_dir):
        pass


def test_extraction_cache_survives_a_rebuild(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_letter(corpus, "a.txt", "laaggeletterdheid")
    update_index(index_dir, [corpus], workers=1)
    from sersearch import extract

    calls = Calls(tmp_path / "extractions.log")
    monkeypatch.setattr(extract, "extract_file", calls.record)
    update_index(index_dir, [corpus], rebuild=True, workers=1)
    assert calls == []


def test_parallel_and_single_writers_build_the_same_index(tmp_path):
    from sersearch.models import Document, DocumentMeta, Passage
    from sersearch.update import write_documents

    topics = ["windenergie", "laaggeletterdheid", "woningbouw", "kinderopvang", "krapte"]
    documents = [
        Document(
            doc_id=f"doc{n}",
            source=f"/nowhere/doc{n}.txt",
            sha256=f"hash{n}",
            meta=DocumentMeta(f"Advies {n}", "2021-05-01", "advies"),
            passages=tuple(
                Passage(
                    f"doc{n}:{k:04d}", f"doc{n}", k, f"Over {topics[(n + k) % 5]} in de regio {k}."
                )
                for k in range(1, 6)
            ),
        )
        for n in range(40)
    ]
    results = {}
    for procs in (1, 2):
        index_dir = tmp_path / f"procs{procs}"
        assert write_documents(index_dir, documents, procs=procs) == 40
        hits = search(index_dir, "windenergie regio", SearchOptions(limit=50)).hits
        results[procs] = [(h.passage_id, round(h.score, 4)) for h in hits]
        assert len(list_documents(index_dir)) == 40
    assert results[1] == results[2] and len(results[1]) == 50

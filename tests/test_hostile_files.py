"""Hostile files and surroundings: unreadable files, symlink loops, odd file names,
huge files, an index folder that cannot be written, a full disk."""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.writing import SegmentWriter

from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.search import search
from sersearch.update import update_index

LETTER = "Onderwerp: {topic}\n\n" + "De SER Overijssel adviseert over {topic} in Twente. " * 12
IS_ROOT = os.geteuid() == 0
BIG_FILE_BYTES = 100 * 2**20
MEMORY_BOUND = 1_200 * 2**20


def letter(path: Path, topic: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LETTER.format(topic=topic), encoding="utf-8")
    return path


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(result) -> None:
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message, result.output


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    letter(corpus / "good.txt", "windenergie")
    secret = letter(corpus / "secret.txt", "geheim")
    secret.chmod(0)
    try:
        report = update_index(tmp_path / "index", [corpus], workers=1)
    finally:
        secret.chmod(0o644)
    failed = {Path(path).name: reason for path, reason in report.failed}
    assert list(failed) == ["secret.txt"] and "\n" not in failed["secret.txt"]
    assert [Path(path).name for path in report.added] == ["good.txt"]


def test_a_folder_linked_into_itself_is_walked_once(tmp_path):
    corpus = tmp_path / "corpus"
    letter(corpus / "a.txt", "windenergie")
    letter(corpus / "sub" / "b.txt", "woningbouw")
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "self").symlink_to(corpus / "sub", target_is_directory=True)
    report = update_index(tmp_path / "index", [corpus, corpus / "sub" / "loop"], workers=1)
    assert sorted(Path(path).name for path in report.added) == ["a.txt", "b.txt"]
    assert len(report.added) == 2 and report.ok


def test_a_file_name_that_is_not_utf8_is_indexed_searched_and_printed(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    odd = os.fsencode(corpus) + b"/caf\xe9 brief.txt"
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(LETTER.format(topic="windenergie"))
    first = update_index(index_dir, [corpus], workers=1)
    assert len(first.added) == 1 and first.ok
    again = update_index(index_dir, [corpus], workers=1)
    assert (again.added, again.updated, again.removed) == ([], [], [])
    assert len(again.unchanged) == 1
    hits = search(index_dir, "windenergie").hits
    assert hits and hits[0].source.endswith("caf\\xe9 brief.txt")
    result = run_cli("search", "windenergie", "--index", str(index_dir), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["source"] == hits[0].source
    assert run_cli("docs", "--index", str(index_dir), "--format", "json").exit_code == 0


def test_a_100_mb_text_file_is_skipped_in_bounded_memory_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "groot.txt").open("wb") as handle:
        handle.write(b"Welvaart.\n" * (BIG_FILE_BYTES // 10))
    letter(corpus / "klein.txt", "windenergie")
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_BOUND * 5 // 4},) * 2)\n"
        "from sersearch.cli import main\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "index", str(corpus), "--index", str(tmp_path / "i")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert run.returncode == 0, run.stderr[-500:]  # the run completed; the file is reported
    assert "groot.txt: too large" in run.stderr and "Traceback" not in run.stderr
    assert peak < MEMORY_BOUND
    statuses = {Path(doc.source).name: doc.status for doc in list_documents(tmp_path / "i")}
    assert statuses == {"groot.txt": "failed", "klein.txt": "indexed"}


def test_an_index_folder_that_cannot_be_created_is_a_clear_error(tmp_path):
    corpus = tmp_path / "corpus"
    letter(corpus / "a.txt", "windenergie")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = run_cli("index", str(corpus), "--index", str(blocker / "index"))
    assert_one_line_error(result)
    assert "cannot update the index" in result.output


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders")
def test_a_read_only_index_is_a_clear_error_and_stays_intact(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    letter(corpus / "a.txt", "windenergie")
    update_index(index_dir, [corpus], workers=1)
    letter(corpus / "b.txt", "woningbouw")
    index_dir.chmod(0o555)
    try:
        result = run_cli("index", str(corpus), "--index", str(index_dir))
    finally:
        index_dir.chmod(0o755)
    assert_one_line_error(result)
    assert search(index_dir, "windenergie").hits and not search(index_dir, "woningbouw").hits


def test_a_full_disk_is_a_clear_error_and_the_index_stays_intact(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    letter(corpus / "a.txt", "windenergie")
    update_index(index_dir, [corpus], workers=1)
    letter(corpus / "b.txt", "woningbouw")

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "commit", disk_full)
        result = run_cli("index", str(corpus), "--index", str(index_dir), "--workers", "1")
    assert_one_line_error(result)
    assert "No space left on device" in result.output
    assert search(index_dir, "windenergie").hits and not search(index_dir, "woningbouw").hits
    report = update_index(index_dir, [corpus], workers=1)
    assert [Path(path).name for path in report.added] == ["b.txt"]
    assert search(index_dir, "woningbouw").hits

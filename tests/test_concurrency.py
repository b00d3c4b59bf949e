"""Searching while an index run writes, and a second index run at the same time."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import pairwise

from lettergen import write_letters

from sersearch.errors import IndexMissingError
from sersearch.search import SearchOptions, search

CLI = "from sersearch.cli import main; main()"
# Every matching passage: the hit count is exact, unlike the estimated total.
EVERY_HIT = SearchOptions(limit=100_000)
HOLD_LOCK = (
    "import sys; from pathlib import Path; from sersearch.store import write_lock\n"
    "with write_lock(Path(sys.argv[1])):\n"
    "    print('locked', flush=True); sys.stdin.read()\n"
)


def cli(*args: str, code: str = CLI, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_searching_while_an_index_run_writes(tmp_path):
    corpus = write_letters(tmp_path / "corpus", files=80, paragraphs=8)
    index_dir = tmp_path / "index"
    # Commit every few documents, so that searches see the index grow.
    writer = cli("index", str(corpus), "--index", str(index_dir), "--commit-every", "5")
    totals = []
    while writer.poll() is None:
        try:
            totals.append(len(search(index_dir, "welvaart", EVERY_HIT).hits))
        except IndexMissingError:
            assert not totals, "the index went missing while it was written"
    assert writer.wait() == 0, writer.stderr.read()
    final = len(search(index_dir, "welvaart", EVERY_HIT).hits)
    assert totals, "no search ran while the index was written"
    # Each search sees what the one before it saw, or more; never more than the end.
    drops = [(a, b) for a, b in pairwise(totals) if b < a]
    assert not drops and totals[-1] <= final, (drops, final)
    assert final > 0 and len(set(totals)) > 1


def test_a_second_index_run_is_told_who_holds_the_lock_or_waits(tmp_path):
    corpus = write_letters(tmp_path / "corpus", files=2, paragraphs=3)
    index_dir = tmp_path / "index"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused = cli("index", str(corpus), "--index", str(index_dir))
        _, error = refused.communicate(timeout=60)
        assert refused.returncode == 1
        assert "\n" not in error.strip() and error.strip().startswith("Error: ")
        assert f"being updated by process {holder.pid}" in error and "--wait" in error

        waiting = cli("index", str(corpus), "--index", str(index_dir), "--wait", "60")
        holder.stdin.close()
        _, error = waiting.communicate(timeout=90)
        assert waiting.returncode == 0, error
    finally:
        holder.kill()
        holder.wait()
    assert search(index_dir, "welvaart").total > 0


def test_a_lock_file_left_behind_by_a_crash_does_not_block(tmp_path):
    corpus = write_letters(tmp_path / "corpus", files=1, paragraphs=3)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "sersearch.lock").write_text(f"process {os.getpid() + 99999} (since then)")
    run = cli("index", str(corpus), "--index", str(index_dir))
    _, error = run.communicate(timeout=60)
    assert run.returncode == 0, error


def test_a_searcher_kept_open_sees_a_merge_as_a_fresh_one_does(tmp_path):
    """Whoosh's own refresh reuses segment readers and, after a commit that merged
    segments, kept the merged-away segments beside the merged one (some passages
    twice); a searcher kept open must see what a new one sees."""
    from sersearch.search import Searcher
    from sersearch.store import open_index
    from sersearch.update import update_index

    letters = sorted(write_letters(tmp_path / "letters", files=45, paragraphs=4).iterdir())
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    segments: list[int] = []
    for start in range(0, len(letters), 5):
        for letter in letters[start : start + 5]:
            (corpus / letter.name).write_text(letter.read_text("utf-8"), encoding="utf-8")
        update_index(index_dir, [corpus], workers=1)
        with open_index(index_dir).reader() as reader:
            segments.append(len(list(reader.leaf_readers())))
        if start == 0:
            kept = Searcher(index_dir)
        fresh = len(search(index_dir, "welvaart", EVERY_HIT).hits)
        assert len(kept.search("welvaart", EVERY_HIT).hits) == fresh, segments
    kept.close()
    assert segments[-1] < max(segments), segments  # a merge happened: the case is exercised

"""Interrupted indexing: SIGKILL an index run at random moments; the index must always
open and search, and a final run must end exactly where an uninterrupted run ends."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lettergen import write_letters

from sersearch.errors import IndexMissingError
from sersearch.search import search
from sersearch.store import index_exists, open_index, write_lock

KILL_ITERATIONS = int(os.environ.get("SERSEARCH_KILL_ITERATIONS", "8"))
SCRIPT = "from sersearch.cli import main; main()\n"


def index_command(corpus: Path, index_dir: Path, *extra: str) -> list[str]:
    # Commit every few documents, so kills also land between and inside commits.
    return [
        *(sys.executable, "-c", SCRIPT, "index", str(corpus), "--index", str(index_dir)),
        *("--commit-every", "4", *extra),
    ]


def snapshot(index_dir: Path) -> tuple[list[tuple], list[dict]]:
    """Every passage (source, id, text, page, section) and every document record,
    without the times of indexing and of the index runs that added and changed it."""
    index = open_index(index_dir)
    passages, records = [], []
    with index.searcher() as searcher:
        for fields in searcher.documents():
            if fields.get("kind") != "doc":
                passages.append(
                    (
                        fields["source"],
                        fields["passage_id"],
                        fields["text"],
                        fields.get("page"),
                        fields.get("section"),
                    )
                )
            else:
                record = json.loads(fields["record"])
                for time_field in ("indexed_at", "added_at", "changed_at"):
                    record.pop(time_field)
                records.append(record)
    return sorted(passages), sorted(records, key=lambda record: record["source"])


def live_members(group: int) -> list[int]:
    """The processes of a process group that still run (zombies left out)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def wait_until_gone(group: int) -> None:
    """Wait for every process of the killed run's process group (its pool workers
    too) to end; fails when one lives on."""
    for _ in range(300):
        if not live_members(group):
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    pytest.fail("a worker of the killed index run lived on")


def assert_usable(index_dir: Path) -> None:
    """The index opens and answers, and lists no document without all its passages;
    or there is no index yet."""
    if not index_exists(index_dir):
        with pytest.raises(IndexMissingError):
            search(index_dir, "welvaart")
        return
    assert search(index_dir, "welvaart").total >= 0
    passages, records = snapshot(index_dir)
    for record in records:
        count = sum(1 for passage in passages if passage[0] == record["source"])
        assert count == record["passages"], record["source"]


def test_killed_index_runs_leave_a_usable_index_and_the_next_run_completes(tmp_path):
    corpus = write_letters(tmp_path / "corpus", files=30, paragraphs=12, seed=7)
    reference, index_dir = tmp_path / "reference", tmp_path / "index"
    started = time.monotonic()
    subprocess.run(
        index_command(corpus, reference, "--workers", "2"), check=True, capture_output=True
    )
    duration = time.monotonic() - started
    rng = random.Random(2024)
    outcomes = {"killed": 0, "finished": 0}
    for iteration in range(KILL_ITERATIONS):
        rebuild = ("--rebuild",) if iteration % 4 == 3 else ()
        run = subprocess.Popen(
            index_command(corpus, index_dir, "--workers", "2", "--wait", "30", *rebuild),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.0, duration))
        run.kill()
        outcomes["finished" if run.wait() == 0 else "killed"] += 1
        wait_until_gone(run.pid)
        assert_usable(index_dir)
    with write_lock(index_dir):
        pass  # nothing of the killed runs holds the lock
    subprocess.run(index_command(corpus, index_dir), check=True, capture_output=True)
    assert snapshot(index_dir) == snapshot(reference)
    assert outcomes["killed"], outcomes

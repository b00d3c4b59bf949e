"""What is new: index runs record what they added or changed; --new and --since."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sersearch import update
from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.recent import select_documents
from sersearch.store import last_run
from sersearch.update import update_index

JANUARY = "2026-01-05T10:00:00.000000+00:00"
FEBRUARY = "2026-02-10T09:30:00.000000+00:00"
MARCH = "2026-03-02T08:00:00.000000+00:00"
LETTER = "Onderwerp: {topic}\n\n" + "De SER adviseert de provincie over {topic} in de regio. " * 8


def letter(path: Path, topic: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LETTER.format(topic=topic), encoding="utf-8")


def run_at(monkeypatch, stamp: str, index: Path, corpus: Path, **options) -> update.UpdateReport:
    monkeypatch.setattr(update, "run_stamp", lambda: stamp)
    return update_index(index, [corpus], workers=1, **options)


@pytest.fixture
def two_runs(tmp_path, monkeypatch):
    """January: a.txt and b.txt; February: c.txt added, b.txt changed, a.txt untouched."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    letter(corpus / "a.txt", "windenergie op zee")
    letter(corpus / "b.txt", "windenergie en zonne-energie")
    run_at(monkeypatch, JANUARY, index, corpus)
    letter(corpus / "c.txt", "windenergie en netcongestie")
    letter(corpus / "b.txt", "windenergie en waterstof")
    report = run_at(monkeypatch, FEBRUARY, index, corpus)
    assert len(report.added) == 1 and len(report.updated) == 1 and len(report.unchanged) == 1
    return corpus, index


def names(index: Path, doc_ids) -> set[str]:
    return {Path(d.source).name for d in list_documents(index) if d.doc_id in doc_ids}


def test_each_document_records_the_runs_that_added_and_last_changed_it(two_runs):
    _, index = two_runs
    records = {Path(d.source).name: d for d in list_documents(index)}
    assert (records["a.txt"].added, records["a.txt"].changed) == (JANUARY, JANUARY)
    assert (records["b.txt"].added, records["b.txt"].changed) == (JANUARY, FEBRUARY)
    assert (records["c.txt"].added, records["c.txt"].changed) == (FEBRUARY, FEBRUARY)
    assert last_run(index) == FEBRUARY


def test_new_selects_what_the_last_run_added_or_changed(two_runs, monkeypatch):
    corpus, index = two_runs
    selection = select_documents(index, new=True)
    assert names(index, selection.doc_ids) == {"b.txt", "c.txt"}
    assert "last index run (2026-02-10 09:30 UTC)" in selection.description
    run_at(monkeypatch, MARCH, index, corpus)  # nothing changed
    assert select_documents(index, new=True).doc_ids == frozenset()


def test_since_selects_by_the_day_of_the_change(two_runs):
    _, index = two_runs
    assert names(index, select_documents(index, since="2026-02").doc_ids) == {"b.txt", "c.txt"}
    assert names(index, select_documents(index, since="2026-02-10").doc_ids) == {"b.txt", "c.txt"}
    assert select_documents(index, since="2026-02-11").doc_ids == frozenset()
    assert len(select_documents(index, since="2026").doc_ids) == 3


def test_a_rebuild_keeps_when_unchanged_documents_were_added_and_changed(two_runs, monkeypatch):
    corpus, index = two_runs
    letter(corpus / "d.txt", "windenergie en geluid")
    run_at(monkeypatch, MARCH, index, corpus, rebuild=True)
    records = {Path(d.source).name: d for d in list_documents(index)}
    assert records["b.txt"].added == JANUARY and records["b.txt"].changed == FEBRUARY
    assert records["d.txt"].added == MARCH
    assert names(index, select_documents(index, new=True).doc_ids) == {"d.txt"}


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_search_export_and_batch_filter_by_new_and_since(two_runs, tmp_path):
    _, index = two_runs
    where = ["--index", str(index)]
    result = invoke("search", "windenergie", "--new", "--format", "json", *where)
    assert result.exit_code == 0
    assert {Path(hit["source"]).name for hit in json.loads(result.stdout)} == {"b.txt", "c.txt"}
    everything = json.loads(invoke("search", "windenergie", "--format", "json", *where).stdout)
    assert {Path(hit["source"]).name for hit in everything} == {"a.txt", "b.txt", "c.txt"}
    exported = invoke("export", "windenergie", "-o", "-", "--since", "2026-02-10", *where)
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert exported.exit_code == 0 and {Path(r["source"]).name for r in rows} == {"b.txt", "c.txt"}
    queries = tmp_path / "q.txt"
    queries.write_text("windenergie\nzee\n", encoding="utf-8")
    batch = invoke("batch", str(queries), "--new", "-o", "-", "--format", "jsonl", *where)
    rows = [json.loads(line) for line in batch.stdout.splitlines()]
    assert batch.exit_code == 0 and {Path(r["source"]).name for r in rows} == {"b.txt", "c.txt"}
    assert {r["query"] for r in rows} == {"windenergie"}  # "zee" is only in a.txt


def test_nothing_new_is_said_and_is_not_an_error(two_runs):
    _, index = two_runs
    result = invoke(
        "search", "windenergie", "--since", "2026-12-01", "--index", str(index), "--format", "json"
    )
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
    assert "Note: no documents were added or changed since 2026-12-01." in result.stderr


def test_new_and_since_are_checked_as_usage(two_runs):
    _, index = two_runs
    both = invoke("search", "x", "--new", "--since", "2026", "--index", str(index))
    assert both.exit_code == 2 and "--new and --since" in both.output
    bad = invoke("search", "x", "--since", "gisteren", "--index", str(index))
    assert bad.exit_code == 2 and "--since" in bad.output


def test_docs_shows_when_each_document_was_added(two_runs):
    _, index = two_runs
    rows = json.loads(invoke("docs", "--format", "json", "--index", str(index)).stdout)
    added = {Path(row["source"]).name: row["added"] for row in rows}
    assert added == {"a.txt": JANUARY, "b.txt": JANUARY, "c.txt": FEBRUARY}
    table = invoke("docs", "--index", str(index)).stdout
    assert "added" in table and "2026-01-05" in table and "2026-02-10" in table


def test_stats_gives_the_time_of_the_last_index_run(two_runs):
    _, index = two_runs
    result = invoke("stats", "--index", str(index))
    assert "last update: 2026-02-10 09:30 UTC" in result.stdout

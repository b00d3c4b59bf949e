import csv
import json

import pytest
from click.testing import CliRunner

from sersearch.cli import cli
from sersearch.search import search


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_search_json_is_pure_json_with_the_contract_fields(run):
    result = run("search", "brede welvaart", "--format", "json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    required = {
        "rank",
        "score",
        "passage_id",
        "doc_id",
        "title",
        "date",
        "doc_type",
        "page",
        "section",
        "text",
        "source",
        "citation",
    }
    assert hits and all(required <= set(h) for h in hits)
    assert len({h["doc_id"] for h in hits}) >= 3
    assert all(h["date"] is None or len(h["date"]) == 10 for h in hits)


def test_search_text_output_is_plain_when_piped(run):
    result = run("search", "brede welvaart", "--limit", "2")
    assert result.exit_code == 0
    assert "[1] " in result.stdout and "\x1b[" not in result.stdout


def test_no_results_is_success(run):
    result = run("search", "xyzzyplugh")
    assert result.exit_code == 0 and "No passages match" in result.stdout


def test_a_stop_word_query_is_told_why_it_finds_nothing(run):
    result = run("search", '"ben bij"')
    assert result.exit_code == 0 and "stop words" in result.stdout
    machine = run("search", "de het", "--format", "json")
    assert machine.stdout.strip() == "[]" and "stop words" in machine.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "md", "text"])
def test_other_formats(run, fmt):
    result = run("search", "brede welvaart", "--format", fmt, "--limit", "3")
    assert result.exit_code == 0 and "welvaart" in result.stdout.lower()


def test_bad_option_values_are_usage_errors(run):
    assert run("search", "x", "--limit", "0").exit_code == 2
    assert run("search", "x", "--format", "xml").exit_code == 2


def test_bad_date_is_a_usage_error_without_traceback(run):
    result = run("search", "x", "--from", "gisteren")
    assert result.exit_code == 2 and "Traceback" not in result.output and "--from" in result.output


def test_export_writes_csv_with_citations(run, tmp_path):
    target = tmp_path / "passages.csv"
    result = run("export", "brede welvaart", "-o", str(target), "--limit", "5")
    assert result.exit_code == 0
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 5 and all(row["citation"] and row["title"] for row in rows)


def test_docs_show_and_stats(run):
    docs = json.loads(run("docs", "--format", "json").stdout)
    assert len(docs) == 5 and all(d["status"] == "indexed" for d in docs)
    shown = run("show", "003_99d1da83fd922a9e.txt")
    assert shown.exit_code == 0 and "brede welvaartsgroei" in shown.stdout
    assert run("show", "nonexistent").exit_code == 1
    stats = run("stats")
    assert stats.exit_code == 0 and "documents:   5" in stats.stdout


def test_eval_prints_measures(run):
    from pathlib import Path

    judgements = Path(__file__).resolve().parents[1] / "eval" / "dev.jsonl"
    result = run("eval", str(judgements), "--format", "json")
    table = json.loads(result.stdout)
    assert result.exit_code == 0 and set(table["all"]) == {"ndcg@10", "mrr@10", "recall@20"}


def test_analyze_shows_terms():
    result = CliRunner().invoke(cli, ["analyze", "Geïnvesteerd in regio’s"])
    assert result.exit_code == 0 and "geinvesteerd" in result.stdout.replace(
        "investeer", "geinvesteerd"
    )


def test_index_command_reports_bad_files_and_fails_on_them_only_when_strict(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Dit is een brief over brede welvaart in de regio. " * 10)
    (corpus / "bad.pdf").write_bytes(b"not a pdf at all")
    index = ["--index", str(tmp_path / "i")]
    result = CliRunner().invoke(cli, ["index", str(corpus), *index], catch_exceptions=False)
    assert result.exit_code == 0
    assert "skipped bad.pdf" in result.output and "added" in result.output
    assert "bad.pdf: bad.pdf" not in result.output
    strict = CliRunner().invoke(cli, ["index", str(corpus), *index, "--strict"])
    assert strict.exit_code == 1 and "skipped bad.pdf" in strict.output


def test_a_mistyped_folder_leaves_the_index_as_it_was(tmp_path):
    """``--rebuild`` of a folder that does not exist would leave an empty index: the
    path is refused first. One missing path among existing ones is only reported."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Dit is een brief over brede welvaart in de regio. " * 10)
    index = ["--index", str(tmp_path / "i")]
    assert CliRunner().invoke(cli, ["index", str(corpus), *index]).exit_code == 0
    for args in (["--rebuild"], []):
        result = CliRunner().invoke(cli, ["index", str(tmp_path / "cc"), *args, *index])
        assert result.exit_code == 2
        assert "no such file or folder" in result.output and "Traceback" not in result.output
    assert search(tmp_path / "i", "welvaart").hits
    partly = CliRunner().invoke(cli, ["index", str(corpus), str(tmp_path / "cc"), *index])
    assert partly.exit_code == 0 and "skipped cc: no such file or folder" in partly.output


def test_first_search_builds_the_index(tmp_path, monkeypatch, bundled_corpus):
    from sersearch import settings

    monkeypatch.delenv("SERSEARCH_INDEX", raising=False)
    monkeypatch.setattr(settings, "default_index_dir", lambda: tmp_path / "fresh")
    monkeypatch.setenv("SERSEARCH_CORPUS", str(bundled_corpus))
    result = CliRunner().invoke(cli, ["search", "brede welvaart", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) and (tmp_path / "fresh").is_dir()


def test_main_leaves_the_objects_left_at_exit_to_the_operating_system(monkeypatch):
    import gc

    from sersearch.cli import main

    monkeypatch.setattr("sys.argv", ["sersearch", "--version"])
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 0
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()

"""Batch search: queries from a text or CSV file, a summary, a report per hit."""

import csv
import json

import pytest

from sersearch.batch import read_queries, run_batch
from sersearch.errors import SersearchError
from sersearch.query import MAX_QUERY_CHARS
from sersearch.search import Searcher, SearchOptions


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_text_file_gives_one_query_per_non_blank_line(tmp_path):
    queries = read_queries(write(tmp_path / "q.txt", "brede welvaart\n\n  jongeren  \n"))
    assert [(q.line, q.query, q.label) for q in queries.queries] == [
        (1, "brede welvaart", None),
        (3, "jongeren", None),
    ]
    assert not queries.labelled and not queries.problems


def test_a_csv_file_gives_queries_with_labels_and_reports_empty_cells(tmp_path):
    text = "Label,Query,notes\nA,brede welvaart,x\nB,,y\n,jongeren,z\n"
    queries = read_queries(write(tmp_path / "q.csv", text))
    assert [(q.line, q.query, q.label) for q in queries.queries] == [
        (2, "brede welvaart", "A"),
        (4, "jongeren", None),
    ]
    assert queries.labelled
    assert [(p.query.line, p.error) for p in queries.problems] == [(3, "the query cell is empty")]


def test_a_csv_file_without_a_query_column_is_refused(tmp_path):
    with pytest.raises(SersearchError, match=r"no 'query' column .*'naam'"):
        read_queries(write(tmp_path / "q.csv", "naam\nJansen\n"))


def test_one_searcher_runs_all_queries_and_a_bad_one_does_not_stop_the_rest(corpus_index, tmp_path):
    text = f"brede welvaart\n{'x' * (MAX_QUERY_CHARS + 1)}\njongeren\n"
    queries = read_queries(write(tmp_path / "q.txt", text)).queries
    seen = []
    with Searcher(corpus_index) as searcher:
        outcomes = run_batch(
            searcher, queries, SearchOptions(limit=3), lambda d, t: seen.append((d, t))
        )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [o.query.line for o in outcomes] == [1, 2, 3]
    assert outcomes[1].result is None and "too long" in outcomes[1].error
    assert all(len(o.result.hits) == 3 and o.result.total >= 3 for o in (outcomes[0], outcomes[2]))


def test_batch_prints_hits_and_a_plain_summary_when_piped(run, tmp_path):
    queries = write(tmp_path / "q.txt", "brede welvaart\nxyzzyplugh\n")
    result = run("batch", str(queries), "--limit", "2")
    assert result.exit_code == 0
    assert "== brede welvaart (line 1)" in result.stdout and "No passages match" in result.stdout
    summary = result.stdout[result.stdout.index("line\tquery") :].splitlines()
    assert summary[0] == "line\tquery\tmatches\tshown\tbest hit"
    line, query, matches, shown, best = summary[1].split("\t")
    assert (line, query, shown) == ("1", "brede welvaart", "2") and int(matches) > 2 and best
    assert summary[2].split("\t")[:4] == ["2", "xyzzyplugh", "0", "0"]
    assert "\x1b[" not in result.stdout


def test_batch_writes_one_csv_row_per_hit_with_query_and_label(run, tmp_path):
    queries = write(tmp_path / "q.csv", "query,label\nbrede welvaart,wel\njongeren,jong\n")
    target = tmp_path / "report.csv"
    result = run("batch", str(queries), "-o", str(target), "--limit", "3")
    assert result.exit_code == 0 and "Wrote 6 passages of 2 queries" in result.stderr
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0])[:4] == ["query", "label", "rank", "score"]
    assert [(r["query"], r["label"], r["rank"]) for r in rows] == [
        ("brede welvaart", "wel", "1"),
        ("brede welvaart", "wel", "2"),
        ("brede welvaart", "wel", "3"),
        ("jongeren", "jong", "1"),
        ("jongeren", "jong", "2"),
        ("jongeren", "jong", "3"),
    ]
    assert all(r["citation"] and r["passage_id"] for r in rows)


def test_batch_writes_jsonl_and_markdown(run, tmp_path):
    queries = write(tmp_path / "q.txt", "brede welvaart\njongeren\n")
    run("batch", str(queries), "-o", str(tmp_path / "r.jsonl"), "--limit", "2")
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [row["query"] for row in rows] == ["brede welvaart"] * 2 + ["jongeren"] * 2
    assert "label" not in rows[0] and rows[0]["rank"] == 1
    run("batch", str(queries), "-o", str(tmp_path / "r.md"), "--limit", "2")
    markdown = (tmp_path / "r.md").read_text()
    assert markdown.startswith("## brede welvaart\n\n2 of about ")
    assert "\n## jongeren\n" in markdown and markdown.count("\n1. **") == 2


def test_a_failed_line_is_reported_with_its_number_and_the_exit_code_is_1(run, tmp_path):
    queries = write(tmp_path / "q.txt", f"brede welvaart\n{'x' * (MAX_QUERY_CHARS + 1)}\n")
    result = run("batch", str(queries), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 1
    assert "q.txt line 2: the query is too long" in result.stderr
    rows = list(csv.DictReader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows and {row["query"] for row in rows} == {"brede welvaart"}


def test_batch_usage_errors_exit_2(run, tmp_path):
    queries = write(tmp_path / "q.txt", "welvaart\n")
    assert run("batch", str(queries), "-o", str(tmp_path / "r.xlsx")).exit_code == 2
    assert run("batch", str(tmp_path / "missing.txt")).exit_code == 2
    assert run("batch", str(queries), "--type", "memo").exit_code == 2

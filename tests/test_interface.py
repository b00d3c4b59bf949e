"""The command line as a new user meets it: usage errors, listings, pipes, links,
suggestions, completion."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from pdfgen import text_page, write_pdf
from rich.console import Console

from sersearch import __version__
from sersearch.cli import cli
from sersearch.update import update_index

WIND = (
    "Het beleid voor windenergie op land vraagt draagvlak in de regio. "
    "Gemeenten maken beleid voor windenergie samen met de provincie."
)


@pytest.fixture(scope="module")
def made_index(tmp_path_factory):
    """A long letter, a catalog with a type of its own, and a PDF of two pages."""
    root = tmp_path_factory.mktemp("interface")
    corpus = root / "corpus"
    corpus.mkdir()
    long_text = "\n\n".join(f"Alinea {n} over {WIND}" for n in range(400))
    (corpus / "lang.txt").write_text(long_text, encoding="utf-8")
    (corpus / "memo.txt").write_text(WIND, encoding="utf-8")
    long_name = "advies-over-de-regionale-energiestrategie-windenergie-op-land-en-zon-2024.txt"
    (corpus / long_name).write_text(WIND, encoding="utf-8")
    (corpus / "catalog.csv").write_text(
        "file,title,date,type,organisation\nmemo.txt,Memo wind,2024-02-01,memo,Provincie\n",
        encoding="utf-8",
    )
    # pages of 180 words each: a passage does not run from one into the other
    first = "\n".join(["De arbeidsmarkt in de regio vraagt om meer vakmensen nu."] * 18)
    second = "\n".join(["Netcongestie vertraagt de aansluiting van nieuwe zonneparken."] * 18)
    write_pdf(corpus / "twee pagina's.pdf", [text_page(first), text_page(second)])
    report = update_index(root / "index", [corpus], workers=1)
    assert not report.failed
    return root / "index"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_an_unknown_type_lists_the_known_ones_and_is_a_usage_error(run):
    result = run("search", "welvaart", "--type", "memo")
    assert result.exit_code == 2
    assert "unknown type 'memo'" in result.output
    assert "advies, besluit, brief, document, jaarverslag" in result.output


def test_a_type_the_index_holds_from_a_catalog_is_known(made_index):
    result = invoke("search", "windenergie", "--type", "memo", "--index", str(made_index))
    assert result.exit_code == 0 and "Memo wind" in result.stdout
    assert invoke("export", "x", "-o", "-", "--type", "Advies", "--index", str(made_index))


def test_from_later_than_to_is_a_usage_error(run, tmp_path):
    for command in (["search", "x"], ["export", "x", "-o", str(tmp_path / "x.csv")]):
        result = run(*command, "--from", "2022-03", "--to", "2021")
        assert result.exit_code == 2 and "2022-03 is later than --to 2021" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_usage_errors_exit_2(run, tmp_path):
    assert run("search").exit_code == 2
    assert run("search", "x", "--to", "2021-13").exit_code == 2
    assert run("export", "x", "-o", str(tmp_path / "x.xlsx")).exit_code == 2
    assert run("docs", "--format", "xml").exit_code == 2
    assert invoke("nonsense").exit_code == 2


def test_docs_as_csv_tsv_and_json(run):
    rows = list(csv.DictReader(run("docs", "--format", "csv").stdout.splitlines()))
    assert len(rows) == 5 and rows[0]["doc_id"] and rows[0]["added"].startswith("20")
    tsv = run("docs", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["doc_id", "title", "date"] and len(tsv) == 6
    documents = json.loads(run("docs", "--format", "json").stdout)
    assert [d["doc_id"] for d in documents] == [row["doc_id"] for row in rows]
    assert documents[0]["organisation"] == "SER Overijssel" and documents[0]["passages"] > 0


def test_the_docs_listing_fits_80_columns_with_whole_ids_and_titles(made_index):
    from io import StringIO

    from sersearch import render
    from sersearch.browse import list_documents

    documents = list_documents(made_index)
    terminal = Console(file=StringIO(), width=80)  # wraps as a terminal of 80 columns
    render.print_documents(terminal, documents)
    lines = terminal.file.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(len(doc.doc_id) > 60 for doc in documents)
    for document in documents:
        assert f"  {document.doc_id}" in lines  # whole, on a line of its own
        assert all(word in " ".join(lines).split() for word in document.title.split())
    assert f"  2024-02-01 · memo · added {documents[0].added[:10]}" in lines


def test_the_docs_listing_when_piped(run):
    output = run("docs").stdout.splitlines()
    documents = json.loads(run("docs", "--format", "json").stdout)
    assert output[:2] == [documents[0]["title"], f"  {documents[0]['doc_id']}"]
    assert output[-1] == "5 documents" and "\x1b[" not in "".join(output)


def test_export_to_standard_output(run):
    lines = run("export", "brede welvaart", "-o", "-", "--limit", "3").stdout.splitlines()
    assert [json.loads(line)["rank"] for line in lines] == [1, 2, 3]
    rows = list(
        csv.DictReader(run("export", "welvaart", "-o", "-", "--format", "csv").stdout.splitlines())
    )
    assert rows and rows[0]["citation"]


def test_show_does_not_wrap_lines_when_piped(run):
    output = run("show", "003_99d1da83fd922a9e.txt", env={"COLUMNS": "60"}).stdout
    passages = json.loads(run("search", "welvaart", "--format", "json", "-n", "200").stdout)
    texts = {p["text"] for p in passages if p["doc_id"].startswith("003_")}
    assert texts and all(len(text) > 60 for text in texts)
    assert texts <= set(output.splitlines())  # each passage is one line


def run_into_a_closed_pipe(index: Path, *args: str) -> tuple[int, str]:
    """Run sersearch with its output going to a pipe whose reader has already stopped
    reading (as ``| head`` does once it has its lines)."""
    environment = {**os.environ, "SERSEARCH_INDEX": str(index)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sersearch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    process.stdout.close()
    error = process.stderr.read().decode()
    return process.wait(timeout=120), error


@pytest.mark.parametrize(
    "args",
    [
        ("show", "lang.txt"),
        ("search", "windenergie", "--format", "text"),
        ("search", "windenergie"),
        ("docs",),
    ],
)
def test_a_reader_that_stops_early_ends_the_command_quietly(made_index, args):
    code, error = run_into_a_closed_pipe(made_index, *args)
    assert error == "" and code == 1  # as rich and Python's documentation do


def test_a_did_you_mean_corrects_each_unknown_word_of_a_query(made_index):
    result = invoke("search", "windenrgie beleid", "--index", str(made_index))
    assert result.exit_code == 0 and "Did you mean: windenergie beleid?" in result.stdout
    known = invoke("search", "windenergie beleid", "--index", str(made_index))
    assert "Did you mean" not in known.stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output == f"sersearch, version {__version__}\n"


def complete(line: str) -> list[str]:
    words = line.split(" ")
    environment = {
        "_SERSEARCH_COMPLETE": "bash_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    result = CliRunner().invoke(cli, [], env=environment, prog_name="sersearch")
    return [row.split(",", 1)[1] for row in result.output.splitlines()]


def test_completion_of_document_ids_and_types(corpus_index, made_index):
    ids = complete(f"sersearch show --index {corpus_index} 00")
    assert len(ids) == 5 and all(doc_id.startswith("00") for doc_id in ids)
    assert complete(f"sersearch show --index {corpus_index} 003") == [
        doc_id for doc_id in ids if doc_id.startswith("003")
    ]
    assert complete("sersearch search x --type jaar") == ["jaarverslag"]
    assert "memo" in complete(f"sersearch search x --index {made_index} --type m")


def test_text_output_links_to_the_page_of_a_pdf(made_index):
    result = invoke("search", "netcongestie", "--index", str(made_index))
    link = next(line for line in result.stdout.splitlines() if line.startswith("file://"))
    assert link.endswith("/twee%20pagina%27s.pdf#page=2")
    assert Path(unquote(link.removeprefix("file://").split("#")[0])).is_file()
    letter = invoke("search", "draagvlak", "--index", str(made_index), "--format", "text")
    links = [line for line in letter.stdout.splitlines() if line.startswith("file://")]
    assert links and all(link.endswith(".txt") for link in links)  # no pages to open at


def test_the_library_refuses_a_date_range_that_ends_before_it_starts(corpus_index):
    from sersearch.errors import QueryError
    from sersearch.search import SearchOptions, search

    with pytest.raises(QueryError, match="--from 2022 is later than --to 2021"):
        search(corpus_index, "welvaart", SearchOptions(date_from="2022", date_to="2021"))


def test_a_search_keeps_to_the_documents_it_is_given(corpus_index):
    from sersearch.search import SearchOptions, search

    everything = search(corpus_index, "welvaart", SearchOptions(limit=50))
    chosen = frozenset({everything.hits[-1].doc_id})
    kept = search(corpus_index, "welvaart", SearchOptions(limit=50, doc_ids=chosen))
    assert kept.hits and {hit.doc_id for hit in kept.hits} == chosen
    assert search(corpus_index, "welvaart", SearchOptions(doc_ids=frozenset())).hits == []

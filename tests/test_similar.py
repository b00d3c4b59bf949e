"""Similar passages: a passage's key terms, weighted by rarity, find passages like it."""

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sersearch.analysis import analyze
from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.errors import SersearchError
from sersearch.search import Searcher
from sersearch.similar import key_terms, similar_passages, words
from sersearch.update import update_index

TOPICS = {
    "a.txt": "Netcongestie remt de komst van waterstof. Elektrolysers op het net vragen "
    "om keuzes over netcongestie en waterstof in Twente.",
    "b.txt": "Door netcongestie kunnen elektrolysers voor waterstof niet worden aangesloten; "
    "de provincie zoekt ruimte op het net.",
    "c.txt": "De wachtlijsten in de jeugdzorg groeien. Gemeenten zoeken samen met "
    "jeugdzorgaanbieders naar oplossingen voor de wachtlijsten.",
    "e.txt": "Over netcongestie schreef de krant gisteren een kort artikel.",
    "d.txt": "De provincie investeert in onderwijs en in de arbeidsmarkt van de regio; "
    "de provincie vraagt advies over vakmensen.",
}


@pytest.fixture(scope="module")
def topics_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("similar")
    for name, text in TOPICS.items():
        (root / "corpus").mkdir(exist_ok=True)
        (root / "corpus" / name).write_text(text + "\n", encoding="utf-8")
    update_index(root / "index", [root / "corpus"], workers=1)
    return root / "index"


def passage_of(searcher: Searcher, name: str, word: str) -> str:
    result = searcher.search(word)
    return next(h.passage_id for h in result.hits if Path(h.source).name == name)


def test_the_passage_about_the_same_thing_ranks_first_and_itself_is_left_out(topics_index):
    with Searcher(topics_index) as searcher:
        source = passage_of(searcher, "a.txt", "elektrolysers")
        found = similar_passages(searcher, source)
    hits = found.result.hits
    assert source not in {hit.passage_id for hit in hits}
    # only the other passage on grid congestion shares the key terms; one shared word
    # (e.txt: netcongestie) is not enough
    assert [Path(hit.source).name for hit in hits] == ["b.txt"]
    assert {"netcongestie", "waterstof"} <= set(found.terms)


def test_key_terms_are_the_passages_index_terms_by_weight(topics_index):
    text = TOPICS["a.txt"]
    with Searcher(topics_index) as searcher:
        terms = key_terms(searcher, text)
    stems = set(analyze(text))
    assert terms and all(term in stems for term, _ in terms)
    weights = dict(terms)
    # both in two passages; used twice outweighs used once
    assert weights[analyze("netcongestie")[0]] > weights[analyze("net")[0]] > 0
    # a term no other passage holds finds nothing and is left out
    assert analyze("Twente")[0] in stems and analyze("Twente")[0] not in weights
    assert [w for _, w in terms] == sorted((w for _, w in terms), reverse=True)


def press_release_opening(searcher: Searcher) -> str:
    """The first passage of the bundled press release on broad prosperity in the regions,
    a theme the bundled letters and annual report take up too."""
    doc_id = next(
        doc.doc_id
        for doc in list_documents(searcher.index_dir)
        if Path(doc.source).name == "003_99d1da83fd922a9e.txt"
    )
    return searcher.stored(doc_id)[0]["passage_id"]


def test_other_docs_leaves_out_the_passages_own_document(corpus_index):
    with Searcher(corpus_index) as searcher:
        source = press_release_opening(searcher)
        own = similar_passages(searcher, source)
        others = similar_passages(searcher, source, other_docs=True)
    doc_id = source.rpartition(":")[0]
    assert doc_id in {hit.doc_id for hit in own.result.hits}
    assert others.result.hits and all(h.doc_id != doc_id for h in others.result.hits)
    assert [h.rank for h in others.result.hits] == list(range(1, len(others.result.hits) + 1))


def test_an_unknown_passage_is_a_clear_error(corpus_index):
    with Searcher(corpus_index) as searcher, pytest.raises(SersearchError, match="no passage"):
        similar_passages(searcher, "003_99d1da83fd922a9e-e455dd:9999")


def test_similar_command_in_every_format(corpus_index):
    with Searcher(corpus_index) as searcher:
        source = press_release_opening(searcher)

    def run(*args):
        return CliRunner().invoke(
            cli, ["similar", source, "--index", str(corpus_index), *args], catch_exceptions=False
        )

    hits = json.loads(run("--format", "json", "-n", "3").stdout)
    assert len(hits) == 3 and source not in {hit["passage_id"] for hit in hits}
    rows = list(csv.DictReader(run("--format", "csv", "-n", "3").stdout.splitlines()))
    assert [row["passage_id"] for row in rows] == [hit["passage_id"] for hit in hits]
    plain = run("-n", "2")
    assert plain.exit_code == 0 and plain.stdout.startswith("[1] ")
    assert "key terms" in plain.stderr
    assert run("--format", "md", "-n", "2").stdout.startswith("1. **")
    missing = CliRunner().invoke(cli, ["similar", "x:0001", "--index", str(corpus_index)])
    assert missing.exit_code == 1 and "no passage 'x:0001'" in missing.output


def test_a_compound_is_one_key_term_not_also_its_parts(topics_index):
    with Searcher(topics_index) as searcher:
        found = words(searcher, "De wespendief broedt")
    assert found == [analyze("wespendief")[0], analyze("broedt")[0]]

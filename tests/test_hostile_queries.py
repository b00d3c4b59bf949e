"""Hostile queries never give a traceback or a hang, and wildcards stay bounded."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.query import Prefix

from sersearch import query as query_module
from sersearch.cli import cli
from sersearch.errors import QueryError
from sersearch.query import MAX_EXPANSIONS, MAX_QUERY_CHARS, parse_query
from sersearch.search import Searcher, search
from sersearch.store import open_index
from sersearch.update import update_index

FRAGMENTS = [
    '"',
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "ANDNOT",
    "ANDMAYBE",
    "foo:bar",
    "type:",
    "title:*",
    "*",
    "?",
    "a*",
    "*heid",
    "w?lvaart",
    "^2",
    "~",
    "[a TO",
    "TO z]",
    "'",
    "\\",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "שלום",
    "مرحبا",
    "😀",
    "\ud800",
    "welvaart",
    "brede welvaart",
    " ",
    "\n",
]
HOSTILE = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=12
).map(" ".join)
BOUNDED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SPECIAL = [
    "a" * 10_000,
    "(" * 1_500,
    '"' * 1_999,
    "welvaart " * 200,
    "NOT " * 400,
    "*" * 50,
]


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Iterator[Searcher]:
    with Searcher(corpus_index) as opened:
        yield opened


def check_library(searcher: Searcher, text: str) -> None:
    """A result, or a QueryError with a one-line message for the queries that cannot be
    searched for: empty (no characters other than spaces) or too long. Any other
    exception is a bug and fails the test."""
    try:
        result = searcher.search(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
        assert not text.strip() or len(text) > MAX_QUERY_CHARS, (text, str(error))
    else:
        assert result.total >= len(result.hits)


def check_cli(index_dir: Path, text: str) -> None:
    """Exit 0 with JSON, or exit 1/2 with a one-line error; never a traceback."""
    result = CliRunner().invoke(
        cli,
        ["search", text, "--index", str(index_dir), "--format", "json"],
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert "Error" in result.output and "Traceback" not in result.output


@BOUNDED
@given(text=HOSTILE)
def test_hostile_queries_through_the_library(searcher, text):
    check_library(searcher, text)


@BOUNDED
@given(text=HOSTILE)
def test_hostile_queries_through_the_cli(corpus_index, text):
    check_cli(corpus_index, text)


@pytest.mark.parametrize("text", SPECIAL, ids=range(len(SPECIAL)))
def test_long_and_repetitive_queries(searcher, corpus_index, text):
    check_library(searcher, text)
    check_cli(corpus_index, text)


def test_an_overlong_query_is_refused_with_its_length(corpus_index):
    with pytest.raises(QueryError, match="too long"):
        search(corpus_index, "welvaart " * (MAX_QUERY_CHARS // 9 + 1))


@pytest.fixture(scope="module")
def many_terms(tmp_path_factory) -> Path:
    """An index whose text field has about 20,000 distinct words starting with ``a``."""
    rng = random.Random(5)
    root = tmp_path_factory.mktemp("many-terms")
    letters = "bcdfghklmnprstvz"
    words = {"a" + "".join(rng.choice(letters) for _ in range(7)) for _ in range(20_000)}
    ordered = sorted(words)
    for number in range(10):
        chunk = ordered[number::10]
        text = "\n\n".join(" ".join(chunk[i : i + 150]) + "." for i in range(0, len(chunk), 150))
        (root / "corpus").mkdir(exist_ok=True)
        (root / "corpus" / f"woorden-{number}.txt").write_text(f"Woordenlijst\n\n{text}\n")
    update_index(root / "index", [root / "corpus"], workers=2)
    return root / "index"


def test_a_prefix_stands_for_a_bounded_number_of_terms(many_terms):
    index = open_index(many_terms)
    parsed = parse_query("a*", index.schema)
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(Prefix("text", parsed.text)._btexts(reader))) > 10 * MAX_EXPANSIONS
        assert len(list(parsed.expanded_terms(reader))) == MAX_EXPANSIONS
    assert search(many_terms, "a*").hits


def test_a_leading_wildcard_looks_at_a_bounded_number_of_terms(many_terms, monkeypatch):
    monkeypatch.setattr(query_module, "MAX_SCANNED_TERMS", 1_000)
    index = open_index(many_terms)
    parsed = parse_query("*b*", index.schema)
    with index.searcher() as searcher:
        reader = searcher.reader()
        lexicon = reader.lexicon
        scanned = []

        def counting(fieldname):
            for term in lexicon(fieldname):
                scanned.append(term)
                yield term

        reader.lexicon = counting
        expanded = list(parsed.expanded_terms(reader))
    assert 0 < len(expanded) <= MAX_EXPANSIONS and len(scanned) <= 1_000
    assert search(many_terms, "*b*").hits


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("welvaart " * 300, "too long"),
        ("page:3", "cannot be searched"),
        ("welvaart OR date:[2020 TO 2021]", "cannot be searched"),
        ("NOT NOT NOT", "result"),
        ("a NOT NOT NOT b", "result"),
        ('" " ANDNOT ANDNOT "', "result"),
        ("welvaart ANDNOT", "result"),
        ("(" * 1_500, "result"),
        ("title:*", "result"),
        ("\x00\u202e😀", "result"),
    ],
)
def test_each_hostile_query_gets_its_outcome(searcher, text, outcome):
    if outcome == "result":
        result = searcher.search(text)
        assert result.total >= len(result.hits)
    else:
        with pytest.raises(QueryError, match=outcome):
            searcher.search(text)

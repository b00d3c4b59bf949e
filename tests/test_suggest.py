"""Did you mean: corrections from the index's surface vocabulary."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sersearch.cli import cli
from sersearch.search import search
from sersearch.store import open_index
from sersearch.suggest import edit_distance, suggest_query


@settings(deadline=None)  # a timing limit would only measure the machine's load
@given(
    a=st.text(alphabet="abcde", max_size=9),
    b=st.text(alphabet="abcde", max_size=9),
    limit=st.integers(0, 3),
)
def test_a_limited_distance_is_the_distance_up_to_the_limit(a: str, b: str, limit: int) -> None:
    assert edit_distance(a, b, limit) == min(edit_distance(a, b), limit + 1)


@pytest.fixture
def searcher(corpus_index):
    with open_index(corpus_index).searcher() as opened:
        yield opened


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("arbiedsmarkt", "arbeidsmarkt", 1),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("ab", "ab", 0),
    ],
)
def test_edit_distance_counts_a_swap_as_one(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("arbiedsmarkt", "arbeidsmarkt"),
        ("krapte op de arbiedsmarkt", "krapte op de arbeidsmarkt"),
        ("laaggeletterheid", "laaggeletterdheid"),
        ("type:advies jongern", "type:advies jongeren"),
        ('"brede welvart"', '"brede welvaart"'),
    ],
)
def test_unknown_words_get_the_closest_surface_form(searcher, query: str, suggestion: str):
    assert suggest_query(searcher, query) == suggestion


@pytest.mark.parametrize("query", ["brede welvaart", "regio’s", "5 februari 2021", "xqzwvk"])
def test_known_or_hopeless_words_get_no_suggestion(searcher, query: str):
    assert suggest_query(searcher, query) is None


def test_suggestions_are_surface_forms_not_stems(searcher):
    # the stem of "adviezen" is "advie"; a suggestion must be a word as written
    assert suggest_query(searcher, "adviezn") == "adviezen"


def test_search_result_carries_the_suggestion_when_little_is_found(corpus_index):
    result = search(corpus_index, "arbiedsmarkt")
    assert result.total == 0 and result.suggestion == "arbeidsmarkt"
    assert search(corpus_index, "arbeidsmarkt").suggestion is None


def test_cli_prints_did_you_mean(corpus_index):
    args = ["search", "arbiedsmarkt", "--index", str(corpus_index)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "Did you mean: arbeidsmarkt?" in result.stdout


def test_machine_formats_keep_stdout_pure_json(corpus_index):
    args = ["search", "arbiedsmarkt", "--format", "json", "--index", str(corpus_index)]
    result = CliRunner().invoke(cli, args)
    assert json.loads(result.stdout) == []
    assert "Did you mean: arbeidsmarkt?" in result.stderr

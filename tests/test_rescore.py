"""Final scores: prose prior and document evidence, and where reading can stop."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sersearch.rescore import DOCUMENT_WEIGHT, RERANK_DEPTH, FinalScores
from sersearch.search import Searcher, SearchOptions

PROSE = "De gemeente wil dat de bewoners van de wijk eerder worden gehoord over het plan."
TABLE = "Windpark Vermogen MW Turbines Gemeente Status 12 4 Zwolle vergund 18 6 Deventer"


def passage(doc: str, number: int, text: str = PROSE) -> dict:
    return {"doc_id": doc, "passage_id": f"{doc}-{number}", "text": text}


def test_a_passage_of_the_document_that_answers_best_ranks_above_an_equal_one():
    finals = FinalScores(limit=3)
    finals.add(10.0, passage("strong", 1))
    finals.add(6.0, passage("weak", 1))
    finals.add(6.0, passage("strong", 2))
    scores = {fields["passage_id"]: score for score, fields in finals.ranked()}
    assert scores["strong-1"] == 10.0
    assert scores["strong-2"] == pytest.approx((1 - DOCUMENT_WEIGHT) * 6 + DOCUMENT_WEIGHT * 10)
    assert scores["strong-2"] > scores["weak-1"] == 6.0


def test_a_table_scores_less_than_prose_with_the_same_words():
    finals = FinalScores(limit=2)
    finals.add(5.0, passage("a", 1, PROSE))
    finals.add(5.0, passage("b", 1, TABLE))
    (prose, _), (table, _) = finals.ranked()
    assert table < prose


@given(
    st.lists(
        st.tuples(
            st.floats(0.1, 50, allow_nan=False),
            st.sampled_from("abcd"),
            st.sampled_from([PROSE, TABLE]),
        ),
        min_size=1,
        max_size=RERANK_DEPTH,  # within the depth, stopping early is exact
    ),
    st.integers(1, 10),
)
def test_reading_stops_only_where_the_top_is_settled(rows, limit):
    rows = sorted(rows, key=lambda row: -row[0])
    full = FinalScores(limit)
    for number, (score, doc, text) in enumerate(rows):
        full.add(score, passage(doc, number, text))
    early = FinalScores(limit)
    for number, (score, doc, text) in enumerate(rows):
        if early.settled(score):
            break
        early.add(score, passage(doc, number, text))

    def top(finals):
        ranked = sorted(finals.ranked(), key=lambda pair: (-pair[0], pair[1]["passage_id"]))
        return [(score, fields["passage_id"]) for score, fields in ranked[:limit]]

    assert top(early) == top(full)


def test_reading_stops_at_the_rerank_depth_where_scores_are_flat_but_not_in_a_tie():
    finals = FinalScores(limit=10)
    for number in range(RERANK_DEPTH):
        score = 10.0 - number / 1000
        assert not finals.settled(score)
        finals.add(score, passage(f"d{number % 3}", number, TABLE))  # all at half
    assert not finals.settled(score)  # ties with the last: which one is read first is chance
    assert finals.settled(score - 0.001)
    assert not FinalScores(limit=RERANK_DEPTH + 5, passages=list(finals.passages)).settled(1.0)


# On the bundled corpus reading stops exactly before the rerank depth for these.
@pytest.mark.parametrize("query", ["brede welvaart", "arbeidsmarkt krapte", "SER Overijssel"])
def test_the_top_k_is_the_top_of_the_full_ranking(corpus_index, query):
    with Searcher(corpus_index) as searcher:
        top = searcher.search(query, SearchOptions(limit=5)).hits
        deep = searcher.search(query, SearchOptions(limit=200)).hits
    assert [(h.passage_id, h.score) for h in top] == [(h.passage_id, h.score) for h in deep[:5]]
    assert [h.score for h in deep] == sorted((h.score for h in deep), reverse=True)

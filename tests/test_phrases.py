from whoosh.query import Phrase

from sersearch.analysis import dutch_analyzer
from sersearch.phrases import phrase_query
from sersearch.search import SearchOptions, search


def test_phrase_of_stems_allows_for_stopword_gaps():
    query = phrase_query("text", dutch_analyzer(), "krapte op de arbeidsmarkt")
    assert isinstance(query, Phrase)
    assert query.words == ["krapt", "arbeidsmarkt"] and query.slop == 3


def test_a_quoted_phrase_finds_its_words_inflected(corpus_index):
    # The stems in order: "onbenut" finds the inflected "onbenutte", in that order only.
    hits = search(corpus_index, '"onbenut arbeidspotentieel"', SearchOptions(limit=50)).hits
    assert any("onbenutte arbeidspotentieel" in hit.text.lower() for hit in hits)
    assert not search(corpus_index, '"arbeidspotentieel onbenut"').hits

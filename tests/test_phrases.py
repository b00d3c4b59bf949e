from whoosh.query import And, AndNot, Or, Term

from sersearch.analysis import dutch_analyzer
from sersearch.phrases import ExactPhrase, contains_phrase, phrase_query, required_phrases


def test_phrase_of_stems_allows_for_stopword_gaps():
    query = phrase_query("text", dutch_analyzer(), "krapte op de arbeidsmarkt")
    assert isinstance(query, ExactPhrase)
    assert query.words == ["krapt", "arbeidsmarkt"] and query.slop == 3
    assert query.surface == ("krapte", "op", "de", "arbeidsmarkt")


def test_contains_phrase_compares_folded_surface_words_in_a_row():
    text = "Wij pleiten voor een Leven Lang Ontwikkelen, ook in de regio’s."
    assert contains_phrase(text, ("leven", "lang", "ontwikkelen"))
    assert contains_phrase(text, ("in", "de", "regios"))
    assert not contains_phrase(text, ("lang", "leven"))
    assert not contains_phrase("levens lang ontwikkeld", ("leven", "lang", "ontwikkelen"))


def test_required_phrases_skip_optional_and_excluded_ones():
    phrase = phrase_query("text", dutch_analyzer(), "brede welvaart")
    other = phrase_query("text", dutch_analyzer(), "leven lang")
    term = Term("text", "x")
    assert list(required_phrases(phrase)) == [("brede", "welvaart")]
    assert list(required_phrases(And([phrase, term]))) == [("brede", "welvaart")]
    assert list(required_phrases(AndNot(phrase, other))) == [("brede", "welvaart")]
    assert list(required_phrases(Or([phrase, term]))) == []

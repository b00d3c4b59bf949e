import pytest

from sersearch.analysis.fold import fold
from sersearch.analysis.stopwords import load_stopwords


def test_list_is_loaded_and_cached() -> None:
    stopwords = load_stopwords()
    assert isinstance(stopwords, frozenset)
    assert 100 <= len(stopwords) <= 130
    assert load_stopwords() is stopwords


@pytest.mark.parametrize("word", ["de", "het", "een", "en", "van", "op", "zijn", "we", "wel"])
def test_function_words_are_stopwords(word: str) -> None:
    assert word in load_stopwords()


@pytest.mark.parametrize(
    "word", ["één", "beleid", "werk", "arbeidsmarkt", "regio", "advies", "ser", "mbo", "krapte"]
)
def test_content_words_and_numeral_een_are_kept(word: str) -> None:
    assert word not in load_stopwords()


def test_entries_are_folded_and_comment_free() -> None:
    assert all(fold(w) == w and not w.startswith("#") and w.strip() == w for w in load_stopwords())

import re

import pytest

from sersearch.analysis.stemming import STEMMERS, get_stemmer, load_overrides, stemmer_version

PAIRS = [
    ("adviezen", "advies"),
    ("steden", "stad"),
    ("schepen", "schip"),
    ("gebieden", "gebied"),
    ("leden", "lid"),
    ("kinderen", "kind"),
    ("crises", "crisis"),
    ("technici", "technicus"),
    ("bedrijven", "bedrijf"),
    ("brieven", "brief"),
    ("huizen", "huis"),
    ("innovaties", "innovatie"),
    ("provincies", "provincie"),
    ("economieen", "economie"),
    ("ideeen", "idee"),
    ("sociale", "sociaal"),
    ("financiele", "financieel"),
    ("materialen", "materiaal"),
    ("werklozen", "werkloos"),
    ("jongeren", "jongere"),
    ("werkgevers", "werkgever"),
    ("regionale", "regionaal"),
]


@pytest.mark.parametrize("name", STEMMERS)
@pytest.mark.parametrize(("inflected", "base"), PAIRS)
def test_forms_reach_the_same_stem(name: str, inflected: str, base: str) -> None:
    stem = get_stemmer(name)
    assert stem(inflected) == stem(base)


@pytest.mark.parametrize("name", STEMMERS)
@pytest.mark.parametrize(("a", "b"), [("beleid", "bestuur"), ("stad", "staat"), ("werk", "wet")])
def test_different_words_keep_different_stems(name: str, a: str, b: str) -> None:
    stem = get_stemmer(name)
    assert stem(a) != stem(b)


@pytest.mark.parametrize(
    ("name", "word", "expected"),
    [
        ("snowball-porter", "ontwikkeling", "ontwikkel"),
        ("snowball-porter", "arbeidsmarkten", "arbeidsmarkt"),
        ("snowball-porter", "adviezen", "advie"),
        ("kraaij-pohlmann", "gebied", "bied"),
        ("kraaij-pohlmann", "huizen", "huis"),
    ],
)
def test_exact_stems(name: str, word: str, expected: str) -> None:
    assert get_stemmer(name)(word) == expected


def test_stemmer_is_memoised_and_shared() -> None:
    assert get_stemmer("snowball-porter") is get_stemmer("snowball-porter")
    assert get_stemmer("snowball-porter").cache_info().maxsize > 0


def test_unknown_stemmer_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown stemmer 'porter2'"):
        get_stemmer("porter2")
    with pytest.raises(ValueError, match="choose one of"):
        stemmer_version("porter2")


@pytest.mark.parametrize("name", STEMMERS)
def test_version_names_algorithm_package_and_overrides(name: str) -> None:
    version = stemmer_version(name)
    assert version.startswith(f"{name}: ")
    assert re.search(r"(nltk|PyStemmer) \d+\.\d+", version)
    assert re.search(r"overrides [0-9a-f]{10}", version)


def test_override_table_is_folded_and_not_identity() -> None:
    overrides = load_overrides()
    assert overrides["steden"] == "stad"
    assert all(k == k.lower() and k != v for k, v in overrides.items())


def test_snowball_porter_agrees_with_nltk_on_the_corpus_vocabulary():
    """PyStemmer's dutch_porter stands in for nltk's DutchStemmer: same algorithm."""
    from pathlib import Path

    import Stemmer
    from nltk.stem.snowball import DutchStemmer

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    words = {
        word
        for path in corpus.glob("*.txt")
        for word in re.findall(r"[a-zà-ÿ]+", path.read_text(encoding="utf-8").lower())
    }
    fast, reference = Stemmer.Stemmer("dutch_porter"), DutchStemmer()
    assert len(words) > 3000
    assert [w for w in sorted(words) if fast.stemWord(w) != reference.stem(w)] == []

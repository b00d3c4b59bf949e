import time
from importlib import resources

import pytest

from sersearch.analysis import compounds
from sersearch.analysis.compounds import (
    LEXICON_FILE,
    CompoundSplitter,
    Lexicon,
    PackedWords,
    load_lexicon,
)


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    return CompoundSplitter(load_lexicon())


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        # linking -s-
        ("welvaartsgroei", ("welvaart", "groei")),
        ("personeelstekort", ("personeel", "tekort")),
        ("arbeidsmarkt", ("arbeid", "markt")),
        ("beroepsbevolking", ("beroep", "bevolking")),
        # linking -en- kept where the plural is the commoner word, dropped otherwise
        ("jongerenparticipatie", ("jongeren", "participatie")),
        ("vijfentwintig", ("vijf", "twintig")),
        # linking -e-
        ("armoedebeleid", ("armoede", "beleid")),
        # linking -er-
        ("kinderopvang", ("kind", "opvang")),
        # no linking element
        ("loopbaanadviezen", ("loopbaan", "adviezen")),
        ("energietransitie", ("energie", "transitie")),
        # three parts: two known words preferred at the top level
        ("arbeidsmarktkrapte", ("arbeidsmarkt", "krapte")),
        ("arbeidsmarktregio", ("arbeidsmarkt", "regio")),
        # hyphens always split; a linking -s- before a hyphen is dropped
        ("mbo-instellingen", ("mbo", "instellingen")),
        ("duurzaamheids-opgaven", ("duurzaamheid", "opgaven")),
        ("Noord-Nederland", ("noord", "nederland")),
        # folded input
        ("Welvaartsgroei", ("welvaart", "groei")),
    ],
)
def test_split(splitter: CompoundSplitter, word: str, parts: tuple[str, ...]) -> None:
    assert splitter.split(word) == parts


@pytest.mark.parametrize(
    "word",
    [
        "bestuur",  # not best + uur: be- + stuur
        "beleid",
        "verkeer",  # not ver + keer
        "onderwijs",  # not onder + wijs
        "samenwerking",
        "arbeid",
        "welvaart",  # wel- is a particle
        "werkgever",  # lexicalised: 'gever' is rarer than the whole
        "huisvesting",
        "werkloze",  # -loze is a suffix
        "wetenschap",
        "leerling",
        "gesprekken",  # gesprek + -ken inflection
        "gemeenten",
        "kantoren",  # plural of kantoor, not kant + oren
        "onbenut",
        "achtergrond",  # not acht-er-grond
        "mogelijkheden",
        "zo'n",
        "2021",
        "mbo-",
        "",
    ],
)
def test_no_false_split(splitter: CompoundSplitter, word: str) -> None:
    assert splitter.split(word) == ()


def test_decompose_lists_every_level(splitter: CompoundSplitter) -> None:
    assert splitter.decompose("arbeidsmarktkrapte") == ("arbeidsmarkt", "arbeid", "markt", "krapte")
    assert splitter.decompose("beleid") == ()


def test_split_is_memoised(splitter: CompoundSplitter) -> None:
    splitter.split("welvaartsgroei")
    hits = splitter._cached_split.cache_info().hits
    splitter.split("welvaartsgroei")
    assert splitter._cached_split.cache_info().hits == hits + 1


def test_min_part_is_respected() -> None:
    assert CompoundSplitter(load_lexicon(), min_part=6).split("welvaartsgroei") == ()


def test_lexicon_lookup() -> None:
    lexicon = load_lexicon()
    assert load_lexicon() is lexicon
    assert len(lexicon) > 90_000
    assert 4.0 < lexicon.frequency("arbeid") < 5.0
    assert "arbeid" in lexicon
    assert "qqqzzz" not in lexicon
    assert lexicon.frequency("qqqzzz") == 0.0


def test_lexicon_loads_fast() -> None:
    load_lexicon.cache_clear()
    start = time.perf_counter()
    load_lexicon()
    assert time.perf_counter() - start < 0.5  # ~1 ms on a 2-core machine; generous for CI


def test_packed_lexicon_offsets_match_its_text() -> None:
    data = resources.files("sersearch").joinpath("data")
    lines = data.joinpath(LEXICON_FILE).read_text(encoding="utf-8").splitlines()
    words = [line for line in lines if not line.startswith("#")]
    packed = load_lexicon()._words
    assert isinstance(packed, PackedWords)
    assert len(packed) == len(words)
    assert [packed[n].decode() for n in range(len(words))] == words


def test_packed_lookups_equal_list_lookups_before_and_after_the_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Packed lookups bisect the text until SPLIT_AFTER_LOOKUPS, then a list."""
    monkeypatch.setattr(compounds, "SPLIT_AFTER_LOOKUPS", 50)
    load_lexicon.cache_clear()
    packed = load_lexicon()
    data = resources.files("sersearch").joinpath("data")
    words = [w for w in data.joinpath(LEXICON_FILE).read_text("utf-8").splitlines() if "#" not in w]
    listed = Lexicon(words, packed._zipfs, {})
    probes = [words[0], words[-1], "", "a", "zzzzzz", "arbeid", "arbeidt", "één", "welvaart"]
    probes += words[:: len(words) // 60] + [w + "x" for w in words[:: len(words) // 60]]
    assert len(probes) > 2 * 50  # both modes
    assert [packed.frequency(w) for w in probes] == [listed.frequency(w) for w in probes]
    assert isinstance(packed._words, list)  # split after 50 lookups
    load_lexicon.cache_clear()


def test_corpus_counts_add_unknown_words_modestly() -> None:
    lexicon = load_lexicon()
    richer = lexicon.with_corpus_counts({"Deltawonen": 10, "arbeid": 1000, "x2": 5})
    assert "deltawonen" not in lexicon
    assert richer.frequency("deltawonen") == pytest.approx(2.0)
    assert richer.frequency("arbeid") == lexicon.frequency("arbeid")
    assert "x2" not in richer
    capped = lexicon.with_corpus_counts({"deltawonen": 10**6})
    assert capped.frequency("deltawonen") == pytest.approx(2.5)


def test_corpus_words_can_become_parts() -> None:
    lexicon = load_lexicon()
    assert CompoundSplitter(lexicon).split("seacoadvies") == ()
    richer = lexicon.with_corpus_counts({"SEACO": 30})
    assert CompoundSplitter(richer).split("seacoadvies") == ("seaco", "advies")


def test_lexicon_from_lists() -> None:
    lexicon = Lexicon(["groei", "welvaart"], [464, 400], {})
    assert lexicon.frequency("welvaart") == 4.0
    assert CompoundSplitter(lexicon).split("welvaartsgroei") == ("welvaart", "groei")

import re
from pathlib import Path

import pytest

from sersearch.analysis.analyzer import TOKEN_PATTERN
from sersearch.analysis.stemming import load_overrides
from sersearch.analysis.words import DEFAULT_STEMMER, analyser, term_core
from sersearch.errors import QueryError
from sersearch.hits import Highlighter
from sersearch.search import NO_WORDS_NOTE, SearchOptions, search


def docs_of(hits) -> list[str]:
    return [Path(h.source).name for h in hits]


def test_brede_welvaart_finds_passages_in_three_documents_with_citations(corpus_index):
    hits = search(corpus_index, "brede welvaart").hits
    assert len(hits) == 10
    assert len(set(docs_of(hits))) >= 3
    for hit in hits:
        assert "welvaart" in hit.text.lower()
        assert hit.title and hit.year
        assert 20 <= len(hit.text.split()) <= 260
    annual = [h for h in hits if h.doc_type == "jaarverslag"]
    assert annual and all(h.section for h in annual)
    assert [h.rank for h in hits] == list(range(1, 11))


def test_highlights_cover_surface_forms(corpus_index):
    hit = search(corpus_index, "welvaart").hits[0]
    marked = {hit.text[start:end].lower() for start, end in hit.highlights}
    assert marked and all(word.startswith("welvaart") for word in marked)


def test_highlighter_marks_every_word_that_gives_a_query_term(bundled_corpus):
    """Words without a term's core are not analysed: check that this never hides a
    word, for every word of the bundled corpus and every term it gives."""
    text = "\n".join(path.read_text("utf-8") for path in bundled_corpus.glob("*.txt"))
    words = set(re.findall(TOKEN_PATTERN, text)) | set(load_overrides())
    analyse = analyser(DEFAULT_STEMMER, True)
    missed = [
        (word, term)
        for word in words
        for term in analyse(word)
        if Highlighter([("text", term)]).spans(word) != ((0, len(word)),)
    ]
    assert len(words) > 3_000
    assert not missed


def test_term_cores_skip_vowel_length_and_devoicing_but_not_irregular_stems():
    assert term_core("welvaart") == "wel"
    assert term_core("jar") == "ja"  # jaar, Jaarverslagen
    assert term_core("haf") == "ha"  # havens
    assert term_core("stad") is None  # steden


def test_results_are_sorted_by_score_then_passage_id(corpus_index):
    hits = search(corpus_index, "SER Overijssel advies", SearchOptions(limit=30)).hits
    keys = [(-h.score, h.passage_id) for h in hits]
    assert keys == sorted(keys)
    assert hits == search(corpus_index, "SER Overijssel advies", SearchOptions(limit=30)).hits


def test_phrase_is_exact_but_folds_case(corpus_index):
    hits = search(corpus_index, '"leven lang ontwikkelen"').hits
    assert hits
    assert all("leven lang ontwikkelen" in h.text.lower() for h in hits)


def test_boolean_operators(corpus_index):
    both = search(corpus_index, "jongeren AND arbeidsmarkt", SearchOptions(limit=50)).hits
    assert both and all(
        "jongere" in h.text.lower() and "arbeidsmarkt" in h.text.lower() for h in both
    )
    without = search(corpus_index, "jongeren NOT arbeidsmarkt", SearchOptions(limit=50)).hits
    assert without and not any(re.search(r"\barbeidsmarkt(en)?\b", h.text.lower()) for h in without)


def test_type_and_date_filters(corpus_index):
    letters = search(corpus_index, "SER", SearchOptions(limit=50, doc_types=("brief",))).hits
    assert letters and {h.doc_type for h in letters} == {"brief"}
    dated = search(
        corpus_index, "SER", SearchOptions(limit=50, date_from="2021", date_to="2022")
    ).hits
    assert dated and all(2021 <= h.year <= 2022 for h in dated)
    field = search(corpus_index, "SER type:persbericht", SearchOptions(limit=50)).hits
    assert field and {h.doc_type for h in field} == {"persbericht"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("geinvesteerd", "geïnvesteerd"),
        ("regios", "regio’s"),
        ("SERen", "SER’en"),
        ("adviezen", "advies"),
    ],
)
def test_dutch_forms_find_each_other(corpus_index, query, expected):
    hits = search(corpus_index, query, SearchOptions(limit=50)).hits
    assert any(expected.lower() in h.text.lower() for h in hits)


def test_natural_language_question_returns_results(corpus_index):
    hits = search(
        corpus_index, "wat vindt de SER van patenten als maat voor innovatie in het mkb?"
    ).hits
    assert hits and "patent" in hits[0].text.lower()


@pytest.mark.parametrize("query", ["", "   ", '"unbalanced', "((", "AND", "NOT", "type:", "*"])
def test_odd_queries_give_results_or_a_query_error(corpus_index, query):
    try:
        search(corpus_index, query)
    except QueryError as error:
        assert str(error)


def test_bad_date_filter_is_a_query_error(corpus_index):
    with pytest.raises(QueryError, match="--from"):
        search(corpus_index, "SER", SearchOptions(date_from="vorig jaar"))


def test_type_and_date_filters_find_every_match_in_a_larger_index(tmp_path):
    from sersearch.models import Document, DocumentMeta, Passage
    from sersearch.update import write_documents

    documents = [
        Document(
            doc_id=f"d{n}",
            source=f"/nowhere/d{n}.txt",
            sha256=f"h{n}",
            meta=DocumentMeta(
                f"Stuk {n}", f"{2010 + n % 10}-05-0{1 + n % 9}", ("advies", "brief")[n % 2]
            ),
            passages=tuple(
                Passage(
                    f"d{n}:{k:04d}",
                    f"d{n}",
                    k,
                    f"Windenergie en woningbouw, deel {k}. " * (1 + k % 3),
                )
                for k in range(1, 21)
            ),
        )
        for n in range(40)
    ]
    index_dir = tmp_path / "index"
    write_documents(index_dir, documents, procs=1)
    options = SearchOptions(limit=1000, doc_types=("brief",), date_from="2013-03", date_to="2015")
    hits = search(index_dir, "windenergie", options).hits
    expected = [
        d
        for d in documents
        if d.meta.doc_type == "brief" and "2013-03" <= d.meta.date[:7] <= "2015-12"
    ]
    assert len(hits) == 20 * len(expected) > 0
    assert {h.doc_id for h in hits} == {d.doc_id for d in expected}


@pytest.mark.parametrize("query", ['"ben bij"', "de het een", "!!!", "NOT de"])
def test_a_query_without_searchable_words_says_so(corpus_index, query):
    result = search(corpus_index, query)
    assert result.hits == [] and result.total == 0
    assert result.note == NO_WORDS_NOTE


def test_a_phrase_of_stop_words_next_to_other_words_is_reported_as_not_searched(corpus_index):
    result = search(corpus_index, '"wil het" AND werk')
    assert result.hits and all("werk" in hit.text.lower() for hit in result.hits)
    assert result.note is not None and '"wil het"' in result.note
    assert search(corpus_index, '"brede welvaart" regio').note is None

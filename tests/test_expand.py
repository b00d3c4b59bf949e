"""Query-time expansion: abbreviations and synonyms, user files, compounds, proximity."""

import json
import re

import pytest
from click.testing import CliRunner
from whoosh.query import Phrase, Term
from whoosh.query.spans import SpanNear2

from sersearch.cli import cli
from sersearch.errors import QueryError
from sersearch.expand import (
    COMPOUND_PART_WEIGHT,
    PARTICIPLE_WEIGHT,
    SYNONYM_WEIGHT,
    participle_alternatives,
    separable_verb_alternatives,
    synonym_table,
)
from sersearch.query import parse_query
from sersearch.search import SearchOptions, search
from sersearch.store import build_schema


def leaves(query):
    if query.is_leaf() or isinstance(query, SpanNear2):
        yield query
        return
    for child in query.children():
        yield from leaves(child)


def has_gs(text: str) -> bool:
    return re.search(r"\bGS\b", text) is not None


def test_an_abbreviation_expands_to_its_name_with_a_lower_weight():
    query = parse_query("GS", build_schema())
    phrases = [q for q in leaves(query) if isinstance(q, Phrase)]
    assert [p.words for p in phrases] == [["gedeputeerd", "stat"]]
    assert 0 < phrases[0].boost < 1
    assert Term("text", "gs") in list(leaves(query))


def test_a_hyphenated_expansion_is_a_phrase_of_its_surface_tokens():
    query = parse_query("SER", build_schema())
    phrases = [q.words for q in leaves(query) if isinstance(q, Phrase)]
    assert ["social", "economisch", "rad"] in phrases


def test_a_name_expands_to_its_abbreviation_for_the_words_it_replaces():
    query = parse_query("middelbaar beroepsonderwijs", build_schema())
    mbo = [q for q in leaves(query) if isinstance(q, Term) and q.text == "mbo"]
    assert len(mbo) == 1 and mbo[0].boost == pytest.approx(2 * SYNONYM_WEIGHT)


def test_abbreviation_finds_the_spelled_out_name(corpus_index):
    hits = search(corpus_index, "GS", SearchOptions(limit=50)).hits
    assert any("Gedeputeerde Staten" in hit.text and not has_gs(hit.text) for hit in hits)


def test_name_finds_the_abbreviation(corpus_index):
    hits = search(corpus_index, "Gedeputeerde Staten", SearchOptions(limit=50)).hits
    assert any(has_gs(hit.text) and "Gedeputeerde" not in hit.text for hit in hits)


def test_exact_switches_expansion_off(corpus_index):
    hits = search(corpus_index, "GS", SearchOptions(limit=50, expand=False)).hits
    assert hits and all(has_gs(hit.text) for hit in hits)
    assert list(leaves(parse_query("GS", build_schema(), expand=False))) == [Term("text", "gs")]


def test_cli_exact_flag(corpus_index):
    args = ["search", "GS", "-n", "50", "--format", "json", "--index", str(corpus_index)]
    expanded = json.loads(CliRunner().invoke(cli, args).stdout)
    exact = json.loads(CliRunner().invoke(cli, [*args, "--exact"]).stdout)
    assert all(has_gs(hit["text"]) for hit in exact)
    assert not all(has_gs(hit["text"]) for hit in expanded)


def test_user_synonyms_file_adds_entries(tmp_path, corpus_index):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nkrapte\ttekort|tekorten\n", encoding="utf-8")
    assert ("tekort",) in synonym_table(extra).expansions("krapte")
    query = parse_query("krapte", build_schema(), synonyms=extra)
    assert Term("text", "tekort", boost=SYNONYM_WEIGHT) in list(leaves(query))
    options = SearchOptions(limit=50, synonyms=extra)
    hits = search(corpus_index, "krapte", options).hits
    assert any("tekort" in hit.text.lower() and "krapte" not in hit.text.lower() for hit in hits)
    plain = search(corpus_index, "krapte", SearchOptions(limit=50)).hits
    assert all("krapte" in hit.text.lower() or "krap" in hit.text.lower() for hit in plain)


def test_user_synonyms_from_the_environment(tmp_path, corpus_index, monkeypatch):
    extra = tmp_path / "env.tsv"
    extra.write_text("krapte\ttekort\n", encoding="utf-8")
    monkeypatch.setenv("SERSEARCH_SYNONYMS", str(extra))
    args = ["search", "krapte", "-n", "50", "--format", "json", "--index", str(corpus_index)]
    hits = json.loads(CliRunner().invoke(cli, args).stdout)
    assert any("krapte" not in hit["text"].lower() for hit in hits)


def test_a_malformed_user_file_is_a_clear_error(tmp_path):
    extra = tmp_path / "bad.tsv"
    extra.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.tsv:1"):
        parse_query("krapte", build_schema(), synonyms=extra)


def test_compound_query_finds_its_parts_near_each_other(corpus_index):
    hits = search(corpus_index, "arbeidsmarktkrapte", SearchOptions(limit=50)).hits
    texts = [hit.text.lower() for hit in hits]
    assert any("krapte op de arbeidsmarkt" in t and "arbeidsmarktkrapte" not in t for t in texts)


def test_separate_words_find_the_compound(corpus_index):
    hits = search(corpus_index, "welvaart groei", SearchOptions(limit=50)).hits
    assert any("welvaartsgroei" in hit.text and "groei " not in hit.text for hit in hits)


def test_neighbouring_query_words_get_a_proximity_clause():
    spans = [
        q
        for q in leaves(parse_query("sociale innovatie", build_schema()))
        if isinstance(q, SpanNear2)
    ]
    assert [[t.text for t in span.qs] for span in spans] == [["social", "innovatie"]]


@pytest.mark.parametrize(
    ("query", "pairs"),
    [
        ("brede NOT Overijssel", []),
        ("NOT brede welvaart", []),
        ("sociale innovatie NOT (brede welvaart) regio", [["social", "innovatie"]]),
    ],
)
def test_an_excluded_word_gets_no_proximity_clause(query, pairs):
    spans = [q for q in leaves(parse_query(query, build_schema())) if isinstance(q, SpanNear2)]
    assert [[t.text for t in span.qs] for span in spans] == pairs


def proximity_pairs(query, **options):
    parsed = parse_query(query, build_schema(), **options)
    return [[t.text for t in q.qs] for q in leaves(parsed) if isinstance(q, SpanNear2)]


def test_the_words_of_a_name_with_an_abbreviation_get_no_proximity_clause():
    # "PI Zwolle" cannot earn a bonus, so "Penitentiaire Inrichting Zwolle" earns none
    # either; the other neighbours still pair, and --exact (no abbreviations) pairs all.
    assert proximity_pairs("penitentiaire inrichting Zwolle quarantaine") == [
        ["zwoll", "quarantain"]
    ]
    assert proximity_pairs("penitentiaire inrichting Zwolle", expand=False) == [
        ["penitentiair", "inricht"],
        ["inricht", "zwoll"],
    ]


def test_a_question_mark_after_a_word_is_punctuation():
    query = parse_query("wat vindt de SER van het mkb?", build_schema())
    assert Term("text", "mkb") in list(leaves(query))
    assert "w?lvaart" in str(parse_query("w?lvaart", build_schema()))


def test_a_natural_question_finds_passages(corpus_index):
    result = search(corpus_index, "Wanneer is de naam van de SER Overijssel gewijzigd?")
    assert result.hits


@pytest.mark.parametrize(
    ("word", "stem"),
    [("gewijzigd", "wijzig"), ("gewerkt", "werk"), ("gevestigd", "vestig"), ("Geregeld", "regel")],
)
def test_a_past_participle_also_finds_the_verb_stem(word, stem):
    (alternative,) = participle_alternatives(word)
    assert alternative == Term("text", stem, boost=PARTICIPLE_WEIGHT)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # a participle without ge- (unstressed prefix): ontruimd → ontruimen
        ("ontruimd", "ontruim"),
        ("verwijderd", "verwijder"),
        # a present tense in -t, the infinitive respelled: beoordeelt → beoordelen
        ("beoordeelt", "beoordel"),
        ("weigert", "weiger"),
        ("plaatst", "plaats"),
        ("reist", "reis"),  # reis|t → reizen, voiced
    ],
)
def test_a_regular_verb_form_also_finds_the_infinitive_stem(word, stem):
    (alternative,) = participle_alternatives(word)
    assert alternative == Term("text", stem, boost=PARTICIPLE_WEIGHT)


@pytest.mark.parametrize(
    "word",
    # nouns in -d/-t: no known infinitive, or one far rarer than the noun (markt/marken)
    ["markt", "punt", "recht", "staat", "bericht", "verplicht", "gelegd", "gebied"],
)
def test_nouns_ending_like_a_verb_form_are_left_alone(word):
    assert participle_alternatives(word) == []


def test_a_split_separable_verb_finds_the_joined_verb():
    alternatives = separable_verb_alternatives("zorgaanbieders wijzen patiënten af")
    # afwijzen (and afwijzing) share the stem afwijs; the present tense afwijst
    assert alternatives == [
        Term("text", "afwijs", boost=PARTICIPLE_WEIGHT),
        Term("text", "afwijst", boost=PARTICIPLE_WEIGHT),
    ]


@pytest.mark.parametrize(
    "query",
    ["zorgaanbieders wijzen af ons", "patiënten af", "de kinderen in", "wind op"],
)
def test_only_a_particle_that_ends_the_query_and_makes_a_known_verb_is_joined(query):
    assert separable_verb_alternatives(query) == []


def test_a_compound_also_finds_its_parts_anywhere_at_a_lower_weight():
    query = parse_query("datalekmeldplicht", build_schema())
    loose = {leaf for leaf in leaves(query) if isinstance(leaf, Term)}
    assert Term("text", "datalekmeldplicht") in loose
    assert Term("text", "datalek", boost=COMPOUND_PART_WEIGHT) in loose
    assert Term("text", "meldplicht", boost=COMPOUND_PART_WEIGHT) in loose


def test_an_excluded_compound_does_not_exclude_its_parts_anywhere():
    query = parse_query("werk NOT datalekmeldplicht", build_schema())
    excluded = [leaf for leaf in leaves(query.b)]
    assert Term("text", "datalek", boost=COMPOUND_PART_WEIGHT) not in excluded
    assert Term("text", "datalekmeldplicht") in excluded


@pytest.mark.parametrize("word", ["gezond", "gebied", "gezondheid", "gewest", "wijziging", "geld"])
def test_words_that_are_no_regular_participle_are_left_alone(word):
    assert participle_alternatives(word) == []


def test_participle_finds_the_noun_of_the_verb(corpus_index):
    hits = search(corpus_index, "naam gewijzigd", SearchOptions(limit=5)).hits
    assert any("naamswijziging" in hit.text.lower() for hit in hits)


@pytest.mark.parametrize(
    ("question", "left_out", "kept"),
    [
        ("Hoe lang wachten patiënten?", "lang", "wacht"),
        ("hoe vaak vergadert de raad", "vaak", "vergadert"),
        ("Hoe groot is de opgave?", "grot", "opgaf"),
    ],
)
def test_the_degree_word_of_a_how_question_is_part_of_the_interrogative(question, left_out, kept):
    terms = {
        leaf.text
        for leaf in leaves(parse_query(question, build_schema()))
        if isinstance(leaf, Term)
    }
    assert kept in terms
    assert left_out not in terms


def test_a_degree_word_without_hoe_or_in_quotes_is_searched():
    assert Term("text", "lang") in set(leaves(parse_query("lang wachten", build_schema())))
    assert "lang" in str(parse_query('"hoe lang"', build_schema()))


def test_neighbouring_query_words_inside_one_compound_count_as_adjacent():
    (near,) = [
        leaf
        for leaf in leaves(parse_query("klimaat akkoord", build_schema()))
        if isinstance(leaf, SpanNear2)
    ]
    assert [t.text for t in near.qs] == ["klimat", "akkoord"]
    # the index holds a compound's parts at its position: distance 0 must match
    assert near.mindist == 0

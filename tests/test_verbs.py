"""Regular Dutch verb forms → infinitives, split separable verbs, present tenses."""

import pytest

from sersearch.analysis.verbs import infinitive, present_tense, separable_verbs


@pytest.mark.parametrize(
    ("form", "verb"),
    [
        ("gewijzigd", "wijzigen"),  # ge- participle
        ("Geregeld", "regelen"),
        ("ontruimd", "ontruimen"),  # unstressed prefix: no ge-
        ("verwijderd", "verwijderen"),
        ("beoordeelt", "beoordelen"),  # present tense; long vowel single when open
        ("beoordeeld", "beoordelen"),
        ("reist", "reizen"),  # s voiced to z
        ("leeft", "leven"),  # f voiced to v
        ("plaatst", "plaatsen"),
    ],
)
def test_a_regular_verb_form_gives_its_infinitive(form, verb):
    assert infinitive(form) == verb


@pytest.mark.parametrize("word", ["markt", "gezond", "gebied", "gewest", "punt", "bericht"])
def test_nouns_in_d_or_t_give_none(word):
    assert infinitive(word) is None


@pytest.mark.parametrize(
    ("verb", "form"),
    [
        ("afwijzen", "afwijst"),
        ("opnemen", "opneemt"),
        ("afkappen", "afkapt"),
        ("doorzetten", "doorzet"),
    ],
)
def test_present_tense(verb, form):
    assert present_tense(verb) == form


def test_separable_verbs_join_a_final_particle_to_content_words():
    words = ("zorgaanbieders", "wijzen", "de", "patienten", "af")
    assert separable_verbs(words) == ["afwijzen"]
    assert separable_verbs(("wijzen", "af", "patienten")) == []

"""Tests for sersearch.clean: exact cleaned text for hand-built pages."""

from __future__ import annotations

import pytest

from sersearch.clean import clean_pages
from sersearch.cleaning.furniture import is_page_number
from sersearch.cleaning.glyphs import normalize_text
from sersearch.cleaning.hyphens import HyphenJoin, hyphen_decision
from sersearch.cleaning.words import Vocabulary
from sersearch.models import Line, Page


def page(number: int, *texts: str, label: str | None = None) -> Page:
    return Page(number, tuple(Line(text) for text in texts), label=label)


def texts(cleaned: tuple[Page, ...]) -> list[list[str]]:
    return [[line.text for line in p.lines] for p in cleaned]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Deﬁnitie van ﬂora en eﬀect", "Definitie van flora en effect"),
        ("Lĳst van Ĳsselmeer", "Lijst van IJsselmeer"),
        ("e\u2011mail en be\u00adleid", "e-mail en beleid"),
        ("10\u00a0000  euro \t per   jaar ", "10 000 euro per jaar"),
        ("\uf0b7 eerste punt", "• eerste punt"),
        ("door oorzaken⁴ en gevolgen¹²,", "door oorzaken⁴ en gevolgen¹²,"),  # see footnotes
        ("Inleiding . . . . . . . . 3", "Inleiding 3"),
        ("Bijlagen.............12", "Bijlagen 12"),
        ("en zo verder...", "en zo verder..."),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "text", ["7", "- 7 -", "– 12 –", "Pagina 3 van 12", "pagina 3", "3 / 12", "3 van 12", "p. 4"]
)
def test_page_number_lines(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2021", "3.1 Samenstelling", "Artikel 3", "12 leden", "1/3 deel"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text) or text == "2021"


VOCABULARY = Vocabulary(
    frozenset(
        {"uitgevoerd", "sociaal", "economisch", "instellingen", "woning", "efficiënte", "onderzoek"}
    )
)


@pytest.mark.parametrize(
    ("prefix", "word", "decision"),
    [
        ("uitge", "voerd", HyphenJoin.JOIN),  # joined form attested
        ("ge", "weest", HyphenJoin.JOIN),  # no evidence: syllable break is the default
        ("verkeers", "en", HyphenJoin.KEEP),  # open compound with a conjunction
        ("werkgevers", "of", HyphenJoin.KEEP),
        ("SER", "advies", HyphenJoin.GLUE),  # capitalised abbreviation
        ("Noord", "Brabant", HyphenJoin.GLUE),  # next part capitalised
        ("mbo", "instellingen", HyphenJoin.GLUE),  # lowercase abbreviation
        ("A1", "as", HyphenJoin.GLUE),  # digits
        ("zee", "egel", HyphenJoin.GLUE),  # vowel clash needs the hyphen
        ("sociaal", "economisch", HyphenJoin.GLUE),  # coordinated adjectives
        ("betaal", "bare", HyphenJoin.JOIN),  # -aal verb stem, not an adjective pair
        ("wo", "ning", HyphenJoin.JOIN),  # attested word beats the abbreviation rule
        ("ONDER", "ZOEK", HyphenJoin.JOIN),  # capitals, attested word
        ("effici", "ente", HyphenJoin.JOIN_TREMA),  # the trema Dutch drops at a hyphen
        ("re", "integratie", HyphenJoin.GLUE),
    ],
)
def test_hyphen_decision(prefix: str, word: str, decision: HyphenJoin) -> None:
    assert hyphen_decision(prefix, word, VOCABULARY) is decision


def test_known_words_plug_in() -> None:
    empty = Vocabulary(frozenset())
    assert hyphen_decision("zorg", "markt", empty, auto_hyphenated=False) is HyphenJoin.JOIN
    with_words = Vocabulary(frozenset(), known=frozenset({"zorg", "markt"}))
    assert hyphen_decision("zorg", "markt", with_words, auto_hyphenated=False) is HyphenJoin.GLUE
    joined = Vocabulary(frozenset(), known=frozenset({"zorgmarkt", "zorg", "markt"}))
    assert hyphen_decision("zorg", "markt", joined, auto_hyphenated=False) is HyphenJoin.JOIN


def test_hyphen_chains_keep_compound_hyphens() -> None:
    lines = ("thema onderwijs-arbeidsmarkt-", "bedrijfsleven en de rechter-commis-", "saris")
    other = ("De arbeidsmarkt en het bedrijfsleven.",)
    cleaned = clean_pages([page(1, *lines, "", *other)], paged=False)
    assert texts(cleaned)[0][:2] == [
        "thema onderwijs-arbeidsmarkt-bedrijfsleven",
        "en de rechter-commissaris",
    ]


def test_trema_is_restored_when_the_document_has_the_word() -> None:
    cleaned = clean_pages([page(1, "zo effici-", "ente mogelijk", "", "Een efficiënte aanpak.")])
    assert texts(cleaned) == [["zo efficiënte", "mogelijk", "", "Een efficiënte aanpak."]]


def test_hyphenated_line_ends_are_repaired() -> None:
    cleaned = clean_pages(
        [
            page(
                1,
                "Het werk wordt uitge-",
                "voerd door de SER-",
                "commissie in sociaal-",
                "economisch verband en verkeers-",
                "en vervoersbeleid, zie https://ser-",
                "overijssel.nl/advies voor mbo-",
                "instellingen.",
                "",
                "Dat is uitgevoerd.",
            )
        ]
    )
    assert texts(cleaned) == [
        [
            "Het werk wordt uitgevoerd",
            "door de SER-commissie",
            "in sociaal-economisch",
            "verband en verkeers-",
            "en vervoersbeleid, zie https://ser-overijssel.nl/advies",
            "voor mbo-instellingen.",
            "",
            "Dat is uitgevoerd.",
        ]
    ]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    pages = [
        page(
            n,
            f"Jaarverslag 2022 | hoofdstuk {n}",
            "",
            f"Tekst {'abcd'[n - 1]} met inhoud.",
            "",
            f"Pagina {n} van 4",
            label=str(n),
        )
        for n in range(1, 5)
    ]
    assert texts(clean_pages(pages)) == [[f"Tekst {letter} met inhoud."] for letter in "abcd"]


def test_constant_running_header_keeps_its_first_occurrence() -> None:
    pages = [
        page(
            n,
            "Gemeente Amsterdam",
            "",
            "Datum 28 februari 2021",
            "",
            f"Pagina {n} van 3",
            "",
            f"Inhoud {letter}.",
        )
        for n, letter in zip(range(1, 4), "abc", strict=True)
    ]
    assert texts(clean_pages(pages)) == [
        ["Gemeente Amsterdam", "", "Datum 28 februari 2021", "", "Inhoud a."],
        ["Inhoud b."],
        ["Inhoud c."],
    ]


def test_repeated_body_paragraphs_are_not_running_headers() -> None:
    body = ("Uw zienswijze is ontvangen en", "verwerkt in de reactienota die", "wij u sturen.")
    endings = ("Met groet.", "Tot ziens.", "Hoogachtend.", "Dank u.")
    pages = [page(n, *body, "", end) for n, end in enumerate(endings, start=1)]
    assert texts(clean_pages(pages)) == [[*body, "", end] for end in endings]


def test_repeated_table_cells_are_not_running_headers() -> None:
    pages = [page(n, "Agenda", "", f"Rij {n}", "", "Agenda", "", "Einde") for n in range(1, 5)]
    assert [p[0] for p in texts(clean_pages(pages))] == ["Agenda"] * 4


def test_numbers_in_the_body_are_kept() -> None:
    body = ("Kop", "", "Er zijn", "12", "leden.", "", "Eerste alinea.", "", "Slot", "", "7")
    assert texts(clean_pages([page(1, *body)])) == [list(body[:-2])]


def test_roman_page_label_line_is_dropped() -> None:
    cleaned = clean_pages([page(1, "Voorwoord", "Een tekst.", "", "iv", label="iv")])
    assert texts(cleaned) == [["Voorwoord", "Een tekst."]]


def test_unpaged_text_drops_isolated_page_numbers_only() -> None:
    pages = [page(1, "Een zin.", "", "8", "", "3 Werkwijze", "Er zijn", "12", "leden.")]
    assert texts(clean_pages(pages, paged=False)) == [
        ["Een zin.", "", "3 Werkwijze", "Er zijn", "12", "leden."]
    ]


def test_repeated_link_annotation_lines_are_dropped() -> None:
    url = "https://ser-overijssel.nl/adviezen/advies-basisvaardigheden"
    cleaned = clean_pages(
        [page(1, "Zie het advies.", "", url, url, "4.4 Nieuwe kansen")], paged=False
    )
    assert texts(cleaned) == [["Zie het advies.", "", url, "4.4 Nieuwe kansen"]]


def test_cid_ligature_is_inferred_from_the_document() -> None:
    cleaned = clean_pages(
        [
            page(
                1,
                "Defini(cid:415)es en evalua(cid:415)e",
                "Definities en evaluatie",
                "Een (cid:3) b",
            )
        ],
        paged=False,
    )
    assert texts(cleaned) == [["Definities en evaluatie", "Definities en evaluatie", "Een b"]]


def test_unknown_cid_is_dropped() -> None:
    assert texts(clean_pages([page(1, "woo(cid:99)rd")], paged=False)) == [["woord"]]


def test_letter_spacing_is_repaired() -> None:
    cleaned = clean_pages(
        [page(1, "P E R S B E R I C H T", "C oronaproof werken", "Coronaproof is het doel.")],
        paged=False,
    )
    assert texts(cleaned) == [["PERSBERICHT", "Coronaproof werken", "Coronaproof is het doel."]]


def test_split_fragments_are_joined_only_when_they_never_stand_alone() -> None:
    lines = (
        "het ac tieteam en de rec hten",
        "Het actieteam kent rechten, dat is zo. Ten slotte: ten minste",
        "Alternatief B lijken en alternatief B is beter; de resultaten blijken goed",
    )
    assert texts(clean_pages([page(1, *lines)], paged=False)) == [
        ["het actieteam en de rechten", *lines[1:]]
    ]


def test_single_letter_words_are_not_joined() -> None:
    line = "U bent welkom en A de weg"
    assert texts(clean_pages([page(1, line)], paged=False)) == [[line]]

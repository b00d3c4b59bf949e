"""The full analyzer chain: the exact terms the index holds for Dutch text."""

import pickle

import pytest

from sersearch.analysis import analyze, dutch_analyzer
from sersearch.store import build_schema


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # compounds with linking letters: the whole word, then its parts (every level)
        ("welvaartsgroei", ["welvaartsgroei", "welvaart", "groei"]),
        (
            "arbeidsmarktkrapte",
            ["arbeidsmarktkrapt", "arbeidsmarkt", "arbeid", "markt", "krapt"],
        ),
        ("personeelstekort", ["personeelstekort", "personel", "tekort"]),
        ("jongerenparticipatie", ["jongerenparticipatie", "jonger", "participatie"]),
        ("loopbaanadviezen", ["loopbaanadvie", "loopban", "lop", "ban", "advie"]),
        # hyphens separate words
        ("mbo-instellingen", ["mbo", "instell"]),
        # no false splits of lexicalised words
        ("bestuur", ["bestur"]),
        ("beleid", ["beleid"]),
        ("onderwijs", ["onderwijs"]),
        # diacritics fold away; an accent that marks a content word keeps it
        ("geïnvesteerd", ["geinvesteerd"]),
        ("geinvesteerd", ["geinvesteerd"]),
        ("één", ["een"]),
        ("een", []),
        ("vóór", ["vor"]),
        # apostrophe plurals: the joined form and the base
        ("regio's", ["regios", "regio"]),
        ("regio’s", ["regios", "regio"]),
        ("regios", ["regios"]),
        ("SER’en", ["ser"]),
        ("SERen", ["ser"]),
        ("SDG's", ["sdgs", "sdg"]),
        ("SDGs", ["sdgs", "sdg"]),
        # a compound with an apostrophe plural splits like its singular
        (
            "arbeidsmarktregio's",
            ["arbeidsmarktregios", "arbeidsmarktregio", "arbeidsmarkt", "arbeid", "markt", "regio"],
        ),
        # a plural in -s after a schwa or -eau meets its singular (Snowball keeps the s)
        ("turbines", ["turbin"]),
        ("windturbines", ["windturbin", "wind", "turbin"]),
        ("gemeentes", ["gemeent"]),
        ("niveaus", ["niveau"]),
        # ... but a stressed -es is no plural: there is no "proce", "adre"
        ("proces", ["proces"]),
        ("adres", ["adres"]),
        # an elided first conjunct also gives the full compound, at its own position
        (
            "raads- en commissieleden",
            ["rad", "raadsled", "lid", "commissieled", "commissie", "lid"],
        ),
        ("start- en landingsbaan", ["start", "startban", "ban", "landingsban", "landing", "ban"]),
        (
            "reis- en verblijfkosten",
            ["reis", "reiskost", "kost", "verblijfkost", "verblijf", "kost"],
        ),
        ("wind- en zonneparken", ["wind", "windpark", "park", "zonnepark", "zonn", "park"]),
        (
            "wind-, zon- en waterenergie",
            [
                "wind",
                "windenergie",
                "energie",
                "zon",
                "zonenergie",
                "waterenergie",
                "water",
                "energie",
            ],
        ),
        (
            "zowel raads- als commissieleden",
            ["zowel", "rad", "raadsled", "lid", "commissieled", "commissie", "lid"],
        ),
        # the head borrowed from a word that is no compound: its longest ending that
        # makes a known word with the first conjunct
        ("voor- en nadelen", ["voordel", "nadel"]),
        ("in- en uitvoer", ["invoer", "uitvoer"]),
        # an elided second conjunct borrows the modifier of the compound before it,
        # as written (linking -s- included)
        (
            "natuurherstel en -ontwikkeling",
            ["natuurherstel", "natur", "herstel", "ontwikkel", "natuurontwikkel", "natur"],
        ),
        (
            "Omgevingsvisie en -verordening",
            ["omgevingsvisie", "omgef", "visie", "verorden", "omgevingsverorden", "omgef"],
        ),
        ("houding en -vaardigheden", ["houding", "vaardig"]),  # no compound before it
        ("10 en -5 graden", ["10", "5", "grad"]),
        # a hyphen before anything but a coordinator joins nothing
        ("Noord-Brabant en", ["noord", "brabant"]),
        ("de start- ", ["start"]),
        # interrogatives are stopwords: they open a question, the answer lacks them
        ("wanneer en waarom", []),
        ("Adviezen over het advies", ["advie", "advie"]),
    ],
)
def test_analyzer_terms(text: str, terms: list[str]) -> None:
    assert analyze(text) == terms


def test_typed_without_diacritics_or_apostrophes_shares_a_term() -> None:
    assert set(analyze("regios")) & set(analyze("regio’s"))
    assert analyze("SERen") == analyze("SER’en")
    assert analyze("geinvesteerd") == analyze("geïnvesteerd")


def test_stemmers_differ_where_documented() -> None:
    assert analyze("werkloze werklozen") == ["werklos", "werklos"]
    assert analyze("werkloze werklozen", stemmer="kraaij-pohlmann") == ["werkloze", "werkloos"]


def test_pickled_schema_analyzes_identically() -> None:
    schema = build_schema()
    restored = pickle.loads(pickle.dumps(schema))
    text = "Brede welvaartsgroei in alle regio’s; één mbo-instelling geïnvesteerd"
    for field in ("text", "title", "section"):
        original = [t.text for t in schema[field].analyzer(text)]
        assert original
        assert [t.text for t in restored[field].analyzer(text)] == original


def test_analyzer_classes_live_at_stable_import_paths() -> None:
    from sersearch.analysis.filters import DutchFilter, SurfaceFilter

    assert DutchFilter.__module__ == "sersearch.analysis.filters"
    assert SurfaceFilter.__module__ == "sersearch.analysis.filters"
    dumped = pickle.dumps(build_schema())
    assert b"sersearch.analysis.filters" in dumped
    assert b"DutchFilter" in dumped
    assert any(isinstance(item, DutchFilter) for item in dutch_analyzer().items)


def test_cli_analyze_prints_one_term_per_line() -> None:
    from click.testing import CliRunner

    from sersearch.cli import cli

    result = CliRunner().invoke(cli, ["analyze", "Eén welvaartsgroei in alle regio’s"])
    assert result.exit_code == 0
    assert result.stdout.split() == [
        "een",
        "welvaartsgroei",
        "welvaart",
        "groei",
        "all",
        "regios",
        "regio",
    ]


def test_passage_length_counts_words_not_the_extra_terms_of_compounds(tmp_path) -> None:
    from sersearch.models import Document, DocumentMeta, Passage
    from sersearch.store import open_searcher
    from sersearch.update import write_documents

    text = "Arbeidsmarktkrapte in regio’s"
    document = Document(
        "d", "/nowhere/d.txt", "h", DocumentMeta("T"), (Passage("d:0001", "d", 1, text),)
    )
    write_documents(tmp_path / "index", [document], procs=1)
    _, searcher = open_searcher(tmp_path / "index")
    with searcher:
        docnum = next(n for n, fields in searcher.iter_docs() if fields.get("passage_id"))
        terms = analyze(text)
        assert len(terms) > 3
        assert searcher.reader().doc_field_length(docnum, "text") == 2


def test_an_elided_conjunct_and_its_full_compound_share_the_conjuncts_position() -> None:
    tokens = [
        (t.text, t.pos) for t in dutch_analyzer()("de raads- en commissieleden", positions=True)
    ]
    assert tokens == [
        ("rad", 1),
        ("raadsled", 1),
        ("lid", 1),
        ("commissieled", 3),
        ("commissie", 3),
        ("lid", 3),
    ]


def test_a_query_compound_finds_the_elided_form() -> None:
    indexed = analyze("de veiligheidszone rond de start- en landingsbaan")
    (query_term,) = [t.text for t in dutch_analyzer()("startbaan", mode="query")]
    assert query_term in indexed

from pathlib import Path

import pytest

from sersearch.analysis.synonyms import load_synonyms, words


@pytest.fixture(scope="module")
def table():
    return load_synonyms()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("mbo", [("middelbaar", "beroepsonderwijs")]),
        ("MBO", [("middelbaar", "beroepsonderwijs")]),
        ("middelbaar beroepsonderwijs", [("mbo",)]),
        ("Middelbaar Beroepsonderwijs", [("mbo",)]),
        ("GS", [("gedeputeerde", "staten")]),
        ("PS", [("provinciale", "staten")]),
        ("UWV", [("uitvoeringsinstituut", "werknemersverzekeringen")]),
        ("midden- en kleinbedrijf", [("mkb",)]),
        ("CDA", [("christen-democratisch", "appel")]),
        ("LLO", [("leven", "lang", "ontwikkelen")]),
        ("ROC's", [("regionaal", "opleidingencentrum")]),
        ("RES’en", [("regionale", "energiestrategie")]),
        ("werkeloosheid", [("werkloosheid",)]),
    ],
)
def test_expansions(table, term: str, expected: list[tuple[str, ...]]) -> None:
    assert table.expansions(term) == expected


@pytest.mark.parametrize("term", ["ps", "res", "ww", "ai", "or", "now", "Now"])
def test_case_sensitive_abbreviations_do_not_expand_words(table, term: str) -> None:
    assert table.expansions(term) == []


@pytest.mark.parametrize("term", ["WW", "AI", "OR", "RES", "NOW"])
def test_case_sensitive_abbreviations_expand_as_written(table, term: str) -> None:
    assert table.expansions(term)


@pytest.mark.parametrize("spelling", ["SDGs", "SDG's", "SDG’s", "SDG"])
def test_plural_abbreviations(table, spelling: str) -> None:
    assert ("sustainable", "development", "goals") in table.expansions(spelling)
    assert ("duurzame", "ontwikkelingsdoelen") in table.expansions(spelling)


def test_unknown_term_has_no_expansions(table) -> None:
    assert table.expansions("krapte") == []
    assert table.expansions("") == []


def test_match_finds_longest_spans(table) -> None:
    tokens = ["middelbaar", "beroepsonderwijs", "niveau", "2", "en", "3", "in", "het", "mkb"]
    assert table.match(tokens) == [
        (0, 2, [("mbo",)]),
        (8, 9, [("kmo",), ("midden", "en", "kleinbedrijf")]),
    ]


def test_words_fold_and_drop_dangling_hyphens() -> None:
    assert words("Midden- en Kleinbedrijf") == ("midden", "en", "kleinbedrijf")
    assert words("I&W") == ("i&w",)


def test_user_extra_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\n\nKvO\tKracht van Oost\nXYZ\tiets anders\tcs\n", "utf-8")
    table = load_synonyms(extra)
    assert table.expansions("KvO") == [("kracht", "van", "oost")]
    assert table.expansions("kracht van oost") == [("kvo",)]
    assert table.expansions("xyz") == []
    assert table.expansions("XYZ") == [("iets", "anders")]
    assert table.expansions("mbo") == [("middelbaar", "beroepsonderwijs")]


@pytest.mark.parametrize(
    ("line", "message"),
    [("just one column", "expected term<TAB>expansion"), ("a\tb\tweird", "unknown flag")],
)
def test_malformed_extra_file(tmp_path: Path, line: str, message: str) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text(f"# ok\n{line}\n", "utf-8")
    with pytest.raises(ValueError, match=rf"bad.tsv:2: {message}"):
        load_synonyms(extra)


def test_shipped_files_parse_and_every_line_has_an_expansion() -> None:
    root = Path(__file__).resolve().parents[1] / "sersearch" / "data"
    for name in ("nl_abbreviations.tsv", "nl_synonyms.tsv"):
        for line in (root / name).read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                term, expansions, *_ = line.split("\t")
                assert term.strip() and all(e.strip() for e in expansions.split("|")), line

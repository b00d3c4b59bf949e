import pytest

from sersearch.analysis.fold import (
    apostrophe_variants,
    fold,
    normalize_apostrophes,
    strip_apostrophe_suffix,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geïnvesteerd", "geinvesteerd"),
        ("één", "een"),
        ("Één", "een"),
        ("coördinatie", "coordinatie"),
        ("privé", "prive"),
        ("überhaupt", "uberhaupt"),
        ("enquêtes", "enquetes"),
        ("Barrières", "barrieres"),
        ("ﬁnanciën", "financien"),
        ("SER’en", "ser'en"),
        ("regio´s", "regio's"),
        ("GEWOON", "gewoon"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_normalize_apostrophes_maps_typographic_marks() -> None:
    assert normalize_apostrophes("a’b‘c`d´eʼf") == "a'b'c'd'e'f"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("regio’s", ["regios", "regio"]),
        ("regio's", ["regios", "regio"]),
        ("regios", ["regios"]),
        ("Regio’s", ["regios", "regio"]),
        ("SER’en", ["seren", "ser"]),
        ("SER'en", ["seren", "ser"]),
        ("SERen", ["seren", "ser"]),
        ("SERs", ["sers", "ser"]),
        ("SDG’s", ["sdgs", "sdg"]),
        ("SDGs", ["sdgs", "sdg"]),
        ("zzp’er", ["zzper", "zzp"]),
        ("zzp'ers", ["zzpers", "zzp"]),
        ("zzper", ["zzper"]),
        ("ICT'ers", ["icters", "ict"]),
        ("ICTers", ["icters", "ict"]),
        ("auto's", ["autos", "auto"]),
        ("auto'tje", ["autotje", "auto"]),
        ("thema’s", ["themas", "thema"]),
        ("4A’s", ["4as", "4a"]),
        ("zo’n", ["zo"]),
        ("arbeidsmarktkrapte’2", ["arbeidsmarktkrapte"]),
        ("’leven", ["leven"]),
        ("d'Hondt", ["dhondt"]),
        ("Alles", ["alles"]),
        ("COVID", ["covid"]),
    ],
)
def test_apostrophe_variants(token: str, expected: list[str]) -> None:
    assert apostrophe_variants(token) == expected


@pytest.mark.parametrize("spelling", ["regio’s", "regio's", "regio‘s", "regio`s", "regios"])
def test_apostrophe_spellings_share_the_canonical_term(spelling: str) -> None:
    assert apostrophe_variants(spelling)[0] == "regios"


@pytest.mark.parametrize(
    ("token", "expected"),
    [("regio’s", "regio"), ("SER’en", "ser"), ("SDGs", "sdg"), ("beleid", "beleid")],
)
def test_strip_apostrophe_suffix(token: str, expected: str) -> None:
    assert strip_apostrophe_suffix(token) == expected

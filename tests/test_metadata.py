from pathlib import Path

import pytest

from sersearch.metadata import catalog_entry, describe, guess_doc_type, parse_dutch_date
from sersearch.models import Line, Page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Datum: 27 augustus 2020", "2020-08-27"),
        ("Zwolle, 5 februari 2021", "2021-02-05"),
        ("op 3 juni 2021 vond", "2021-06-03"),
        ("11-3-2022", "2022-03-11"),
        ("31 februari 2021", None),
        ("geen datum", None),
    ],
)
def test_parse_dutch_date(text, expected):
    assert parse_dutch_date(text) == expected


def letter(*lines: str) -> list[Page]:
    return [Page(1, tuple(Line(line) for line in lines))]


def test_letter_metadata_from_its_text(tmp_path):
    pages = letter(
        "College van Gedeputeerde Staten",
        "Datum: 27 augustus 2020",
        "Onderwerp: voorstel vervolgadviezen SER Overijssel m.b.t. mbo 2/3",
        "en arbeidsmarkt",
        "Geacht college,",
    )
    meta = describe(tmp_path / "brief.txt", pages, {})
    assert meta.title == "voorstel vervolgadviezen SER Overijssel m.b.t. mbo 2/3 en arbeidsmarkt"
    assert meta.date == "2020-08-27"
    assert meta.doc_type == "brief"


def test_catalog_overrides_text_and_pdf_info(tmp_path):
    (tmp_path / "catalog.csv").write_text(
        "file,title,date,type,organisation\nsub/a.txt,Titel uit catalogus,2023,advies,SER\n",
        encoding="utf-8",
    )
    target = tmp_path / "sub" / "a.txt"
    target.parent.mkdir()
    target.write_text("x", encoding="utf-8")
    entry = catalog_entry(target)
    meta = describe(target, letter("Datum: 1 mei 2020"), {"Title": "Info"}, catalog=entry)
    assert (meta.title, meta.date, meta.doc_type, meta.organisation) == (
        "Titel uit catalogus",
        "2023",
        "advies",
        "SER",
    )


def test_pdf_info_title_and_date_are_used_unless_junk(tmp_path):
    info = {"Title": "Microsoft Word - concept.docx", "CreationDate": "D:20210305120000+01'00'"}
    meta = describe(tmp_path / "rapport_arbeidsmarkt.pdf", letter("Tekst zonder datum."), info)
    assert meta.title == "Rapport arbeidsmarkt"
    assert meta.date == "2021-03-05"
    assert meta.doc_type == "rapport"


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        ("jaarverslag-2021.pdf", "", "jaarverslag"),
        ("x.pdf", "Persbericht: nieuwe voorzitter", "persbericht"),
        ("x.pdf", "Besluit op uw Wob-verzoek", "besluit"),
        ("x.pdf", "Briefadvies krapte", "advies"),
        ("x.pdf", "Iets anders", "document"),
    ],
)
def test_document_type_rules(name, title, expected):
    assert guess_doc_type(Path(name), title, []) == expected

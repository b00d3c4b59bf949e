"""Citations for reference managers, checked with the ecosystem's own parsers: rispy for
RIS, bibtexparser for BibTeX, and the CSL-JSON schema (tests/data) for CSL-JSON."""

import json
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from sersearch.citations import references, to_bibtex, to_csljson, to_ris
from sersearch.models import Hit
from sersearch.store import IndexedDocument

CSL_SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.schema.json").read_text())


@dataclass(frozen=True)
class RangeHit(Hit):
    """A hit of a passage that runs over two pages."""

    page_end: int | None = None


def hit(**changes) -> Hit:
    fields = dict(
        rank=1,
        score=1.0,
        passage_id="advies-2023-abc123:0007",
        doc_id="advies-2023-abc123",
        title="Waterstof in de regio",
        date="2023-05-04",
        year=2023,
        doc_type="advies",
        page=17,
        page_label="15",
        section="3 Aanbevelingen › 3.1 Netcongestie",
        text="De provincie moet netcongestie aanpakken.\nDat vraagt om keuzes.",
        source="/data/adviezen/waterstof advies.pdf",
        citation="…",
    )
    fields.update(changes)
    return RangeHit(**fields)


DOCUMENT = IndexedDocument(
    doc_id="advies-2023-abc123",
    source="/data/adviezen/waterstof advies.pdf",
    sha256="0" * 64,
    status="indexed",
    title="Waterstof in de regio",
    date="2023-05-04",
    doc_type="advies",
    organisation="SER Overijssel",
    pages=40,
)


def test_ris_has_every_citation_field_for_a_passage_over_two_pages():
    refs = references([hit(page_end=18)], {DOCUMENT.doc_id: DOCUMENT})
    (entry,) = rispy.loads(to_ris(refs))
    assert entry["type_of_reference"] == "RPRT" and entry["type_of_work"] == "Advies"
    assert entry["title"] == "Waterstof in de regio"
    assert entry["authors"] == ["SER Overijssel"]
    assert entry["year"] == "2023" and entry["date"] == "2023/05/04/"
    assert (entry["start_page"], entry["end_page"]) == ("17", "18")
    assert entry["notes"] == [
        "§ 3 Aanbevelingen › 3.1 Netcongestie; printed page 15; passage advies-2023-abc123:0007"
    ]
    assert entry["abstract"] == "De provincie moet netcongestie aanpakken. Dat vraagt om keuzes."
    assert entry["file_attachments1"] == "/data/adviezen/waterstof advies.pdf"
    assert entry["urls"] == ["file:///data/adviezen/waterstof%20advies.pdf#page=17"]


def test_bibtex_parses_and_keeps_tex_specials_and_page_ranges():
    title = "R&D voor 50% {meer} groei_regio ~ café"
    refs = references([hit(title=title, page_end=18)], {DOCUMENT.doc_id: DOCUMENT})
    library = bibtexparser.parse_string(
        to_bibtex(refs), append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    assert entry.entry_type == "techreport" and entry.key == "advies-2023-abc123:0007"
    assert fields["title"] == title  # the escapes decode to the characters written
    assert fields["author"] == "SER Overijssel" and fields["institution"] == "SER Overijssel"
    assert fields["year"] == "2023" and fields["date"] == "2023-05-04"
    assert fields["type"] == "Advies" and fields["pages"] == "17–18"  # TeX: 17--18
    assert fields["file"] == "/data/adviezen/waterstof advies.pdf"
    assert "§ 3 Aanbevelingen" in fields["note"] and "printed page 15" in fields["note"]


def test_csljson_is_valid_against_the_schema():
    hits = [
        hit(page_end=18),
        hit(
            passage_id="brief-x:0001",
            doc_id="brief-x",
            doc_type="brief",
            page=None,
            page_label=None,
            section=None,
            date=None,
            source="/d/brief.txt",
        ),
    ]
    items = json.loads(to_csljson(references(hits, {DOCUMENT.doc_id: DOCUMENT})))
    jsonschema.validate(items, CSL_SCHEMA)
    report, letter = items
    assert report["type"] == "report" and report["page"] == "17-18"
    assert report["author"] == [{"literal": "SER Overijssel"}]
    assert report["issued"] == {"date-parts": [[2023, 5, 4]]}
    assert report["number-of-pages"] == 40
    assert letter["type"] == "personal_communication" and letter["genre"] == "Brief"
    assert "page" not in letter and "issued" not in letter and "author" not in letter
    assert letter["URL"] == "file:///d/brief.txt"


def test_the_schema_check_catches_what_reference_managers_refuse():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "press-release"}], CSL_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "report", "pages": "3"}], CSL_SCHEMA)


@pytest.mark.parametrize(
    ("doc_type", "csl", "ris", "bibtex"),
    [
        ("advies", "report", "RPRT", "techreport"),
        ("persbericht", "report", "RPRT", "techreport"),
        ("jaarverslag", "report", "RPRT", "techreport"),
        ("brief", "personal_communication", "PCOMM", "misc"),
        ("besluit", "legislation", "LEGAL", "misc"),
        ("verordening", "legislation", "LEGAL", "misc"),
        (None, "document", "GEN", "misc"),
    ],
)
def test_each_document_type_gets_a_fitting_entry_type(doc_type, csl, ris, bibtex):
    refs = references([hit(doc_type=doc_type)], {})
    assert json.loads(to_csljson(refs))[0]["type"] == csl
    assert rispy.loads(to_ris(refs))[0]["type_of_reference"] == ris
    assert bibtexparser.parse_string(to_bibtex(refs)).entries[0].entry_type == bibtex


def test_export_writes_citations_chosen_by_extension_or_format(run, tmp_path):
    ris, bib, csl = tmp_path / "a.ris", tmp_path / "a.bib", tmp_path / "a.json"
    assert run("export", "brede welvaart", "-o", str(ris), "--limit", "7").exit_code == 0
    assert run("export", "brede welvaart", "-o", str(bib), "--limit", "7").exit_code == 0
    result = run("export", "brede welvaart", "-o", str(csl), "--format", "csljson", "-n", "7")
    assert result.exit_code == 0 and "(csljson)" in result.stderr
    entries = rispy.loads(ris.read_text(encoding="utf-8"))
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    items = json.loads(csl.read_text(encoding="utf-8"))
    jsonschema.validate(items, CSL_SCHEMA)
    assert len(entries) == len(library.entries) == len(items) == 7
    assert not library.failed_blocks
    assert all(entry["authors"] == ["SER Overijssel"] for entry in entries)
    assert len({entry.key for entry in library.entries}) == 7
    types = {item["genre"]: item["type"] for item in items}
    assert types.get("Brief", "personal_communication") == "personal_communication"
    assert all(item["URL"].startswith("file:///") for item in items)


def test_export_per_document_gives_one_entry_per_document(run, tmp_path):
    passages = json.loads(run("search", "brede welvaart", "--format", "json", "-n", "20").stdout)
    target = tmp_path / "docs.ris"
    assert run("export", "brede welvaart", "-o", str(target), "-n", "20", "--per-document")
    entries = rispy.loads(target.read_text(encoding="utf-8"))
    assert [e["id"] for e in entries] == list(dict.fromkeys(p["doc_id"] for p in passages))
    assert all("abstract" not in e and "start_page" not in e for e in entries)
    refused = run("export", "brede welvaart", "-o", str(tmp_path / "x.csv"), "--per-document")
    assert refused.exit_code == 2

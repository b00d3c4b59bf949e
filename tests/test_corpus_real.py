"""Extraction and cleaning of the real Dutch PDFs in ../shared/corpus-real.

Every file is extracted once per test session (a pool of two processes; under
pytest-xdist the first worker extracts and the others read its results) and each
outcome is checked against the kind SOURCES.md gives it. Golden tests pin exact
text of a handful of real pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpora import SHARED, Outcomes, shared_outcomes

from sersearch.clean import clean_pages
from sersearch.errors import ExtractionError, NoTextError, NotReadableError
from sersearch.models import Extraction, Page
from sersearch.ocr import OcrSettings
from sersearch.scans import complete

CORPUS = SHARED / "corpus-real"
ROW = re.compile(r"^\| \d+ \| `([^`]+\.pdf)` \| ([\d–-]+) \|[^|]*\| ([^|]+) \| ([^|]+) \|", re.M)


def sources() -> dict[str, tuple[int | None, str, int | None]]:
    """File name → (pages, kind, pdf2txt non-whitespace characters) from SOURCES.md."""
    if not (CORPUS / "SOURCES.md").is_file():
        return {}
    table = {}
    for name, pages, kind, text in ROW.findall((CORPUS / "SOURCES.md").read_text("utf-8")):
        chars = re.search(r"([\d,]+) chars", text)
        table[name] = (
            int(pages) if pages.isdigit() else None,
            kind.strip(),
            int(chars.group(1).replace(",", "")) if chars and text.startswith("yes") else None,
        )
    return table


SOURCES = sources()
NO_OCR = OcrSettings(enabled=False)
pytestmark = pytest.mark.skipif(not SOURCES, reason=f"{CORPUS} not available")


def expected_error(kind: str) -> type[ExtractionError] | None:
    return NotReadableError if kind.startswith("broken") else None


def is_image_only(kind: str) -> bool:
    return "image-only" in kind


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Outcomes:
    """Every corpus-real PDF extracted once per session, shared by xdist workers."""
    return shared_outcomes(tmp_path_factory, "corpus-real")


def extraction(outcomes: dict, name: str) -> Extraction:
    result = outcomes[name]
    assert isinstance(result, Extraction), result
    return result


def cleaned(outcomes: dict, name: str) -> tuple[Page, ...]:
    result = extraction(outcomes, name)
    return clean_pages(result.pages, paged=result.paged)


def page_texts(pages: tuple[Page, ...], number: int) -> list[str]:
    return [line.text for line in pages[number - 1].lines]


def all_texts(pages: tuple[Page, ...]) -> list[str]:
    return [line.text for page in pages for line in page.lines]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_outcome_matches_kind(outcomes: dict, name: str) -> None:
    pages, kind, chars = SOURCES[name]
    result = outcomes[name]
    error = expected_error(kind)
    if error is not None:
        assert isinstance(result, error), result
        assert "\n" not in str(result) and name in str(result)
        return
    assert isinstance(result, Extraction), result
    assert len(result.pages) == pages
    if is_image_only(kind):  # its pages are kept, empty, for OCR (test_ocr.py)
        assert all(not page.lines for page in result.pages)
        return
    extracted = sum(len("".join(line.text.split())) for p in result.pages for line in p.lines)
    # the same characters as pdf2txt.py (skipped vector art and figures lose none)
    assert chars is not None and abs(extracted - chars) <= 0.001 * chars + 5


def test_scans_say_they_need_ocr_when_ocr_is_off(outcomes: dict) -> None:
    name = "bijlage-blg-1007826-scan.pdf"
    with pytest.raises(NoTextError) as error:
        complete(CORPUS / name, "", extraction(outcomes, name), NO_OCR, None)
    assert str(error.value) == f"{name}: no text layer: OCR is off (--no-ocr)"


def test_no_extract_flag_is_extracted_with_a_warning(outcomes: dict) -> None:
    result = extraction(outcomes, "rijk-wob-besluit-5-no-extract-flag.pdf")
    assert result.warnings == (
        "the PDF forbids text extraction (permission flag); extracted anyway",
    )


def test_pages_without_text_are_named(outcomes: dict) -> None:
    name = "overijssel-woo-kapmelding-geanonimiseerd.pdf"
    result, _ = complete(CORPUS / name, "", extraction(outcomes, name), NO_OCR, None)
    assert result.warnings == ("pages without text: 5, 6; OCR is off (--no-ocr)",)


def test_page_labels_and_info(outcomes: dict) -> None:
    result = extraction(outcomes, "inbo-rapport-12304086-monitoringsprotocol-natura2000.pdf")
    assert [page.label for page in result.pages[:5]] == ["1", "I", "II", "1", "2"]
    assert result.info["Producer"] == "XeTeX 0.99992"  # as SOURCES.md lists
    assert "Title" in result.info


def test_two_column_page_reads_column_by_column(outcomes: dict) -> None:
    pages = cleaned(outcomes, "amsterdam-koersbesluit-maatschappelijke-opvang-2016-2020.pdf")
    lines = page_texts(pages, 12)
    assert lines[:7] == [
        "De stagnatie in de keten kent een aantal oorzaken:",  # footnote marker 4 removed
        "",
        "• De schuldenpositie van de kwetsbare burgers: het",  # Dingbats bullet
        "op orde hebben van financiën is een voorwaarde",
        "voor uitstroom naar een zelfstandige woonplek.",
        "• Onvoldoende focus op zelfstandigheid en bevordering",  # bevor-/dering joined
        "van participatie doordat de focus sterker",
    ]
    # a hanging bullet made pdfminer start a new box mid-sentence; it is one paragraph
    bullet = lines.index("• De beschikbaarheid van woonplekken is in")
    assert lines[bullet + 1] == "Amsterdam altijd al een beperkende factor geweest."
    left_end = lines.index("sociaal economische problemen.")
    right_start = lines.index("De verantwoordelijkheid voor ondersteuning vanuit")
    assert left_end < right_start
    assert not any(line.startswith("KOERSBESLUIT MAATSCHAPPELIJKE") for line in lines)


def test_columns_are_not_interleaved_when_paragraphs_start_level(outcomes: dict) -> None:
    pages = cleaned(outcomes, "amsterdam-koersbesluit-maatschappelijke-opvang-2016-2020.pdf")
    lines = page_texts(pages, 30)
    left_last = lines.index("capaciteit van de 24-uursopvang.")
    right_first = lines.index("Om hier te komen zetten we de komende jaren maatregelen")
    assert lines.index("in een intramurale voorziening het meest passend is.") + 2 == lines.index(
        "Om dit mogelijk te maken is het van belang dat de"
    )
    assert left_last < right_first


def test_spaced_body_text_forms_paragraphs(outcomes: dict) -> None:
    pages = cleaned(outcomes, "bnc-fiche-5-herziening-mifid.pdf")
    lines = page_texts(pages, 2)
    assert lines[lines.index("a) Inhoud voorstel") + 1 :][:6] == [
        "Dit voorstel betreft een aanpassing van de Europese verordening markten voor financiële",
        "instrumenten (Markets in Financial Instruments Regulation, MiFIR), waarvoor ook enkele "
        "wijzingen",
        "dienen te worden gemaakt in de gelijknamige Europese richtlijn (Markets in Financial "
        "Instruments",
        "Directive, MiFID II). De verordening en richtlijn zijn per 3 januari 2018 van toepassing "
        "en zijn",
        "onlosmakelijk met elkaar verbonden. Daarom wordt in dit fiche van “het voorstel” "
        "gesproken.",
        "",
    ]
    assert "bevordering van de werking en integratie van de kapitaalmarkt." in lines
    assert not [line for line in all_texts(pages) if line.startswith("Pagina ")]


def test_cid_ligatures_are_inferred(outcomes: dict) -> None:
    pages = cleaned(outcomes, "inbo-rapport-12304086-monitoringsprotocol-natura2000.pdf")
    text = "\n".join(all_texts(pages))
    assert "(cid:" not in text
    assert "Definities" in page_texts(pages, 2)
    assert "locatie" in text and "situatie" in text


def test_rotated_map_labels_are_words(outcomes: dict) -> None:
    pages = cleaned(outcomes, "overijssel-kaart-bijlage-iii-overig-4-turbines.pdf")
    lines = [line for line in all_texts(pages) if line]
    assert "Oppervlakte" in lines and "Clusternummer" in lines
    assert not [line for line in lines if len(line) == 1 and line.isalpha()]


def test_ocr_landscape_page_is_read_as_text(outcomes: dict) -> None:
    pages = cleaned(outcomes, "rijk-wob-besluit-ggz-ocr-scan.pdf")
    lines = page_texts(pages, 7)
    assert lines[0] == "Bijlage B Inventarislijst Wob-verzoek 2018.024 db3"
    assert "Interne mail inzake programmaplan" in lines


def test_letter_spaced_heading_and_non_breaking_hyphens(outcomes: dict) -> None:
    press = cleaned(outcomes, "overijssel-persbericht-zon-op-land-2023.pdf")
    assert page_texts(press, 1)[0] == "PERSBERICHT"
    letters = all_texts(cleaned(outcomes, "overijssel-brieven-gemeenten-reactienota-2022.pdf"))
    assert not [line for line in letters if "\u2011" in line]
    assert any("e-mail" in line for line in letters)


def test_figure_text_is_extracted(outcomes: dict) -> None:
    pages = cleaned(outcomes, "heerlen-lijst-ingekomen-stukken-2025-01.pdf")
    assert {"Vergadering:", "Vergaderdatum:", "29 januari 2025"} <= set(all_texts(pages))


def test_running_footer_and_page_numbers_removed_from_report(outcomes: dict) -> None:
    pages = cleaned(outcomes, "wodc-cahier-2024-19-criminaliteit-en-rechtshandhaving-2023.pdf")
    lines = all_texts(pages)
    assert not [line for line in lines if re.fullmatch(r"Cahier 2024-19 \| \d+", line)]
    assert lines.count("Wetenschappelijk Onderzoek- en Datacentrum") <= 1


@pytest.mark.parametrize(
    ("name", "doc_type", "date"),
    [
        ("overijssel-persbericht-zon-op-land-2023.pdf", "persbericht", "2023-10-12"),
        ("kamerbrief-draagmoederschap-2011.pdf", "brief", "2011-03-01"),
        # the letterhead's Datum 21.05.2024 (not the PDF's creation date, 28 May)
        ("overijssel-brief-gs-aan-ps-definitief-windbeleid-2024.pdf", "brief", "2024-05-21"),
        ("rijk-wob-besluit-reisadvies-china-2020.pdf", "besluit", "2020-12-17"),
    ],
)
def test_metadata_of_real_documents(outcomes: dict, name: str, doc_type: str, date: str) -> None:
    from sersearch.metadata import describe

    meta = describe(CORPUS / name, cleaned(outcomes, name), extraction(outcomes, name).info)
    assert (meta.doc_type, meta.date) == (doc_type, date)
    assert meta.title and not meta.title.lower().startswith("microsoft")


@pytest.mark.parametrize(
    ("name", "sections"),
    [
        (
            "bnc-fiche-5-herziening-mifid.pdf",
            ["1. Algemene gegevens", "2. Essentie voorstel"],
        ),
        ("rijk-wob-besluit-reisadvies-china-2020.pdf", ["Wettelijk kader", "Besluit"]),
    ],
)
def test_passages_of_real_documents_carry_their_headings(
    outcomes: dict, name: str, sections: list[str]
) -> None:
    from sersearch.passages import build_passages

    pages = cleaned(outcomes, name)
    passages = build_passages("doc", pages)
    found = [p.section for p in passages]
    assert all(any(s and s.startswith(section) for s in found) for section in sections)
    assert all(1 <= p.page <= len(pages) for p in passages)
    assert not any("Pagina " in p.text and " van " in p.text[:40] for p in passages)


def test_indexing_the_whole_folder_gives_every_file_its_outcome(
    outcomes: dict, tmp_path: Path
) -> None:
    """``sersearch index`` over all of corpus-real; the extractions made above are
    put in the index's extraction cache first, so the run costs no second pdfminer
    pass (the broken files are tried again: they are never cached); OCR is off here."""
    from sersearch import ingest
    from sersearch.browse import list_documents
    from sersearch.store import CACHE_DIR_NAME
    from sersearch.update import update_index

    index_dir = tmp_path / "index"
    for name, result in outcomes.items():
        if isinstance(result, Extraction):
            sha256 = ingest.hash_file(CORPUS / name)
            ingest._store_extraction(ingest._cache_path(index_dir / CACHE_DIR_NAME, sha256), result)
    report = update_index(index_dir, [CORPUS], workers=2, ocr=NO_OCR)  # OCR: test_ocr.py
    skipped = {Path(path).name for path, _ in report.failed}
    expected_skipped = {
        name
        for name, (_, kind, _) in SOURCES.items()
        if expected_error(kind) or is_image_only(kind)
    }
    assert skipped == expected_skipped
    # SOURCES.md is a Markdown document of the folder like any other: it is indexed too.
    expected_added = set(SOURCES) - expected_skipped | {"SOURCES.md"}
    assert {Path(path).name for path in report.added} == expected_added
    assert "rijk-wob-besluit-5-no-extract-flag.pdf" in {Path(p).name for p, _ in report.warned}
    indexed = [doc for doc in list_documents(index_dir) if doc.status != "failed"]
    assert {Path(doc.source).name for doc in indexed} == expected_added
    # one document per file, but one per letter for the bundle of fifteen letters
    bundle = "overijssel-brieven-gemeenten-reactienota-2022.pdf"
    assert len(indexed) == len(expected_added) - 1 + 15
    assert sum(Path(doc.source).name == bundle for doc in indexed) == 15
    assert all(doc.passages > 0 and doc.title and doc.doc_type for doc in indexed)

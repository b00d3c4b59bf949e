"""Documents that are not PDFs: Word, OpenDocument, e-mail, HTML and Markdown, read
into documents with their metadata and the section paths of their real headings.

Real files from ../shared/corpus-real-2 (see its SOURCES.md) and files generated here.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from formatgen import email_message, pdf_bytes, write_docx, write_email, write_odt

from sersearch.extract import extract_file
from sersearch.ingest import Failure, SourceFile, hash_file, process_file
from sersearch.models import Document

CORPUS_2 = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-real-2"
# Markup that must never reach the text: tags, entities, Markdown syntax, CSS/JS.
MARKUP = re.compile(r"<[a-zA-Z/!]|&[a-z]+;|&#\d+;|\*\*|^#|\]\(|\{\s*[a-z-]+\s*:|function\s*\(")


def documents(path: Path) -> tuple[Document, ...]:
    outcome = process_file(SourceFile(path, hash_file(path)), None)
    assert not isinstance(outcome, Failure), outcome.reason
    return outcome


def sections(document: Document) -> list[str]:
    return list(dict.fromkeys(p.section for p in document.passages if p.section))


def full_text(document: Document) -> str:
    return " ".join(p.text for p in document.passages)


def real(name: str) -> Path:
    path = CORPUS_2 / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return path


# --- the real documents of corpus-real-2 --------------------------------------------------

REAL_CASES = {
    # file: (title, date or None, a section path that must occur, words of the body)
    "241017_Beleidsregel_Kennisgeving_Openstelling.docx": (
        "Provincie Overijssel Kennisgeving Openstelling",
        None,
        "Projectbesluitprocedure",
        ("windturbines", "projectbesluitprocedure", "2,315 GWh"),
    ),
    "241017_Format_Participatieplan_windprojecten.docx": (
        "Format participatieplan windprojecten",
        "2024-10-11",
        "Wie maakt het participatieplan?",
        ("initiatiefnemer", "omgevingsadviesraad"),
    ),
    "ah-tk-20202021-3235.odt": (
        "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo",
        None,
        None,
        ("rentepercentage", "Bbz-gerechtigden"),
    ),
    "ah-tk-20202021-3235.html": (
        "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo",
        None,
        "Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) "
        "(ontvangen 21 juni 2021). › Antwoord 5",
        ("Negatieve rentepercentages", "zakelijke"),
    ),
    "kst-32545-143.html": (
        "Wet- en regelgeving financiële markten; Motie; Motie van de leden Inge van Dijk "
        "en Grinwis over het definiëren van een grensspaarsaldo voor negatieve spaarrente",
        "2021-07-06",
        "Nr. 143 MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS",
        ("grensspaarsaldo", "gaat over tot de orde van de dag"),
    ),
    "den_helder_meeting_print.html": (
        "Vergadering",
        "2015-08-31",
        None,
        ("Spreekrecht burgers", "Vaststelling agenda"),
    ),
    "circulaire-houtopslag-BWBR0020466.md": (
        "Circulaire houtopslag",
        None,
        "Circulaire houtopslag › 2 › Regeling voor de buitenopslag van hout",
        ("brancheorganisaties", "1°. op de perceelsgrens", "artikel 8.40 van de Wet milieubeheer"),
    ),
    "circulaire-onkostenvergoeding-wethouders-raadsleden-BWBR0019162.md": (
        "Circulaire onkostenvergoeding, vergoeding en eindejaarsuitkering wethouders, "
        "raadsleden en commissieleden en de gevolgen Zorgverzekeringswet",
        None,
        "› 6 › Vergoeding raadsleden",
        ("€ 249,87", "eindejaarsuitkering"),
    ),
}


@pytest.mark.parametrize("name", sorted(REAL_CASES))
def test_real_documents(name: str) -> None:
    title, date, section, words = REAL_CASES[name]
    path = real(name)
    (document,) = documents(path)
    assert document.meta.title == title
    if date:
        assert document.meta.date == date
    assert all(p.page is None and p.page_label is None for p in document.passages)
    assert document.pages is None
    if section:
        assert any(s.endswith(section) for s in sections(document)), sections(document)
    text = full_text(document)
    for word in words:
        assert word in text
    for passage in document.passages:
        assert not MARKUP.search(passage.text), passage.text[:200]
        assert not MARKUP.search(passage.section or ""), passage.section


def test_docx_footnote_and_table_cells_are_kept() -> None:
    (document,) = documents(real("241017_Beleidsregel_Kennisgeving_Openstelling.docx"))
    text = full_text(document)
    assert "230404-WINDLADDER.pdf" in text  # the footnote
    assert "Gebied/gemeente Maximum aantal GWh Gebied openstelling" in text  # a header row
    assert document.meta.organisation == "Wolters, I. (Iris)"  # the author property


def test_html_metadata_is_not_body_text() -> None:
    (document,) = documents(real("kst-32545-143.html"))
    text = full_text(document)
    assert "OVERHEIDop" not in text and "kst-32545-143" not in text
    assert document.meta.organisation == "Tweede Kamer der Staten-Generaal"


def test_html_and_odt_twins_hold_the_same_answers() -> None:
    html = full_text(documents(real("ah-tk-20202021-3235.html"))[0])
    odt = full_text(documents(real("ah-tk-20202021-3235.odt"))[0])
    for answer in re.findall(r"Antwoord \d+", html):
        assert answer in odt
    words = set(re.findall(r"\w{6,}", html))
    assert len(words - set(re.findall(r"\w{6,}", odt))) <= 0.02 * len(words)


# --- generated documents ---------------------------------------------------------------

BODY = (
    "De provincie onderzoekt hoe windenergie op land bijdraagt aan de regionale "
    "energiestrategie en welke rol omwonenden daarbij spelen in de komende jaren."
)


@pytest.mark.parametrize("dutch_styles", [False, True])
def test_docx_heading_styles_make_the_section_path(tmp_path: Path, dutch_styles: bool) -> None:
    path = write_docx(
        tmp_path / "advies.docx",
        [
            (1, "Advies over windenergie"),
            (None, BODY),
            (2, "Participatie"),
            (None, BODY.replace("windenergie", "zonne-energie")),
            (3, "Financiële deelneming"),
            (None, BODY.replace("windenergie", "obligaties")),
            (2, "Natuur"),
            (None, BODY.replace("windenergie", "weidevogels")),
        ],
        title="Advies windenergie Overijssel",
        author="SER Overijssel",
        modified=datetime(2023, 5, 17, tzinfo=timezone.utc),
        table=[["Gemeente", "Turbines"], ["Zwolle", "12"]],
        dutch_styles=dutch_styles,
    )
    (document,) = documents(path)
    assert document.meta.title == "Advies windenergie Overijssel"
    assert document.meta.organisation == "SER Overijssel"
    assert document.meta.date == "2023-05-17"
    by_word = {w: p.section for p in document.passages for w in p.text.split()}
    assert by_word["zonne-energie"] == "Advies over windenergie › Participatie"
    assert by_word["obligaties"] == (
        "Advies over windenergie › Participatie › Financiële deelneming"
    )
    assert by_word["weidevogels"] == "Advies over windenergie › Natuur"
    assert "Zwolle 12" in full_text(document)


def test_odt_outline_levels_make_the_section_path(tmp_path: Path) -> None:
    path = write_odt(
        tmp_path / "notitie.odt",
        [
            (1, "Notitie arbeidsmarkt"),
            (2, "Krapte in de zorg"),
            (None, BODY.replace("windenergie", "verpleegkundigen")),
            (2, "Onderwijs"),
            (None, BODY.replace("windenergie", "leraren")),
        ],
        title="Notitie over de arbeidsmarkt",
        creator="SER",
    )
    (document,) = documents(path)
    assert document.meta.title == "Notitie over de arbeidsmarkt"
    assert document.meta.organisation == "SER"
    by_word = {w: p.section for p in document.passages for w in p.text.split()}
    assert by_word["verpleegkundigen"] == "Notitie arbeidsmarkt › Krapte in de zorg"
    assert by_word["leraren"] == "Notitie arbeidsmarkt › Onderwijs"


def test_html_headings_sections_and_no_script_or_style(tmp_path: Path) -> None:
    path = tmp_path / "pagina.htm"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Woo-besluit windpark</title>"
        '<meta name="DCTERMS.issued" content="2022-11-03">'
        "<style>p { color: red; } .x { font-weight: bold }</style>"
        "<script>function f() { return '<p>geheim</p>'; }</script></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        f"<h1>Besluit</h1><p>{BODY}</p>"
        f"<h2>Overwegingen</h2><p>Wij &amp; u: {BODY.replace('windenergie', 'geluidsnormen')}</p>"
        f"<h3>Slagschaduw</h3><p>{BODY.replace('windenergie', 'slagschaduw')}<br>nieuwe regel</p>"
        "<table><tr><th>Turbine</th><th>Hoogte</th></tr><tr><td>T1</td><td>200 m</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    (document,) = documents(path)
    assert document.meta.title == "Woo-besluit windpark"
    assert document.meta.date == "2022-11-03"
    text = full_text(document)
    assert "Wij & u:" in text and "T1 200 m" in text
    for junk in ("color", "function", "geheim", "Home", "<", "&amp;"):
        assert junk not in text
    by_word = {w: p.section for p in document.passages for w in p.text.split()}
    assert by_word["geluidsnormen"] == "Besluit › Overwegingen"
    assert by_word["slagschaduw"] == "Besluit › Overwegingen › Slagschaduw"


def test_markdown_headings_and_syntax(tmp_path: Path) -> None:
    path = tmp_path / "notitie.md"
    path.write_text(
        "# Notitie stikstof\n\n"
        f"{BODY} Zie [de brief](https://example.nl/brief.pdf) en **vooral** _dit_.\n\n"
        "Tussenkop\n---------\n\n"
        f"{BODY.replace('windenergie', 'ammoniak')}\n\n"
        "##Zonder spatie\n\n"
        "1. eerste punt over `stikstofdepositie`\n2. tweede punt\n\n"
        "| Sector | Uitstoot |\n|---|---|\n| Landbouw | 46% |\n",
        encoding="utf-8",
    )
    (document,) = documents(path)
    assert document.meta.title == "Notitie stikstof"
    text = full_text(document)
    assert "Zie de brief en vooral dit." in text
    assert "1. eerste punt over stikstofdepositie" in text and "Landbouw 46%" in text
    assert not MARKUP.search(text) and "https://" not in text
    by_word = {w: p.section for p in document.passages for w in p.text.split()}
    assert by_word["ammoniak"] == "Notitie stikstof › Tussenkop"
    assert by_word["stikstofdepositie"] == "Notitie stikstof › Zonder spatie"  # h2 as Tussenkop


def test_email_with_attachments_is_several_documents(tmp_path: Path) -> None:
    report = pdf_bytes(
        tmp_path / "x.pdf",
        "Rapport geluidsmetingen windpark Hoogeveen",
        "De metingen laten zien dat de geluidsnorm bij alle woningen wordt gehaald.",
    )
    note = write_docx(
        tmp_path / "n.docx",
        [(1, "Reactie omwonenden"), (None, BODY.replace("windenergie", "slagschaduwhinder"))],
    ).read_bytes()
    message = email_message(
        "Aanvullende stukken windpark Hoogeveen",
        "Geachte griffie,\n\nHierbij de stukken over het windpark.\n\nMet vriendelijke groet,\nJan",
        attachments=[
            ("rapport geluid.pdf", report, "application/pdf"),
            ("reactie.docx", note, "application/octet-stream"),
            ("notitie.txt", BODY.encode(), "text/plain"),
            ("tabel.xlsx", b"PK\x03\x04", "application/octet-stream"),
        ],
    )
    mail, pdf, docx, txt = documents(write_email(tmp_path / "bericht.eml", message))
    assert mail.meta.title == "Aanvullende stukken windpark Hoogeveen"
    assert mail.meta.organisation == "Gemeente Zwolle"
    assert mail.meta.date == "2024-03-18"
    assert "Van: Gemeente Zwolle <griffie@zwolle.nl>" in full_text(mail)
    assert "Hierbij de stukken" in full_text(mail)
    (warning,) = mail.warnings
    assert warning.startswith("attachment tabel.xlsx: not a supported type (.xlsx)")
    assert (pdf.part, docx.part) == ("rapport geluid.pdf", "reactie.docx")
    assert pdf.doc_id == f"{mail.doc_id}-1" and docx.doc_id == f"{mail.doc_id}-2"
    assert pdf.source == docx.source == mail.source
    assert pdf.passages[0].page == 1
    assert pdf.passages[0].section.startswith("rapport geluid.pdf")
    assert "geluidsnorm" in full_text(pdf)
    assert docx.passages[0].section == "reactie.docx › Reactie omwonenden"
    assert docx.meta.organisation is None or docx.meta.organisation != mail.meta.organisation
    assert txt.meta.date == "2024-03-18"  # none of its own: the message's
    assert txt.passages[0].section == "notitie.txt" and txt.passages[0].page is None


def test_email_html_body_and_malformed_headers(tmp_path: Path) -> None:
    path = tmp_path / "kapot.eml"
    path.write_bytes(
        b"From: <<<@@ kapot\r\nDate: geen datum\r\nSubject: Vraag over de kapvergunning\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><body><p>Wanneer wordt de kapvergunning voor de eiken verleend?</p>"
        b"<script>x()</script></body></html>"
    )
    (mail,) = documents(path)
    assert mail.meta.title == "Vraag over de kapvergunning"
    assert mail.meta.date is None
    text = full_text(mail)
    assert "kapvergunning voor de eiken" in text and "x()" not in text
    assert "Van: <<<@@ kapot" in text  # a malformed header is kept as written
    assert mail.warnings and all("\n" not in warning for warning in mail.warnings)


def test_headings_marked_by_the_source_are_the_only_headings(tmp_path: Path) -> None:
    """A numbered body line in a document with heading styles stays body text."""
    path = write_docx(
        tmp_path / "brief.docx",
        [(1, "Inleiding"), (None, "2 Amendementen zijn ingediend."), (None, BODY)],
    )
    (document,) = documents(path)
    assert sections(document) == ["Inleiding"]
    assert "2 Amendementen zijn ingediend." in full_text(document)


def test_suffix_dispatch_reads_uppercase_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "NOTITIE.MD"
    path.write_text(f"# Kop\n\n{BODY}\n", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.paged is False
    assert next(line.heading for line in extraction.pages[0].lines if line.text) == 1


def test_reading_every_format_imports_only_the_modules_of_the_cache_key(tmp_path: Path) -> None:
    """The extraction cache is keyed by the source of ``EXTRACTION_MODULES``: every
    module the readers use must be one of them (as tests/test_ingest.py checks for PDFs)."""
    from extraction_imports import modules_shaping_extraction

    from sersearch.ingest import EXTRACTION_MODULES

    files = [
        write_docx(tmp_path / "a.docx", [(1, "Kop"), (None, BODY)]),
        write_odt(tmp_path / "b.odt", [(1, "Kop"), (None, BODY)]),
        write_email(
            tmp_path / "c.eml",
            email_message(
                "Onderwerp",
                BODY,
                html=f"<p>{BODY}</p>",
                attachments=[
                    ("d.md", f"# Kop\n\n{BODY}".encode(), "text/markdown"),
                ],
            ),
        ),
    ]
    imported = modules_shaping_extraction(files)
    assert {"sersearch.formats.markdown", "sersearch.formats.html"} <= imported
    assert imported <= set(EXTRACTION_MODULES)

"""Letter bundles become one document per letter; e-mails inside PDFs date their
passages; a letter's reference and subject are stored and shown."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpora import SHARED
from lettergen import WORDS, letter_pages, prose, write_letter_bundle
from pdfgen import PageSpec, Paragraph, text_page, write_pdf

from sersearch.cli import cli
from sersearch.ingest import SourceFile, hash_file, process_file
from sersearch.models import Document
from sersearch.ocr import OcrSettings

REACTIENOTA = SHARED / "corpus-real" / "overijssel-brieven-gemeenten-reactienota-2022.pdf"
NVWA_LETTERS = SHARED / "corpus-real-2" / "Bes-Ordner1.pdf"


def documents(path: Path) -> tuple[Document, ...]:
    """The file's documents, its image-only pages left unread (no OCR)."""
    outcome = process_file(SourceFile(path, hash_file(path)), None, OcrSettings(enabled=False))
    assert isinstance(outcome, tuple), outcome
    return outcome


def page_range(document: Document) -> tuple[int, int]:
    pages = [page for p in document.passages for page in (p.page, p.page_end) if page]
    return min(pages), max(pages)


def test_a_bundle_of_letters_becomes_one_document_per_letter(tmp_path: Path) -> None:
    found = documents(write_letter_bundle(tmp_path / "bundel.pdf", letters=3))
    main_id = found[0].doc_id
    assert [d.doc_id for d in found] == [main_id, f"{main_id}-2", f"{main_id}-3"]
    assert [d.part for d in found] == [None, "brief 2 van 3", "brief 3 van 3"]
    assert [page_range(d) for d in found] == [(1, 2), (3, 4), (5, 6)]
    assert [d.meta.title for d in found] == [f"Advies {n} over {WORDS[n]}" for n in (1, 2, 3)]
    assert [d.meta.date for d in found] == ["2024-03-01", "2024-03-02", "2024-03-03"]
    assert [d.meta.reference for d in found] == ["2024-0001", "2024-0002", "2024-0003"]
    for number, document in enumerate(found, start=1):
        assert all(p.section.startswith(f"brief {number} van 3") for p in document.passages)
        assert not any("Pagina 1 van 2" in p.text for p in document.passages)


def test_the_letters_keep_every_word_of_the_bundle(tmp_path: Path) -> None:
    path = write_letter_bundle(tmp_path / "bundel.pdf", letters=3, seed=4)
    rng = random.Random(4)  # the generator's own paragraphs, in order
    written = [prose(rng) for _ in range(18)]
    kept = Counter(" ".join(p.text for d in documents(path) for p in d.passages).split())
    assert Counter(" ".join(written).split()) - kept == Counter()


def test_each_letter_of_a_bundle_of_copies_keeps_its_own_text(tmp_path: Path) -> None:
    """The same reply sent to three addressees: the heading that opens every letter's
    second page recurs at the same place as a running header would, yet each letter
    keeps it; the page number that never varies (``Pagina 2 van 2``) goes everywhere."""
    rng = random.Random(7)
    body = [prose(rng) for _ in range(3)] + ["Wat wij met uw zienswijze doen"]
    body += [prose(rng) for _ in range(2)]
    pages = [
        spec
        for number in (1, 2, 3)
        for spec in letter_pages(f"Reactie {number}", f"{number} maart 2024", f"R-{number}", body)
    ]
    found = documents(write_pdf(tmp_path / "reacties.pdf", pages))
    assert len(found) == 3
    for document in found:
        text = " ".join(p.text for p in document.passages)
        assert "Wat wij met uw zienswijze doen" in text
        assert "Pagina 2 van 2" not in text


def _report(path: Path, pages: int = 4) -> Path:
    rng = random.Random(1)
    return write_pdf(
        path,
        [
            text_page(Paragraph((f"{n} Hoofdstuk",), size=14, bold=True), prose(rng))
            for n in range(pages)
        ],
        footer="pagina {n} van {total}",
    )


def _letter_with_running_column(path: Path) -> Path:
    """One four-page letter whose side column repeats Datum and Kenmerk on every page
    (as the Rijkshuisstijl does), numbered Pagina x van 4."""
    rng = random.Random(2)
    column = Paragraph(("Datum", "3 april 2024", "Kenmerk", "2024-0042"), size=8)
    first = letter_pages("Advies wonen", "3 april 2024", "2024-0042", [prose(rng)], pages=1)[0]
    pages = [PageSpec(first.paragraphs, first.right, footer="Pagina 1 van 4")] + [
        PageSpec((Paragraph((prose(rng)[:60],)),), (column,), footer=f"Pagina {n} van 4")
        for n in (2, 3, 4)
    ]
    return write_pdf(path, pages)


def _letter_with_enclosure(path: Path) -> Path:
    """A two-page letter followed by a two-page leaflet that numbers its own pages
    (no letterhead): one letter with its enclosure."""
    rng = random.Random(3)
    letter = letter_pages("Waarschuwing", "5 mei 2024", "2024-0050", [prose(rng)] * 4)
    leaflet = [
        PageSpec((Paragraph((prose(rng)[:60],)),), footer=f"Pagina {n} van 2") for n in (1, 2)
    ]
    return write_pdf(path, [*letter, *leaflet])


@pytest.mark.parametrize("make", [_report, _letter_with_running_column, _letter_with_enclosure])
def test_documents_that_are_no_bundle_stay_whole(tmp_path: Path, make) -> None:
    found = documents(make(tmp_path / "stuk.pdf"))
    assert len(found) == 1
    assert found[0].part is None


def _email_page(path: Path) -> Path:
    rng = random.Random(5)
    return write_pdf(
        path,
        [
            text_page(
                "Van: Jansen, P.\nVerzonden : dinsdag 7 april 2020 11:31\nAan: 10.2.e\n"
                "Onderwerp: RE: tweede speelveldtoets",
                prose(rng, 4),
                "Van: 10.2.e\nVerzonden: maandag 6 april 2020 09:02\nAan: Jansen, P.\n"
                "CC: 10.2.e\nOnderwerp: tweede speelveldtoets",
                prose(rng, 4),
                "Van\nVerzonden 7 feb 2020 18 59\nAan\nOndcrwcrp Info voor PwC",
                prose(rng, 4),
                "Van de week is er overleg geweest.\nAan de orde kwam de toets.",
            )
        ],
    )


def test_e_mails_in_a_pdf_date_their_passages(tmp_path: Path) -> None:
    """Each passage carries the date and subject of the e-mail it belongs to; lines
    that merely start with Van or Aan (the last paragraph) open no e-mail."""
    (document,) = documents(_email_page(tmp_path / "mails.pdf"))
    text = " ".join(p.text for p in document.passages)
    assert "Verzonden : dinsdag 7 april 2020 11:31" in text  # the header stays searchable
    dated = [(p.message_date, p.message_subject) for p in document.passages]
    assert dated[0] == ("2020-04-07", "RE: tweede speelveldtoets")
    assert ("2020-04-06", "tweede speelveldtoets") in dated
    # an OCR layer that lost the colons and misread a label (Ondcrwcrp)
    assert dated[-1] == ("2020-02-07", "Info voor PwC")


def test_lines_that_merely_start_like_headers_are_no_e_mail(tmp_path: Path) -> None:
    rng = random.Random(6)
    path = write_pdf(
        tmp_path / "nota.pdf",
        [text_page(prose(rng), "Van: de directie\n" + prose(rng), "Aan: alle medewerkers")],
    )
    (document,) = documents(path)
    assert all(p.message_date is None and p.message_subject is None for p in document.passages)


def test_the_letters_reference_and_subject_are_stored_and_shown(tmp_path: Path) -> None:
    folder = tmp_path / "brieven"
    folder.mkdir()
    write_letter_bundle(folder / "bundel.pdf", letters=3)
    index = str(tmp_path / "index")

    def run(*args: str):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    run("index", str(folder), "--index", index)
    records = json.loads(run("docs", "--format", "json", "--index", index).output)
    assert [(r["part"], r["reference"], r["first_page"], r["last_page"]) for r in records] == [
        (None, "2024-0001", 1, 2),
        ("brief 2 van 3", "2024-0002", 3, 4),
        ("brief 3 van 3", "2024-0003", 5, 6),
    ]
    assert records[1]["subject"] == f"Advies 2 over {WORDS[2]}"
    hits = json.loads(run("search", "advies", "--format", "json", "--index", index).output)
    second = next(hit for hit in hits if hit["doc_id"] == records[1]["doc_id"])
    assert second["reference"] == "2024-0002"
    assert "kenmerk 2024-0002" in second["citation"]
    assert "brief 2 van 3" in second["citation"] and second["citation"].endswith("bundel.pdf")
    shown = run("show", records[1]["doc_id"], "--index", index).output
    assert "kenmerk 2024-0002" in shown and "pp. 3–4" in shown
    removed = run("show", records[1]["doc_id"], "--removed", "--index", index).output
    assert {line.split("\t")[0] for line in removed.splitlines()} == {"p. 3", "p. 4"}


@pytest.mark.skipif(not REACTIENOTA.is_file(), reason="../shared/corpus-real is not available")
def test_the_reactienota_bundle_splits_into_its_fifteen_letters() -> None:
    found = documents(REACTIENOTA)
    assert [page_range(d) for d in found] == [(n, n + 1) for n in range(1, 30, 2)]
    assert {(d.meta.date, d.meta.reference) for d in found} == {("2022-12-06", "D2022-12-001557")}
    texts = [p.text for d in found for p in d.passages]
    assert not any("Pagina 1 van 30" in text or "1 van 30" in text for text in texts)
    assert not any("Pagina 2 van 30" in text for text in texts)
    # the heading atop every letter's second page is in every letter
    heading = "Uw zienswijzen zijn aanleiding geweest tot aanpassing van het PPE"
    assert all(any(heading in p.text for p in d.passages) for d in found)


@pytest.mark.skipif(not NVWA_LETTERS.is_file(), reason="../shared/corpus-real-2 is not available")
def test_the_nvwa_bundle_splits_into_four_letters_with_their_enclosures() -> None:
    found = documents(NVWA_LETTERS)
    assert [page_range(d)[0] for d in found] == [1, 7, 14, 21]
    assert [d.meta.date for d in found] == ["2020-07-27", "2020-07-24", "2020-07-24", "2020-07-27"]

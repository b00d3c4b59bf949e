"""Tests for sersearch.pdf on generated PDFs with known layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import (
    PageSpec,
    Paragraph,
    text_page,
    write_image_only_pdf,
    write_pdf,
    write_truncated_pdf,
)

from sersearch.errors import EncryptedError, NotReadableError
from sersearch.extract import extract_file
from sersearch.models import Line
from sersearch.pdf import extract_pdf

BODY = "Dit is de eerste regel van een alinea\ndie doorloopt op de tweede regel."


def texts(lines: tuple[Line, ...]) -> list[str]:
    return [line.text for line in lines]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    return write_pdf(
        path,
        [
            text_page(Paragraph(("1 Inleiding",), size=16, bold=True), BODY),
            PageSpec(
                (Paragraph(("Linker kolom regel een", "linker kolom regel twee")),),
                right=(Paragraph(("Rechter kolom regel een", "rechter kolom regel twee")),),
                label_style="r",
                label_start=1,
            ),
            text_page(Paragraph(("Een zin over oorzaken",), marker="4")),
        ],
        header="Rapport over dingen",
        footer="Pagina {n} van {total}",
        info={"title": "Testrapport", "author": "SER Overijssel", "subject": "Proef"},
    )


def test_pages_lines_and_boxes(report: Path) -> None:
    extraction = extract_pdf(report)
    assert extraction.paged is True
    assert extraction.warnings == ()
    assert [page.number for page in extraction.pages] == [1, 2, 3]
    assert texts(extraction.pages[0].lines) == [
        "Rapport over dingen",
        "",
        "1 Inleiding",
        "",
        "Dit is de eerste regel van een alinea",
        "die doorloopt op de tweede regel.",
        "",
        "Pagina 1 van 3",
    ]


def test_font_size_and_bold(report: Path) -> None:
    heading, body = extract_pdf(report).pages[0].lines[2], extract_pdf(report).pages[0].lines[4]
    assert (heading.size, heading.bold) == (16.0, True)
    assert (body.size, body.bold) == (11.0, False)


def test_two_columns_are_read_column_by_column(report: Path) -> None:
    lines = texts(extract_pdf(report).pages[1].lines)
    assert lines[2:7] == [
        "Linker kolom regel een",
        "linker kolom regel twee",
        "",
        "Rechter kolom regel een",
        "rechter kolom regel twee",
    ]


def test_page_labels(report: Path) -> None:
    assert [page.label for page in extract_pdf(report).pages] == [None, "i", "ii"]


def test_info_dictionary(report: Path) -> None:
    info = extract_pdf(report).info
    assert info["Title"] == "Testrapport"
    assert info["Author"] == "SER Overijssel"
    assert info["Subject"] == "Proef"
    assert info["CreationDate"].startswith("D:")


def test_raised_small_digits_become_superscripts(report: Path) -> None:
    assert "Een zin over oorzaken⁴" in texts(extract_pdf(report).pages[2].lines)


def test_extract_file_dispatches_pdf(report: Path) -> None:
    assert extract_file(report).pages == extract_pdf(report).pages


def test_pages_without_text_are_kept_empty_for_ocr(tmp_path: Path) -> None:
    """Pages without a text layer stay in the extraction, empty and in place: the OCR
    step (sersearch.scans, tested in test_ocr.py) reads or names them."""
    scan = extract_pdf(write_image_only_pdf(tmp_path / "scan.pdf"))
    assert [page.lines for page in scan.pages] == [(), ()]
    path = write_pdf(tmp_path / "half.pdf", [text_page("tekst"), PageSpec(()), text_page("meer")])
    extraction = extract_pdf(path)
    assert extraction.warnings == ()
    assert [bool(page.lines) for page in extraction.pages] == [True, False, True]


def test_password_protected_pdf_is_encrypted_error(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "geheim.pdf", [text_page(BODY)], owner_password="eigenaar", user_password="x"
    )
    with pytest.raises(EncryptedError, match="needs a password"):
        extract_pdf(path)


def test_no_extract_permission_is_extracted_with_warning(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "nocopy.pdf",
        [text_page(BODY)],
        owner_password="eigenaar",
        user_password="",
        permissions=0,
    )
    extraction = extract_pdf(path)
    assert "die doorloopt op de tweede regel." in texts(extraction.pages[0].lines)
    assert extraction.warnings == (
        "the PDF forbids text extraction (permission flag); extracted anyway",
    )


def test_truncated_pdf_is_not_readable(tmp_path: Path, report: Path) -> None:
    path = write_truncated_pdf(tmp_path / "half.pdf", report)
    with pytest.raises(NotReadableError) as error:
        extract_pdf(path)
    assert "\n" not in str(error.value)
    assert "half.pdf" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"%PDF-1.6\n", b"%PDF-1.4\n" + b"\x8f" * 500])
def test_corrupt_pdfs_are_not_readable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(content)
    with pytest.raises(NotReadableError):
        extract_pdf(path)


def test_widely_spaced_lines_stay_one_paragraph(tmp_path: Path) -> None:
    spaced = Paragraph(("Regel een van de alinea", "regel twee van de alinea"), leading=1.3)
    next_one = Paragraph(("Volgende alinea.",), leading=1.3)
    path = write_pdf(tmp_path / "ruim.pdf", [text_page(spaced, next_one)])
    assert texts(extract_pdf(path).pages[0].lines) == [
        "Regel een van de alinea",
        "regel twee van de alinea",
        "",
        "Volgende alinea.",
    ]


def test_heading_is_its_own_paragraph(tmp_path: Path) -> None:
    # heading and body set close together in one size: the weight change splits them
    heading = Paragraph(("Samenvatting",), bold=True)
    body = Paragraph(("De tekst na de kop.",))
    path = write_pdf(tmp_path / "kop.pdf", [PageSpec((heading, body))])
    lines = extract_pdf(path).pages[0].lines
    assert [(line.text, line.bold) for line in lines] == [
        ("Samenvatting", True),
        ("", False),
        ("De tekst na de kop.", False),
    ]


def test_rotated_headers_are_read_as_words(tmp_path: Path) -> None:
    headers = Paragraph(("Datum", "Onderwerp", "Afzender"), size=9, rotated=True)
    path = write_pdf(tmp_path / "tabel.pdf", [text_page(headers, "1 juni 2015")])
    lines = texts(extract_pdf(path).pages[0].lines)
    assert [line for line in lines if line] == ["1 juni 2015", "Datum", "Onderwerp", "Afzender"]


def test_dingbat_bullets_become_one_bullet(tmp_path: Path) -> None:
    bullet = Paragraph(("ll",), font="ZapfDingbats")
    path = write_pdf(tmp_path / "bullet.pdf", [text_page(bullet)])
    assert texts(extract_pdf(path).pages[0].lines) == ["•"]


def test_two_columns_read_left_column_before_right(tmp_path: Path) -> None:
    left = (
        Paragraph(
            (
                "De eerste alinea links loopt hier door naar",
                "over drie regels in de linker kolom van de",
                "en eindigt dan.",
            )
        ),
        Paragraph(("",) * 6),  # white space, as above an inset figure
        Paragraph(
            (
                "De tweede alinea links begint lager op de",
                "pagina dan de alinea in de rechter kolom",
                "en hoort toch eerst.",
            )
        ),
    )
    right = (
        Paragraph(
            (
                "De alinea rechts begint net zo hoog als",
                "de eerste alinea in de linker kolom, en",
                "toch wordt zij na de linker kolom gelezen",
                "als laatste.",
            )
        ),
    )
    path = write_pdf(tmp_path / "kolommen.pdf", [PageSpec(left, right=right)])
    lines = [line for line in texts(extract_pdf(path).pages[0].lines) if line]
    assert [line for line in lines if line.startswith("De ")] == [
        "De eerste alinea links loopt hier door naar",
        "De tweede alinea links begint lager op de",
        "De alinea rechts begint net zo hoog als",
    ]

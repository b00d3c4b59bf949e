"""Nothing lost, nothing misplaced: footnotes, letterheads, running lines, OCR layers,
contents pages and titles, on hand-built pages and generated PDFs of exact layout."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fpdf import FPDF
from fpdf.enums import TextMode

from sersearch.clean import clean_pages
from sersearch.cli import cli
from sersearch.extract import extract_file
from sersearch.metadata import describe
from sersearch.models import Line, Page, Removal
from sersearch.passages import build_passages

BODY = "De provincie wil meer windenergie en vraagt de gemeenten om zoekgebieden aan te wijzen."


def body(top: float, text: str = BODY, size: float = 10.0) -> Line:
    return Line(text, size=size, top=top)


def test_a_verified_footnote_marker_goes_and_its_note_becomes_a_passage() -> None:
    page = Page(
        1,
        (body(0.2, "Het beleid³ is in 2023 vastgesteld door Provinciale Staten."), body(0.23),
         Line(""), Line("3 Zie het Statenvoorstel PS/2023/1.", size=8.0, top=0.92)),
    )  # fmt: skip
    removals: list[Removal] = []
    cleaned = clean_pages([page], removals=removals)
    passages = build_passages("doc", cleaned)
    assert passages[0].text.startswith("Het beleid is in 2023 vastgesteld")
    assert (passages[-1].section, passages[-1].text) == (
        "voetnoot 3",
        "3 Zie het Statenvoorstel PS/2023/1.",
    )
    assert removals == [Removal(1, "footnote marker (note below)", "3")]


def test_a_superscript_without_a_note_stays_a_digit() -> None:
    page = Page(1, (body(0.2, "Een oppervlak van 20 m² en een stijging van 18%⁴ per jaar."),))
    (passage,) = build_passages("doc", clean_pages([page]))
    assert passage.text == "Een oppervlak van 20 m2 en een stijging van 18%4 per jaar."


def write_ocr_page(path: Path) -> Path:
    """A scan-like page: invisible text (render mode 3) with OCR-like uneven glyph sizes."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.text_mode = TextMode.INVISIBLE
    x = 20.0
    for piece, size, rise in (("Jongeren van 1", 11, 0), ("8", 7, 1.5), (" t/m 2", 11, 0),
                              ("5", 7, 1.5), (" jaar; N=", 11, 0), ("3", 7, 1.5)):  # fmt: skip
        pdf.set_font("Helvetica", size=size)
        pdf.text(x, 40 - rise, piece)
        x += pdf.get_string_width(piece)
    pdf.output(str(path))
    return path


def test_an_ocr_layer_keeps_every_digit(tmp_path: Path) -> None:
    extraction = extract_file(write_ocr_page(tmp_path / "scan.pdf"))
    assert extraction.pages[0].ocr
    (passage,) = build_passages("doc", clean_pages(extraction.pages))
    assert passage.text == "Jongeren van 18 t/m 25 jaar; N=3"


def email_page(number: int) -> Page:
    return Page(
        number,
        (
            Line("Ministerie van Voorbeeldzaken", top=0.04),
            Line(""),
            Line("Onderwerp: RE: Speelveldtoets", top=0.1),
            Line(""),
            body(0.3),
            Line(""),
            Line("Met vriendelijke groet,", top=0.5),
            Line(""),
            Line(str(number), top=0.95),
        ),
    )


def test_running_lines_go_only_from_the_page_bands_and_e_mail_headers_stay() -> None:
    removals: list[Removal] = []
    cleaned = clean_pages([email_page(n) for n in (1, 2, 3, 4)], removals=removals)
    texts = [line.text for page in cleaned for line in page.lines if line.text]
    assert texts.count("Onderwerp: RE: Speelveldtoets") == 4  # an e-mail header is content
    assert texts.count("Met vriendelijke groet,") == 4  # mid-page: not furniture
    assert texts.count("Ministerie van Voorbeeldzaken") == 1  # a constant header: kept once
    assert sorted({(r.reason, r.text) for r in removals}) == [
        ("page number", "1"),
        ("page number", "2"),
        ("page number", "3"),
        ("page number", "4"),
        ("running header/footer", "Ministerie van Voorbeeldzaken"),
    ]


LETTER = (
    body(0.1, "Geachte heer, mevrouw,"),
    body(0.13, "In uw brief van 1 november vraagt u naar het windbeleid. De provincie"),
    Line(""),
    Line("Datum", size=8.0, top=0.05),
    Line("6 december 2022", size=8.0, top=0.07),
    Line("Kenmerk", size=8.0, top=0.1),
    Line("D2022-12-001557", size=8.0, top=0.12),
    Line("Onderwerp: Reactie op uw brief over", size=8.0, top=0.14),
    Line("windbeleid", size=8.0, top=0.16),
    Line(""),
    body(0.16, "antwoordt daarop als volgt. Wij werken aan een nieuw beleid voor wind."),
)


def test_a_letterhead_leaves_the_sentence_and_gives_metadata() -> None:
    cleaned = clean_pages([Page(1, LETTER)])
    (passage,) = build_passages("doc", cleaned)
    assert "De provincie antwoordt daarop als volgt." in passage.text
    assert passage.text.endswith(
        "Datum 6 december 2022 Kenmerk D2022-12-001557 Onderwerp: Reactie op uw brief over "
        "windbeleid"
    )
    meta = describe(Path("brief.pdf"), cleaned, {"Title": "Sjabloon brief"})
    assert (meta.date, meta.reference, meta.subject) == (
        "2022-12-06",
        "D2022-12-001557",
        "Reactie op uw brief over windbeleid",
    )
    assert meta.title == "Reactie op uw brief over windbeleid"


def test_an_e_mail_header_is_no_letterhead() -> None:
    lines = (
        Line("Van: Jan"),
        Line("Aan: Piet"),
        Line("Onderwerp: Begroting"),
        Line("Datum: 3 mei"),
    )
    (page,) = clean_pages([Page(1, (*lines, Line(""), body(0.5)))])
    assert all(line.role is None for line in page.lines)


def heading(text: str, top: float) -> Line:
    return Line(text, size=14.0, bold=True, top=top)


def test_a_contents_page_yields_no_sections() -> None:
    contents = Page(
        2,
        (heading("Inhoud", 0.1), Line(""),
         *(body(0.2 + n / 50, f"{n} {title} {3 + 4 * n}")
           for n, title in enumerate(("Inleiding", "Analyse", "Jaarrekening 2022"), 1))),
    )  # fmt: skip
    text = Page(3, (heading("1 Inleiding", 0.1), body(0.2, " ".join([BODY] * 4))))
    passages = build_passages("doc", clean_pages([contents, text]))
    assert [(p.page, p.section) for p in passages] == [(2, None), (3, "1 Inleiding")]
    assert passages[0].text.startswith("Inhoud 1 Inleiding 7 2 Analyse 11")


def test_a_visible_title_beats_a_stale_or_generic_info_title() -> None:
    pages = [Page(1, (Line("Besluitenlijst raadsvergadering 29 juni 2015", size=18.0, top=0.1),
                      body(0.3), body(0.32), body(0.34)))]  # fmt: skip
    stale = {"Title": "Aandachtspuntenlijst raadsvergadering 3 november 2008"}
    assert describe(Path("x.pdf"), pages, stale).title == (
        "Besluitenlijst raadsvergadering 29 juni 2015"
    )
    generic = [Page(1, (Line("Tweede Kamer der Staten-Generaal", size=18.0), body(0.3)))]
    info = {"Title": "verordening"}
    assert describe(Path("kamerstuk-32545-143.pdf"), generic, info).title == "Kamerstuk 32545 143"


def write_report(path: Path) -> Path:
    pdf = FPDF(format="A4", unit="mm")
    for number in (1, 2, 3):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(20, 12, "Jaarverslag SER Overijssel")
        pdf.text(180, 285, str(number))
        pdf.set_font("Helvetica", size=11)
        for row in range(8):
            pdf.text(20, 40 + 6 * row, f"Op pagina {number} staat regel {row + 1} van het verslag.")
    pdf.output(str(path))
    return path


def test_show_lists_removals_and_prints_passages_as_json_lines(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write_report(folder / "verslag.pdf")
    index = ["--index", str(tmp_path / "index")]
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(folder), *index]).exit_code == 0
    removed = runner.invoke(cli, ["show", "verslag.pdf", "--removed", *index])
    assert removed.exit_code == 0
    assert removed.output.splitlines() == [
        "p. 1\tpage number\t1",
        "p. 2\trunning header/footer\tJaarverslag SER Overijssel",
        "p. 2\tpage number\t2",
        "p. 3\trunning header/footer\tJaarverslag SER Overijssel",
        "p. 3\tpage number\t3",
    ]
    shown = runner.invoke(cli, ["show", "--all", "--format", "jsonl", *index])
    records = [json.loads(line) for line in shown.output.splitlines()]
    assert [(r["page"], r["page_end"]) for r in records] == [(1, 1), (2, 2), (3, 3)]
    assert {"passage_id", "title", "section", "text", "source", "citation"} <= set(records[0])
    assert "Op pagina 2 staat regel 8 van het verslag." in records[1]["text"]
    usage = runner.invoke(cli, ["show", *index])
    assert usage.exit_code == 2

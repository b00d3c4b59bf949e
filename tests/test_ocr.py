"""OCR of scanned pages: real image-only scans, a generated mixed PDF, the OCR cache,
and what happens without Tesseract or with ``--no-ocr``.

Tests that run Tesseract skip only when it is missing and ``CI`` is unset. The
scans are indexed once per session (shared by xdist workers through a lock).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from hostile_pdfs import many_pages
from PIL import Image, ImageDraw, ImageFont

from sersearch.browse import list_documents
from sersearch.cli import cli
from sersearch.models import Line
from sersearch.ocr import OcrSettings, Word, capped_dpi, tesseract_version
from sersearch.ocr import words_to_lines as ocr_lines
from sersearch.search import search
from sersearch.textlayer import needs_ocr, ocr_is_better, score
from sersearch.update import update_index

SHARED = Path(__file__).resolve().parents[2] / "shared"
# The image-only scans of both shared corpora (their SOURCES.md: "image-only").
SCANS = {
    "corpus-real": (
        "overijssel-verslag-bo-att-2024-06-scan.pdf",
        "bijlage-blg-1007826-scan.pdf",
        "amsterdam-wob-besluit-ligplaatsvergunningen-scan.pdf",
    ),
    "corpus-real-2": (
        "02_besluit_wob-verzoek_mail.pdf",
        "10_wob-besluit_woningdelen_-_mail_wethouder_6-12.pdf",
        "wobbesluit_bijlage_2_doorbetaling_niet_geredenritten.pdf",
        "besluit_last_onder_dwangsom.pdf",
        "wob-besluit_21_dec_2020.pdf",
        "25_besluit_onttrekkingsvergunning_voor_het_omzetten_van_zelfstandige_woonruimten_naar_onzelfstandige.pdf",
        "wob-besluit_ketelstraat.pdf",
    ),
}
# Each page holds a paragraph of over 40 words, so it makes passages of its own.
TEXT_PAGE = (
    "Deze pagina heeft gewone tekst over de begroting van de gemeente en de kosten van "
    "het beheer van de openbare ruimte. De raad wil weten hoe de uitgaven zich de komende "
    "jaren ontwikkelen en welke keuzes het college daarbij maakt voor wegen, groen en "
    "verlichting in alle wijken."
)
UPRIGHT = (
    "Het waterschap onderzoekt de dijkversterking langs",
    "de rivier bij Zwolle. De kosten van het project",
    "worden gedeeld met de provincie en het Rijk. In het",
    "voorjaar praten bewoners mee over het ontwerp van",
    "de nieuwe dijk, de paden over de kruin en de plek",
    "van de bomen die moeten wijken voor het werk.",
)
SIDEWAYS = (
    "De gemeenteraad besluit over de kademuren in de",
    "binnenstad en vraagt het college om een voorstel",
    "voor de financiering. Eerst worden de zwakste",
    "delen hersteld, daarna volgen de bruggen en de",
    "oevers langs de grachten, zodat het verkeer zo",
    "min mogelijk hinder heeft van de werkzaamheden.",
)

needs_tesseract = pytest.mark.skipif(
    tesseract_version() is None and not os.environ.get("CI"),
    reason="tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)",
)


def page_image(lines: tuple[str, ...], turn: int = 0) -> Image.Image:
    """A white A4 page at 150 dpi with ``lines`` drawn in black at about 12 pt,
    turned ``turn``°."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=25)
    for number, line in enumerate(lines):
        draw.text((120, 200 + number * 40), line, fill=0, font=font)
    return image.rotate(turn, expand=True) if turn else image


def write_mixed_pdf(path: Path, *, sideways: bool = True) -> Path:
    """Page 1 has a text layer; page 2 is only an image of text; page 3 (landscape)
    an image of text turned a quarter, as a scanner may store it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(170, 6, TEXT_PAGE)
    pdf.add_page()
    pdf.image(page_image(UPRIGHT), x=0, y=0, w=210, h=297)
    if sideways:
        pdf.add_page(orientation="L")
        pdf.image(page_image(SIDEWAYS, turn=90), x=0, y=0, w=297, h=210)
    pdf.output(str(path))
    return path


def write_blank_scan(path: Path) -> Path:
    """One page holding only an image of a grey rectangle: no text anywhere."""
    image = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 400, 300), fill=128)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    return path


def build_scan_index(root: Path) -> Path:
    folder = root / "scans"
    folder.mkdir(parents=True)
    for corpus, names in SCANS.items():
        for name in names:
            if not (SHARED / corpus / name).is_file():
                pytest.skip(f"../shared/{corpus} is not available")
            shutil.copy(SHARED / corpus / name, folder / name)
    write_mixed_pdf(folder / "gemengd.pdf")
    report = update_index(root / "index", [folder], workers=2)
    assert report.ok, report.failed
    (root / "report.json").write_text(json.dumps(report.ocr.__dict__))
    return root / "index"


@pytest.fixture(scope="session")
def scan_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of all image-only scans and the mixed PDF, built once per session."""
    if tesseract_version() is None and not os.environ.get("CI"):
        pytest.skip("tesseract is not installed")
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build_scan_index(tmp_path_factory.mktemp("ocr"))
    root = tmp_path_factory.getbasetemp().parent / "ocr-scans"
    with open(root.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "report.json").exists():
            shutil.rmtree(root, ignore_errors=True)
            build_scan_index(root)
    return root / "index"


@needs_tesseract
def test_every_scan_is_indexed_with_passages_from_every_page(scan_index: Path) -> None:
    documents = {Path(doc.source).name: doc for doc in list_documents(scan_index)}
    for names in SCANS.values():
        for name in names:
            doc = documents[name]
            assert doc.status == "indexed", (name, doc.reason, doc.warnings)
            assert doc.passages > 0 and doc.pages and doc.ocr_pages == doc.pages, name


@needs_tesseract
@pytest.mark.parametrize(
    ("query", "name", "page"),
    [
        # words seen on the page images: a mail about New York Pizza at Lange Niezel 4,
        # and the tree-lined Ketelstraat letter's second page
        ("Lange Niezel exploitatievergunning", "02_besluit_wob-verzoek_mail.pdf", 1),
        ("ligplaatsvergunningen", "amsterdam-wob-besluit-ligplaatsvergunningen-scan.pdf", 1),
        ("dijkversterking Zwolle", "gemengd.pdf", 2),
        ("kademuren binnenstad", "gemengd.pdf", 3),
    ],
)
def test_a_word_only_on_a_scanned_page_finds_that_page(
    scan_index: Path, query: str, name: str, page: int
) -> None:
    hit = search(scan_index, query).hits[0]
    assert (Path(hit.source).name, hit.page, hit.ocr) == (name, page, True)
    assert f"p. {page} (OCR)" in hit.citation


@needs_tesseract
def test_a_mixed_pdf_ocrs_only_its_pages_without_text(scan_index: Path) -> None:
    (doc,) = [d for d in list_documents(scan_index) if d.source.endswith("gemengd.pdf")]
    assert (doc.pages, doc.ocr_pages, doc.status) == (3, 2, "indexed")
    hit = search(scan_index, "begroting openbare ruimte").hits[0]
    assert (hit.page, hit.ocr) == (1, False)
    assert "(OCR)" not in hit.citation


@needs_tesseract
def test_exports_say_which_passages_come_from_ocr(scan_index: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "hits.json"
    result = runner.invoke(
        cli, ["export", "college", "-o", str(out), "--index", str(scan_index), "--limit", "50"]
    )
    assert result.exit_code == 0, result.output
    records = {(Path(r["source"]).name, r["page"]): r["ocr"] for r in json.loads(out.read_text())}
    assert records[("gemengd.pdf", 1)] is False
    assert records[("gemengd.pdf", 3)] is True
    docs = json.loads(
        runner.invoke(cli, ["docs", "--format", "json", "--index", str(scan_index)]).stdout
    )
    assert {Path(d["source"]).name: d["ocr_pages"] for d in docs}["gemengd.pdf"] == 2


@needs_tesseract
def test_ocr_is_cached_and_never_done_twice(tmp_path: Path, monkeypatch) -> None:
    import pytesseract

    log = tmp_path / "tesseract-calls.log"  # OCR runs in the worker processes
    original = pytesseract.image_to_data

    def counting(*args, **kwargs):
        with log.open("a") as handle:
            handle.write("call\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", counting)

    def calls() -> list[str]:
        return log.read_text().splitlines() if log.exists() else []

    path = write_mixed_pdf(tmp_path / "docs" / "scan.pdf", sideways=False)
    progress = []
    first = update_index(
        tmp_path / "index", [path.parent], workers=1, progress=lambda *a: progress.append(a)
    )
    assert (len(calls()), first.ocr.pages, first.ocr.cached) == (1, 1, 0)
    assert ("OCR pages", 1, 1) in progress
    again = CliRunner().invoke(
        cli, ["index", "--rebuild", str(path.parent), "--index", str(tmp_path / "index")]
    )
    assert again.exit_code == 0, again.output
    assert len(calls()) == 1
    assert "OCR: 0 pages read, 1 from the OCR cache" in again.output
    assert search(tmp_path / "index", "dijkversterking").hits[0].ocr
    # other OCR settings are another reading: the page is read again
    update_index(tmp_path / "index", [path.parent], rebuild=True, ocr=OcrSettings(dpi=200))
    assert len(calls()) == 2


@needs_tesseract
def test_a_page_with_no_text_even_for_ocr_is_named(tmp_path: Path) -> None:
    path = write_blank_scan(tmp_path / "docs" / "leeg.pdf")
    report = update_index(tmp_path / "index", [path.parent], workers=1)
    assert report.failed == [(str(path), "leeg.pdf: no text layer: OCR found no text")]


@needs_tesseract
def test_pages_that_draw_nothing_are_not_sent_to_ocr(tmp_path: Path, monkeypatch) -> None:
    """A blank page has nothing to read: it is named as blank, never rendered or read."""
    from sersearch import scans

    read: list[int] = []
    monkeypatch.setattr(scans, "read_pages", lambda _p, _s, numbers, *_: read.extend(numbers))
    folder = tmp_path / "docs"
    folder.mkdir()
    many_pages(folder / "leeg.pdf", count=3)
    report = update_index(tmp_path / "index", [folder], workers=1)
    assert report.failed == [
        (str(folder / "leeg.pdf"), "leeg.pdf: no text layer: blank (nothing drawn on them)")
    ]
    assert read == []


def test_without_tesseract_the_run_goes_on_and_says_what_to_install(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    mixed = write_mixed_pdf(folder / "gemengd.pdf", sideways=False)
    scan = write_blank_scan(folder / "scan.pdf")
    absent = OcrSettings(tesseract=str(tmp_path / "missing" / "tesseract"))
    report = update_index(tmp_path / "index", [folder], workers=1, ocr=absent)
    assert report.added == [str(mixed)]
    install = "apt-get install tesseract-ocr tesseract-ocr-nld"
    assert report.warned == [
        (
            str(mixed),
            "pages without text: 2; install tesseract-ocr and tesseract-ocr-nld to search "
            f"them ({install})",
        )
    ]
    assert report.failed == [
        (
            str(scan),
            "scan.pdf: no text layer: install tesseract-ocr and tesseract-ocr-nld to search "
            f"it ({install})",
        )
    ]


def test_no_ocr_skips_scanned_pages_on_purpose(tmp_path: Path) -> None:
    mixed = write_mixed_pdf(tmp_path / "docs" / "gemengd.pdf")
    result = CliRunner().invoke(
        cli, ["index", "--no-ocr", str(mixed.parent), "--index", str(tmp_path / "i")]
    )
    assert result.exit_code == 0, result.output
    assert "pages without text: 2, 3; OCR is off (--no-ocr)" in " ".join(result.output.split())


@needs_tesseract
def test_an_uninstalled_ocr_language_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["index", "--ocr-lang", "nld+xyz", str(tmp_path), "--index", str(tmp_path / "i")]
    )
    assert result.exit_code == 2
    assert "no language data for xyz" in result.output


def word(text: str, line: int, height: int, paragraph: int = 1) -> Word:
    return Word(text, 1, paragraph, line, top=line * 60, height=height, confidence=90.0)


def test_tesseract_words_become_lines_with_sizes_and_paragraphs() -> None:
    words = [
        word("Hoofdstuk", 1, 50),
        word("Inleiding", 1, 50),
        word("|", 2, 80),
        word("De", 3, 30, paragraph=2),
        word("kosten", 3, 30, paragraph=2),
        word("stijgen.", 3, 30, paragraph=2),
    ]
    lines = ocr_lines(words, dpi=300)
    # 50 px of cap height at 300 dpi is 12 pt of cap height: a 16.5 pt font
    assert lines == (
        Line("Hoofdstuk Inleiding", 16.5),
        Line(""),
        Line("De kosten stijgen.", 10.0),
    )


def test_giant_pages_are_rendered_at_a_lower_resolution() -> None:
    assert capped_dpi(595, 842, 300) == 300  # A4
    a0 = capped_dpi(2384, 3370, 300)
    assert a0 < 150 and (2384 * a0 / 72) * (3370 * a0 / 72) <= 25_000_000


def test_a_good_layer_is_kept_and_a_poor_one_sent_to_ocr() -> None:
    prose = [Line(TEXT_PAGE), Line(" ".join(UPRIGHT)), Line(" ".join(SIDEWAYS))]
    good = score(prose)
    assert not needs_ocr(good)
    assert needs_ocr(score([Line("NW 2 Uitgaande documenten - 13868")]))  # a stamp
    letters = [Line(ch) for ch in "Rapportage over de kosten van het project" if ch != " "]
    assert needs_ocr(score(letters * 2))
    garbled = score([Line("irond.enOntikke!iiïij,b.rtipért0 wijûW.ema1Jberleht «11111~ " * 8)])
    assert needs_ocr(garbled)
    assert ocr_is_better(garbled, good) and not ocr_is_better(good, good)

"""Tests for sersearch.extract: file-type dispatch, decoding and plain-text paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sersearch.errors import NotReadableError, UnsupportedFileError
from sersearch.extract import extract_file, is_double_spaced, text_to_lines
from sersearch.models import Line

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpus"


def texts(lines: tuple[Line, ...]) -> list[str]:
    return [line.text for line in lines]


def test_utf8_text_is_one_unpaged_page(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Geacht college,  \n \nWij adviseren u.\n", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.paged is False
    assert extraction.warnings == ()
    assert [page.number for page in extraction.pages] == [1]
    assert texts(extraction.pages[0].lines) == ["Geacht college,", "", "Wij adviseren u."]


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffEén regel".encode())
    assert texts(extract_file(path).pages[0].lines) == ["Eén regel"]


def test_cp1252_fallback_warns(tmp_path: Path) -> None:
    path = tmp_path / "oud.text"
    path.write_bytes("Café ‘reactie’ – België".encode("cp1252"))
    extraction = extract_file(path)
    assert texts(extraction.pages[0].lines) == ["Café ‘reactie’ – België"]
    assert extraction.warnings == ("not UTF-8; decoded as cp1252",)


def test_latin1_fallback_when_cp1252_fails(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"caf\xe9 \x81")  # 0x81 is undefined in cp1252
    extraction = extract_file(path)
    assert extraction.warnings == ("not UTF-8; decoded as latin-1",)
    assert extraction.pages[0].lines[0].text == "café \x81"


def test_form_feeds_make_pages(tmp_path: Path) -> None:
    path = tmp_path / "paged.txt"
    path.write_text("pagina een\n\fpagina twee\n\fpagina drie", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.paged is True
    assert [(p.number, texts(p.lines)) for p in extraction.pages] == [
        (1, ["pagina een"]),
        (2, ["pagina twee"]),
        (3, ["pagina drie"]),
    ]


def test_binary_text_file_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"tekst\x00\x01\x02")
    with pytest.raises(NotReadableError, match="NUL"):
        extract_file(path)


@pytest.mark.parametrize("name", ["tabel.xlsx", "presentatie.pptx", "zonder-extensie"])
def test_unsupported_types(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 something")
    with pytest.raises(UnsupportedFileError, match="not a supported type"):
        extract_file(path)


def test_pdf_is_sniffed_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "misnamed.txt"
    path.write_bytes(b"%PDF-1.4\n")  # header only: routed to the PDF reader, which fails
    with pytest.raises(NotReadableError, match=r"misnamed\.txt"):
        extract_file(path)


def test_pdf_name_without_pdf_header_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(NotReadableError, match="not a PDF"):
        extract_file(path)


def test_missing_file_is_not_readable(tmp_path: Path) -> None:
    with pytest.raises(NotReadableError, match="cannot read"):
        extract_file(tmp_path / "weg.txt")


DOUBLE_SPACED = "Eerste regel van\n\nde alinea.\n\n \n\nTweede alinea\n\nloopt door.\n"
SINGLE_SPACED = "Eerste regel van\nde alinea.  \n \nTweede alinea\nloopt door.\n"


@pytest.mark.parametrize("raw", [DOUBLE_SPACED, SINGLE_SPACED])
def test_both_spacing_styles_give_the_same_paragraphs(raw: str) -> None:
    assert texts(text_to_lines(raw)) == [
        "Eerste regel van",
        "de alinea.",
        "",
        "Tweede alinea",
        "loopt door.",
    ]


def test_double_spacing_detection() -> None:
    assert is_double_spaced(DOUBLE_SPACED.split("\n"))
    assert not is_double_spaced(SINGLE_SPACED.split("\n"))


def test_single_spaced_empty_line_before_lowercase_is_no_break() -> None:
    raw = (
        "Inleiding:\n- Welvaart: voor de invulling van\n\nhet beleid;\n\n"
        "- Jongeren: investeer\nin regio's.\n"
    )
    assert texts(text_to_lines(raw)) == [
        "Inleiding:",
        "- Welvaart: voor de invulling van",
        "het beleid;",
        "",
        "- Jongeren: investeer",
        "in regio's.",
    ]


@pytest.mark.parametrize(
    ("seed", "double"),
    [("000", True), ("001", False), ("002", False), ("003", False), ("004", True)],
)
def test_seed_spacing_styles(seed: str, double: bool) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    assert is_double_spaced(path.read_text(encoding="utf-8").split("\n")) is double


def test_seed_000_paragraphs() -> None:
    (path,) = SEEDS.glob("000_*.txt")
    lines = [text.strip() for text in texts(extract_file(path).pages[0].lines)]
    start = lines.index("1 Inleiding door de voorzitter")
    assert lines[start + 1].startswith("Net als het jaar 2020")
    end = lines.index("bedrijven zijn helaas erg hoog.")
    assert "" not in lines[start:end]
    assert lines[end + 1] == ""
    assert lines[end + 2].startswith("Na het vertrek van de vakbondsleden")

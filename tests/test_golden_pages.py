"""Golden full-page texts: ten real pages of different families, cleaned, line by line.

Each file in ``tests/golden`` is ``<file stem>.p<page>.txt``: the cleaned lines of that
page, an empty line between paragraphs, a line that cleaning set apart prefixed with
its role (``[briefhoofd] Datum``). Each was checked against the rendered page
(``pdftoppm -r 80``); a change in extraction or cleaning shows here line by line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpora import SHARED, shared_outcomes

from sersearch.clean import clean_pages
from sersearch.models import Extraction, Page

GOLDEN = Path(__file__).parent / "golden"
CORPORA = ("corpus-real", "corpus-real-2")
NAME = re.compile(r"^(?P<stem>.+)\.p(?P<page>\d+)\.txt$")


def rendered(page: Page) -> str:
    return "".join(
        f"[{line.role}] {line.text}\n" if line.role else f"{line.text}\n" for line in page.lines
    )


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.txt"))


def test_the_golden_pages_cover_both_corpora() -> None:
    stems = {NAME.match(path.name)["stem"] for path in golden_files()}
    for corpus in CORPORA:
        if (SHARED / corpus).is_dir():
            assert len({p.stem for p in (SHARED / corpus).glob("*.pdf")} & stems) >= 4


@pytest.mark.parametrize("golden", golden_files(), ids=lambda path: path.name)
def test_cleaned_page_matches_its_golden_text(
    golden: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    match = NAME.match(golden.name)
    corpus = next((c for c in CORPORA if (SHARED / c / f"{match['stem']}.pdf").is_file()), None)
    if corpus is None:
        pytest.skip(f"{match['stem']}.pdf is not in ../shared")
    result = shared_outcomes(tmp_path_factory, corpus)[f"{match['stem']}.pdf"]
    assert isinstance(result, Extraction)
    page = clean_pages(result.pages, paged=result.paged)[int(match["page"]) - 1]
    assert rendered(page).splitlines() == golden.read_text(encoding="utf-8").splitlines()

"""Citations point at the right pages: every passage has the page of its first word and
of its last, and every judged spot of the real dev set lies within its passage's pages."""

from __future__ import annotations

import json
import re

import pytest
from corpora import SHARED, Outcomes, shared_outcomes

from sersearch.clean import clean_pages
from sersearch.export import to_csv, to_jsonl, to_markdown
from sersearch.hits import citation
from sersearch.models import Extraction, Hit, Line, Page, Passage
from sersearch.passages import build_passages

DEV_REAL = SHARED / "eval" / "dev-real.jsonl"
QUOTE_OPENING_WORDS = 5
SENTENCE = "De raad adviseert de provincie over de arbeidsmarkt in de regio Overijssel."


def folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def test_a_paragraph_running_over_a_page_break_cites_both_pages() -> None:
    pages = [
        Page(1, (Line(SENTENCE), Line("Daarom vraagt de raad om meer")), label="1"),
        Page(2, (Line("aandacht voor het mbo."), Line(""), Line(SENTENCE * 4)), label="2"),
    ]
    first, *_ = build_passages("doc", pages)
    assert (first.page, first.page_end) == (1, 2)
    assert first.text.startswith(SENTENCE + " Daarom vraagt de raad om meer aandacht")


def test_a_long_paragraph_split_at_sentences_cites_each_piece_from_its_first_word() -> None:
    body = " ".join([SENTENCE] * 12)
    pages = [Page(1, (Line(body),)), Page(2, (Line(body),))]
    passages = build_passages("doc", pages)
    assert passages[0].page == 1
    assert [(p.page, p.page_end) for p in passages][-1] == (2, 2)
    straddling = [p for p in passages if p.page != p.page_end]
    assert all(p.page == 1 and p.page_end == 2 for p in straddling)


def test_citation_and_exports_carry_the_page_range() -> None:
    passage = Passage("doc:0001", "doc", 1, SENTENCE, page=17, section=None, page_end=18)
    line = citation(
        "Advies", "2024-01-01", passage.page, None, None, "a.pdf", page_end=passage.page_end
    )
    assert line == "Advies, 2024-01-01, p. 17–18, a.pdf"
    hit = Hit(
        rank=1, score=1.0, passage_id=passage.passage_id, doc_id="doc", title="Advies",
        date=None, year=None, doc_type=None, page=17, page_label=None, section=None,
        text=SENTENCE, source="a.pdf", citation=line, page_end=18,
    )  # fmt: skip
    assert json.loads(to_jsonl([hit]))["page_end"] == 18
    assert to_csv([hit]).splitlines()[0].split(",")[8:10] == ["page", "page_end"]
    assert "p. 17–18" in to_markdown([hit])


@pytest.fixture(scope="module")
def real_passages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Passage]]:
    if not DEV_REAL.is_file():
        pytest.skip("../shared/eval/dev-real.jsonl is not available")
    outcomes: Outcomes = shared_outcomes(tmp_path_factory, "corpus-real")
    return {
        name: build_passages(name, clean_pages(result.pages))
        for name, result in outcomes.items()
        if isinstance(result, Extraction)
    }


def spots() -> list[tuple[str, int, str]]:
    if not DEV_REAL.is_file():
        return []
    found = []
    for line in DEV_REAL.read_text(encoding="utf-8").splitlines():
        for spot in json.loads(line)["relevant"] if line.strip() else ():
            if spot.get("page"):
                found.append((spot["doc"], spot["page"], spot["quote"]))
    return found


def test_every_judged_spot_lies_within_its_passages_pages(real_passages: dict) -> None:
    """The passage holding the quote (or, for a quote that runs past a heading into
    the next passage, the one holding its first words) spans the judged page."""
    wrong = []
    for doc, page, quote in spots():
        holding = [p for p in real_passages[doc] if folded(quote) in folded(p.text)]
        if not holding:
            opening = " ".join(folded(quote).split()[:QUOTE_OPENING_WORDS])
            holding = [p for p in real_passages[doc] if opening in folded(p.text)]
        if not any(p.page <= page <= (p.page_end or p.page) for p in holding):
            wrong.append((doc, page, quote, [(p.page, p.page_end) for p in holding]))
    assert len(spots()) > 100
    assert wrong == []


def test_every_judged_quote_is_found_in_the_passages(real_passages: dict) -> None:
    missing = [
        (doc, quote)
        for doc, _, quote in spots()
        if not any(
            " ".join(folded(quote).split()[:QUOTE_OPENING_WORDS]) in folded(p.text)
            for p in real_passages[doc]
        )
    ]
    assert missing == []

"""Smoke test of the user's-path benchmark (``bench.userpath``): every scenario runs
its code paths at a tiny size and reports the fields the README table is made of.
Timings are not asserted: this machine's load decides them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import text_page, write_pdf

from bench.userpath import main, markdown

FIELDS = {"scenario", "command", "baseline", "ratio", "ratios", "target", "met", "runs"}


def _passages(path: Path) -> Path:
    """Three documents of four passages each, in the corpus format of ``bench.corpus``."""
    words = "woningmarkt arbeidsmarkt regio energie klimaat onderwijs zorg bereikbaarheid"
    with path.open("w", encoding="utf-8") as handle:
        for doc in range(3):
            for number in range(1, 5):
                record = {
                    "passage_id": f"d{doc}#{number}",
                    "doc_id": f"d{doc}",
                    "title": f"Advies {doc} over de regio",
                    "date": "2024-01-0{doc + 1}",
                    "doc_type": "advies",
                    "page": None,
                    "section": None,
                    "text": f"Passage {number} van advies {doc}: {words}. " * 3,
                }
                handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("bench")
    pdfs = tmp / "pdfs"
    pdfs.mkdir()
    for name in ("a.pdf", "b.pdf"):
        write_pdf(pdfs / name, [text_page("Een pagina over de woningmarkt.")] * 2)
    corpus = _passages(tmp / "passages.jsonl")
    out = tmp / "out"
    common = ["--quick", "--passages-file", str(corpus), "--out", str(out)]
    found = main(["all", *common, "--corpus", str(pdfs)])
    return {result["name"]: result for result in found}


def test_every_scenario_reports_ours_the_baseline_and_the_ratio(results) -> None:
    assert set(results) == {"letters", "pdfs", "reindex"}
    for result in results.values():
        assert set(result) >= FIELDS
        assert len(result["load_before"]) == 3 and result["machine"]["cores"]
        ours = next(value for key, value in result.items() if key.startswith("ours_"))
        assert 0 < ours["min"] <= ours["median"] <= ours["max"]
    assert results["letters"]["peak_rss_mb"] > 0 and "12 passages" in results["letters"]["scenario"]
    assert "2 PDFs, 4 pages" in results["pdfs"]["scenario"]
    assert "3-file folder" in results["reindex"]["scenario"]


def test_the_table_has_a_row_per_scenario(results) -> None:
    table = markdown(list(results.values())).splitlines()
    assert len(table) == 2 + 3
    assert all(row.count("|") == 8 for row in table)

"""Progress that moves: pages of PDFs are counted while they are read, and the pool
of extraction workers reports between files, not only when one is done."""

from __future__ import annotations

import time
from pathlib import Path

from pdfgen import text_page, write_pdf

from sersearch.limits import FileLimits
from sersearch.processes import LimitedWorkers
from sersearch.update import update_index


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_the_pool_reports_while_a_long_task_runs() -> None:
    ticks: list[float] = []
    workers = LimitedWorkers(_sleep, 1, FileLimits(seconds=30, memory_mb=512))
    started = time.monotonic()
    tick = lambda: ticks.append(time.monotonic() - started)  # noqa: E731
    results = dict(workers.run([1.0], tick=tick, tick_seconds=0.1))
    assert results == {1.0: 1.0}
    assert len([tick for tick in ticks if tick < 0.9]) >= 3  # every 0.1 s, before the end


def test_index_progress_counts_the_pages_of_pdfs(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, pages in (("a.pdf", 3), ("b.pdf", 2)):
        specs = [text_page(f"Pagina {n} over de woningmarkt in Twente.") for n in range(pages)]
        write_pdf(folder / name, specs)
    (folder / "brief.txt").write_text("Een brief over de arbeidsmarkt.\n", encoding="utf-8")
    progress: list[tuple[str, int, int]] = []
    update_index(tmp_path / "index", [folder], progress=lambda *call: progress.append(call))
    pages = [(done, total) for stage, done, total in progress if stage == "Pages"]
    assert pages[-1] == (5, 5)
    assert all(done <= total for done, total in pages)
    assert [done for done, _ in pages] == sorted(done for done, _ in pages)

"""The index on disk: generations switched atomically, dates checked in one place, and a
named index folder that holds no index."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lettergen import write_letters

from sersearch.cli import cli
from sersearch.dates import date_bounds, is_partial_date
from sersearch.errors import QueryError
from sersearch.query import build_filter
from sersearch.search import Searcher, SearchOptions, search
from sersearch.store import CURRENT_NAME, data_dir, remove_retired
from sersearch.update import update_index

EVERY_HIT = SearchOptions(limit=100_000)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("2021", (20210101, 20211231)),
        ("2021-06", (20210601, 20210630)),
        ("2024-02", (20240201, 20240229)),
        ("2021-06-30", (20210630, 20210630)),
        ("2021-19", (None, None)),
        ("2021-02-30", (None, None)),
        ("2021-6", (None, None)),
        ("1850", (None, None)),
        ("", (None, None)),
    ],
)
def test_dates_known_to_the_year_month_or_day(text: str, bounds: tuple) -> None:
    assert date_bounds(text) == bounds
    assert is_partial_date(text) == (bounds != (None, None))


def test_a_month_that_does_not_exist_is_refused_as_a_filter() -> None:
    with pytest.raises(QueryError, match="2021-19"):
        build_filter(date_from="2021-19")


def test_a_rebuild_switches_at_once_and_searches_never_see_less(tmp_path: Path) -> None:
    corpus = write_letters(tmp_path / "corpus", files=40, paragraphs=8)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus])
    before = len(search(index_dir, "welvaart", EVERY_HIT).hits)
    first = data_dir(index_dir)
    rebuild = subprocess.Popen(
        [
            *(sys.executable, "-c", "from sersearch.cli import main; main()", "index"),
            *(str(corpus), "--index", str(index_dir), "--rebuild", "--commit-every", "3"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    totals = []
    with Searcher(index_dir) as kept_open:
        while rebuild.poll() is None:
            totals.append(len(search(index_dir, "welvaart", EVERY_HIT).hits))
            totals.append(len(kept_open.search("welvaart", EVERY_HIT).hits))
        assert rebuild.wait() == 0, rebuild.stderr.read()
        after_switch = kept_open.search("welvaart", EVERY_HIT)
    assert totals and set(totals) == {before}
    assert len(after_switch.hits) == before
    assert data_dir(index_dir) != first and (first / "RETIRED").exists()
    remove_retired(index_dir, grace_seconds=0)
    assert not first.exists() and len(search(index_dir, "welvaart", EVERY_HIT).hits) == before


def test_an_index_of_an_older_layout_opens_and_is_replaced_by_a_rebuild(tmp_path: Path) -> None:
    corpus = write_letters(tmp_path / "corpus", files=3, paragraphs=2)
    index_dir = tmp_path / "index"
    update_index(index_dir, [corpus], workers=1)
    generation = data_dir(index_dir)
    for child in generation.iterdir():  # Whoosh's files at the top, as version 0.1 had them
        shutil.move(child, index_dir / child.name)
    generation.rmdir()
    (index_dir / CURRENT_NAME).unlink()
    expected = len(search(index_dir, "welvaart", EVERY_HIT).hits)
    assert expected > 0
    update_index(index_dir, [corpus], rebuild=True, workers=1)
    assert data_dir(index_dir) != index_dir
    assert not [p for p in index_dir.iterdir() if p.name.startswith(("MAIN_", "_MAIN_"))]
    assert len(search(index_dir, "welvaart", EVERY_HIT).hits) == expected


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_named_folder_without_an_index_is_an_error_not_a_new_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    typo = tmp_path / "indx"
    if how == "option":
        args = ["search", "welvaart", "--index", str(typo)]
    else:
        monkeypatch.setenv("SERSEARCH_INDEX", str(typo))
        args = ["search", "welvaart"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"no index at {typo}" in result.output and "sersearch index" in result.output
    assert not typo.exists()

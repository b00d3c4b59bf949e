"""Filter masks let through exactly the passages Whoosh's filter queries match."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.query import Every

from sersearch.engine import masks as filters
from sersearch.engine.masks import FilterMasks
from sersearch.query import build_filter
from sersearch.store import open_searcher
from sersearch.update import update_index

FILTERS = [
    build_filter(("advies",)),
    build_filter(("brief", "jaarverslag")),
    build_filter((), "2020", "2022"),
    build_filter(("brief", "advies"), "2021-01", "2023"),
    build_filter((), "1950", "2099"),  # too many years: any year
    build_filter(("onbekend",)),
]


@pytest.fixture(scope="module")
def index_without_columns(tmp_path_factory: pytest.TempPathFactory, bundled_corpus: Path) -> Path:
    """The bundled corpus indexed as before the filter fields had columns."""
    root = tmp_path_factory.mktemp("no-columns")
    shutil.copytree(bundled_corpus, root / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(filters, "filter_column", lambda: False)
        update_index(root / "index", [root / "corpus"], workers=1)
    return root / "index"


def allowed(searcher, query) -> set[int]:
    mask = FilterMasks(searcher).mask(query)
    assert mask is not None and len(mask) == searcher.doc_count_all()
    return {docnum for docnum, flag in enumerate(mask) if flag}


@pytest.mark.parametrize("passage_filter", FILTERS)
@pytest.mark.parametrize("columns", [True, False], ids=["columns", "postings"])
def test_mask_matches_whoosh(
    corpus_index: Path,
    index_without_columns: Path,
    passage_filter,
    columns: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if columns:  # the columns answer without reading postings
        monkeypatch.setattr(filters.SegmentBlocks, "read", None)
    _index, searcher = open_searcher(corpus_index if columns else index_without_columns)
    with searcher:
        assert bool(searcher.reader().has_column("doc_type")) is columns
        expected = set(searcher.docs_for_query(passage_filter.query, for_deletion=True))
        assert allowed(searcher, passage_filter.query) == expected
        assert bool(expected) is (passage_filter is not FILTERS[-1])  # only "onbekend" is empty


def test_any_year_lets_through_the_passages_with_a_year(corpus_index: Path) -> None:
    _index, searcher = open_searcher(corpus_index)
    with searcher:
        dated = allowed(searcher, Every("year"))
        assert dated == set(searcher.docs_for_query(Every("year"), for_deletion=True))
        assert 0 < len(dated) < searcher.doc_count_all()  # document records have no year


@pytest.mark.parametrize("query", ["SER", "brede welvaart", "welvaart*", '"leven lang"'])
def test_doc_ids_keep_the_ranking_of_those_documents(corpus_index: Path, query: str) -> None:
    """``SearchOptions.doc_ids`` (the web page's document and organisation filters)
    lets through those documents' passages, ranked as without the filter; through
    sersearch's own top k and Whoosh's (``welvaart*``) alike."""
    from sersearch.browse import list_documents
    from sersearch.search import SearchOptions, search

    chosen = tuple(doc.doc_id for doc in list_documents(corpus_index)[1:3])
    everywhere = search(corpus_index, query, SearchOptions(limit=1000)).hits
    within = search(corpus_index, query, SearchOptions(limit=1000, doc_ids=frozenset(chosen))).hits
    expected = [hit.passage_id for hit in everywhere if hit.doc_id in chosen]
    assert expected and [hit.passage_id for hit in within] == expected

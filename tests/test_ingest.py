"""The extraction cache: keyed so that new extraction code never serves old text."""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction_imports import modules_shaping_extraction
from pdfgen import text_page, write_pdf

from sersearch import ingest


def test_extracting_imports_only_the_modules_of_the_cache_key(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", [text_page("Brede welvaart in Overijssel.")])
    text = tmp_path / "b.txt"
    text.write_text("Een brief over brede welvaart.\n", encoding="utf-8")
    assert modules_shaping_extraction([pdf, text]) <= set(ingest.EXTRACTION_MODULES)


def test_the_cache_key_follows_pdfminer_and_the_extraction_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest.extraction_key.cache_clear()
    before = ingest.extraction_key()
    ingest.extraction_key.cache_clear()
    monkeypatch.setattr("importlib.metadata.version", lambda name: "19990101")
    assert ingest.extraction_key() != before
    monkeypatch.undo()

    module = tmp_path / "fake_extraction_stage.py"
    module.write_text("RULE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        ingest, "EXTRACTION_MODULES", (*ingest.EXTRACTION_MODULES, "fake_extraction_stage")
    )
    ingest.extraction_key.cache_clear()
    first = ingest.extraction_key()
    module.write_text("RULE = 2\n", encoding="utf-8")
    ingest.extraction_key.cache_clear()
    assert ingest.extraction_key() != first
    ingest.extraction_key.cache_clear()


def test_extractions_of_other_code_are_pruned(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    stale = cache_dir / "v1" / "ab"
    stale.mkdir(parents=True)
    (stale / "ab12.json.gz").write_bytes(b"old")
    older = cache_dir / f"{ingest.CACHE_PREFIX}0123456789abcdef"
    older.mkdir()
    ocr = cache_dir / "ocr-v1"
    ocr.mkdir()
    current = ingest._cache_path(cache_dir, "cd" * 32)
    current.parent.mkdir(parents=True)
    current.write_bytes(b"new")
    ingest.prune_stale_caches(cache_dir)
    assert not (cache_dir / "v1").exists() and not older.exists()
    assert current.exists() and ocr.exists()

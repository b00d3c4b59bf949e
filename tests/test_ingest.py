"""The extraction cache: keyed so that new extraction code never serves old text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pdfgen import text_page, write_pdf

from sersearch import ingest

# Modules extraction may import that do not shape its output.
NOT_SHAPING_OUTPUT = {"sersearch", "sersearch.errors"}


def test_extracting_imports_only_the_modules_of_the_cache_key(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", [text_page("Brede welvaart in Overijssel.")])
    text = tmp_path / "b.txt"
    text.write_text("Een brief over brede welvaart.\n", encoding="utf-8")
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from sersearch.extract import extract_file\n"
        "for path in sys.argv[1:]:\n"
        "    extract_file(Path(path))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sersearch'))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(pdf), str(text)],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set(json.loads(run.stdout))
    assert imported - NOT_SHAPING_OUTPUT <= set(ingest.EXTRACTION_MODULES)


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

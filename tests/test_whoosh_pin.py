"""The engine reads Whoosh's private structures: it must run on the Whoosh it was built for."""

import re
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def pinned_whoosh() -> tuple[str, str]:
    """The distribution and version that pyproject.toml pins with ``==``."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'"(whoosh[\w-]*)==([\w.]+)"', text)
    assert found, "pyproject.toml pins no Whoosh distribution with =="
    return found.group(1), found.group(2)


def test_the_installed_whoosh_is_the_pinned_one() -> None:
    distribution, pinned = pinned_whoosh()
    assert version(distribution) == pinned

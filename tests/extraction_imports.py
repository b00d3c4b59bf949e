"""Which sersearch modules extracting files imports (the extraction cache key must
cover every one of them that shapes the output)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# Modules extraction may import that do not shape its output.
NOT_SHAPING_OUTPUT = frozenset({"sersearch", "sersearch.errors", "sersearch.pagecount"})
_SCRIPT = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from sersearch.extract import extract_file\n"
    "for path in sys.argv[1:]:\n"
    "    extract_file(Path(path))\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sersearch'))))\n"
)


def modules_shaping_extraction(paths: Iterable[Path]) -> set[str]:
    """The sersearch modules a fresh process imports to extract ``paths``, less those
    that do not shape what an extraction holds."""
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(run.stdout)) - NOT_SHAPING_OUTPUT

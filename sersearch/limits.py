"""How much time and memory one file may take to process."""

from __future__ import annotations

from dataclasses import dataclass

# Chosen by measuring: the slowest real file here (a 200-page annual report) takes
# about 30 s and 400 MB to extract; a hostile file can take hours or tens of GB.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class FileLimits:
    """The most one file may take: ``seconds`` of wall-clock time and ``memory_mb`` of
    memory beyond what its worker process holds when it starts."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    def too_slow(self) -> str:
        return f"took longer than {self.seconds:g} s (the limit per file; see --file-timeout)"

    def too_big(self) -> str:
        return (
            f"needs more than {self.memory_mb:,} MB of memory "
            "(the limit per file; see --file-memory)"
        )


DEFAULT_LIMITS = FileLimits()

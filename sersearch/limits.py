"""How much time and memory one file may take to process."""

from __future__ import annotations

from dataclasses import dataclass

# Chosen by measuring the shared real corpora (81 PDFs): the slowest file, a 142-page
# report, takes 6 s on a quiet machine and 26 s on one loaded 6-fold, with a peak of
# 48 MB; a hostile file can take hours or tens of GB. The limits leave real files
# 5-20 times the time and 40 times the memory they need.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class FileLimits:
    """The most one file may take: ``seconds`` of wall-clock time without a sign of
    progress (its start, or the last page it had read by OCR, so a long scan is not
    cut off while its pages come in) and ``memory_mb`` of memory beyond what its
    worker process holds when it starts."""

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

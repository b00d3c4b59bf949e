"""Dutch-aware text analysis: one analyzer chain for indexing and querying."""

from sersearch.analysis.analyzer import analyze, dutch_analyzer, surface_analyzer

__all__ = ["analyze", "dutch_analyzer", "surface_analyzer"]

"""sersearch: full-text search over Dutch advisory texts, answered with cited passages."""

__version__ = "0.1.0"

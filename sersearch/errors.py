"""User-facing errors: each message names the problem and, where possible, the fix."""

from __future__ import annotations


class SersearchError(Exception):
    """Base class for every error a user can act on (the CLI prints it, exit 1)."""


class ExtractionError(SersearchError):
    """A file could not be turned into text; the message is a one-line reason."""


class NotReadableError(ExtractionError):
    """The file is not a readable document (not a PDF, corrupt, truncated, unreadable)."""


class EncryptedError(ExtractionError):
    """The file is encrypted and cannot be opened without a password."""


class NoTextError(ExtractionError):
    """The file has no text layer (a scan that needs OCR) or no text at all."""


class TooLargeError(ExtractionError):
    """The file is larger than sersearch reads in one piece."""


class UnsupportedFileError(ExtractionError):
    """The file type is not one sersearch reads."""


class IndexMissingError(SersearchError):
    """No index exists at the given location."""


class IndexVersionError(SersearchError):
    """The index was built by an incompatible version of the analysis or schema."""


class IndexLockedError(SersearchError):
    """Another process is writing the index."""


class QueryError(SersearchError):
    """The query cannot be parsed or run."""


class InterruptedRunError(SersearchError):
    """An index run was stopped (Ctrl-C, SIGTERM); what it committed is kept."""

    def __init__(self, committed: int) -> None:
        self.committed = committed
        super().__init__(
            f"{committed} document{'s' if committed != 1 else ''} committed by "
            "this run are kept; the next `sersearch index` continues from there"
        )

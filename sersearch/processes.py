"""Helpers for the worker processes of extraction and indexing."""

from __future__ import annotations

import multiprocessing
import os
import threading


def exit_with_parent() -> None:
    """Pool worker setup: end this worker as soon as the indexing process is gone.

    A worker of a killed index run would otherwise live on, idle, for ever, and a
    forked worker shares its parent's open files, so it would also keep holding the
    index's write locks and block every later run.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()

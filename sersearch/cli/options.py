"""Options and helpers shared by the commands: index folder, filters, expansion, errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sersearch.errors import SersearchError

if TYPE_CHECKING:
    from sersearch.search import SearchResult

F = TypeVar("F", bound=Callable[..., Any])
OUTPUT_FORMATS = ("auto", "text", "json", "jsonl", "csv", "md")


def index_option(command: F) -> F:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $SERSEARCH_INDEX, else index/ in the checkout).",
    )(command)


def filter_options(command: F) -> F:
    options = [
        click.option(
            "--type",
            "doc_types",
            multiple=True,
            metavar="TYPE",
            help="Only this type (advies, brief, jaarverslag, persbericht, …); repeatable.",
        ),
        click.option(
            "--from", "date_from", metavar="DATE", help="Dated on or after (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--to", "date_to", metavar="DATE", help="Dated on or before (YYYY[-MM[-DD]])."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def expansion_options(command: F) -> F:
    """``--exact`` (no abbreviation or synonym expansion) and ``--synonyms FILE``."""
    options = [
        click.option(
            "--exact",
            is_flag=True,
            help="Match the words as typed: no abbreviation or synonym expansion.",
        ),
        click.option(
            "--synonyms",
            "synonyms",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            envvar="SERSEARCH_SYNONYMS",
            default=None,
            help="Your own synonyms, one set per line: term<TAB>synonym[|synonym...] "
            "(default: $SERSEARCH_SYNONYMS).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def user_errors(command: F) -> F:
    """Report library errors as one line on stderr with exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SersearchError as error:
            raise click.ClickException(str(error)) from error

    return wrapper  # type: ignore[return-value]


def messages_on_stderr(result: SearchResult) -> None:
    """Machine formats keep stdout for the data: a note or suggestion goes to stderr."""
    from sersearch.export import result_messages

    for line in result_messages(result):
        click.echo(line, err=True)


def ready_index(index_dir: Path | None) -> Path:
    """The index folder to use; when there is no index yet, build one from the
    default corpus first (with a progress bar on stderr)."""
    from sersearch.index import index_exists, update_index
    from sersearch.settings import default_corpus_paths, default_index_dir

    index_dir = index_dir or default_index_dir()
    if index_exists(index_dir):
        return index_dir
    corpus = default_corpus_paths()
    if not corpus:
        raise SersearchError(f"no index at {index_dir}: build one with `sersearch index PATH`")
    from sersearch import render

    console = render.stderr()
    console.print(f"No index yet: indexing {', '.join(map(str, corpus))} into {index_dir}")
    with render.progress_bar(console) as hook:
        report = update_index(index_dir, corpus, progress=hook)
    for path, reason in report.failed:
        console.print(f"skipped {Path(path).name}: {reason}")
    return index_dir

"""Options and helpers shared by the commands: index folder, filters, expansion, errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sersearch.errors import InterruptedRunError, SersearchError

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


def mode_option(command: F) -> F:
    """``--mode lexical|semantic|hybrid`` (see ``sersearch.semantic``)."""
    from sersearch.semantic import DEFAULT_MODE, MODES

    return click.option(
        "--mode",
        type=click.Choice(MODES),
        default=DEFAULT_MODE,
        show_default=True,
        help="lexical: the words; semantic: the meaning (embeddings, needs the "
        "semantic extra); hybrid: both fused. Queries with quotes, AND/OR/NOT or "
        "fields stay lexical.",
    )(command)


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
        except InterruptedRunError as error:
            click.echo(f"Interrupted: {error}", err=True)
            sys.exit(130)
        except SersearchError as error:
            raise click.ClickException(str(error)) from error

    return wrapper  # type: ignore[return-value]


def messages_on_stderr(result: SearchResult) -> None:
    """Machine formats keep stdout for the data: a note or suggestion goes to stderr."""
    from sersearch.export import result_messages

    for line in result_messages(result):
        click.echo(line, err=True)


def ready_index(index_dir: Path | None) -> Path:
    """The index folder to use. With no ``--index`` and no ``$SERSEARCH_INDEX`` this is
    the default index, built from the bundled corpus (or ``$SERSEARCH_CORPUS``) by the
    first search; a folder the user named must already hold an index."""
    from sersearch.errors import IndexMissingError
    from sersearch.settings import INDEX_ENV, default_corpus_paths, named_index_dir
    from sersearch.store import index_exists

    named = index_dir or named_index_dir()
    if named is not None:
        if not index_exists(named):
            source = "--index" if index_dir else f"${INDEX_ENV}"
            raise IndexMissingError(
                f"no index at {named} (from {source}): build one with "
                f"`sersearch index PATH --index {named}`, or check the folder name"
            )
        return named
    from sersearch.settings import default_index_dir

    default = default_index_dir()
    if index_exists(default):
        return default
    corpus = default_corpus_paths()
    if not corpus:
        raise IndexMissingError(f"no index at {default}: build one with `sersearch index PATH`")
    _build_default(default, corpus)
    return default


def _build_default(index_dir: Path, corpus: list[Path]) -> None:
    from sersearch import render
    from sersearch.update import update_index

    console = render.stderr()
    console.print(f"No index yet: indexing {', '.join(map(str, corpus))} into {index_dir}")
    with render.progress_bar(console) as hook:
        report = update_index(index_dir, corpus, progress=hook)
    for path, reason in report.failed:
        console.print(f"skipped {Path(path).name}: {reason}")

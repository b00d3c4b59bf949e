"""Options and helpers shared by the commands: index folder, filters, expansion, errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sersearch.dates import date_bounds, is_partial_date
from sersearch.errors import InterruptedRunError, SersearchError

if TYPE_CHECKING:
    from sersearch.search import SearchOptions, SearchResult

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


@dataclass(frozen=True)
class Filters:
    """Which documents may answer: by type, by date, and by when they were indexed."""

    doc_types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    new: bool = False
    since: str | None = None


def format_option(command: F) -> F:
    """``--format``: styled in a terminal, plain when piped, or a machine format."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default="auto",
        show_default=True,
        help="auto: styled in a terminal, plain text when piped.",
    )(command)


def filter_options(command: F) -> F:
    """``--type``, ``--from``, ``--to``, ``--new`` and ``--since``, passed to the
    command as one ``filters`` argument."""
    options = [
        click.option(
            "--type",
            "doc_types",
            multiple=True,
            metavar="TYPE",
            shell_complete=complete_types,
            help="Only this type (advies, brief, jaarverslag, persbericht, …); repeatable.",
        ),
        click.option(
            "--from",
            "date_from",
            metavar="DATE",
            callback=_date,
            help="Dated on or after (YYYY[-MM[-DD]]).",
        ),
        click.option(
            "--to",
            "date_to",
            metavar="DATE",
            callback=_date,
            help="Dated on or before (YYYY[-MM[-DD]]).",
        ),
        click.option(
            "--new", is_flag=True, help="Only documents added or changed by the last index run."
        ),
        click.option(
            "--since",
            metavar="DATE",
            callback=_date,
            help="Only documents added or changed on or after this day (UTC).",
        ),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        filters = Filters(*(kwargs.pop(name) for name in Filters.__dataclass_fields__))
        if filters.new and filters.since:
            raise click.UsageError("choose one of --new and --since")
        first, last = date_bounds(filters.date_from)[0], date_bounds(filters.date_to)[1]
        if first is not None and last is not None and first > last:
            raise click.BadParameter(
                f"{filters.date_from} is later than --to {filters.date_to}",
                param_hint="--from",
            )
        return command(*args, filters=filters, **kwargs)

    wrapped: Any = wrapper
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not is_partial_date(value):
        raise click.BadParameter(f"takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def search_options(
    index_dir: Path,
    filters: Filters,
    limit: int,
    *,
    exact: bool = False,
    synonyms: Path | None = None,
    mode: str = "lexical",
) -> SearchOptions:
    """The search options of a command: the filters checked against the index (an
    unknown ``--type`` is a usage error listing the known ones) and ``--new`` or
    ``--since`` turned into the documents they select."""
    from sersearch.metadata import DOC_TYPES
    from sersearch.search import SearchOptions

    unusual = [t for t in filters.doc_types if t.lower() not in DOC_TYPES]
    if unusual:
        known = known_types(index_dir)
        unknown = [t for t in unusual if t.lower() not in known]
        if unknown:
            raise click.BadParameter(
                f"unknown type {unknown[0]!r}; known types: {', '.join(known)}",
                param_hint="--type",
            )
    doc_ids = None
    if filters.new or filters.since:
        from sersearch.recent import select_documents

        selection = select_documents(index_dir, new=filters.new, since=filters.since)
        if not selection.doc_ids:
            click.echo(f"Note: no documents were {selection.description}.", err=True)
        doc_ids = selection.doc_ids
    return SearchOptions(
        limit,
        filters.doc_types,
        filters.date_from,
        filters.date_to,
        not exact,
        synonyms,
        doc_ids,
        mode=mode,
    )


def known_types(index_dir: Path | None) -> list[str]:
    """The document types sersearch assigns, and any other the index holds (from a
    catalog), sorted."""
    from sersearch.metadata import DOC_TYPES

    types = set(DOC_TYPES)
    if index_dir is not None:
        from sersearch.store import open_searcher

        with open_searcher(index_dir)[1] as searcher:
            types.update(
                raw.decode("utf-8") for raw in searcher.reader().lexicon("doc_type") if raw
            )
    return sorted(types)


def complete_types(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of ``--type``: the known types starting with what was typed."""
    try:
        types = known_types(completion_index(ctx))
    except Exception:
        types = known_types(None)
    return [name for name in types if name.startswith(incomplete.lower())]


def complete_documents(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of a document: the doc ids of the index starting with what was
    typed (none when there is no index yet)."""
    from sersearch.browse import list_documents

    try:
        index_dir = completion_index(ctx)
        documents = list_documents(index_dir) if index_dir else []
    except Exception:
        return []
    return [doc.doc_id for doc in documents if doc.doc_id.startswith(incomplete)]


def completion_index(ctx: click.Context) -> Path | None:
    """The index a command line being completed refers to, if it exists (completion
    never builds one)."""
    from sersearch.settings import default_index_dir, named_index_dir
    from sersearch.store import index_exists

    chosen = ctx.params.get("index_dir") or named_index_dir() or default_index_dir()
    return chosen if index_exists(chosen) else None


def mode_option(command: F) -> F:
    """``--mode lexical|semantic|hybrid`` (see ``sersearch.semantic``)."""
    from sersearch.semantic import DEFAULT_MODE, MODES

    return click.option(
        "--mode",
        type=click.Choice(MODES),
        default=DEFAULT_MODE,
        show_default=True,
        help="lexical: the words; semantic: the meaning (embeddings, needs the "
        "semantic extra); hybrid: what the words find, ordered by words and meaning "
        "together. Queries with quotes, AND/OR/NOT or fields stay lexical.",
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

"""The ``sersearch`` command: a thin click layer over the library.

Exit codes: 0 success (also when nothing matches), 1 an error the user can fix,
2 a usage error.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from sersearch import __version__
from sersearch.cli.batch import batch
from sersearch.cli.browsing import docs, show, stats
from sersearch.cli.indexing import index
from sersearch.cli.quality import analyze, evaluate_command
from sersearch.cli.searching import export, search
from sersearch.cli.serving import serve
from sersearch.cli.similar import similar


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sersearch")
def cli() -> None:
    """Search Dutch advisory texts (advisories, letters, annual reports, press releases)
    and get ranked passages with citations.

    \b
    Examples:
      sersearch search "brede welvaart"
      sersearch search '"leven lang ontwikkelen"' --type advies --from 2021
      sersearch index ~/adviezen
      sersearch export "krapte arbeidsmarkt" -o passages.csv
      sersearch serve --open
    """


for _command in (
    search,
    batch,
    similar,
    export,
    index,
    docs,
    show,
    stats,
    evaluate_command,
    analyze,
    serve,
):
    cli.add_command(_command)


def main() -> None:
    """Entry point: run the CLI; an unexpected error is one line, not a traceback."""
    try:
        cli(prog_name="sersearch")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SERSEARCH_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(error).__name__}: {error} "
            "(set SERSEARCH_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)
    finally:
        # The process ends here. Python's garbage collections at exit would go over
        # every object of every imported module once more: a fifth of a cold search's
        # time, for memory the operating system takes back anyway.
        gc.freeze()

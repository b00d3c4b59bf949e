"""``python -m sersearch``: the same as the ``sersearch`` command."""

from sersearch.cli import main

main()

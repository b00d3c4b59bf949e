"""``serve``: the search in a browser, for colleagues who do not use a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sersearch.cli.options import index_option, ready_index, user_errors

if TYPE_CHECKING:
    import socket

NO_AUTH_WARNING = (
    "Warning: listening on {host}, not only on this computer: anyone who can reach it "
    "can search the index and open its documents. There is no authentication."
)


@click.command()
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default lets only this computer in.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the address in a browser.")
@index_option
@user_errors
def serve(port: int, host: str, open_browser: bool, index_dir: Path | None) -> None:
    """Serve the search as a web page (Dutch interface) until Ctrl-C.

    The same search as `sersearch search` with filters, highlighted passages,
    links that open the original file at the passage's page, exports and a JSON
    API at /api/search?q=…. Read-only; it sees index runs as they commit.

    \b
    Examples:
      sersearch serve
      sersearch serve --port 8000 --open
      sersearch serve --index ~/woo-index
    """
    import uvicorn

    from sersearch.web import create_app

    index_dir = ready_index(index_dir)
    if not _is_loopback(host):
        click.echo(NO_AUTH_WARNING.format(host=host), err=True)
    sock = _bound_socket(host, port)
    address = _address(sock)
    app = create_app(index_dir)
    click.echo(f"sersearch serve: {address} (index {index_dir}; Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bound_socket(host: str, port: int) -> socket.socket:
    """A listening socket, or a one-line error (port taken, unknown host)."""
    import socket

    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise click.ClickException(f"cannot listen on {host!r}: {error.strerror}") from error
    # The protocol number matters: asyncio turns off Nagle's algorithm (which holds
    # a response's second packet back for a delayed acknowledgement, ~40 ms) only on
    # sockets that say they are TCP.
    sock = socket.socket(*info[:3])
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(info[4])
        sock.listen(128)
    except OSError as error:
        sock.close()
        hint = ": pass another --port" if error.errno == 98 else ""
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {error.strerror}{hint}"
        ) from error
    return sock


def _address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

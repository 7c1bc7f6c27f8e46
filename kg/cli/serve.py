"""`kg serve`: the graph over HTTP (kg/serve): a SPARQL endpoint, Linked Data and pages, read-only."""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..graph.store import StoreError
from . import short_help
from .options import store_option


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port or a wrong host is one clear line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.ClickException(f"{host}: not an address here ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _server_class(base: type) -> type:
    """uvicorn's server, stopping on Ctrl-C or SIGTERM as uvicorn does (requests under way finish, a second
    Ctrl-C cuts them short) but then returning, where uvicorn raises the signal again (a traceback)."""

    class Server(base):
        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    return Server


@click.command("serve", short_help=short_help("serve"))
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: only this machine; 0.0.0.0 opens it to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free one; the address is printed).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a SPARQL answer may hold.")
@click.option("--cors", is_flag=True, help="Let web pages of any origin (YASGUI) query /sparql.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Processes that run SPARQL queries at once.")
def serve_command(store_dir: str, host: str, port: int, timeout: float, max_rows: int, cors: bool,
                  workers: int) -> None:
    """Serve the graph read-only: pages for people and honours with their evidence, /sparql for tools,
    Linked Data at /id/…. Runs until interrupted (Ctrl-C)."""
    import uvicorn

    from ..serve.app import create_app

    sock = _bind(host, port)
    try:
        app = create_app(store_dir, timeout=timeout, max_rows=max_rows, cors=cors, workers=workers)
    except StoreError as exc:
        sock.close()
        raise click.ClickException(str(exc)) from exc
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    manifest = app.state.graph.current().store.manifest
    click.echo(f"kg serve: http://{shown}:{bound_port}/  ({store_dir}: {manifest['documents']} documents; "
               f"SPARQL at /sparql; Ctrl-C stops)")
    server = _server_class(uvicorn.Server)(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        app.state.workers.close()
    click.echo("kg serve: stopped")

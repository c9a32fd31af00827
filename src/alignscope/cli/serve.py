"""`alignscope serve`: start the dashboard and JSON API on this machine."""

from __future__ import annotations

import errno
import socket

import click

from ..errors import OutputError, UsageError
from ..render import stderr
from .common import workspace

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def check_port(host: str, port: int) -> None:
    """Refuse a port that is taken or not ours before loading anything."""
    if not 0 < port < 65536:
        raise UsageError(f"port {port} is not a TCP port; choose one in 1–65535, e.g. 8000")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise OutputError(
                    f"port {port} on {host} is in use (another alignscope serve?); "
                    f"choose another with --port"
                ) from None
            raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; another "
              "address exposes the dashboard to your network.")
@click.option("--port", type=int, default=8000, show_default=True, help="TCP port.")
@click.option("--db", metavar="PATH", help="Store to read (default: the CLI's store, "
              "see `alignscope --help`); other alignscope processes may use it meanwhile.")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, db: str | None) -> None:
    """Start the local dashboard and JSON API: world view, dyad pages, compare, /api/.

    \b
      alignscope serve                  # then open http://127.0.0.1:8000
      alignscope serve --port 8080 --db ~/alignscope.duckdb
    Pages: /world?year=2011, /dyad?a=TWN&b=JPN&year=2011, /compare, /state?q=JPN.
    API (docs at /api/docs): /api/assess?a=TWN&b=JPN&year=2011, /api/atlas?year=2011,
    /api/network?year=2011, /api/history?a=TWN&b=JPN, /api/states?q=tai.
    Stop with Ctrl-C.
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.service import Service

    check_port(host, port)
    if db is not None:
        ctx.find_root().obj["db"] = db
    ws = workspace(ctx)
    app = create_app(Service(ws))
    shown = f"[{host}]" if ":" in host else host
    stderr.print(f"alignscope dashboard on http://{shown}:{port}/ (Ctrl-C to stop)",
                 soft_wrap=True, markup=False)
    if host not in LOOPBACK:
        stderr.print(f"warning: listening on {host}: other machines can reach it",
                     soft_wrap=True, markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

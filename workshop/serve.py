"""Browser mode: the TUI served by textual-serve on 127.0.0.1, for this user's browser only.

textual-serve on its own accepts a WebSocket from any page the user visits (the
screen, with staff names, goes to that page and the page can type), and starts the
app through a shell with the command as one string. Here:

- every request needs the random token printed at start (``/?token=…``, as Jupyter
  does); the page that came with the token gets it back as an HttpOnly, SameSite
  cookie, which its WebSocket and downloads then carry;
- the WebSocket is refused unless its Origin is the server's own page (a page on
  another site, or on another port of this machine, cannot drive the app), and every
  request must name this server as its Host (so a DNS-rebinding name is refused);
- the command is quoted argument by argument (``shlex.join``), so a database path
  with spaces or ``$(…)`` reaches the app as one literal argument;
- the port is bound before anything is printed: port 0 picks a free port and the real
  one is printed; a port in use or not allowed is one clear line.
"""

from __future__ import annotations

import errno
import hmac
import secrets
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web
from textual_serve.server import Server

from workshop.i18n import t
from workshop.i18n.oserror import os_reason

HOST = "127.0.0.1"
COOKIE = "workshop-token"
PORT_MAX = 65535

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServeError(Exception):
    """The server cannot start; ``code`` keys the i18n text, ``params`` fill it."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def served_command(argv: Sequence[str]) -> str:
    """The command line textual-serve hands to a shell, each argument quoted."""
    return shlex.join(argv)


def bind(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on host:port (port 0: a free one), or ServeError."""
    if not 0 <= port <= PORT_MAX:
        raise ServeError("serve_bad_port", port=port)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":  # a port left in TIME_WAIT by the last run is free
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise ServeError("serve_port_in_use", port=port) from e
        if e.errno == errno.EACCES:
            raise ServeError("serve_port_denied", port=port) from e
        raise ServeError("serve_port_failed", port=port, detail=os_reason(e)) from e
    sock.setblocking(False)
    return sock


class BrowserServer(Server):
    """textual-serve's Server on a socket bound beforehand, behind a token and an
    Origin check."""

    def __init__(
        self, argv: Sequence[str], sock: socket.socket, *, title: str, templates_path: str
    ) -> None:
        self.sock = sock
        port = sock.getsockname()[1]
        super().__init__(
            served_command(argv),
            host=HOST,
            port=port,
            title=title,
            public_url=f"http://{HOST}:{port}",
            templates_path=templates_path,
        )
        self.token = secrets.token_urlsafe(32)
        names = [f"{name}:{port}" for name in (HOST, "localhost")]
        if port == 80:  # browsers leave the default port out
            names += [HOST, "localhost"]
        self.hosts = set(names)
        self.origins = {f"http://{name}" for name in names}
        self.announce: Callable[[str], None] = print

    @property
    def url(self) -> str:
        """The address to open, token included."""
        return f"{self.public_url}/?token={self.token}"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    def _has_token(self, request: web.Request) -> bool:
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.host not in self.hosts:
            raise web.HTTPForbidden(text=t("cli.serve_refused_host") + "\n")
        if request.path.startswith("/static/"):
            return await handler(request)  # the page's scripts and fonts, nothing private
        if not self._has_token(request):
            raise web.HTTPForbidden(text=t("cli.serve_refused_token") + "\n")
        if request.path == "/ws" and request.headers.get("Origin") not in self.origins:
            raise web.HTTPForbidden(text=t("cli.serve_refused_origin") + "\n")
        response = await handler(request)
        if request.path == "/" and request.query.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    async def on_startup(self, app: web.Application) -> None:
        self.announce(self.url)

    def serve(self, debug: bool = False) -> None:
        import asyncio
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # pragma: no cover (Windows)
            pass
        web.run_app(
            self._make_app(),
            sock=self.sock,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
        )

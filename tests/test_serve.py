"""Browser mode (`workshop serve`): only this user's own page can drive the app, the
database path reaches the app as one literal argument, and port mistakes are one line
(issue 10, items 14, 15 and 16). The server runs for real on 127.0.0.1 on a free port,
in a child process that is always stopped."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

from workshop.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(tmp_path: Path, db: str, port: int) -> Iterator[tuple[str, str]]:
    """`workshop --db DB serve --port PORT` in a child; yields (base url, token or "")."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKSHOP_CONFIG": str(tmp_path / "c.toml")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop", "--db", db, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        out = b""
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            if select.select([proc.stdout], [], [], 0.2)[0]:
                out += os.read(proc.stdout.fileno(), 4096)
            found = re.search(rb"http://127\.0\.0\.1:(\d+)/?(\?token=([\w-]+))?", out)
            if found and (found.group(3) or b"Press Ctrl+C" in out):
                break
            assert proc.poll() is None, out.decode("utf-8", "replace")
        assert found, out.decode("utf-8", "replace")
        token = (found.group(3) or b"").decode()
        port = int(found.group(1))
        while time.monotonic() < deadline:  # listening (the line may come just before)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{found.group(1).decode()}", token
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


async def handshake(url: str, origin: str | None, token: str | None) -> int:
    """The HTTP status of a WebSocket handshake to /ws (101 = accepted)."""
    ws_url = url.replace("http://", "ws://") + "/ws?width=80&height=24"
    if token is not None:
        ws_url += f"&token={token}"
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(ws_url, origin=origin)
        except aiohttp.WSServerHandshakeError as e:
            return e.status
        await ws.close()
        return 101


def test_only_the_own_page_with_the_token_gets_the_app(tmp_path: Path) -> None:
    with server(tmp_path, str(tmp_path / "w.db"), free_port()) as (url, token):
        own = url
        assert asyncio.run(handshake(url, "http://evil.example.com", token or None)) == 403
        assert asyncio.run(handshake(url, f"http://127.0.0.1:{free_port()}", token)) == 403
        assert asyncio.run(handshake(url, own, None)) == 403
        assert asyncio.run(handshake(url, own, "wrong")) == 403
        assert asyncio.run(handshake(url, own, token)) == 101

        async def pages() -> tuple[int, int, int, int]:
            jar = aiohttp.CookieJar(unsafe=True)  # cookies for an IP address
            async with aiohttp.ClientSession(cookie_jar=jar) as s:
                bare = (await s.get(url + "/")).status
                page = await s.get(f"{url}/?token={token}")
                text = await page.text()
                assert "fonts.googleapis" not in text
                # the page's own WebSocket carries the cookie the page came with
                ws = await s.ws_connect(url.replace("http", "ws") + "/ws", origin=own)
                await ws.close()
                rebinding = (
                    await s.get(f"{url}/?token={token}", headers={"Host": "evil.example.com"})
                ).status
                static = (await s.get(url + "/static/js/textual.js")).status
                return bare, page.status, rebinding, static

        assert asyncio.run(pages()) == (403, 200, 403, 200)


def test_the_database_path_is_one_literal_argument(tmp_path: Path) -> None:
    """`$(touch PWNED)` in the path is not run by a shell; a space does not split it."""
    folder = tmp_path / "my data"
    folder.mkdir()
    db = folder / "$(touch PWNED)y.db"
    with server(tmp_path, str(db), free_port()) as (url, token):

        async def drive() -> None:
            ws_url = url.replace("http://", "ws://") + f"/ws?width=80&height=24&token={token}"
            async with aiohttp.ClientSession() as s:
                ws = await s.ws_connect(ws_url, origin=url)
                deadline = time.monotonic() + 60
                while not db.exists() and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                await ws.close()

        asyncio.run(drive())
    assert db.exists()  # the app opened exactly the path given
    assert not list(tmp_path.rglob("PWNED"))


def test_the_command_is_quoted_for_the_shell(tmp_path: Path) -> None:
    from workshop.serve import served_command

    args = ["printf", "%s\\n", "--db", "a b/$(touch PWNED)`touch PWNED2`'q'.db"]
    out = subprocess.run(
        served_command(args), shell=True, cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert out.splitlines() == args[2:]
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("port", ["-1", "70000", "99999999999999999999999999"])
def test_a_port_out_of_range_is_one_line(capsys, tmp_path: Path, port: str) -> None:
    code = main(["--db", str(tmp_path / "w.db"), "serve", "--port", port])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and port in err and "0〜65535" in err


def test_a_port_in_use_is_one_line(capsys, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--db", str(tmp_path / "w.db"), "serve", "--port", str(port)])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "使っています" in err


def test_port_0_prints_the_port_it_got(tmp_path: Path) -> None:
    with server(tmp_path, str(tmp_path / "w.db"), 0) as (url, token):
        port = int(url.rsplit(":", 1)[1])
        assert port != 0 and token

        async def get() -> int:
            async with aiohttp.ClientSession() as s:
                return (await s.get(f"{url}/?token={token}")).status

        assert asyncio.run(get()) == 200

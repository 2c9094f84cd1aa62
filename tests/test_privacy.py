"""Privacy: the files that hold staff names are readable by their owner only, and the
program never opens a network connection (the browser mode listens on 127.0.0.1)."""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.db_templates import template_store
from workshop import cli
from workshop.demo import install_demo
from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.export import FORMATS, export_session, render
from workshop.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """A permissive umask (as on many desktops): modes must not depend on it."""
    old = os.umask(0o002)
    yield
    os.umask(old)


def test_database_and_its_journal_files_are_owner_only(tmp_path: Path, loose_umask) -> None:
    db = tmp_path / "private" / "workshop.db"
    with Store(db) as store:
        install_demo(store)
        assert _mode(db) == 0o600
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db}{suffix}")
            if side.exists():
                assert _mode(side) == 0o600, suffix
    assert _mode(db.parent) == 0o700, "a folder created for the database is private too"


def test_the_backup_before_a_migration_is_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask
) -> None:
    """Pretend this program knows one more migration than the file has, so opening the
    file backs it up before migrating."""
    from sqlite_utils import Migrations

    from workshop.store import db as store_db
    from workshop.store import migrations as store_migrations

    path = tmp_path / "workshop.db"
    with Store(path) as store:
        install_demo(store)

    newer = Migrations(store_migrations.MIGRATION_SET)
    newer()(store_migrations.m001_initial)

    @newer()
    def m002_test_only(db) -> None:
        db.execute("CREATE TABLE test_only (x TEXT)")

    monkeypatch.setattr(store_migrations, "migrations", newer)
    monkeypatch.setattr(store_db, "MIGRATIONS", (*store_db.MIGRATIONS, "m002_test_only"))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", store_db.SCHEMA_VERSION + 1)
    with Store(path) as store:
        backup = store.backup_path
    assert backup is not None and backup.exists()
    assert _mode(backup) == 0o600
    with Store(backup) as old:
        assert old.counts()["cards"] > 0


@pytest.fixture
def demo(tmp_path: Path):
    db = tmp_path / "demo.db"
    store, iid = template_store(db, demo=True)
    with store:
        sid = store.sessions(iid)[0].id
        data = store.initiative_data(iid)
    return db, data, sid


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_file_is_owner_only(fmt: str, demo, tmp_path: Path, loose_umask) -> None:
    _, data, sid = demo
    out = tmp_path / "out"
    out.mkdir()
    written = export_session(data, sid, fmt, out)
    assert _mode(written) == 0o600
    # overwriting a file someone made world-readable makes it private again
    written.chmod(0o644)
    export_session(data, sid, fmt, written)
    assert _mode(written) == 0o600


def test_cli_export_is_owner_only(demo, tmp_path: Path, loose_umask, capsys) -> None:
    db, _, _ = demo
    target = tmp_path / "議事録.docx"
    assert (
        cli.main(["--db", str(db), "export", "latest", "--format", "docx", "--out", str(target)])
        == 0
    )
    capsys.readouterr()
    assert _mode(target) == 0o600


# --- no network ------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to reach the network is recorded and refused."""
    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network access during a test: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_store_and_exports_open_no_connection(no_network: list[str], tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as store:
        iid = install_demo(store)
        sid = store.sessions(iid)[0].id
        store.add(Card(session_id=sid, step=Step.VISION, text="https://example.com を見て"))
        data = store.initiative_data(iid)
    for fmt in FORMATS:
        render(fmt, data, sid)
    assert no_network == []


def test_cli_commands_open_no_connection(
    no_network: list[str], demo, tmp_path: Path, capsys
) -> None:
    db, _, _ = demo
    for args in (
        ["list", "--json"],
        ["check"],
        ["schema"],
        ["export", "latest", "--format", "ics", "--out", str(tmp_path / "x.ics")],
    ):
        assert cli.main(["--db", str(db), *args]) == 0
    capsys.readouterr()
    assert no_network == []


async def test_a_headless_app_session_opens_no_connection(
    no_network: list[str], demo, tmp_path: Path
) -> None:
    from workshop.app import WorkshopApp
    from workshop.config import Config

    db, _, sid = demo
    store = Store(db)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_session(sid)
        await pilot.pause()
        screen = app.screen
        for step in screen.steps:
            screen.go_to(step)
            await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    store.close()
    assert no_network == []


def test_serve_listens_on_localhost_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("textual_serve")
    import socket

    from workshop import serve

    with socket.socket() as probe:  # a free port, chosen by the test
        probe.bind(("127.0.0.1", 0))
        chosen = probe.getsockname()[1]
    made: list[serve.BrowserServer] = []
    monkeypatch.setattr(serve.BrowserServer, "serve", lambda self: made.append(self))
    for port in (str(chosen), "0"):
        assert cli.main(["--db", str(tmp_path / "w.db"), "serve", "--port", port]) == 0
    assert len(made) == 2
    for server, wanted in zip(made, (chosen, None), strict=True):
        host, port = server.sock.getsockname()
        server.sock.close()
        assert host == "127.0.0.1"
        assert port == wanted if wanted else port != 0  # the chosen port, or a free one
        assert server.public_url == f"http://127.0.0.1:{port}"
        assert str(tmp_path / "w.db") in server.command


def test_serve_cannot_be_told_to_listen_elsewhere(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["serve", "--host", "0.0.0.0"])
    assert info.value.code != 0
    capsys.readouterr()

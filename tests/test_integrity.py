"""Integrity of the database file itself: locks shared by several Store objects in one
process, file modes of every database file, read-only and half-set-up databases, and a
schema version recorded by a newer program."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import cli
from workshop.domain.enums import Step
from workshop.domain.records import Card, Initiative, Session
from workshop.i18n import t
from workshop.store import (
    SCHEMA_VERSION,
    CorruptDatabase,
    DatabaseReadOnly,
    NewerSchema,
    NotWorkshopDatabase,
    Store,
)
from workshop.store.db import APPLICATION_ID

ROOT = Path(__file__).resolve().parent.parent

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _session(store: Store) -> Session:
    ini = store.add(Initiative(name="整合性試験の取組"))
    return store.add(Session(initiative_id=ini.id, title="第1回 整合性試験"))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --- 1: locks of one process are not dropped by a second Store ---------------------------

CHILD = """
import sys, time
from workshop.domain.records import Card
from workshop.store import Store
db, session_id = sys.argv[1], sys.argv[2]
store = Store(db)
store.add(Card(session_id=session_id, step="vision", text="一枚目"))
Store(db).close()  # a dialog or worker opens and closes its own Store
print("ready", flush=True)
sys.stdin.readline()
store.add(Card(session_id=session_id, step="vision", text="二枚目（保存済みと表示）"))
print("saved", flush=True)
time.sleep(60)
"""


@posix_only
def test_a_second_store_in_one_process_keeps_the_first_ones_writes(db_path: Path) -> None:
    """A child writes, opens and closes a second Store, another process runs
    `workshop list`, the child writes again and is killed: both writes are kept."""
    with Store(db_path) as store:
        ses = _session(store)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), ses.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        listed = subprocess.run(
            [sys.executable, "-m", "workshop", "--db", str(db_path), "list"],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60,
        )
        assert listed.returncode == 0, listed.stderr
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "saved"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    with Store(db_path) as store:
        texts = [c.text for c in store.cards(ses.id)]
        assert texts == ["一枚目", "二枚目（保存済みと表示）"]
        assert store.integrity_problems() == []


def test_opening_the_database_never_uses_python_file_objects(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only SQLite opens the database file (closing any other descriptor of it would
    drop this process's locks)."""
    with Store(db_path) as store:
        _session(store)
    import builtins

    real_open = builtins.open
    real_os_open = os.open
    opened: list[str] = []

    def watch_open(file, *args, **kwargs):
        if str(file).startswith(str(db_path)):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def watch_os_open(file, *args, **kwargs):
        if str(file).startswith(str(db_path)):
            opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watch_open)
    monkeypatch.setattr(os, "open", watch_os_open)
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: watch_open(self, *a, **k))
    with Store(db_path) as first:
        Store(db_path).close()
        assert first.sessions()
    assert opened == []


# --- 10: every database file is owner only; a read-only database is left alone ------------


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@posix_only
def test_wal_and_shm_of_a_database_copied_in_as_0644_are_owner_only(
    db_path: Path, loose_umask
) -> None:
    with Store(db_path) as store:
        ses = _session(store)
    db_path.chmod(0o644)  # as `cp` from a USB stick leaves it
    with Store(db_path) as store:
        store.add(Card(session_id=ses.id, step=Step.VISION, text="職員名を含むカード"))
        for file in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            assert file.exists(), file
            assert _mode(file) == 0o600, file


@posix_only
def test_leftover_world_readable_journal_files_are_made_private(db_path: Path, loose_umask) -> None:
    with Store(db_path) as store:
        ses = _session(store)
        with Store(db_path) as other:  # keeps the -wal and -shm after the first closes
            for suffix in ("-wal", "-shm"):
                Path(f"{db_path}{suffix}").chmod(0o644)
            store.close()
            with Store(db_path) as again:
                again.add(Card(session_id=ses.id, step=Step.VISION, text="見守り"))
            for suffix in ("", "-wal", "-shm"):
                assert _mode(Path(f"{db_path}{suffix}")) == 0o600, suffix
            assert other.cards(ses.id)


@posix_only
def test_a_pre_existing_empty_file_is_private_after_an_import_filled_it(
    tmp_path: Path, loose_umask, capsys
) -> None:
    with Store(tmp_path / "source.db") as source:
        ses = _session(source)
        from workshop.domain.bundle import Bundle

        bundle = Bundle(data=source.initiative_data(ses.initiative_id))
    bundle_file = tmp_path / "bundle.json"
    bundle_file.write_text(bundle.to_json(), encoding="utf-8")
    target = tmp_path / "prepared.db"
    target.touch(mode=0o644)
    assert _mode(target) == 0o644
    assert cli.main(["--db", str(target), "import", str(bundle_file)]) == 0
    capsys.readouterr()
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{target}{suffix}")
        if file.exists():
            assert _mode(file) == 0o600, suffix
    with Store(target) as store:
        assert [s.title for s in store.sessions()] == ["第1回 整合性試験"]


@posix_only
def test_a_read_only_database_is_reported_and_left_as_it_is(db_path: Path, capsys) -> None:
    with Store(db_path) as store:
        _session(store)
    db_path.chmod(0o400)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseReadOnly):
        Store(db_path)
    assert _mode(db_path) == 0o400
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    message = t("error.read_only", path=str(db_path))
    assert "読み取り専用" in message
    # The command line and the app (which opens the database the same way) say so
    for argv in (["--db", str(db_path), "list"], ["--db", str(db_path)]):
        assert cli.main(argv) != 0
        err = capsys.readouterr().err
        assert "読み取り専用" in err and "Traceback" not in err
    assert _mode(db_path) == 0o400
    assert not Path(f"{db_path}-shm").exists()


# --- 11: schema version recorded by a newer program; half-made databases ------------------


def test_a_newer_schema_version_in_the_metadata_is_refused(db_path: Path) -> None:
    with Store(db_path) as store:
        _session(store)
        with store.write():
            store.conn.execute(
                "UPDATE workshop_meta SET value = ? WHERE key = 'schema_version'",
                [str(SCHEMA_VERSION + 5)],
            )
    before = db_path.read_bytes()
    with pytest.raises(NewerSchema) as e:
        Store(db_path)
    assert e.value.params["found"] == SCHEMA_VERSION + 5
    assert db_path.read_bytes() == before


def test_app_id_with_foreign_tables_is_refused_without_rewriting_it(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE initiatives (x TEXT)")
    conn.execute("INSERT INTO initiatives VALUES ('よそのデータ')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises((NotWorkshopDatabase, CorruptDatabase)) as e:
        Store(db_path)
    assert "手を付けていません" in t(f"error.{e.value.code}", **e.value.params)
    assert db_path.read_bytes() == before  # the claim "untouched" is true
    assert list(db_path.parent.glob("*.bak")) == []


def test_app_id_without_any_table_is_set_up(db_path: Path) -> None:
    """What a crash during the very first set-up leaves: nothing to lose, so it is set up."""
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        _session(store)


def test_a_failing_migration_reports_the_backup_it_made_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlite_utils import Migrations

    from workshop.store import MigrationFailed
    from workshop.store import db as store_db
    from workshop.store import migrations as store_migrations

    with Store(db_path) as store:
        ses = _session(store)
    newer = Migrations(store_migrations.MIGRATION_SET)
    for m in store_migrations.migrations._migrations:
        newer()(m.fn)

    @newer()
    def m999_fails(db) -> None:
        db.execute("CREATE TABLE sessions (x TEXT)")  # already exists: fails

    monkeypatch.setattr(store_migrations, "migrations", newer)
    monkeypatch.setattr(store_db, "MIGRATIONS", (*store_db.MIGRATIONS, "m999_fails"))
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", store_db.SCHEMA_VERSION + 1)
    with pytest.raises(MigrationFailed) as e:
        Store(db_path)
    backup = Path(e.value.params["backup"])
    assert backup.exists() and _mode(backup) == 0o600
    message = t("error.migration_failed", **e.value.params)
    assert str(backup) in message and "手を付けていません" not in message
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT title FROM sessions").fetchall() == [(ses.title,)]


def test_a_full_disk_during_the_first_set_up_is_not_called_corrupt(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlite_utils import Migrations

    from workshop.store import DatabaseUnwritable
    from workshop.store import migrations as store_migrations

    full = Migrations(store_migrations.MIGRATION_SET)

    @full()
    def m001_initial(db) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_migrations, "migrations", full)
    with pytest.raises(DatabaseUnwritable) as e:
        Store(db_path)
    assert "壊れて" not in t(f"error.{e.value.code}", **e.value.params)


def test_migrations_applied_in_another_order_are_up_to_date(db_path: Path) -> None:
    """Branches merged in another order apply the same migrations in another order: the
    file is up to date, not migrated (and backed up) again on every open."""
    from sqlite_utils import Database, Migrations

    from workshop.store import migrations as store_migrations

    reordered = Migrations(store_migrations.MIGRATION_SET)
    for m in reversed(store_migrations.migrations._migrations[1:]):
        reordered()(m.fn)
    db = Database(str(db_path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    store_migrations.migrations.apply(db, stop_before=store_migrations.KNOWN[1])
    reordered.apply(db)
    db.conn.close()
    for _ in range(2):
        with Store(db_path) as store:
            assert store.backup_path is None
    assert list(db_path.parent.glob("*.bak")) == []


SCRIPT = """
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL DEFAULT 'a; b',  -- a comment; with a semicolon
    kind TEXT NOT NULL DEFAULT '課;係'
) STRICT;
/* a block comment; it ends no statement */
CREATE TABLE counts (n INTEGER NOT NULL) STRICT;
CREATE TRIGGER notes_counted AFTER INSERT ON notes BEGIN
    INSERT INTO counts (n) VALUES (1);
    UPDATE counts SET n = n + 1 WHERE n > 1;
END;
INSERT INTO notes (id) VALUES (1)
"""


def test_a_migration_script_runs_the_statements_sqlite_utils_finds() -> None:
    """A migration's script is run statement by statement in its transaction, cut where
    sqlite-utils cuts it: a semicolon in a quoted text, a comment or a trigger's body
    ends nothing, and a last statement without one runs too."""
    from sqlite_utils import Database
    from sqlite_utils.db import _iter_complete_sql_statements

    from workshop.store.migrations import run_script

    ran: list[str] = []
    db = Database(memory=True, tracer=lambda sql, params: ran.append(sql))
    ran.clear()  # (the connection's own set-up)
    with db.conn:
        run_script(db, SCRIPT)
    assert ran == list(_iter_complete_sql_statements(SCRIPT))
    assert len(ran) == 4
    assert list(db.query("SELECT body, kind FROM notes")) == [{"body": "a; b", "kind": "課;係"}]
    assert list(db.query("SELECT n FROM counts")) == [{"n": 1}]


def test_a_new_database_has_the_schema_sqlite_utils_scripts_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every table, index and trigger of a new database is exactly what the migrations'
    scripts made when sqlite-utils ran them."""
    from workshop.store import migrations as store_migrations

    def schema(path: Path) -> list[tuple[str, str, str]]:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
            return [tuple(r) for r in rows]
        finally:
            conn.close()

    Store(tmp_path / "ours.db").close()
    with monkeypatch.context() as m:
        m.setattr(store_migrations, "run_script", lambda db, sql: db.executescript(sql))
        Store(tmp_path / "theirs.db").close()
    ours = schema(tmp_path / "ours.db")
    assert len(ours) > 20 and ours == schema(tmp_path / "theirs.db")

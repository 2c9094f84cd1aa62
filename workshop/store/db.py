"""Opening a workshop database safely.

Rules (DESIGN section 4): WAL, synchronous=FULL, foreign keys, a busy timeout so a second
instance waits; the file is created readable by the owner only; a backup copy is written
before any migration; a file that is not a workshop database, is corrupt, or comes from
a newer program is refused and never written to.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

from workshop.i18n.oserror import os_reason
from workshop.store.errors import (
    CorruptDatabase,
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnwritable,
    MigrationFailed,
    NewerSchema,
    NotWorkshopDatabase,
    StoreError,
)
from workshop.store.schema import MIGRATION_SET, MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x57534B50
"""PRAGMA application_id of every workshop database ("WSKP")."""

BUSY_TIMEOUT_MS = 100
"""How long one attempt waits for another writer; the store retries and tells the UI."""

FILE_MODE = 0o600

QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
"""Files up to this size get SQLite's quick check on every open (tens of milliseconds).
Larger ones are checked by `workshop check` and by the app in the background, so
start-up does not grow with years of sessions."""


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by the owner only (it will hold staff names)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection with the pragmas every connection needs."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _side_files(path: Path) -> list[Path]:
    """The files SQLite keeps next to a database (they hold recent writes too)."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _refuse_read_only(path: Path) -> None:
    """A database its owner made read-only is reported, never made writable again.

    Decided from the file's mode (a stat, not an open: only SQLite opens the file) so
    the answer is the same for root, whom the kernel lets write anyway."""
    mode = path.stat().st_mode
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise DatabaseReadOnly(path=str(path))


def _make_private(path: Path) -> None:
    """The database and the files SQLite keeps beside it: owner only. SQLite gives a
    new -wal/-shm the database's own mode, so a database copied in as 0644 would
    otherwise spread its staff names to world-readable journal files."""
    for file in (path, *_side_files(path)):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(file.stat().st_mode) != FILE_MODE:
                os.chmod(file, FILE_MODE)


def _open_error(error: sqlite3.DatabaseError, path: Path) -> StoreError:
    """What an SQLite error while opening means for the user. A file another program
    holds locked is busy, not corrupt: telling the user to restore a backup of a sound
    file would lose what was written since."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return DatabaseBusy("busy_open", path=str(path))
    if any(word in message for word in ("readonly", "unable to open", "is full", "disk I/O")):
        return DatabaseUnwritable(path=str(path), detail=message)
    if "not a database" in message:
        return NotWorkshopDatabase(path=str(path))
    return CorruptDatabase(path=str(path), detail=message)


def _check_identity(conn: sqlite3.Connection, path: Path) -> bool:
    """True for a workshop database holding something, False for an empty file (or an
    empty SQLite database, which is safe to set up). The header is read by SQLite
    itself: a file that is not SQLite at all fails here as "not a database"."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise _open_error(e, path) from e
    if tables == 0 and app_id in (0, APPLICATION_ID):
        return False
    if app_id == APPLICATION_ID:
        return True
    raise NotWorkshopDatabase(path=str(path))


def _recorded_schema(conn: sqlite3.Connection) -> int:
    """The schema version the program that last wrote the file recorded (0 if none)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workshop_meta'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT value FROM workshop_meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems SQLite finds in the file's structure (empty when sound)."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as e:
        return [str(e)]
    return [] if rows == ["ok"] else rows


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """The full check (slower): structure, indexes and foreign keys."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(50)")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as e:
        return [str(e)]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {row[0]} rowid {row[1]} -> {row[2]}" for row in fk]
    return problems


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database next to itself before a migration touches it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    _create_private_file(dest)
    target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
    finally:
        target.close()
    return dest


def _applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations a database has applied (read without sqlite-utils)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def _migrate(
    conn: sqlite3.Connection, path: Path, applied: list[str], has_data: bool
) -> Path | None:
    """Bring the schema up to date with sqlite-utils' migrations (imported only here:
    an up-to-date database never needs them). Returns the backup made, if any.

    A file holding anything is copied before the first byte of it changes, and a
    failing migration (each runs in its own transaction, so it is rolled back) is
    reported with that copy. An empty file is marked as a workshop database first, so
    a crash during its very first set-up leaves a file this program still recognises.
    The switch to WAL comes last."""
    from sqlite_utils import Database

    from workshop.store.migrations import migrations

    db = Database(conn, strict=True, execute_plugins=False, recursive_triggers=False)
    made_backup = backup(conn, path, len(applied)) if has_data else None
    if not has_data:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    try:
        migrations.apply(db)
    except sqlite3.DatabaseError as e:
        if made_backup is None:
            raise
        raise MigrationFailed(path=str(path), detail=str(e), backup=str(made_backup)) from e
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db["workshop_meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
    if db.journal_mode != "wal":
        db.enable_wal()
    return made_backup


def open_database(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Open (creating if needed) a workshop database; return its connection and any
    backup made before a migration.

    Only SQLite opens the database file. Any other descriptor of it, once closed,
    would drop every POSIX lock this process holds on it, including those of other
    connections still open (SQLite's "How To Corrupt" section 2.2): another process
    would then take this one for gone and delete the WAL holding its last writes."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise NotWorkshopDatabase(path=str(path))
    try:
        if path.exists():
            _refuse_read_only(path)
        else:
            _create_private_file(path)
    except PermissionError as e:
        raise DatabaseUnwritable(path=str(path), detail=str(e)) from e
    except OSError as e:
        raise DatabaseUnwritable(path=str(path), detail=os_reason(e)) from e

    conn: sqlite3.Connection | None = None
    made_backup: Path | None = None
    try:
        conn = connect(path)
        existing = _check_identity(conn, path)
        with contextlib.suppress(OSError):
            _make_private(path)  # a copied or pre-made file may have lost its privacy
        small = existing and path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        if small and (problems := quick_check(conn)):
            raise CorruptDatabase(path=str(path), detail="; ".join(problems[:3]))
        applied = _applied(conn) if existing else []
        if existing and not applied:
            # Marked as ours but holding tables no migration of ours made: refuse
            # before anything is written (it would fail half-way on its tables).
            raise NotWorkshopDatabase(path=str(path))
        unknown = [name for name in applied if name not in MIGRATIONS]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        recorded = _recorded_schema(conn) if existing else 0
        if unknown or max(user_version, recorded) > SCHEMA_VERSION:
            raise NewerSchema(
                path=str(path),
                found=max(user_version, recorded, len(applied)),
                supported=SCHEMA_VERSION,
            )
        if set(applied) != set(MIGRATIONS):  # merged branches may apply them in any order
            made_backup = _migrate(conn, path, applied, has_data=existing)
            with contextlib.suppress(OSError):
                _make_private(path)  # the WAL switch created the -wal and -shm
        return conn, made_backup
    except sqlite3.DatabaseError as e:
        if conn is not None:
            conn.close()
        raise _open_error(e, path) from e
    except BaseException:
        if conn is not None:
            conn.close()
        raise

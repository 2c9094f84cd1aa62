"""The part of the store the first screen needs: the connection, its transactions and
the home list. It reads plain rows into plain dataclasses, so that start-up imports
neither pydantic nor the domain's record models (`repo.Store` adds the records on top,
importing them when first used)."""

from __future__ import annotations

import sqlite3
import time
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Self

from workshop.domain.enums import STEP_ORDER, Step
from workshop.store.db import integrity_check
from workshop.store.errors import (
    ConstraintFailed,
    DatabaseBusy,
    DatabaseUnwritable,
    RecordDeleted,
    StoreError,
)

if typing.TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class SessionSummary:
    """One line of the home screen and of `workshop list`."""

    id: str
    initiative_id: str
    initiative: str
    title: str
    kind: str
    date: date | None
    current_step: Step
    reached_step: Step
    status: str
    cards: int
    actions: int
    updated_at: datetime

    @property
    def progress(self) -> int:
        """How far the session got: index of its furthest step in the full order."""
        return STEP_ORDER.index(self.reached_step)


@dataclass(frozen=True)
class Revision:
    table: str
    record_id: str
    field: str
    old_value: str | None
    changed_at: str


SESSION_SUMMARIES_SQL = """
WITH listed AS (
    SELECT * FROM sessions
    ORDER BY coalesce(date, substr(created_at, 1, 10)) DESC, created_at DESC
    LIMIT ?
)
SELECT s.id, s.initiative_id, i.name, s.title, s.kind, s.date, s.current_step,
       s.reached_step, s.status,
       (SELECT count(*) FROM cards c WHERE c.session_id = s.id AND c.deleted = 0),
       (SELECT count(*) FROM actions a WHERE a.session_id = s.id),
       s.updated_at
FROM listed s JOIN initiatives i ON i.id = s.initiative_id
ORDER BY coalesce(s.date, substr(s.created_at, 1, 10)) DESC, s.created_at DESC
"""
"""The home list: the newest sessions (walked in order on the `sessions_listed` index)
with their live cards and actions counted in indexes alone (m007_home_index)."""


class StoreCore:
    """A workshop database's connection: transactions, the home list, health. Not
    thread-safe: a worker thread opens its own Store."""

    path: Path
    conn: sqlite3.Connection
    backup_path: Path | None
    on_wait: Callable[[], None] | None
    write_wait: float
    _db: Database | None

    @property
    def db(self) -> Database:
        """The same connection through sqlite-utils (for bulk loads and inspection);
        built on first use so that start-up does not import sqlite-utils."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(
                self.conn, strict=True, execute_plugins=False, recursive_triggers=False
            )
        return self._db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[None]:
        """One IMMEDIATE transaction: the write lock is taken up front, so two instances
        queue instead of failing half-way. Nested calls join the outer transaction."""
        if self.conn.in_transaction:
            try:
                yield
            except sqlite3.IntegrityError as e:
                # Said here too, so a change inside a larger one (several cards saved
                # together) can tell why as a single change would
                raise self._integrity(e) from e
            return
        deadline = time.monotonic() + self.write_wait
        told = False
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise self._translate(e) from e
                if time.monotonic() > deadline:
                    raise DatabaseBusy(path=str(self.path)) from e
                if not told and self.on_wait:
                    told = True
                    self.on_wait()
                time.sleep(0.02)
        try:
            yield
        except sqlite3.OperationalError as e:
            self._rollback()
            raise self._translate(e) from e
        except sqlite3.IntegrityError as e:
            self._rollback()
            raise self._integrity(e) from e
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            self._rollback()
            raise self._translate(e) from e

    @staticmethod
    def _integrity(e: sqlite3.IntegrityError) -> StoreError:
        """A broken rule as the user's error: a missing parent (deleted elsewhere) or another
        constraint."""
        if "FOREIGN KEY" in str(e):
            return RecordDeleted(detail=str(e))
        return ConstraintFailed(detail=str(e))

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already (it has, on a full disk)."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _translate(self, e: sqlite3.OperationalError) -> Exception:
        message = str(e)
        if "readonly" in message or "disk" in message or "full" in message:
            return DatabaseUnwritable(path=str(self.path), detail=message)
        if "locked" in message or "busy" in message:
            return DatabaseBusy(path=str(self.path))
        return e

    def _execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as e:
            raise self._translate(e) from e

    # --- the home list ---------------------------------------------------------------------
    def session_summaries(self, limit: int | None = None) -> list[SessionSummary]:
        """Sessions with their initiative and how far they got, newest first; at most
        `limit` of them. Cards and actions are counted for the sessions listed only."""
        cur = self._execute(SESSION_SUMMARIES_SQL, [-1 if limit is None else limit])
        out = []
        for row in cur.fetchall():
            out.append(
                SessionSummary(
                    id=row[0],
                    initiative_id=row[1],
                    initiative=row[2],
                    title=row[3],
                    kind=row[4],
                    date=date.fromisoformat(row[5]) if row[5] else None,
                    current_step=Step(row[6]),
                    reached_step=Step(row[7]),
                    status=row[8],
                    cards=row[9],
                    actions=row[10],
                    updated_at=datetime.fromisoformat(row[11]),
                )
            )
        return out

    def has_row(self, table: str, record_id: str) -> bool:
        """Whether `table` holds a row with this id (no record model is built)."""
        found = self._execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone()
        return found is not None

    def session_count(self) -> int:
        return self._execute("SELECT count(*) FROM sessions").fetchone()[0]

    # --- health -------------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        return integrity_check(self.conn)

    def change_mark(self) -> tuple[int, int]:
        """Equal before and after a stretch of time when nothing was written to the file
        meanwhile, by this connection (rows it changed) or by another one (SQLite's
        `data_version` moves when another connection commits). Costs one PRAGMA: a
        screen compares marks to know whether what it read is still current."""
        other = int(self._execute("PRAGMA data_version").fetchone()[0])
        return self.conn.total_changes, other

    @property
    def schema_version(self) -> int:
        return int(self._execute("PRAGMA user_version").fetchone()[0])

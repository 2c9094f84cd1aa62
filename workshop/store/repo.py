"""The repository: domain models in, domain models out (the writes are here, the reads in
`queries.py`). The store package is the only place with SQL.

Every change is committed at once (one short IMMEDIATE transaction), so a crash loses
at most what is being typed. When another process holds the write lock the store
waits, tells the caller once through ``on_wait`` so the screen can say so, and gives
up with DatabaseBusy only after ``WRITE_WAIT_S``.

The domain's record models (pydantic) are imported by the methods that read or write
records, not with this module: the first screen lists sessions through `StoreCore`
alone, and start-up does not pay for building the models.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from workshop.store.core import Revision, SessionSummary
from workshop.store.db import open_database
from workshop.store.errors import (
    BundleError,
    ConstraintFailed,
    RecordDeleted,
    SessionDeleted,
    StoreError,
    UpdateConflict,
)
from workshop.store.queries import StoreQueries
from workshop.store.schema import SCHEMA_VERSION

if typing.TYPE_CHECKING:
    from datetime import datetime

    from sqlite_utils import Database

    from workshop.domain.base import Record
    from workshop.domain.bundle import Bundle
    from workshop.store.merge import ImportResult

R = TypeVar("R", bound="Record")

WRITE_WAIT_S = 15.0
"""How long a write waits for another instance before giving up."""


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


class Store(StoreQueries):
    """A workshop database. Not thread-safe: a worker thread opens its own Store."""

    def __init__(
        self,
        path: str | Path,
        on_wait: Callable[[], None] | None = None,
        write_wait: float | None = None,
    ) -> None:
        self.path = Path(path).expanduser()
        self.conn, self.backup_path = open_database(self.path)
        self._db: Database | None = None
        self.on_wait = on_wait
        self.write_wait = WRITE_WAIT_S if write_wait is None else write_wait
        """Seconds a write waits for another writer before giving up with DatabaseBusy.
        The app keeps it short: it waits on the UI thread, and a clear message with the
        typed text kept beats a frozen screen."""

    # --- generic CRUD --------------------------------------------------------------------
    def add(self, rec: R) -> R:
        """Insert a new record. A record kept in a list (with a `position`) whose place
        was taken meanwhile (another instance added one at the same moment) goes last:
        the place is checked inside the write transaction, so no two share it."""
        from workshop.store.rows import POSITION_SCOPE, TABLES, to_row

        model = type(rec)
        try:
            with self.write():
                if model in POSITION_SCOPE and self._position_taken(rec):
                    row = to_row(rec)
                    scope = {k: row[k] for k in POSITION_SCOPE[model][1:]}
                    position = self.next_position(model, row["session_id"], **scope)
                    rec = rec.model_copy(update={"position": position})
                self._insert(TABLES[model], to_row(rec))
        except RecordDeleted as e:
            raise self._gone(rec, e) from e
        return rec

    def _position_taken(self, rec: Record) -> bool:
        from workshop.store.rows import POSITION_SCOPE, TABLES, to_row

        scope = [*POSITION_SCOPE[type(rec)], "position"]
        where = " AND ".join(f"{k} = ?" for k in scope)
        row = to_row(rec)
        found = self._execute(
            f"SELECT 1 FROM {TABLES[type(rec)]} WHERE {where} LIMIT 1", [row[k] for k in scope]
        ).fetchone()
        return found is not None

    def _gone(self, rec: Record, cause: StoreError | None = None) -> StoreError:
        """Why a change found its record, or what it belongs to, missing: most often
        the session was deleted in another window."""
        from workshop.domain.records import Session
        from workshop.store.rows import TABLES

        session_id = rec.id if isinstance(rec, Session) else getattr(rec, "session_id", None)
        if session_id and self.get(Session, session_id) is None:
            return SessionDeleted(kind=TABLES[type(rec)], id=rec.id)
        if cause is not None:
            return cause
        return RecordDeleted(kind=TABLES[type(rec)], id=rec.id, detail="")

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        self._execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))

    def update(self, rec: R, **changes: Any) -> R:
        """Change some fields of a record, `rec` being the record as the editor read
        it. Only the fields this edit really changes (compared with `rec`) are written,
        so whatever another instance changed in other fields is kept. When the stored
        record changed since `rec` was read (its version moved on) in a field this edit
        changes too, nothing is written and UpdateConflict says which fields; the
        caller resolves it by updating the stored record (`conflict.current`) with the
        values to keep. The previous values of its REVISED_FIELDS go to revisions.
        Returns the stored record after the change."""
        from workshop.store.rows import to_row

        model = type(rec)
        new = rec.touched(**changes)
        base_row, new_row = to_row(rec), to_row(new)
        mine = [k for k in changes if k in new_row and new_row[k] != base_row[k]]
        try:
            with self.write():
                current = self.get(model, rec.id)
                if current is None:
                    raise self._gone(rec)
                if not mine:
                    return current
                row = to_row(current)
                if current.version != rec.version:
                    clash = [k for k in mine if row[k] != base_row[k] and row[k] != new_row[k]]
                    if clash:
                        raise UpdateConflict(
                            current,
                            mine={k: getattr(new, k) for k in mine},
                            theirs={k: getattr(current, k) for k in clash},
                        )
                result = current.touched(**{k: getattr(new, k) for k in mine})
                result_row = to_row(result)
                columns = [k for k in mine if result_row[k] != row[k]]
                if not columns:
                    return current
                self._rewrite(current, result_row, [*columns, "updated_at"])
        except RecordDeleted as e:
            raise self._gone(rec, e) from e
        return result.model_copy(update={"version": current.version + 1})

    def _rewrite(self, current: Record, row: dict[str, Any], columns: list[str]) -> None:
        """Write some columns of a stored record, keeping the previous value of any revised
        field among them (used by edits and by bundle imports), and raise its version
        so an editor holding an older reading notices."""
        from workshop.store.rows import TABLES

        model = type(current)
        self._revise(model, current, [c for c in columns if c in model.REVISED_FIELDS])
        columns = [c for c in columns if c != "version"]
        row = {**row, "version": current.version + 1}
        assignments = ", ".join(f"{c} = ?" for c in [*columns, "version"])
        self._execute(
            f"UPDATE {TABLES[model]} SET {assignments} WHERE id = ?",
            [*(row[c] for c in columns), row["version"], current.id],
        )

    def delete(self, rec: Record) -> None:
        """Delete a record for good, keeping a snapshot of it in the revisions table."""
        from workshop.store.rows import TABLES

        model = type(rec)
        with self.write():
            current = self.get(model, rec.id)
            if current is None:
                return
            self._snapshot(model, current)
            self._execute(f"DELETE FROM {TABLES[model]} WHERE id = ?", [rec.id])

    def _revise(self, model: type[Record], current: Record, fields: list[str]) -> None:
        from workshop.domain.base import utcnow
        from workshop.store.rows import TABLES

        now = _ts(utcnow())
        for name in fields:
            self._execute(
                "INSERT INTO revisions (table_name, record_id, field, old_value, changed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [TABLES[model], current.id, name, str(getattr(current, name)), now],
            )

    def _snapshot(self, model: type[Record], current: Record) -> None:
        from workshop.domain.base import utcnow
        from workshop.store.rows import TABLES

        self._execute(
            "INSERT INTO revisions (table_name, record_id, field, old_value, changed_at)"
            " VALUES (?, ?, '*', ?, ?)",
            [TABLES[model], current.id, current.model_dump_json(), _ts(utcnow())],
        )

    def revisions(self, record_id: str) -> list[Revision]:
        """Previous values of a record's edited fields and snapshots of it when deleted
        (not the versions bundles carried: see `import_history`)."""
        from workshop.store import merge

        return [r for r in self._revision_rows(record_id) if r.field != merge.BASE_FIELD]

    def _revision_rows(self, record_id: str) -> list[Revision]:
        rows = self._execute(
            "SELECT table_name, record_id, field, old_value, changed_at FROM revisions"
            " WHERE record_id = ? ORDER BY id",
            [record_id],
        ).fetchall()
        return [Revision(*row) for row in rows]

    # --- bundles -------------------------------------------------------------------------------
    def import_bundle(self, bundle: Bundle) -> ImportResult:
        """Merge an initiative into this database, all or nothing. Records are matched by
        UUID; nothing changes owner; changes merge field by field against what the last
        bundle carried; importing the same bundle again changes nothing (store.merge)."""
        from workshop.store import merge

        try:
            return merge.import_bundle(self, bundle)
        except (RecordDeleted, ConstraintFailed) as e:
            # a rule of the database the bundle breaks: about the bundle, not a window
            raise BundleError(detail=e.params.get("detail", "")) from e

    def import_history(self, record_id: str) -> list[Revision]:
        """The versions of a record that bundles carried, oldest first (JSON rows)."""
        from workshop.store import merge

        return [r for r in self._revision_rows(record_id) if r.field == merge.BASE_FIELD]

    def counts(self) -> dict[str, int]:
        from workshop.store.rows import TABLES

        return {
            table: int(self._execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in TABLES.values()
        }


__all__ = ["SCHEMA_VERSION", "ImportResult", "Revision", "SessionSummary", "Store"]

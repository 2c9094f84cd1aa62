"""The repository: domain models in, domain models out. The only place with SQL.

Every change is committed at once (one short IMMEDIATE transaction), so a crash loses
at most what is being typed. When another process holds the write lock the store
waits, tells the caller once through ``on_wait`` so the screen can say so, and gives
up with DatabaseBusy only after ``WRITE_WAIT_S``.
"""

from __future__ import annotations

import json
import sqlite3
import time
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

if typing.TYPE_CHECKING:
    from sqlite_utils import Database

from workshop.domain.base import Record, utcnow
from workshop.domain.bundle import Bundle, InitiativeData, SessionData
from workshop.domain.enums import STEP_ORDER, Step
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    BarrierTick,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
    StageAnswer,
    Statement,
)
from workshop.store import merge
from workshop.store.db import integrity_check, open_database
from workshop.store.errors import (
    AmbiguousSession,
    BundleError,
    ConstraintFailed,
    DatabaseBusy,
    DatabaseUnwritable,
    NotFound,
    RecordDeleted,
    SessionDeleted,
    StoreError,
    UpdateConflict,
)
from workshop.store.merge import ImportResult
from workshop.store.reader import fast_reader
from workshop.store.schema import SCHEMA_VERSION

R = TypeVar("R", bound=Record)

TABLES: dict[type[Record], str] = {
    Initiative: "initiatives",
    Session: "sessions",
    Attendee: "attendees",
    Card: "cards",
    Statement: "statements",
    Resource: "resources",
    Mechanism: "mechanisms",
    KeyPerson: "key_persons",
    Decision: "decisions",
    ActionItem: "actions",
    ActionReview: "action_reviews",
    StageAnswer: "stage_answers",
    BarrierTick: "barrier_ticks",
}

POSITION_SCOPE: dict[type[Record], tuple[str, ...]] = {
    Attendee: ("session_id",),
    Card: ("session_id", "step"),
    Statement: ("session_id",),
    Resource: ("session_id",),
    Decision: ("session_id",),
    ActionItem: ("session_id",),
}
"""The list a record's `position` orders it in (what `next_position` counts over)."""

WRITE_WAIT_S = 15.0
"""How long a write waits for another instance before giving up."""


def _is_json_field(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_json_field(typing.get_args(annotation)[0])
    return origin in (list, dict)


_JSON_FIELDS: dict[type[Record], frozenset[str]] = {
    model: frozenset(name for name, f in model.model_fields.items() if _is_json_field(f.annotation))
    for model in TABLES
}


def to_row(rec: BaseModel) -> dict[str, Any]:
    """A record as a database row: JSON for lists and dicts, 0/1 for booleans."""
    row = rec.model_dump(mode="json")
    for name in _JSON_FIELDS[type(rec)]:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    for name, value in row.items():
        if isinstance(value, bool):
            row[name] = int(value)
    return row


def from_row(model: type[R], row: dict[str, Any]) -> R:
    """A record from one of our rows. The rows of the large tables are built without
    running their validators again; any other model, and any row the
    fast reader cannot take as it is, is validated as before (`store.reader`)."""
    data = dict(row)
    for name in _JSON_FIELDS[model]:
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    reader = fast_reader(model)
    if reader is not None:
        try:
            return reader(data)
        except (KeyError, TypeError, ValueError):
            pass  # validated below, which says what is wrong with the row
    return model.model_validate(data)


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


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


class Store:
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

    def __enter__(self) -> Store:
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

    # --- generic CRUD --------------------------------------------------------------------
    def add(self, rec: R) -> R:
        """Insert a new record. A record kept in a list (with a `position`) whose place
        was taken meanwhile (another instance added one at the same moment) goes last:
        the place is checked inside the write transaction, so no two share it."""
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

    def get(self, model: type[R], record_id: str) -> R | None:
        rows = self._select(model, "id = ?", [record_id], "id")
        return rows[0] if rows else None

    def exists(self, model: type[Record], record_id: str) -> bool:
        """Whether the record is stored (read without building the model's validator)."""
        table = TABLES[model]
        return (
            self._execute(f"SELECT 1 FROM {table} WHERE id = ?", [record_id]).fetchone() is not None
        )

    def require(self, model: type[R], record_id: str) -> R:
        rec = self.get(model, record_id)
        if rec is None:
            raise NotFound(kind=TABLES[model], id=record_id)
        return rec

    def update(self, rec: R, **changes: Any) -> R:
        """Change some fields of a record, `rec` being the record as the editor read
        it. Only the fields this edit really changes (compared with `rec`) are written,
        so whatever another instance changed in other fields is kept. When the stored
        record changed since `rec` was read (its version moved on) in a field this edit
        changes too, nothing is written and UpdateConflict says which fields; the
        caller resolves it by updating the stored record (`conflict.current`) with the
        values to keep. The previous text of edited text fields goes to revisions.
        Returns the stored record after the change."""
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
        """Write some columns of a stored record, keeping the previous text of any text
        field among them (used by edits and by bundle imports), and raise its version
        so an editor holding an older reading notices."""
        model = type(current)
        self._revise(model, current, [c for c in columns if c in model.TEXT_FIELDS])
        columns = [c for c in columns if c != "version"]
        row = {**row, "version": current.version + 1}
        assignments = ", ".join(f"{c} = ?" for c in [*columns, "version"])
        self._execute(
            f"UPDATE {TABLES[model]} SET {assignments} WHERE id = ?",
            [*(row[c] for c in columns), row["version"], current.id],
        )

    def delete(self, rec: Record) -> None:
        """Delete a record for good, keeping a snapshot of it in the revisions table."""
        model = type(rec)
        with self.write():
            current = self.get(model, rec.id)
            if current is None:
                return
            self._snapshot(model, current)
            self._execute(f"DELETE FROM {TABLES[model]} WHERE id = ?", [rec.id])

    def _revise(self, model: type[Record], current: Record, fields: list[str]) -> None:
        now = _ts(utcnow())
        for name in fields:
            self._execute(
                "INSERT INTO revisions (table_name, record_id, field, old_value, changed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [TABLES[model], current.id, name, str(getattr(current, name)), now],
            )

    def _snapshot(self, model: type[Record], current: Record) -> None:
        self._execute(
            "INSERT INTO revisions (table_name, record_id, field, old_value, changed_at)"
            " VALUES (?, ?, '*', ?, ?)",
            [TABLES[model], current.id, current.model_dump_json(), _ts(utcnow())],
        )

    def revisions(self, record_id: str) -> list[Revision]:
        """Previous values of a record's edited fields and snapshots of it when deleted
        (not the versions bundles carried: see `import_history`)."""
        return [r for r in self._revision_rows(record_id) if r.field != merge.BASE_FIELD]

    def _revision_rows(self, record_id: str) -> list[Revision]:
        rows = self._execute(
            "SELECT table_name, record_id, field, old_value, changed_at FROM revisions"
            " WHERE record_id = ? ORDER BY id",
            [record_id],
        ).fetchall()
        return [Revision(*row) for row in rows]

    def _select(self, model: type[R], where: str, params: Sequence[Any], order: str) -> list[R]:
        cur = self._execute(f"SELECT * FROM {TABLES[model]} WHERE {where} ORDER BY {order}", params)
        names = [d[0] for d in cur.description]
        return [from_row(model, dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def get_many(self, model: type[R], ids: Sequence[str]) -> list[R]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        return self._select(model, f"id IN ({marks})", list(ids), "created_at")

    # --- queries --------------------------------------------------------------------------
    def initiatives(self) -> list[Initiative]:
        return self._select(Initiative, "1", [], "created_at")

    def sessions(self, initiative_id: str | None = None) -> list[Session]:
        if initiative_id is None:
            return self._select(Session, "1", [], "date, created_at")
        return self._select(Session, "initiative_id = ?", [initiative_id], "date, created_at")

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

    def session_count(self) -> int:
        return self._execute("SELECT count(*) FROM sessions").fetchone()[0]

    def resolve_session(self, ref: str) -> Session:
        """A session by id, unique id prefix, or `latest` (most recently changed)."""
        ref = ref.strip()
        if ref == "latest":
            rows = self._select(Session, "1", [], "updated_at DESC LIMIT 1")
            if not rows:
                raise NotFound("session_not_found", ref=ref)
            return rows[0]
        if not ref:
            raise NotFound("session_not_found", ref=ref)
        escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._select(Session, "id LIKE ? ESCAPE '\\'", [escaped + "%"], "id LIMIT 3")
        if not rows:
            raise NotFound("session_not_found", ref=ref)
        if len(rows) > 1 and rows[0].id != ref:
            raise AmbiguousSession(ref=ref, count=len(rows))
        return rows[0]

    def attendees(self, session_id: str) -> list[Attendee]:
        return self._select(Attendee, "session_id = ?", [session_id], "position, created_at")

    def cards(
        self, session_id: str, step: Step | None = None, include_deleted: bool = False
    ) -> list[Card]:
        where = "session_id = ?"
        params: list[Any] = [session_id]
        if step is not None:
            where += " AND step = ?"
            params.append(step.value)
        if not include_deleted:
            where += " AND deleted = 0"
        return self._select(Card, where, params, "step, position, created_at")

    def statements(self, session_id: str) -> list[Statement]:
        return self._select(Statement, "session_id = ?", [session_id], "kind, position, created_at")

    def resources(self, session_id: str) -> list[Resource]:
        return self._select(Resource, "session_id = ?", [session_id], "position, created_at")

    def mechanisms(self, session_id: str) -> list[Mechanism]:
        return self._select(Mechanism, "session_id = ?", [session_id], "created_at")

    def initiative_mechanisms(self, initiative_id: str) -> list[Mechanism]:
        return self._select(
            Mechanism,
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def decisions(self, session_id: str) -> list[Decision]:
        return self._select(Decision, "session_id = ?", [session_id], "position, created_at")

    def initiative_decisions(self, initiative_id: str) -> list[Decision]:
        return self._select(
            Decision,
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def key_persons(self, initiative_id: str) -> list[KeyPerson]:
        return self._select(KeyPerson, "initiative_id = ?", [initiative_id], "created_at")

    def actions(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[ActionItem]:
        if session_id is not None:
            return self._select(ActionItem, "session_id = ?", [session_id], "position, created_at")
        if initiative_id is not None:
            return self._select(ActionItem, "initiative_id = ?", [initiative_id], "created_at")
        return self._select(ActionItem, "1", [], "created_at")

    def reviews(self, initiative_id: str) -> list[ActionReview]:
        return self._select(
            ActionReview,
            "action_id IN (SELECT id FROM actions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def stage_answers(self, session_id: str) -> list[StageAnswer]:
        return self._select(StageAnswer, "session_id = ?", [session_id], "created_at")

    def barrier_ticks(self, session_id: str) -> list[BarrierTick]:
        return self._select(BarrierTick, "session_id = ?", [session_id], "created_at")

    def next_position(self, model: type[Record], session_id: str, **where: Any) -> int:
        """One past the largest position in a session's list (new items go last)."""
        clause = " AND ".join(["session_id = ?", *(f"{k} = ?" for k in where)])
        row = self._execute(
            f"SELECT coalesce(max(position), -1) + 1 FROM {TABLES[model]} WHERE {clause}",
            [session_id, *where.values()],
        ).fetchone()
        return int(row[0])

    # --- aggregates -------------------------------------------------------------------------
    def session_data(self, session_id: str) -> SessionData:
        session = self.require(Session, session_id)
        return SessionData(
            session=session,
            attendees=self.attendees(session_id),
            cards=self.cards(session_id),
            statements=self.statements(session_id),
            resources=self.resources(session_id),
            mechanisms=self.mechanisms(session_id),
            decisions=self.decisions(session_id),
            stage_answers=self.stage_answers(session_id),
            barrier_ticks=self.barrier_ticks(session_id),
        )

    def initiative_data(self, initiative_id: str, *, deleted_cards: bool = False) -> InitiativeData:
        initiative = self.require(Initiative, initiative_id)
        sessions = []
        for s in self.sessions(initiative_id):
            data = self.session_data(s.id)
            if deleted_cards:
                data.cards = self.cards(s.id, include_deleted=True)
            sessions.append(data)
        return InitiativeData(
            initiative=initiative,
            sessions=sessions,
            key_persons=self.key_persons(initiative_id),
            actions=self.actions(initiative_id=initiative_id),
            reviews=self.reviews(initiative_id),
        )

    # --- bundles -------------------------------------------------------------------------------
    def import_bundle(self, bundle: Bundle) -> ImportResult:
        """Merge an initiative into this database, all or nothing. Records are matched by
        UUID; nothing changes owner; changes merge field by field against what the last
        bundle carried; importing the same bundle again changes nothing (store.merge)."""
        try:
            return merge.import_bundle(self, bundle)
        except (RecordDeleted, ConstraintFailed) as e:
            # a rule of the database the bundle breaks: about the bundle, not a window
            raise BundleError(detail=e.params.get("detail", "")) from e

    def import_history(self, record_id: str) -> list[Revision]:
        """The versions of a record that bundles carried, oldest first (JSON rows)."""
        return [r for r in self._revision_rows(record_id) if r.field == merge.BASE_FIELD]

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

    def counts(self) -> dict[str, int]:
        return {
            table: int(self._execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in TABLES.values()
        }


__all__ = ["SCHEMA_VERSION", "ImportResult", "Revision", "SessionSummary", "Store"]

"""The repository: domain models in, domain models out. The only place with SQL.

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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from workshop.domain.enums import Step
from workshop.store.core import Revision, SessionSummary
from workshop.store.db import open_database
from workshop.store.drafts import DraftStore
from workshop.store.errors import (
    AmbiguousSession,
    BundleError,
    ConstraintFailed,
    NotFound,
    RecordDeleted,
    SessionDeleted,
    StoreError,
    UpdateConflict,
)
from workshop.store.schema import SCHEMA_VERSION

if typing.TYPE_CHECKING:
    from datetime import datetime

    from sqlite_utils import Database

    from workshop.domain.base import Record
    from workshop.domain.bundle import Bundle, InitiativeData, SessionData
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
    from workshop.store.merge import ImportResult

R = TypeVar("R", bound="Record")

WRITE_WAIT_S = 15.0
"""How long a write waits for another instance before giving up."""


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


class Store(DraftStore):
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

    def get(self, model: type[R], record_id: str) -> R | None:
        rows = self._select(model, "id = ?", [record_id], "id")
        return rows[0] if rows else None

    def exists(self, model: type[Record], record_id: str) -> bool:
        """Whether the record is stored (read without building the model's validator)."""
        from workshop.store.rows import TABLES

        return self.has_row(TABLES[model], record_id)

    def require(self, model: type[R], record_id: str) -> R:
        rec = self.get(model, record_id)
        if rec is None:
            from workshop.store.rows import TABLES

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
        """Write some columns of a stored record, keeping the previous text of any text
        field among them (used by edits and by bundle imports), and raise its version
        so an editor holding an older reading notices."""
        from workshop.store.rows import TABLES

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

    def _select(self, model: type[R], where: str, params: Sequence[Any], order: str) -> list[R]:
        from workshop.store.rows import TABLES, row_reader

        cur = self._execute(f"SELECT * FROM {TABLES[model]} WHERE {where} ORDER BY {order}", params)
        read = row_reader(model, [d[0] for d in cur.description])
        return [read(row) for row in cur.fetchall()]

    def get_many(self, model: type[R], ids: Sequence[str]) -> list[R]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        return self._select(model, f"id IN ({marks})", list(ids), "created_at")

    # --- queries --------------------------------------------------------------------------
    def initiatives(self) -> list[Initiative]:
        from workshop.domain.records import Initiative

        return self._select(Initiative, "1", [], "created_at")

    def sessions(self, initiative_id: str | None = None) -> list[Session]:
        from workshop.domain.records import Session

        if initiative_id is None:
            return self._select(Session, "1", [], "date, created_at")
        return self._select(Session, "initiative_id = ?", [initiative_id], "date, created_at")

    def resolve_session(self, ref: str) -> Session:
        """A session by id, unique id prefix, or `latest` (most recently changed)."""
        from workshop.domain.records import Session

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
        from workshop.domain.records import Attendee

        return self._select(Attendee, "session_id = ?", [session_id], "position, created_at")

    def cards(
        self, session_id: str, step: Step | None = None, include_deleted: bool = False
    ) -> list[Card]:
        from workshop.domain.records import Card

        where = "session_id = ?"
        params: list[Any] = [session_id]
        if step is not None:
            where += " AND step = ?"
            params.append(step.value)
        if not include_deleted:
            where += " AND deleted = 0"
        return self._select(Card, where, params, "step, position, created_at")

    def statements(self, session_id: str) -> list[Statement]:
        from workshop.domain.records import Statement

        return self._select(Statement, "session_id = ?", [session_id], "kind, position, created_at")

    def resources(self, session_id: str) -> list[Resource]:
        from workshop.domain.records import Resource

        return self._select(Resource, "session_id = ?", [session_id], "position, created_at")

    def mechanisms(self, session_id: str) -> list[Mechanism]:
        from workshop.domain.records import Mechanism

        return self._select(Mechanism, "session_id = ?", [session_id], "created_at")

    def initiative_mechanisms(self, initiative_id: str) -> list[Mechanism]:
        from workshop.domain.records import Mechanism

        return self._select(
            Mechanism,
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def decisions(self, session_id: str) -> list[Decision]:
        from workshop.domain.records import Decision

        return self._select(Decision, "session_id = ?", [session_id], "position, created_at")

    def initiative_decisions(self, initiative_id: str) -> list[Decision]:
        from workshop.domain.records import Decision

        return self._select(
            Decision,
            "session_id IN (SELECT id FROM sessions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def key_persons(self, initiative_id: str) -> list[KeyPerson]:
        from workshop.domain.records import KeyPerson

        return self._select(KeyPerson, "initiative_id = ?", [initiative_id], "created_at")

    def actions(
        self, *, session_id: str | None = None, initiative_id: str | None = None
    ) -> list[ActionItem]:
        from workshop.domain.records import ActionItem

        if session_id is not None:
            return self._select(ActionItem, "session_id = ?", [session_id], "position, created_at")
        if initiative_id is not None:
            return self._select(ActionItem, "initiative_id = ?", [initiative_id], "created_at")
        return self._select(ActionItem, "1", [], "created_at")

    def reviews(self, initiative_id: str) -> list[ActionReview]:
        from workshop.domain.records import ActionReview

        return self._select(
            ActionReview,
            "action_id IN (SELECT id FROM actions WHERE initiative_id = ?)",
            [initiative_id],
            "created_at",
        )

    def stage_answers(self, session_id: str) -> list[StageAnswer]:
        from workshop.domain.records import StageAnswer

        return self._select(StageAnswer, "session_id = ?", [session_id], "created_at")

    def barrier_ticks(self, session_id: str) -> list[BarrierTick]:
        from workshop.domain.records import BarrierTick

        return self._select(BarrierTick, "session_id = ?", [session_id], "created_at")

    def next_position(self, model: type[Record], session_id: str, **where: Any) -> int:
        """One past the largest position in a session's list (new items go last)."""
        from workshop.store.rows import TABLES

        clause = " AND ".join(["session_id = ?", *(f"{k} = ?" for k in where)])
        row = self._execute(
            f"SELECT coalesce(max(position), -1) + 1 FROM {TABLES[model]} WHERE {clause}",
            [session_id, *where.values()],
        ).fetchone()
        return int(row[0])

    # --- aggregates -------------------------------------------------------------------------
    def session_data(self, session_id: str, *, cards: bool = True) -> SessionData:
        """A session with its records; without its cards when `cards` is False (see
        `initiative_data`)."""
        from workshop.domain.bundle import WITHOUT_CARDS, SessionData
        from workshop.domain.records import Session

        session = self.require(Session, session_id)
        fields = {
            "session": session,
            "attendees": self.attendees(session_id),
            "cards": self.cards(session_id) if cards else [],
            "statements": self.statements(session_id),
            "resources": self.resources(session_id),
            "mechanisms": self.mechanisms(session_id),
            "decisions": self.decisions(session_id),
            "stage_answers": self.stage_answers(session_id),
            "barrier_ticks": self.barrier_ticks(session_id),
        }
        return SessionData.model_validate(fields, context=None if cards else WITHOUT_CARDS)

    def initiative_data(
        self, initiative_id: str, *, deleted_cards: bool = False, cards: bool = True
    ) -> InitiativeData:
        """An initiative with everything that belongs to it. With `cards=False` the
        sessions' cards are not read (`InitiativeData.leave_out_cards`): the action plan
        of a 10,000-card session does not wait for 10,000 cards to be read."""
        from workshop.domain.bundle import WITHOUT_CARDS, InitiativeData
        from workshop.domain.records import Initiative

        initiative = self.require(Initiative, initiative_id)
        sessions = []
        for s in self.sessions(initiative_id):
            data = self.session_data(s.id, cards=cards)
            if deleted_cards and cards:
                data.cards = self.cards(s.id, include_deleted=True)
            sessions.append(data)
        fields = {
            "initiative": initiative,
            "sessions": sessions,
            "key_persons": self.key_persons(initiative_id),
            "actions": self.actions(initiative_id=initiative_id),
            "reviews": self.reviews(initiative_id),
        }
        data = InitiativeData.model_validate(fields, context=None if cards else WITHOUT_CARDS)
        return data if cards else data.leave_out_cards()

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

"""The store's reads: records by id, the lists of a session or an initiative, and the
aggregates the exports and bundles are made of. Domain models come out; the SQL is here
and in `repo.py` (the writes)."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from workshop.domain.enums import Step
from workshop.store.drafts import DraftStore
from workshop.store.errors import AmbiguousSession, NotFound

if typing.TYPE_CHECKING:
    from workshop.domain.base import Record
    from workshop.domain.bundle import InitiativeData, SessionData
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

R = TypeVar("R", bound="Record")


class StoreQueries(DraftStore):
    """Reading records (mixed into `Store`, which writes them)."""

    # --- by id ---------------------------------------------------------------------------
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

    def _select(
        self,
        model: type[R],
        where: str,
        params: Sequence[Any],
        order: str,
        limit: int | None = None,
    ) -> list[R]:
        from workshop.store.rows import TABLES, row_reader

        sql = f"SELECT * FROM {TABLES[model]} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", [*params, limit]
        cur = self._execute(sql, params)
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
        self,
        session_id: str,
        step: Step | None = None,
        include_deleted: bool = False,
        *,
        prompts: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[Card]:
        """The session's cards in the order the wall shows them (by step, position, time,
        and the order they were written in, so that ties come out the same way in every
        query); only those answering `prompts` if given, and only the first `limit`."""
        from workshop.domain.records import Card

        where, params = self._card_filter(session_id, step, include_deleted, prompts)
        return self._select(Card, where, params, "step, position, created_at, rowid", limit)

    def card_count(
        self, session_id: str, step: Step | None = None, prompts: Sequence[str] | None = None
    ) -> int:
        """How many live cards `cards(session_id, step, prompts=prompts)` returns."""
        where, params = self._card_filter(session_id, step, False, prompts)
        return int(self._execute(f"SELECT COUNT(*) FROM cards WHERE {where}", params).fetchone()[0])

    @staticmethod
    def _card_filter(
        session_id: str, step: Step | None, include_deleted: bool, prompts: Sequence[str] | None
    ) -> tuple[str, list[Any]]:
        where = "session_id = ?"
        params: list[Any] = [session_id]
        if step is not None:
            where += " AND step = ?"
            params.append(step.value)
        if not include_deleted:
            where += " AND deleted = 0"
        if prompts is not None:
            where += f" AND prompt IN ({', '.join('?' * len(prompts))})"
            params.extend(prompts)
        return where, params

    def statements(self, session_id: str) -> list[Statement]:
        from workshop.domain.records import Statement

        return self._select(Statement, "session_id = ?", [session_id], "kind, position, created_at")

    def resources(self, session_id: str) -> list[Resource]:
        from workshop.domain.records import Resource

        return self._select(Resource, "session_id = ?", [session_id], "position, created_at")

    def mechanisms(self, session_id: str) -> list[Mechanism]:
        from workshop.domain.records import Mechanism

        return self._select(Mechanism, "session_id = ?", [session_id], "created_at")

    def mechanisms_in_force(self, session_id: str) -> tuple[list[Mechanism], Session | None]:
        """The regular meeting(s) a session works under, as its documents take them: its
        own, else those of the latest earlier session of its initiative that has any,
        with that session (None when they are the session's own)."""
        from workshop.domain.next_meeting import in_force
        from workshop.domain.records import Session, session_order

        own = self.mechanisms(session_id)
        if own:
            return own, None
        session = self.require(Session, session_id)
        ordered = sorted(self.sessions(session.initiative_id), key=session_order)
        ids = [s.id for s in ordered]
        by_session: dict[str, list[Mechanism]] = {}
        for m in self.initiative_mechanisms(session.initiative_id):
            by_session.setdefault(m.session_id, []).append(m)
        return in_force(ordered[: ids.index(session_id) + 1], by_session)

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

    def key_persons_at(self, initiative_id: str, at: datetime) -> list[KeyPerson]:
        """The initiative's key persons as they stood at `at` (`domain.as_of`): a person
        edited since with the values they had, one deleted since back, one added since
        left out. From the revisions every edit and deletion writes."""
        from workshop.domain.as_of import SNAPSHOT, as_of
        from workshop.domain.records import KeyPerson
        from workshop.store.core import Revision
        from workshop.store.rows import TABLES

        current = {p.id: p for p in self.key_persons(initiative_id)}
        rows = self._execute(
            "SELECT table_name, record_id, field, old_value, changed_at FROM revisions"
            " WHERE table_name = ? AND (record_id IN (SELECT id FROM key_persons"
            " WHERE initiative_id = ?) OR (field = ? AND CASE WHEN json_valid(old_value)"
            " THEN json_extract(old_value, '$.initiative_id') END = ?)) ORDER BY id",
            [TABLES[KeyPerson], initiative_id, SNAPSHOT, initiative_id],
        ).fetchall()
        changes: dict[str, list[Revision]] = {}
        for row in rows:
            changes.setdefault(row[1], []).append(Revision(*row))
        people = [
            person
            for pid in dict.fromkeys([*current, *changes])
            if (person := as_of(KeyPerson, current.get(pid), changes.get(pid, []), at)) is not None
        ]
        return sorted(people, key=lambda p: p.created_at)

    def register_at_confirmation(self, session: Session) -> list[KeyPerson] | None:
        """For a confirmed (確定) session, the key persons as they stood when it was last
        confirmed: what its documents show. None for a draft (they show today's)."""
        from workshop.domain.approval import last_event
        from workshop.domain.enums import SessionStatus

        final = last_event(session, "final")
        if session.status is not SessionStatus.FINAL or final is None:
            return None
        return self.key_persons_at(session.initiative_id, final.at)

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


__all__ = ["StoreQueries"]

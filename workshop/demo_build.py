"""The records of the demo workshop, built from ``seed/demo.toml`` (see `workshop.demo`).

Records refer to each other by short handles; ids come from the handles and times from
a clock that starts at each session's date and ticks per record, so every build gives
the same records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from workshop.demo_ids import demo_id
from workshop.domain.base import Record
from workshop.domain.bundle import SessionData
from workshop.domain.enums import Step
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

R = TypeVar("R", bound=Record)

JST = timezone(timedelta(hours=9), "JST")
"""Session times in the file are local times of a Japanese town."""

TICK = timedelta(seconds=20)
"""Gap between two consecutive records of a session, so created_at keeps file order."""

DEFAULT_START = time(10, 0)
"""Clock start for a session without a start time."""


class DemoError(ValueError):
    """demo.toml refers to something it does not define, or has an unknown key."""


# --- ids and times ----------------------------------------------------------------------


@dataclass
class Clock:
    """Hands out increasing timestamps from a session's start, one tick per record."""

    start: datetime
    ticks: int = 0

    def next(self) -> datetime:
        stamp = self.start + self.ticks * TICK
        self.ticks += 1
        return stamp


def session_clock(raw: dict[str, Any]) -> Clock:
    """A clock starting when the session started (JST), kept in UTC like the store."""
    day = raw.get("date")
    if not isinstance(day, date):
        raise DemoError(f"session {raw.get('handle')!r} needs a date")
    local = datetime.combine(day, raw.get("start_time") or DEFAULT_START, tzinfo=JST)
    return Clock(local.astimezone(UTC))


# --- authoring keys -----------------------------------------------------------------------

# Fields the loader fills in itself; the file must not set them.
_MANAGED = frozenset({"id", "created_at", "updated_at", "session_id", "initiative_id", "position"})

# Keys of the file that are not model fields: references by handle. Any entry may
# also have a "handle" of its own.
_AUTHORING: dict[type[Record], frozenset[str]] = {
    Card: frozenset({"author"}),
    Statement: frozenset({"source_card"}),
    ActionReview: frozenset({"action"}),
    StageAnswer: frozenset({"attendee"}),
}


def check_keys(model: type[Record], raw: dict[str, Any], where: str) -> None:
    """Refuse unknown keys: the models ignore extra fields, so a typo would otherwise
    silently drop a value from the demo."""
    allowed = (set(model.model_fields) - _MANAGED) | {"handle"} | _AUTHORING.get(model, frozenset())
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise DemoError(f"{where}: unknown key(s) {', '.join(unknown)}")


def model_fields(model: type[Record], raw: dict[str, Any]) -> dict[str, Any]:
    """The raw entry without its authoring keys."""
    return {k: v for k, v in raw.items() if k in model.model_fields}


# --- building one session --------------------------------------------------------------------


@dataclass
class InitiativeBuild:
    """What is shared across sessions: the initiative and its action items by handle."""

    handle: str
    initiative: Initiative
    actions: dict[str, ActionItem] = field(default_factory=dict)
    key_persons: list[KeyPerson] = field(default_factory=list)
    reviews: list[ActionReview] = field(default_factory=list)


@dataclass
class SessionBuild:
    """One session being built: its records so far and its handle lookups."""

    owner: InitiativeBuild
    handle: str
    clock: Clock
    session: Session | None = None
    attendees: dict[str, Attendee] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    """Cards by handle (or by their index when the file gives no handle)."""
    records: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def session_id(self) -> str:
        return demo_id(self.owner.handle, self.handle)

    def make(self, model: type[R], kind: str, key: str, data: dict[str, Any]) -> R:
        """A validated record with its stable id and the next timestamps of the clock."""
        stamp = self.clock.next()
        return model.model_validate(
            {
                **data,
                "id": demo_id(self.owner.handle, self.handle, kind, key),
                "created_at": stamp,
                "updated_at": stamp,
            }
        )

    def attendee_id(self, handle: str | None, where: str) -> str | None:
        if handle is None:
            return None
        if handle not in self.attendees:
            raise DemoError(f"{where}: no attendee {handle!r} in session {self.handle}")
        return self.attendees[handle].id

    def card_id(self, handle: str, where: str) -> str:
        if handle not in self.cards:
            raise DemoError(f"{where}: no card {handle!r} in session {self.handle}")
        return self.cards[handle].id

    def keep(self, group: str, rec: Record) -> None:
        self.records.setdefault(group, []).append(rec)


def _entry_key(raw: dict[str, Any], index: int) -> str:
    """The path element of an entry's id: its handle, or its index in the file.
    Entries without a handle keep their id as long as nothing is inserted before them."""
    return str(raw.get("handle") or index)


def build_attendees(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.attendees[{i}]"
        check_keys(Attendee, raw, where)
        if "handle" not in raw:
            raise DemoError(f"{where}: an attendee needs a handle")
        data = model_fields(Attendee, raw) | {"session_id": sb.session_id, "position": i}
        att = sb.make(Attendee, "attendee", raw["handle"], data)
        sb.attendees[raw["handle"]] = att
        sb.keep("attendees", att)


def build_cards(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.cards[{i}]"
        check_keys(Card, raw, where)
        author_id = sb.attendee_id(raw.get("author"), where)
        author = sb.attendees.get(raw.get("author", ""))
        data = model_fields(Card, raw) | {
            "session_id": sb.session_id,
            "position": i,
            "author_id": author_id,
            # The step is the prompt's prefix (vision.town -> vision) unless given.
            "step": raw.get("step") or Step(str(raw.get("prompt", "")).split(".")[0]),
            # A card speaks for its author's department unless it says otherwise.
            "department": raw.get("department", author.department if author else ""),
        }
        key = _entry_key(raw, i)
        card = sb.make(Card, "card", key, data)
        sb.cards[key] = card
        sb.keep("cards", card)


def build_statements(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.statements[{i}]"
        check_keys(Statement, raw, where)
        source = raw.get("source_card")
        data = model_fields(Statement, raw) | {
            "session_id": sb.session_id,
            "position": i,
            "source_card_id": sb.card_id(source, where) if source else None,
        }
        sb.keep("statements", sb.make(Statement, "statement", _entry_key(raw, i), data))


def resolve_origin(sb: SessionBuild, origin: str, where: str) -> str:
    """Decision origins name cards by handle in the file; the store wants their ids."""
    if not origin.startswith("complement:"):
        return origin
    parts = origin.split(":")
    if len(parts) != 3:
        raise DemoError(f"{where}: origin must be complement:<need card>:<offer card>")
    need, offer = (sb.card_id(h, where) for h in parts[1:])
    return f"complement:{need}:{offer}"


def build_decisions(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.decisions[{i}]"
        check_keys(Decision, raw, where)
        data = model_fields(Decision, raw) | {
            "session_id": sb.session_id,
            "position": i,
            "origin": resolve_origin(sb, raw.get("origin", ""), where),
        }
        sb.keep("decisions", sb.make(Decision, "decision", _entry_key(raw, i), data))


def build_actions(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.actions[{i}]"
        check_keys(ActionItem, raw, where)
        key = _entry_key(raw, i)
        if key in sb.owner.actions:
            raise DemoError(f"{where}: action handle {key!r} is used twice")
        data = model_fields(ActionItem, raw) | {
            "session_id": sb.session_id,
            "initiative_id": sb.owner.initiative.id,
            "position": i,
        }
        sb.owner.actions[key] = sb.make(ActionItem, "action", key, data)


def build_reviews(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.reviews[{i}]"
        check_keys(ActionReview, raw, where)
        action = sb.owner.actions.get(raw.get("action", ""))
        if action is None:
            raise DemoError(f"{where}: no earlier action {raw.get('action')!r}")
        data = model_fields(ActionReview, raw) | {
            "session_id": sb.session_id,
            "action_id": action.id,
        }
        # An action is looked at once per session, so its handle names the review.
        key = raw.get("handle") or raw["action"]
        sb.owner.reviews.append(sb.make(ActionReview, "review", key, data))


def build_key_persons(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        check_keys(KeyPerson, raw, f"{sb.handle}.key_persons[{i}]")
        data = model_fields(KeyPerson, raw) | {
            "session_id": sb.session_id,
            "initiative_id": sb.owner.initiative.id,
        }
        sb.owner.key_persons.append(sb.make(KeyPerson, "key_person", _entry_key(raw, i), data))


def build_stage_answers(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
    for i, raw in enumerate(items):
        where = f"{sb.handle}.stage_answers[{i}]"
        check_keys(StageAnswer, raw, where)
        attendee = raw.get("attendee")
        data = model_fields(StageAnswer, raw) | {
            "session_id": sb.session_id,
            "attendee_id": sb.attendee_id(attendee, where),
        }
        # One answer per attendee (or the team's) per session, so the handle is the key.
        sb.keep("stage_answers", sb.make(StageAnswer, "stage", attendee or "team", data))


def simple_builder(
    model: type[Record], kind: str, group: str
) -> Callable[[SessionBuild, list[dict[str, Any]]], None]:
    """A builder for records that refer to nothing but their session."""

    def build(sb: SessionBuild, items: list[dict[str, Any]]) -> None:
        for i, raw in enumerate(items):
            check_keys(model, raw, f"{sb.handle}.{group}[{i}]")
            data = model_fields(model, raw) | {"session_id": sb.session_id}
            if "position" in model.model_fields:
                data["position"] = i
            sb.keep(group, sb.make(model, kind, _entry_key(raw, i), data))

    return build


# Builders by the key of the session's lists in the file. They run in the order the
# lists appear in the file (which also sets created_at), so a list must come after the
# lists it refers to: cards after attendees, statements and decisions after cards.
BUILDERS: dict[str, Callable[[SessionBuild, list[dict[str, Any]]], None]] = {
    "attendees": build_attendees,
    "cards": build_cards,
    "statements": build_statements,
    "resources": simple_builder(Resource, "resource", "resources"),
    "mechanisms": simple_builder(Mechanism, "mechanism", "mechanisms"),
    "key_persons": build_key_persons,
    "decisions": build_decisions,
    "actions": build_actions,
    "reviews": build_reviews,
    "stage_answers": build_stage_answers,
    "barrier_ticks": simple_builder(BarrierTick, "barrier", "barrier_ticks"),
}


def build_session(owner: InitiativeBuild, raw: dict[str, Any], clock: Clock) -> SessionData:
    """One session and everything recorded in it, in file order."""
    handle = raw.get("handle")
    if not handle:
        raise DemoError("every session needs a handle")
    sb = SessionBuild(owner=owner, handle=handle, clock=clock)
    head = {k: v for k, v in raw.items() if k not in BUILDERS}
    check_keys(Session, head, f"session {handle}")
    # The session's own id has no kind element: it is the parent of every other path.
    stamp = clock.next()
    sb.session = Session.model_validate(
        model_fields(Session, head)
        | {
            "id": sb.session_id,
            "initiative_id": owner.initiative.id,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    for key, items in raw.items():
        if key in BUILDERS:
            BUILDERS[key](sb, items)
    return SessionData(session=sb.session, **sb.records)


def build_initiative(raw: dict[str, Any], clock: Clock) -> InitiativeBuild:
    check_keys(Initiative, raw, "initiative")
    handle = raw.get("handle")
    if not handle:
        raise DemoError("the initiative needs a handle")
    stamp = clock.next()
    initiative = Initiative.model_validate(
        model_fields(Initiative, raw)
        | {"id": demo_id(handle), "created_at": stamp, "updated_at": stamp}
    )
    return InitiativeBuild(handle=handle, initiative=initiative)

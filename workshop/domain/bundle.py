"""Aggregates of records: everything of one session, of one initiative, and the bundle
file that carries an initiative between machines."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from workshop.domain.base import UNTRUSTED, Record, Stamp, untrusted_input, utcnow
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
    session_order,
)

BUNDLE_FORMAT = "workshop-bundle"
BUNDLE_VERSION = 1
"""The bundle's format. A record's new field is a new version: a reader refuses a field
it does not know (`Record._known_fields`) and a version newer than its own, both with a
message saying so."""

WITHOUT_CARDS = {"cards_left_out": True}
"""Validation context of an initiative read without its cards (`InitiativeData.
leave_out_cards`): every check holds except the references to the cards, which are
not there to be checked against."""


def _cards_left_out(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("cards_left_out"))


class SessionData(BaseModel):
    """One session with every record that belongs to it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    session: Session
    attendees: list[Attendee] = []
    cards: list[Card] = []
    statements: list[Statement] = []
    resources: list[Resource] = []
    mechanisms: list[Mechanism] = []
    decisions: list[Decision] = []
    stage_answers: list[StageAnswer] = []
    barrier_ticks: list[BarrierTick] = []

    @model_validator(mode="after")
    def _belongs(self, info: ValidationInfo) -> SessionData:
        sid = self.session.id
        for group in (
            self.attendees,
            self.cards,
            self.statements,
            self.resources,
            self.mechanisms,
            self.decisions,
            self.stage_answers,
            self.barrier_ticks,
        ):
            for rec in group:
                if rec.session_id != sid:
                    raise PydanticCustomError(
                        "ws_foreign_record",
                        "record {id} does not belong to session {session}",
                        {"id": rec.id, "session": sid},
                    )
        people = {a.id for a in self.attendees}
        cards = {c.id for c in self.cards}
        refs = [(c.id, c.author_id, people) for c in self.cards]
        if not _cards_left_out(info):
            refs += [(s.id, s.source_card_id, cards) for s in self.statements]
        refs += [(a.id, a.attendee_id, people) for a in self.stage_answers]
        for record_id, ref, known in refs:
            if ref is not None and ref not in known:
                raise PydanticCustomError(
                    "ws_dangling", "record {id} refers to a missing record", {"id": record_id}
                )
        return self

    def attendee(self, attendee_id: str | None) -> Attendee | None:
        return next((a for a in self.attendees if a.id == attendee_id), None)


class InitiativeData(BaseModel):
    """An initiative with all its sessions, key persons, action items and reviews."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    initiative: Initiative
    sessions: list[SessionData] = []
    key_persons: list[KeyPerson] = []
    actions: list[ActionItem] = []
    reviews: list[ActionReview] = []

    _cards_left_out: bool = PrivateAttr(default=False)

    @property
    def has_cards(self) -> bool:
        """False for an initiative read without its cards (`leave_out_cards`)."""
        return not self._cards_left_out

    def leave_out_cards(self) -> InitiativeData:
        """Mark this initiative as read without its cards (every session's `cards` is
        empty although the session may have some): enough for what never shows a card
        (the action plan, the calendar, the charter, the history of the sessions), and
        refused by what does (the minutes, a bundle). Returns itself."""
        self._cards_left_out = True
        return self

    def records(self) -> Iterator[Record]:
        """Every record of the initiative, parents before the records that refer to them."""
        yield self.initiative
        for s in self.sessions:
            yield s.session
        for s in self.sessions:
            yield from (*s.attendees, *s.cards, *s.statements, *s.resources, *s.mechanisms)
            yield from s.decisions
        yield from (*self.actions, *self.reviews, *self.key_persons)
        for s in self.sessions:
            yield from (*s.stage_answers, *s.barrier_ticks)

    @model_validator(mode="after")
    def _consistent(self) -> InitiativeData:
        counts = Counter(rec.id for rec in self.records())
        twice = sorted(i for i, n in counts.items() if n > 1)
        if twice:
            raise PydanticCustomError(
                "ws_duplicate_id",
                "the same id is used by more than one record: {ids}",
                {"ids": ", ".join(twice[:5]) + (" …" if len(twice) > 5 else "")},
            )
        iid = self.initiative.id
        session_ids = {s.session.id for s in self.sessions}
        for s in self.sessions:
            if s.session.initiative_id != iid:
                raise PydanticCustomError(
                    "ws_foreign_record",
                    "record {id} does not belong to initiative {initiative}",
                    {"id": s.session.id, "initiative": iid},
                )
        for rec in [*self.key_persons, *self.actions]:
            if rec.initiative_id != iid:
                raise PydanticCustomError(
                    "ws_foreign_record",
                    "record {id} does not belong to initiative {initiative}",
                    {"id": rec.id, "initiative": iid},
                )
        action_ids = {a.id for a in self.actions}
        for a in self.actions:
            if a.session_id not in session_ids:
                raise PydanticCustomError(
                    "ws_dangling", "record {id} refers to a missing session", {"id": a.id}
                )
        for p in self.key_persons:
            if p.session_id is not None and p.session_id not in session_ids:
                raise PydanticCustomError(
                    "ws_dangling", "record {id} refers to a missing session", {"id": p.id}
                )
        for r in self.reviews:
            if r.action_id not in action_ids or r.session_id not in session_ids:
                raise PydanticCustomError(
                    "ws_dangling", "record {id} refers to a missing record", {"id": r.id}
                )
        return self

    def session(self, session_id: str) -> SessionData | None:
        return next((s for s in self.sessions if s.session.id == session_id), None)

    def ordered_sessions(self) -> list[SessionData]:
        """Sessions oldest first (by date, then by creation)."""
        return sorted(self.sessions, key=lambda s: session_order(s.session))


class Bundle(BaseModel):
    """The JSON file `workshop export --format json` writes and `workshop import` reads."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    format: Literal["workshop-bundle"] = BUNDLE_FORMAT
    version: int = Field(default=BUNDLE_VERSION, ge=1)
    exported_at: Stamp = Field(default_factory=utcnow)
    app_version: str = ""
    data: InitiativeData

    @model_validator(mode="after")
    def _known_version(self, info: ValidationInfo) -> Bundle:
        if untrusted_input(info) and "format" not in self.model_fields_set:
            # a file says what it is: JSON without the marker is not taken for a bundle
            # (in a folder such a file is passed over; named alone it was imported)
            raise PydanticCustomError("ws_not_a_bundle", "the file does not say it is a bundle")
        if not self.data.has_cards:
            # a program error, never a file: a bundle without the cards would lose them
            raise ValueError("a bundle is made of an initiative read with its cards")
        if self.version > BUNDLE_VERSION:
            raise PydanticCustomError(
                "ws_bundle_version",
                "bundle version {found} is newer than this program understands ({supported})",
                {"found": self.version, "supported": BUNDLE_VERSION},
            )
        return self

    def to_json(self) -> str:
        """The bundle file's text (UTF-8, indented by two). pydantic writes it directly:
        the same text as `json.dumps` of `model_dump(mode="json")` (a float under 1e-4
        is written 1e-5, not 1e-05: the same number), without first building the whole
        initiative as dicts and lists (about 50 MB and 0.2 s at 10,000 cards)."""
        return self.to_json_bytes().decode("utf-8")

    def to_json_bytes(self) -> bytes:
        """`to_json` as the file's UTF-8 bytes, as pydantic writes them: the text of a
        10,000-card initiative is not held as a str too (decoded from pydantic's bytes,
        copied for its last newline and encoded again, it raised the export's peak
        memory by 11 MB)."""
        return self.__pydantic_serializer__.to_json(self, indent=2) + b"\n"

    def json_chunks(self) -> Iterator[bytes]:
        """`to_json_bytes` in pieces, for writing to a file: the bundle without its cards,
        with each session's cards written where its empty list stands, `CARD_BATCH` at a
        time. The same text, never held whole: at 10,000 cards pydantic's buffer and the
        bytes it returns raised the export's peak memory by 12 MB."""
        sessions = self.data.sessions
        bare = self.model_copy(
            update={
                "data": self.data.model_copy(
                    update={"sessions": [sd.model_copy(update={"cards": []}) for sd in sessions]}
                )
            }
        )
        text = self.__pydantic_serializer__.to_json(bare, indent=2)
        # No other field is named `cards`, and no dict has keys a user types (JSON strings
        # escape their quotes): each session's empty list is found once, in order.
        if text.count(_EMPTY_CARDS) != len(sessions):
            yield self.to_json_bytes()
            return
        written = at = 0
        for sd in sessions:
            found = text.index(_EMPTY_CARDS, at)
            at = found + len(_EMPTY_CARDS)
            if sd.cards:
                yield text[written : at - 2]  # up to its "[]"
                yield from _card_list(sd.cards, found - (text.rfind(b"\n", 0, found) + 1))
                written = at
        yield text[written:] + b"\n"


CARD_BATCH = 500
"""Cards serialised at a time by `Bundle.json_chunks` (about 400 KB of text)."""

_EMPTY_CARDS = b'"cards": []'


@functools.cache
def _cards_adapter() -> TypeAdapter[list[Card]]:
    return TypeAdapter(list[Card])


def _card_list(cards: list[Card], indent: int) -> Iterator[bytes]:
    """A session's cards as `to_json` writes their list under a key indented by
    `indent` spaces, `CARD_BATCH` at a time."""
    pad = b" " * indent
    yield b"[\n"
    for i in range(0, len(cards), CARD_BATCH):
        if i:
            yield b",\n"
        batch = _cards_adapter().dump_json(cards[i : i + CARD_BATCH], indent=2)
        # "[\n  {…},\n  {…}\n]": its items two spaces in, here `indent` more
        yield pad + batch[2:-2].replace(b"\n", b"\n" + pad)
    yield b"\n" + pad + b"]"


def parse_bundle(raw: str | bytes) -> Bundle:
    """Read a bundle file as untrusted input. Strict types: a number written as text
    ("5") is refused, as is an integer beyond SQLite's range; ids must be UUIDs, no id may
    appear twice, and timestamps must carry a time zone and not lie ahead of this clock by
    more than `base.FUTURE_TOLERANCE`. Raises pydantic's ValidationError with every
    problem found (one entry each)."""
    return Bundle.model_validate_json(raw, strict=True, context={UNTRUSTED: True})


def bundle_schema() -> dict[str, Any]:
    """JSON Schema of the bundle, generated from the models."""
    schema = Bundle.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "workshop bundle"
    return schema

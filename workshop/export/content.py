"""What every export says about a session, computed once for all formats.

`Context` gathers one session with what came before it (a minutes file of session 2
written after session 3 must still say what session 2 knew). Its labels and small
formatters feed the minutes, the action plan (rows in `plan_rows`), the calendar and the
draft charter.
All labels are Japanese: exports are Japanese whatever the UI language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import SessionKind, SessionStatus, Step, steps_for
from workshop.domain.followup import (
    ActionState,
    action_states,
    session_ranks,
)
from workshop.domain.next_meeting import in_force
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    Card,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
)
from workshop.domain.rules import Overlap, department_profiles, find_overlaps, live_cards
from workshop.domain.search_text import fold
from workshop.domain.wareki import hhmm, wareki
from workshop.i18n import label, t

if TYPE_CHECKING:
    from workshop.domain.reference import Source
    from workshop.reference import Reference

LANG = "ja"
LAST_WEEK = 5
"""A fifth weekday is not in every month: the rotation then takes the month's last."""
ROTATION_COUNT = 6
"""Meetings shown ahead in the rotation, the calendar and the action plan."""


def L(key: str, /, **params: Any) -> str:
    """An export string (always Japanese)."""
    return t(f"export.{key}", LANG, **params)


def lab(group: str, value: Any) -> str:
    """Japanese label of an enum value (from the core catalog)."""
    return label(group, value, LANG)


@cache
def reference() -> Reference | None:
    """The reference data, or None while a seed file is missing or broken: exports then
    leave out the survey benchmark instead of failing the secretariat's afternoon."""
    try:
        from workshop.reference import load

        return load()
    except Exception:
        return None


# --- formatting of values ---------------------------------------------------------------


def jdate(d: date | None, weekday: bool = False) -> str:
    return wareki(d, weekday=weekday) if d else ""


def jtime(t_: time | None) -> str:
    return hhmm(t_) if t_ else ""


def joined(items: Sequence[str], sep: str = "、") -> str:
    return sep.join(i for i in items if i)


def stage_text(n: int | None) -> str:
    """「5 組織で共同実施」: the survey's short label from the seed, as the self-check shows
    it (the catalog's label only while the reference data cannot be read)."""
    if not n:
        return ""
    ref = reference()
    stage = ref.stage_by_number.get(n) if ref else None
    return f"{n} {stage.short}" if stage else f"{n} {lab('stage', n)}"


def sources_text(sources: Sequence[Source]) -> str:
    """Provenance, the document named once: 『報告書2021』L6236・L6258・L6984."""
    by_doc: dict[str, list[str]] = {}
    for src in sources:
        name, _, span = src.label().partition("』")
        by_doc.setdefault(name + "』", [])
        if span not in by_doc[name + "』"]:
            by_doc[name + "』"].append(span)
    return "、".join(doc + "・".join(spans) for doc, spans in by_doc.items())


# --- the context ------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """One session of an initiative, seen as of the day it took place."""

    data: InitiativeData
    sd: SessionData

    @classmethod
    def of(cls, data: InitiativeData, session_id: str) -> Context:
        sd = data.session(session_id)
        if sd is None:
            raise ValueError(f"no session {session_id} in initiative {data.initiative.id}")
        return cls(data, sd)

    @property
    def session(self) -> Session:
        return self.sd.session

    @property
    def sid(self) -> str:
        return self.sd.session.id

    @property
    def draft(self) -> bool:
        return self.session.status is not SessionStatus.FINAL

    @property
    def followup(self) -> bool:
        return self.session.kind is SessionKind.FOLLOWUP

    @cached_property
    def live(self) -> list[Card]:
        """The session's cards not deleted, in board order: sorted once per document
        (the minutes asked for them step by step, sorting 10,000 cards eleven times)."""
        return live_cards(self.sd.cards)

    @cached_property
    def live_by_step(self) -> dict[Step, list[Card]]:
        """`live` cards by step, in board order (the sort is stable): the cards are gone
        through once, not once for each step the minutes ask for."""
        by_step: dict[Step, list[Card]] = {}
        for card in self.live:
            by_step.setdefault(card.step, []).append(card)
        return by_step

    def live_of(self, step: Step) -> list[Card]:
        """`live` cards of one step (in board order)."""
        return list(self.live_by_step.get(step, ()))

    @cached_property
    def profiles(self) -> dict[str, dict[str, list[Card]]]:
        """Department -> heading -> cards of ② (`department_profiles`), once per document."""
        return department_profiles(self.live_of(Step.STRENGTHS))

    @cached_property
    def overlaps(self) -> dict[str, Overlap]:
        """Themes that two or more departments already work on, by finding key."""
        ref = reference()
        themes = ref.themes.themes if ref else []
        return {o.key: o for o in find_overlaps(self.live_of(Step.STRENGTHS), themes)}

    @cached_property
    def ordered(self) -> list[SessionData]:
        return self.data.ordered_sessions()

    @cached_property
    def upto(self) -> list[SessionData]:
        """Sessions up to and including this one, oldest first."""
        ids = [s.session.id for s in self.ordered]
        return self.ordered[: ids.index(self.sid) + 1]

    @cached_property
    def upto_ids(self) -> set[str]:
        return {s.session.id for s in self.upto}

    def number(self, session_id: str) -> int:
        """第n回: the place of a session among the initiative's sessions."""
        ids = [s.session.id for s in self.ordered]
        return ids.index(session_id) + 1 if session_id in ids else 0

    def session_title(self, session_id: str) -> str:
        sd = self.data.session(session_id)
        return sd.session.title if sd else ""

    def session_label(self, session_id: str) -> str:
        """「第1回連携会議（令和8年11月22日）」: where an action item was decided."""
        sd = self.data.session(session_id)
        if sd is None:
            return ""
        s = sd.session
        return f"{s.title}（{jdate(s.date)}）" if s.date else s.title

    @cached_property
    def actions_upto(self) -> list[ActionItem]:
        return [a for a in self.data.actions if a.session_id in self.upto_ids]

    @cached_property
    def reviews_upto(self) -> list[ActionReview]:
        return [r for r in self.data.reviews if r.session_id in self.upto_ids]

    @cached_property
    def states(self) -> dict[str, ActionState]:
        """Action id -> its state after the reviews up to this session."""
        return {
            s.action.id: s for s in action_states(self.actions_upto, self.reviews_upto, self.ranks)
        }

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Session id -> its place among the initiative's sessions (meeting order)."""
        return session_ranks(sd.session for sd in self.ordered)

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The steps the session went through (議題), in its kind's order: the opening and
        closing steps it reached, and every step with records or time spent on it (a
        follow-up uses only the steps it needs; an unused step is not an agenda item)."""
        all_steps = steps_for(self.session.kind)
        reached = self.session.reached_step
        cut = all_steps.index(reached) if reached in all_steps else len(all_steps) - 1
        used = self._steps_with_records() | {
            s for s, secs in self.session.timer_elapsed.items() if secs > 0
        }
        frame = {Step.PREP, Step.REVIEW, Step.SUMMARY}
        return tuple(s for i, s in enumerate(all_steps) if s in used or (i <= cut and s in frame))

    def _steps_with_records(self) -> set[Step]:
        sd = self.sd
        used = {c.step for c in sd.cards if not c.deleted}
        checks = {
            Step.PREP: bool(self.session.themes or sd.stage_answers or sd.barrier_ticks),
            Step.VISION: bool(sd.statements or self.session.expected_merits),
            Step.STRENGTHS: bool(self.session.entry_pattern),
            Step.RESOURCES: bool(sd.resources),
            Step.MECHANISM: bool(sd.mechanisms)
            or any(p.session_id == self.sid for p in self.data.key_persons),
        }
        return used | {step for step, has in checks.items() if has}

    @cached_property
    def _attendees(self) -> dict[str, Attendee]:
        """This session's attendees by id, the first of an id kept (as `sd.attendee`):
        looked up for every card of the appendix."""
        return {a.id: a for a in reversed(self.sd.attendees)}

    def attendee(self, attendee_id: str | None) -> Attendee | None:
        return None if attendee_id is None else self._attendees.get(attendee_id)

    def attendee_name(self, attendee_id: str | None) -> str:
        a = self.attendee(attendee_id)
        return a.name if a else ""

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.sd.cards if c.id == card_id), None)

    @cached_property
    def mechanisms(self) -> list[Mechanism]:
        """The regular meeting(s) in force: this session's, else the latest earlier ones."""
        upto = [sd.session for sd in self.upto]
        return in_force(upto, {sd.session.id: sd.mechanisms for sd in self.upto})[0]

    @cached_property
    def resources(self) -> list[tuple[list[SessionData], Resource]]:
        """Every resource listed up to this session, once, with the sessions that listed
        it: a body or scheme listed again in a later meeting (the same scheme, or the same
        kind and name) is one row, as that meeting left it, where it was first listed
        (it was a row per meeting, the same subsidy twice in the 資源一覧)."""
        rows: dict[tuple[str, ...], tuple[list[SessionData], Resource]] = {}
        for sd in self.upto:
            for r in sorted(sd.resources, key=lambda r: r.position):
                key = (
                    ("scheme", r.scheme_id)
                    if r.scheme_id
                    else (r.kind.value, "".join(fold(r.name).split()))
                )
                sessions = rows[key][0] if key in rows else []
                if not sessions or sessions[-1] is not sd:  # twice in one meeting: once
                    sessions = [*sessions, sd]
                rows[key] = (sessions, r)
        return list(rows.values())

    @cached_property
    def key_persons(self) -> list[KeyPerson]:
        people = [
            p
            for p in self.data.key_persons
            if p.session_id is None or p.session_id in self.upto_ids
        ]
        return sorted(people, key=lambda p: p.created_at)

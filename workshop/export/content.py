"""What every export says about a session, computed once for all formats.

`Context` gathers one session with what came before it (a minutes file of session 2
written after session 3 must still say what session 2 knew). The row builders here
feed the minutes, the action plan (XLSX, CSV), the calendar and the draft charter.
All labels are Japanese: exports are Japanese whatever the UI language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from workshop.domain.benchmark import Answer, is_known, share_counts, team_stages
from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import ActionStatus, SessionKind, SessionStatus, Step, steps_for
from workshop.domain.followup import (
    CARRY_FLAG_AT,
    ActionState,
    PlannedMeeting,
    action_states,
    rotation,
    week_of_month,
)
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Card,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
)
from workshop.domain.wareki import WEEKDAYS_JA, hhmm, wareki
from workshop.i18n import label, t
from workshop.stage_findings import benchmark_lines, room_lines

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
        return {s.action.id: s for s in action_states(self.actions_upto, self.reviews_upto)}

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

    def attendee_name(self, attendee_id: str | None) -> str:
        a = self.sd.attendee(attendee_id)
        return a.name if a else ""

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.sd.cards if c.id == card_id), None)

    @cached_property
    def mechanisms(self) -> list[Mechanism]:
        """The regular meeting(s) in force: this session's, else the latest earlier ones."""
        for sd in reversed(self.upto):
            if sd.mechanisms:
                return list(sd.mechanisms)
        return []

    @cached_property
    def resources(self) -> list[tuple[SessionData, Resource]]:
        """Every resource listed up to this session, with the session that listed it."""
        return [(sd, r) for sd in self.upto for r in sorted(sd.resources, key=lambda r: r.position)]

    @cached_property
    def key_persons(self) -> list[KeyPerson]:
        people = [
            p
            for p in self.data.key_persons
            if p.session_id is None or p.session_id in self.upto_ids
        ]
        return sorted(people, key=lambda p: p.created_at)


# --- the stage self-check ---------------------------------------------------------------


@dataclass(frozen=True)
class StageCheck:
    """The figures of a session's stage self-check, worked out by the same functions of
    `workshop.domain.benchmark` the self-check screen uses, so the minutes and the
    screen cannot disagree."""

    team: Answer | None
    """The team's agreed answer, if given."""
    people: tuple[Answer, ...]
    """The attendees' own answers, in attendee order."""
    current: int | None
    target: int | None
    """The stages compared with the survey (`team_stages`): the team's, or the median
    of the attendees' answers where the team gave none (or わからない)."""
    counts: dict[int, tuple[int, int]]
    """Stage -> attendees placing the current stage there, attendees aiming there."""

    @property
    def from_median(self) -> bool:
        """A stage compared is the attendees' median, the team having given no answer
        or わからない (the screen says so when the current stage is)."""
        team = self.team
        own_current = team is not None and is_known(team.current)
        own_target = team is not None and is_known(team.target)
        return (self.current is not None and not own_current) or (
            self.target is not None and not own_target
        )


def stage_check(ctx: Context) -> StageCheck:
    """The self-check figures of the session, from its answers as the screen reads them:
    one per person (the latest), attendees in their listed order."""
    answers = sorted(ctx.sd.stage_answers, key=lambda a: a.created_at)
    by_person = {a.attendee_id: a for a in answers}
    found = by_person.get(None)
    team = Answer(L("stage.team"), found.current, found.target) if found else None
    attendees = sorted(ctx.sd.attendees, key=lambda a: (a.position, a.created_at))
    people = tuple(
        Answer(person.name, a.current, a.target)
        for person in attendees
        if (a := by_person.get(person.id)) is not None
    )
    current, target = team_stages(team, people)
    return StageCheck(team, people, current, target, share_counts(people))


# --- action plan rows -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One line of the action plan: an action item as it stands in this session."""

    no: int
    origin: str
    what: str
    owner_department: str
    owner_person: str
    partners: str
    due: date | None
    done_definition: str
    status: ActionStatus
    carried: int
    flagged: bool
    comment: str
    missing: tuple[str, ...]
    """What the item lacks to be followed up: no_owner_department, no_due."""
    id: str

    @property
    def to_check(self) -> str:
        if not self.missing:
            return ""
        return L("plan.to_check", what=joined([L(f"plan.missing.{m}") for m in self.missing], "・"))


def _plan_row(ctx: Context, no: int, state: ActionState) -> PlanRow:
    a = state.action
    missing = []
    if not state.owner_department.strip():
        missing.append("no_owner_department")
    if state.due is None:
        missing.append("no_due")
    return PlanRow(
        no=no,
        origin=ctx.session_title(a.session_id),
        what=a.what,
        owner_department=state.owner_department,
        owner_person=a.owner_person,
        partners=joined(a.partners),
        due=state.due,
        done_definition=a.done_definition,
        status=state.status,
        carried=state.carried,
        flagged=state.flagged,
        comment=state.last_comment,
        missing=tuple(missing),
        id=a.id,
    )


def _by_position(actions: list[ActionItem]) -> list[ActionItem]:
    return sorted(actions, key=lambda a: (a.position, a.created_at))


def own_actions(ctx: Context) -> list[ActionItem]:
    return _by_position([a for a in ctx.actions_upto if a.session_id == ctx.sid])


def plan_rows(ctx: Context) -> list[PlanRow]:
    """The session's own action items; for a follow-up also the earlier items still open."""
    states = [ctx.states[a.id] for a in own_actions(ctx)]
    if ctx.followup:
        order = {sd.session.id: i for i, sd in enumerate(ctx.upto)}
        earlier = [
            ctx.states[a.id]
            for a in ctx.actions_upto
            if a.session_id != ctx.sid and ctx.states[a.id].is_open
        ]
        earlier.sort(key=lambda s: (order.get(s.action.session_id, 0), s.action.position))
        states += earlier
    return [_plan_row(ctx, i, s) for i, s in enumerate(states, start=1)]


# --- the regular meeting ----------------------------------------------------------------


def planned_meetings(ctx: Context, m: Mechanism) -> list[PlannedMeeting]:
    """The next meetings of a regular meeting, from the session's date on."""
    return rotation(m, ROTATION_COUNT, after=ctx.session.date)


def secretariat_text(m: Mechanism) -> str:
    """「持ち回り（高齢福祉課 → 交通政策課）」."""
    if not m.secretariat:
        return L("common.undecided")
    sep = " → " if m.secretariat_mode.value == "rotating" else "・"
    return f"{lab('secretariat_mode', m.secretariat_mode)}（{sep.join(m.secretariat)}）"


def cadence_day(m: Mechanism) -> str:
    """Which day a monthly or longer cadence falls on: 「第3月曜日」 or 「21日」."""
    if m.first_date is None or not m.cadence.months:
        return ""
    if not m.by_weekday:
        return L("mechanism.day_of_month", day=m.first_date.day)
    day = WEEKDAYS_JA[m.first_date.weekday()]
    nth = week_of_month(m.first_date)
    if nth >= LAST_WEEK:
        return L("mechanism.last_weekday", day=day)
    return L("mechanism.nth_weekday", nth=nth, day=day)


def cadence_text(m: Mechanism) -> str:
    """「毎月（第3月曜日）」."""
    day = cadence_day(m)
    return f"{lab('cadence', m.cadence)}（{day}）" if day else lab("cadence", m.cadence)


def recorders(m: Mechanism) -> list[str]:
    return list(m.recorder_order) or list(m.members)


def recorder_text(m: Mechanism) -> str:
    people = recorders(m)
    if not people:
        return L("common.undecided")
    if m.recorder_rotation:
        return L("mechanism.recorder_rotating", order=" → ".join(people))
    return L("mechanism.recorder_fixed", who=people[0])


def meeting_time_text(m: Mechanism) -> str:
    if m.start_time is None:
        return L("mechanism.duration_only", minutes=m.duration_minutes)
    return L("mechanism.time", start=jtime(m.start_time), minutes=m.duration_minutes)


def anchor_text(m: Mechanism) -> str:
    return joined([lab("anchor", m.anchor), m.anchor_detail], "：")


def mechanism_fields(m: Mechanism) -> list[tuple[str, str]]:
    """The regular meeting as label / value rows (minutes and the XLSX sheet)."""
    rows = [
        (L("mechanism.name"), m.name),
        (L("mechanism.cadence"), cadence_text(m)),
        (L("mechanism.first_date"), jdate(m.first_date, weekday=True)),
        (L("mechanism.time_label"), meeting_time_text(m)),
        (L("mechanism.place"), m.place),
        (L("mechanism.members"), joined(m.members)),
        (L("mechanism.secretariat"), secretariat_text(m)),
        (L("mechanism.recorder"), recorder_text(m)),
        (L("mechanism.reports_to"), m.reports_to),
        (L("mechanism.anchor"), anchor_text(m)),
        (L("mechanism.org_pattern"), org_pattern_text(m)),
        (L("mechanism.review_date"), jdate(m.review_date) or L("common.undecided")),
        (L("mechanism.note"), m.note),
    ]
    return [(k, v) for k, v in rows if v]


def key_person_status(p: KeyPerson) -> str:
    if p.left:
        return L("kp.left", department=p.new_department or L("common.unknown"))
    return L("kp.active")


def deputy_text(p: KeyPerson) -> str:
    if not p.has_deputy:
        return L("kp.no_deputy")
    return f"{p.deputy_name}（{p.deputy_department}）" if p.deputy_department else p.deputy_name


def capitals_text(r: Resource) -> str:
    return "・".join(lab("capital", c) for c in r.capitals)


PLAN_COLUMNS: tuple[str, ...] = (
    "no",
    "origin",
    "what",
    "owner_department",
    "owner_person",
    "partners",
    "due",
    "done_definition",
    "status",
    "carried_count",
    "comment",
    "to_check",
    "id",
)
"""Columns of the action plan (XLSX sheet and CSV), keys of `export.col.*`."""

PlanCell = str | int | date | None


def plan_table(ctx: Context) -> tuple[tuple[str, ...], list[tuple[PlanCell, ...]]]:
    """Header and typed rows of the action plan; each format decides how to show dates."""
    header = tuple(L(f"col.{c}") for c in PLAN_COLUMNS)
    rows: list[tuple[PlanCell, ...]] = []
    for r in plan_rows(ctx):
        check = [r.to_check] if r.missing else []
        if r.flagged:
            check.append(L("progress.flag_plain", n=CARRY_FLAG_AT))
        rows.append(
            (
                r.no,
                r.origin,
                r.what,
                r.owner_department,
                r.owner_person,
                r.partners,
                r.due,
                r.done_definition,
                lab("action_status", r.status),
                r.carried,
                r.comment,
                joined(check, "／"),
                r.id,
            )
        )
    return header, rows


def status_labels() -> list[str]:
    return [lab("action_status", s) for s in ActionStatus]


# --- what the reference data says about the session ----------------------------------------


def stage_findings(ctx: Context) -> list[str]:
    """The self-check's findings in the self-check's words: how the room placed the stage
    (divided, agreed, one answer, a team row nobody chose), below/same/above among the
    surveyed municipalities, the gap beside the survey's gaps, and the 連係/連携/連繋 lens."""
    ref = reference()
    if ref is None:
        return []
    check = stage_check(ctx)
    lines = [text for text, _ in room_lines(ref, check.team, check.people, LANG)]
    return lines + benchmark_lines(ref, check.current, check.target, LANG)


def org_pattern_text(m: Mechanism) -> str:
    """The organisational pattern the team chose, with the flag of a reconstructed name."""
    ref = reference()
    pattern = ref.pattern_by_key.get(m.org_pattern or "") if ref else None
    if pattern is None:
        return m.org_pattern or ""
    mark = L("mechanism.reconstructed") if pattern.name_is_reconstructed else ""
    return f"{pattern.name}{mark}"


def expected_merits(ctx: Context) -> list[str]:
    """The merits the team picked in this session, labelled with their group."""
    ref = reference()
    if ref is None:
        return list(ctx.session.expected_merits)
    return [ref.merit_label(k) for k in ctx.session.expected_merits]


@dataclass(frozen=True)
class MeritReview:
    """A follow-up's look at the merits expected before: what it kept, added, dropped."""

    earlier_title: str
    kept: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    reviewed: bool
    """False while the follow-up has not picked its own (the earlier picks stand)."""


def merits_review(ctx: Context) -> MeritReview | None:
    earlier = [sd.session for sd in ctx.upto[:-1] if sd.session.expected_merits]
    if not earlier:
        return None
    before = list(earlier[-1].expected_merits)
    now = list(ctx.session.expected_merits)
    ref = reference()

    def names(keys: list[str]) -> tuple[str, ...]:
        return tuple(ref.merit_label(k) if ref else k for k in keys)

    if not now:
        return MeritReview(earlier[-1].title, names(before), (), (), False)
    return MeritReview(
        earlier[-1].title,
        names([k for k in before if k in now]),
        names([k for k in now if k not in before]),
        names([k for k in before if k not in now]),
        True,
    )


def entry_pattern_text(ctx: Context) -> str:
    """The collaboration pattern the team follows, with the towns the guide names for it."""
    key = ctx.session.entry_pattern
    if not key:
        return ""
    ref = reference()
    item = next((i for i in ref.vocab.entry_patterns if i.key == key), None) if ref else None
    if item is None or ref is None:
        return key
    towns = [ref.case_by_id[c].municipality for c in item.examples if c in ref.case_by_id]
    cite = "・".join(s.label() for s in item.sources)
    if towns:
        return L("entry.with_examples", name=item.label, towns="、".join(towns), source=cite)
    return L("entry.plain", name=item.label, source=cite)

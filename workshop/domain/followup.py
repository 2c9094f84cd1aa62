"""Rules of follow-up sessions: carry-over of open actions and the meeting rotation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.domain.benchmark import session_stages
from workshop.domain.bundle import SessionData
from workshop.domain.enums import ActionStatus, HolidayRule, Role, SecretariatMode
from workshop.domain.meeting_calendar import (
    MAX_SERIES,
    closed_reason,
    next_working_day,
    nth_meeting,
)
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    Decision,
    Mechanism,
    Session,
    session_order,
)

CARRY_FLAG_AT = 3
"""An item carried over this many times is flagged (split it, escalate it, or drop it)."""

MINUTES_DUE_DAYS = 7
"""Minutes go round within a week of each meeting (one town's practice that kept its
working groups going)."""


@dataclass(frozen=True)
class ActionState:
    """An action item as it stands after all its reviews."""

    action: ActionItem
    status: ActionStatus
    due: date | None
    owner_department: str
    carried: int
    """How many follow-up sessions looked at it and left it open."""
    last_comment: str
    reviews: tuple[ActionReview, ...]

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def flagged(self) -> bool:
        return self.is_open and self.carried >= CARRY_FLAG_AT

    @property
    def handed_over(self) -> bool:
        return any(r.handed_over_to for r in self.reviews)

    def closed_in(self, session_id: str) -> bool:
        """Closed (完了, 中止) by that session: by its last word in a review there, or
        created closed in it."""
        if self.is_open:
            return False
        last = self.reviews[-1] if self.reviews else None
        return (last.session_id if last else self.action.session_id) == session_id

    def overdue(self, on: date | None) -> bool:
        """Still open on `on` although its due date has passed (期限切れ): no review gave
        it a date that is still ahead."""
        return self.is_open and self.due is not None and on is not None and self.due < on


Ranks = Mapping[str, int]
"""A session's place among its initiative's sessions, oldest first (`session_ranks`)."""


def session_ranks(sessions: Iterable[Session]) -> dict[str, int]:
    """Session id -> its place in meeting order (第n回 - 1)."""
    return {s.id: n for n, s in enumerate(sorted(sessions, key=session_order))}


def action_state(
    action: ActionItem, reviews: Iterable[ActionReview], ranks: Ranks | None = None
) -> ActionState:
    """Fold the reviews of one action into its current state, meeting by meeting in
    meeting order (`ranks`), as entered within a meeting. A review filled in late for
    an earlier meeting does not override what a later meeting said (it did when the
    reviews were folded in the order they were entered)."""
    rank = ranks or {}
    mine = sorted(
        (r for r in reviews if r.action_id == action.id),
        key=lambda r: (rank.get(r.session_id, 0), r.created_at),
    )
    status, due, owner, comment = action.status, action.due, action.owner_department, action.comment
    for r in mine:
        status = r.status
        if r.new_due:
            due = r.new_due
        if r.handed_over_to:
            owner = r.handed_over_to
        if r.comment:
            comment = r.comment
    # One carry-over per follow-up session that left it open (its last word counts)
    last_word = {r.session_id: r for r in mine}
    carried = sum(1 for r in last_word.values() if r.status.is_open)
    return ActionState(action, status, due, owner, carried, comment, tuple(mine))


def action_states(
    actions: Iterable[ActionItem], reviews: Sequence[ActionReview], ranks: Ranks | None = None
) -> list[ActionState]:
    by_action: dict[str, list[ActionReview]] = {}
    for r in reviews:
        by_action.setdefault(r.action_id, []).append(r)
    return [action_state(a, by_action.get(a.id, []), ranks) for a in actions]


def state_before(state: ActionState, session_id: str, ranks: Ranks | None = None) -> ActionState:
    """The item as it stood when a session began: its reviews in that session left out
    (前回のコメント, the due date the meeting started from)."""
    kept = [r for r in state.reviews if r.session_id != session_id]
    return action_state(state.action, kept, ranks)


def overdue_at(state: ActionState, meeting: date) -> bool:
    """期限切れ: still open and its due date passed before the meeting day."""
    return state.is_open and state.due is not None and state.due < meeting


def open_for_review(
    actions: Iterable[ActionItem],
    reviews: Sequence[ActionReview],
    session_id: str,
    ranks: Ranks | None = None,
) -> list[ActionState]:
    """Open items of earlier sessions, for a follow-up session to go through one by one.
    Items created in this session itself are not reviewed in it; items already reviewed
    in it stay listed (so the facilitator can revise the answer)."""
    out = []
    for state in action_states(actions, reviews, ranks):
        if state.action.session_id == session_id:
            continue
        reviewed_here = any(r.session_id == session_id for r in state.reviews)
        if state.is_open or reviewed_here:
            out.append(state)
    return out


def decisions_due(decisions: Iterable[Decision], today: date) -> list[Decision]:
    """Decisions whose review date has come."""
    return [d for d in decisions if d.review_date and d.review_date <= today]


# --- rotation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedMeeting:
    number: int
    """1 for the first meeting held (a skipped date has the number of the next one)."""
    date: date
    """The day it is held (moved from `scheduled` when that day is closed)."""
    secretariat: str
    recorder: str
    minutes_due: date
    scheduled: date | None = None
    """The date the cadence gives, when it differs from `date` or the meeting is skipped."""
    closed: str = ""
    """Why the scheduled day is closed (建国記念の日, 年末年始), "" when it is open."""
    skipped: bool = False
    """Not held: the scheduled day is closed and the rule is to skip."""

    @property
    def moved(self) -> bool:
        return self.scheduled is not None and not self.skipped


def _roles(m: Mechanism, turns: int) -> list[tuple[str, str]]:
    """(secretariat, recorder) of the first `turns` meetings held. The secretariat goes
    round its list (or stays, single or joint); the recorder goes round its order, but a
    section holding the secretariat never also takes the minutes while someone else can:
    the recorder then swaps turns with the next one in the order who is free."""
    recorders = list(m.recorder_order) or list(m.members)
    sec = list(m.secretariat)
    out: list[tuple[str, str]] = []
    queue: list[str] = []
    for k in range(turns):
        if m.secretariat_mode is SecretariatMode.ROTATING and sec:
            secretariat, holders = sec[k % len(sec)], {sec[k % len(sec)]}
        else:
            secretariat, holders = "・".join(sec), set(sec)
        if not recorders:
            out.append((secretariat, ""))
            continue
        if not m.recorder_rotation:
            out.append((secretariat, recorders[0]))
            continue
        while len(queue) < k + len(recorders) + 1:
            queue.append(recorders[len(queue) % len(recorders)])
        if queue[k] in holders:
            free = next((j for j in range(k + 1, len(queue)) if queue[j] not in holders), None)
            if free is not None:
                queue[k], queue[free] = queue[free], queue[k]
        out.append((secretariat, queue[k]))
    return out


def rotation(m: Mechanism, count: int = 6, after: date | None = None) -> list[PlannedMeeting]:
    """The next meetings with who holds the secretariat and who takes the minutes.

    Turns are counted from the first meeting, so the plan does not shift when it is
    looked at later. A date on which the office is closed (national holiday, 12/29-1/3)
    is moved to the next working day or skipped, as the mechanism says; a skipped date
    is listed (flagged) but takes no turn. The series ends at the review date (見直し
    時期): the calendar's recurrence and the charter's term stop there, and so does every
    list of the next meetings (a meeting due after it is not planned)."""
    if m.first_date is None:
        return []
    dates: list[tuple[date, str]] = []
    shown = 0
    for n in range(MAX_SERIES):
        d = nth_meeting(m.cadence, m.first_date, n, m.by_weekday)
        if m.review_date is not None and d > m.review_date:
            break
        dates.append((d, closed_reason(d)))
        if after is None or d >= after:
            shown += 1
            if shown >= count:
                break
    held = sum(1 for _, why in dates if not (why and m.holiday_rule is HolidayRule.SKIP))
    roles = _roles(m, held + 1)
    out = []
    k = 0
    for d, why in dates:
        skip = bool(why) and m.holiday_rule is HolidayRule.SKIP
        day = next_working_day(d) if why and not skip else d
        secretariat, recorder = ("", "") if skip else roles[k]
        if after is None or d >= after:
            due = day + timedelta(days=MINUTES_DUE_DAYS)
            out.append(
                PlannedMeeting(
                    number=k + 1,
                    date=day,
                    secretariat=secretariat,
                    recorder=recorder,
                    minutes_due=due,
                    scheduled=d if why else None,
                    closed=why,
                    skipped=skip,
                )
            )
        if not skip:
            k += 1
    return out


def planned_on(m: Mechanism, day: date) -> PlannedMeeting | None:
    """The held meeting of the rotation on a given day (a session on a rotation date
    takes its secretariat and recorder from it)."""
    if m.first_date is None or day < m.first_date:
        return None
    for p in rotation(m, 3, after=day - timedelta(days=7)):
        if p.date == day and not p.skipped:
            return p
    return None


def rotation_roles(
    attendees: Sequence[Attendee], planned: PlannedMeeting
) -> tuple[list[Attendee], str]:
    """A session held on a rotation date takes its 事務局 and 書記 from the rotation: the
    first attendee of the secretariat's section gets the secretariat role and the first
    of the recorder's section the recorder role (the roles leave everyone else). Returns
    the attendees and the recorder's name ("" when nobody of that section is there)."""
    sections = {
        Role.SECRETARIAT: set(planned.secretariat.split("・")) if planned.secretariat else set(),
        Role.RECORDER: {planned.recorder} if planned.recorder else set(),
    }
    holder: dict[Role, str] = {}
    for role, names in sections.items():
        who = next((a for a in attendees if a.department in names), None)
        if who is not None:
            holder[role] = who.id
    out = []
    for a in attendees:
        roles = [r for r in a.roles if r not in holder]
        roles += [r for r, aid in holder.items() if aid == a.id]
        out.append(a.model_copy(update={"roles": roles}) if roles != list(a.roles) else a)
    recorder = next((a.name for a in out if a.id == holder.get(Role.RECORDER)), "")
    return out, recorder


def followup_date(
    sessions: Sequence[Session], mechanisms: Sequence[Mechanism], today: date
) -> date:
    """The date a new follow-up session is proposed for: the 次回予定 the last session
    set, else the regular meeting's next date, never before the last session (nor in
    the past)."""
    dated = [s for s in sessions if s.date]
    last = max(dated, key=lambda s: s.date) if dated else None
    floor = max(today, last.date + timedelta(days=1)) if last and last.date else today
    planned = sorted(
        (s.next_meeting_date for s in sessions if s.next_meeting_date),
        reverse=True,
    )
    if planned and planned[0] >= floor:
        return planned[0]
    regular = [m for m in mechanisms if m.first_date]
    if regular:
        m = regular[-1]
        # the rotation's next held meeting (a closed day moved or skipped as it says)
        nxt = [p.date for p in rotation(m, 3, after=floor) if not p.skipped]
        if nxt:
            return nxt[0]
    return floor


# --- history of an initiative ----------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    """Where the initiative stood after one session."""

    session_id: str
    date: date | None
    title: str
    opened: int
    """Action items decided in this session."""
    done: int
    """Earlier items reviewed as 完了 in this session."""
    cancelled: int
    carried: int
    """Earlier items this session looked at and left open (carried over)."""
    open_after: int
    """Items still open when the session ended (its own and earlier ones)."""
    stage_current: int | None
    stage_target: int | None
    stage_from_median: bool = False
    """The stages are the attendees' median, the team having given none (as the
    self-check compared them)."""
    """The team's self-check in this session, if it took one."""


def history_upto(
    sessions: Sequence[SessionData],
    actions: Sequence[ActionItem],
    reviews: Sequence[ActionReview],
    session_id: str,
) -> list[HistoryPoint]:
    """The history as the minutes of one session tell it: the sessions (oldest first) up
    to and including that one, with their actions and reviews only."""
    ids = [sd.session.id for sd in sessions]
    upto = list(sessions[: ids.index(session_id) + 1]) if session_id in ids else list(sessions)
    seen = {sd.session.id for sd in upto}
    return initiative_history(
        upto,
        [a for a in actions if a.session_id in seen],
        [r for r in reviews if r.session_id in seen],
    )


def initiative_history(
    sessions: Sequence[SessionData],
    actions: Sequence[ActionItem],
    reviews: Sequence[ActionReview],
) -> list[HistoryPoint]:
    """One point per session, oldest first: items opened and closed, carried over, still
    open, and the team's stage. Sessions are taken in the given order."""
    out = []
    seen: set[str] = set()
    ranks = {sd.session.id: n for n, sd in enumerate(sessions)}
    for sd in sessions:
        sid = sd.session.id
        seen.add(sid)
        mine = {
            r.action_id: r
            for r in sorted(reviews, key=lambda r: r.created_at)
            if r.session_id == sid
        }
        so_far = [a for a in actions if a.session_id in seen]
        reviews_so_far = [r for r in reviews if r.session_id in seen]
        states = action_states(so_far, reviews_so_far, ranks)
        current, target, median = session_stages(sd.stage_answers)
        out.append(
            HistoryPoint(
                session_id=sid,
                date=sd.session.date,
                title=sd.session.title,
                opened=sum(1 for a in actions if a.session_id == sid),
                done=sum(1 for r in mine.values() if r.status is ActionStatus.DONE),
                cancelled=sum(1 for r in mine.values() if r.status is ActionStatus.CANCELLED),
                carried=sum(1 for r in mine.values() if r.status.is_open),
                open_after=sum(1 for s in states if s.is_open),
                stage_current=current,
                stage_target=target,
                stage_from_median=median,
            )
        )
    return out

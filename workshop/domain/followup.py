"""Rules of follow-up sessions: carry-over of open actions and the meeting rotation."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workshop.domain.benchmark import session_stages
from workshop.domain.bundle import SessionData
from workshop.domain.enums import ActionStatus, Cadence, SecretariatMode
from workshop.domain.records import ActionItem, ActionReview, Decision, Mechanism, Session

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


def action_state(action: ActionItem, reviews: Iterable[ActionReview]) -> ActionState:
    """Fold the reviews of one action (oldest first) into its current state."""
    mine = sorted((r for r in reviews if r.action_id == action.id), key=lambda r: r.created_at)
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
    actions: Iterable[ActionItem], reviews: Sequence[ActionReview]
) -> list[ActionState]:
    by_action: dict[str, list[ActionReview]] = {}
    for r in reviews:
        by_action.setdefault(r.action_id, []).append(r)
    return [action_state(a, by_action.get(a.id, [])) for a in actions]


def state_before(state: ActionState, session_id: str) -> ActionState:
    """The item as it stood when a session began: its reviews in that session left out
    (前回のコメント, the due date the meeting started from)."""
    return action_state(state.action, [r for r in state.reviews if r.session_id != session_id])


def overdue_at(state: ActionState, meeting: date) -> bool:
    """期限切れ: still open and its due date passed before the meeting day."""
    return state.is_open and state.due is not None and state.due < meeting


def open_for_review(
    actions: Iterable[ActionItem], reviews: Sequence[ActionReview], session_id: str
) -> list[ActionState]:
    """Open items of earlier sessions, for a follow-up session to go through one by one.
    Items created in this session itself are not reviewed in it; items already reviewed
    in it stay listed (so the facilitator can revise the answer)."""
    out = []
    for state in action_states(actions, reviews):
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


def add_months(d: date, months: int) -> date:
    """Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def week_of_month(d: date) -> int:
    """1 for the first such weekday of the month (第1), 2 for the second, …"""
    return (d.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth given weekday of a month; the last one when the month has fewer."""
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    last = calendar.monthrange(year, month)[1]
    while day > last:
        day -= 7
    return date(year, month, day)


def _nth_meeting(cadence: Cadence, first: date, n: int, by_weekday: bool = False) -> date:
    if cadence.weeks:
        return first + timedelta(weeks=cadence.weeks * n)
    same_day = add_months(first, cadence.months * n)
    if not by_weekday:
        return same_day
    return nth_weekday(same_day.year, same_day.month, first.weekday(), week_of_month(first))


MAX_SERIES = 5_000
"""Upper bound on meetings looked at, so a far-off `after` cannot loop for ever."""


def meeting_dates(
    cadence: Cadence, first: date, count: int, after: date | None = None, by_weekday: bool = False
) -> list[date]:
    """The next `count` meeting dates of the cadence from `first`, skipping those before
    `after`. Monthly cadences keep the day of the month, or with `by_weekday` the
    weekday of the month (第3水曜)."""
    return [d for _, d in _series(cadence, first, count, after, by_weekday)]


def _series(
    cadence: Cadence, first: date, count: int, after: date | None, by_weekday: bool = False
) -> list[tuple[int, date]]:
    out: list[tuple[int, date]] = []
    for n in range(MAX_SERIES):
        if len(out) >= count:
            break
        d = _nth_meeting(cadence, first, n, by_weekday)
        if after is None or d >= after:
            out.append((n, d))
    return out


@dataclass(frozen=True)
class PlannedMeeting:
    number: int
    """1 for the first meeting of the series."""
    date: date
    secretariat: str
    recorder: str
    minutes_due: date


def rotation(m: Mechanism, count: int = 6, after: date | None = None) -> list[PlannedMeeting]:
    """The next meetings with who holds the secretariat and who takes the minutes.

    A rotating secretariat goes round its list in order; a single or joint one stays.
    The recorder goes round `recorder_order` (or the members) when rotation is on.
    Turns are counted from the first meeting, so the plan does not shift when it is
    looked at later."""
    if m.first_date is None:
        return []
    recorders = list(m.recorder_order) or list(m.members)
    sec = list(m.secretariat)
    out = []
    for n, d in _series(m.cadence, m.first_date, count, after, m.by_weekday):
        if m.secretariat_mode is SecretariatMode.ROTATING and sec:
            secretariat = sec[n % len(sec)]
        else:
            secretariat = "・".join(sec)
        if m.recorder_rotation and recorders:
            recorder = recorders[n % len(recorders)]
        else:
            recorder = recorders[0] if recorders else ""
        due = d + timedelta(days=MINUTES_DUE_DAYS)
        out.append(PlannedMeeting(n + 1, d, secretariat, recorder, due))
    return out


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
        nxt = meeting_dates(m.cadence, m.first_date, 1, after=floor, by_weekday=m.by_weekday)
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
        states = action_states(so_far, reviews_so_far)
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

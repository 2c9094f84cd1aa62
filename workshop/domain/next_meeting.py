"""The regular meeting a session works under, and when and where a new follow-up
meeting is held, from what earlier meetings agreed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from workshop.domain.followup import PlannedMeeting, planned_on
from workshop.domain.records import Mechanism, Session, session_order


def held_on(
    mechanisms: Sequence[Mechanism], day: date | None
) -> tuple[Mechanism, PlannedMeeting] | None:
    """The regular meeting (the latest set up first) with a meeting held on `day`, and
    that meeting; None when `day` is none of their dates."""
    if day is None:
        return None
    for m in reversed(mechanisms):
        if (p := planned_on(m, day)) is not None:
            return m, p
    return None


def in_force(
    upto: Sequence[Session], mechanisms: Mapping[str, Sequence[Mechanism]]
) -> tuple[list[Mechanism], Session | None]:
    """The regular meeting(s) the last of `upto` (sessions oldest first) works under:
    its own, else those of the latest earlier session that set any up, with that session
    (None when they are its own). Its documents and its step ④ both take these."""
    for n, s in enumerate(reversed(upto)):
        found = mechanisms.get(s.id)
        if found:
            return list(found), (s if n else None)
    return [], None


@dataclass(frozen=True)
class Setting:
    start_time: time | None
    end_time: time | None
    place: str


def followup_setting(
    sessions: Sequence[Session], mechanisms: Sequence[Mechanism], day: date | None
) -> Setting:
    """The time and place of a follow-up held on `day`:
    - the 次回予定 a meeting set for that day: its time and place (the end is left to
      fill in: nobody agreed on one);
    - else a date of the regular meeting: its start, its length and its place;
    - else the last meeting's (the same room and hours as last time).
    The follow-up took the last meeting's time and place even when the meeting before
    had agreed another (minutes dated 2月17日 14:00～16:30 in 2階 for a meeting agreed
    at 13:30 in 3階)."""
    ordered = sorted(sessions, key=session_order)
    last = ordered[-1] if ordered else None
    if day is not None:
        agreed = [s for s in ordered if s.next_meeting_date == day]
        if agreed:
            s = agreed[-1]
            if s.next_meeting_time is not None or s.next_meeting_place:
                return Setting(
                    s.next_meeting_time,
                    None,
                    s.next_meeting_place or (last.place if last else ""),
                )
        held = held_on(mechanisms, day)
        if held is not None:
            m = held[0]
            start = m.start_time
            end = None
            if start is not None:
                end = (datetime.combine(day, start) + timedelta(minutes=m.duration_minutes)).time()
                if end < start:
                    end = None  # past midnight: left to fill in
            return Setting(start, end, m.place or (last.place if last else ""))
    if last is None:
        return Setting(None, None, "")
    return Setting(last.start_time, last.end_time, last.place)

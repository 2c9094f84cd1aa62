"""When and where a new follow-up meeting is held, from what earlier meetings agreed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from workshop.domain.followup import planned_on
from workshop.domain.records import Mechanism, Session, session_order


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
        for m in reversed(mechanisms):
            if m.first_date is not None and planned_on(m, day) is not None:
                start = m.start_time
                end = None
                if start is not None:
                    end = (
                        datetime.combine(day, start) + timedelta(minutes=m.duration_minutes)
                    ).time()
                    if end < start:
                        end = None  # past midnight: left to fill in
                return Setting(start, end, m.place or (last.place if last else ""))
    if last is None:
        return Setting(None, None, "")
    return Setting(last.start_time, last.end_time, last.place)

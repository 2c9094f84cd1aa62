"""The session's dates as an iCalendar file (icalendar): the regular meeting with its
recurrence, the minutes due dates of the next meetings, every action item's due date
and the next meeting. UIDs are record ids, so importing a newer export updates the
same entries instead of duplicating them; SEQUENCE and LAST-MODIFIED follow the
record's last change so calendar programs take the update.

One event per meeting: the series ends at the mechanism's review date (UNTIL), a day
the office is closed is excluded (EXDATE) and, when the rule is to move, held on the
next working day (RDATE); the next meeting is its own event only when it is not an
occurrence of the series. An action closed in this session is exported once more as
cancelled (STATUS:CANCELLED), so the old deadline leaves the calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import Cadence
from workshop.domain.followup import PlannedMeeting, rotation
from workshop.domain.meeting_calendar import week_of_month
from workshop.domain.records import Mechanism
from workshop.export.content import LAST_WEEK, Context, L, jdate, joined, lab
from workshop.export.content_meeting import (
    cadence_text,
    planned_meetings,
    recorder_text,
    secretariat_text,
)
from workshop.export.plan_rows import PlanRow, plan_row, plan_rows
from workshop.export.text import clip, xml_safe

TZID = "Asia/Tokyo"
TZ = ZoneInfo(TZID)
UID_DOMAIN = "workshop"
SUMMARY_MAX = 80
"""Calendar programs show one line of the summary; the full text is in the description."""
NEXT_MEETING_MINUTES = 120
"""Length of the next meeting when the session does not say and no regular meeting does."""

SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
"""SEQUENCE is the number of seconds from here to the record's last change: it grows
with every change without a stored counter (and stays within 32 bits until 2092)."""
SERIES_HORIZON = 240
"""Occurrences looked at for closed days when the series has no review date."""

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_RRULES: dict[Cadence, dict[str, Any]] = {
    Cadence.WEEKLY: {"freq": "weekly"},
    Cadence.BIWEEKLY: {"freq": "weekly", "interval": 2},
    Cadence.MONTHLY: {"freq": "monthly"},
    Cadence.BIMONTHLY: {"freq": "monthly", "interval": 2},
    Cadence.QUARTERLY: {"freq": "monthly", "interval": 3},
    Cadence.HALF_YEARLY: {"freq": "monthly", "interval": 6},
    Cadence.YEARLY: {"freq": "yearly"},
}


def rrule_for(cadence: Cadence, first: date, by_weekday: bool = False) -> dict[str, Any]:
    """The recurrence of a cadence, matching `rotation()`. Monthly rules repeat on the
    first meeting's weekday of the month (BYDAY=3MO for 第3月曜; a fifth weekday is the
    month's last, -1MO), or on its day of the month, taking the month's last day from
    the 29th on (a bare BYMONTHDAY=31 would skip the short months)."""
    rule = dict(_RRULES[cadence])
    if rule["freq"] not in ("monthly", "yearly"):
        return rule
    if by_weekday:
        nth = week_of_month(first)
        rule["byday"] = [f"{-1 if nth == LAST_WEEK else nth}{ICAL_DAYS[first.weekday()]}"]
        if rule["freq"] == "yearly":
            rule["bymonth"] = [first.month]
    elif rule["freq"] == "monthly":
        if first.day <= 28:
            rule["bymonthday"] = [first.day]
        else:
            rule["bymonthday"] = list(range(28, first.day + 1))
            rule["bysetpos"] = [-1]
    return rule


def _text(value: str, limit: int | None = None) -> str:
    text = xml_safe(value)
    return clip(" ".join(text.split()), limit, "…") if limit else text


@cache
def _text_type() -> type:
    r"""icalendar's TEXT value with RFC 5545 escaping only. icalendar's own first turns a
    typed backslash-N into a line break, so a folder path such as \\server\Nenkin came
    back as two lines; here a backslash is always escaped as a backslash."""
    from icalendar import vText

    class TypedText(vText):
        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            return text.replace("\n", "\\n").encode("utf-8")

    return TypedText


def _ical_text(value: str) -> Any:
    return _text_type()(value)


def _uid(*parts: str) -> str:
    return "-".join(parts) + f"@{UID_DOMAIN}"


def _stamp(moment: datetime) -> datetime:
    """DTSTAMP: when the information last changed (the record's update time, in UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _timezone() -> Any:
    """Japan has kept +09:00 all year since 1951: one STANDARD block is exact for every
    date a meeting can have, and every calendar program understands it."""
    from icalendar import Timezone, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TZID)
    std = TimezoneStandard()
    std.add("dtstart", datetime(1970, 1, 1))
    std.add("tzoffsetfrom", timedelta(hours=9))
    std.add("tzoffsetto", timedelta(hours=9))
    std.add("tzname", "JST")
    tz.add_component(std)
    return tz


def _event(uid: str, stamp: datetime, summary: str, description: str = "") -> Any:
    from icalendar import Event

    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", _stamp(stamp))
    ev.add("last-modified", _stamp(stamp))
    ev.add("sequence", max(0, int((_stamp(stamp) - SEQUENCE_EPOCH).total_seconds())))
    ev.add("summary", _ical_text(_text(summary, SUMMARY_MAX)))
    if description:
        ev.add("description", _ical_text(_text(description)))
    return ev


def _all_day(ev: Any, day: date) -> Any:
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")  # a deadline does not block the day
    return ev


def _timed(ev: Any, day: date, start: time | None, minutes: int) -> Any:
    if start is None:
        return _all_day(ev, day)
    ev.add("dtstart", datetime.combine(day, start, tzinfo=TZ))
    ev.add("duration", timedelta(minutes=minutes))
    return ev


def _rotation_lines(plan: list[PlannedMeeting]) -> list[str]:
    return [
        L(
            "ics.rotation_line",
            date=jdate(p.date, weekday=True),
            secretariat=p.secretariat or L("common.undecided"),
            recorder=p.recorder or L("common.undecided"),
            due=jdate(p.minutes_due, weekday=True),
        )
        for p in plan
    ]


def _meeting_series(ctx: Context, m: Mechanism) -> list[Any]:
    """The regular meeting as one recurring event, plus its minutes due dates."""
    if m.first_date is None:
        return []
    plan = planned_meetings(ctx, m)
    description = "\n".join(
        [
            L("ics.cadence", cadence=cadence_text(m)),
            L("ics.members", members=joined(m.members) or L("common.undecided")),
            L("ics.secretariat", secretariat=secretariat_text(m)),
            L("ics.recorder", recorder=recorder_text(m)),
            *([L("ics.reports_to", body=m.reports_to)] if m.reports_to else []),
            L("ics.rotation_title"),
            *_rotation_lines(plan),
        ]
    )
    series = _timed(
        _event(_uid(m.id), m.updated_at, m.name, description),
        m.first_date,
        m.start_time,
        m.duration_minutes,
    )
    rule = rrule_for(m.cadence, m.first_date, m.by_weekday)
    if m.review_date is not None:
        rule["until"] = _until(m)
    series.add("rrule", rule)
    _closed_days(series, m)
    if m.place:
        series.add("location", _ical_text(_text(m.place)))
    out = [series]
    for p in plan:
        summary = L("ics.minutes_due", n=p.number, name=m.name)
        text = L(
            "ics.minutes_due_text",
            date=jdate(p.date, True),
            recorder=p.recorder or L("common.undecided"),
        )
        out.append(
            _all_day(
                _event(_uid(m.id, "minutes", str(p.number)), m.updated_at, summary, text),
                p.minutes_due,
            )
        )
    return out


def _until(m: Mechanism) -> date | datetime:
    """The end of the series: the review date (UTC for a timed series, as RFC 5545
    requires with a DTSTART in a time zone)."""
    assert m.review_date is not None
    if m.start_time is None:
        return m.review_date
    return datetime.combine(m.review_date, time(23, 59, 59), tzinfo=TZ).astimezone(UTC)


def _at(m: Mechanism, day: date) -> date | datetime:
    return day if m.start_time is None else datetime.combine(day, m.start_time, tzinfo=TZ)


def occurrences(m: Mechanism) -> list[PlannedMeeting]:
    """Every meeting of the series up to its review date (or a long horizon)."""
    return rotation(m, SERIES_HORIZON)


def _closed_days(series: Any, m: Mechanism) -> None:
    """EXDATE for each occurrence on a closed day, RDATE for the day it moves to."""
    closed = [p for p in occurrences(m) if p.closed and p.scheduled is not None]
    if not closed:
        return
    series.add("exdate", [_at(m, p.scheduled) for p in closed if p.scheduled])
    moved = [_at(m, p.date) for p in closed if not p.skipped]
    if moved:
        series.add("rdate", moved)


def _action_stamp(ctx: Context, action_id: str) -> datetime:
    """The last change of an action as this session knows it: the item or a review."""
    a = next(x for x in ctx.actions_upto if x.id == action_id)
    stamps = [_stamp(a.updated_at)]
    stamps += [_stamp(r.updated_at) for r in ctx.reviews_upto if r.action_id == action_id]
    return max(stamps)


def _action_event(ctx: Context, row: PlanRow) -> Any:
    a = next(x for x in ctx.actions_upto if x.id == row.id)
    owner = row.owner_department or L("common.to_check")
    summary = L("ics.action_due", owner=owner, what=_text(row.what, SUMMARY_MAX))
    lines = [
        row.what,
        "",
        L("ics.field", label=L("col.owner_department"), value=owner),
        L("ics.field", label=L("col.owner_person"), value=row.owner_person),
        L("ics.field", label=L("col.partners"), value=row.partners),
        L("ics.field", label=L("col.done_definition"), value=row.done_definition),
        L("ics.field", label=L("col.status"), value=lab("action_status", row.status)),
        L("ics.field", label=L("col.origin"), value=row.origin),
    ]
    ev = _event(_uid(row.id), _action_stamp(ctx, a.id), summary, "\n".join(lines))
    assert row.due is not None
    return _all_day(ev, row.due)


def _closed_here(ctx: Context) -> list[PlanRow]:
    """Actions done or cancelled in this session (by its review, or created closed):
    exported once more as cancelled so their deadline leaves the calendars."""
    states = (ctx.states[a.id] for a in ctx.actions_upto)
    return [plan_row(ctx, 0, st) for st in states if st.due is not None and st.closed_in(ctx.sid)]


def _in_series(ctx: Context) -> PlannedMeeting | None:
    """The occurrence of a regular meeting on the next meeting's day, if any."""
    s = ctx.session
    for m in ctx.mechanisms:
        if m.first_date is None or s.next_meeting_date is None:
            continue
        for p in occurrences(m):
            if p.date == s.next_meeting_date and not p.skipped:
                return p
    return None


def _next_meeting(ctx: Context) -> Any | None:
    s = ctx.session
    if s.next_meeting_date is None:
        return None
    occurrence = _in_series(ctx)
    if occurrence is not None:
        m = ctx.mechanisms[0]
        if s.next_meeting_time in (None, m.start_time):
            return None  # the series already has this meeting
        return _moved_occurrence(ctx, m, occurrence)
    minutes = ctx.mechanisms[0].duration_minutes if ctx.mechanisms else NEXT_MEETING_MINUTES
    summary = L("ics.next_meeting", initiative=ctx.data.initiative.name)
    text = joined([L("ics.decided_at", session=ctx.session_label(s.id)), s.next_meeting_note], "\n")
    ev = _timed(
        _event(_uid(s.id, "next"), s.updated_at, summary, text),
        s.next_meeting_date,
        s.next_meeting_time,
        minutes,
    )
    if s.next_meeting_place:
        ev.add("location", _ical_text(_text(s.next_meeting_place)))
    return ev


def _moved_occurrence(ctx: Context, m: Mechanism, p: PlannedMeeting) -> Any:
    """The series' occurrence at another time of the same day (RECURRENCE-ID)."""
    s = ctx.session
    assert s.next_meeting_date is not None
    ev = _timed(
        _event(_uid(m.id), max(_stamp(m.updated_at), _stamp(s.updated_at)), m.name),
        s.next_meeting_date,
        s.next_meeting_time,
        m.duration_minutes,
    )
    ev.add("recurrence-id", _at(m, p.date))
    if s.next_meeting_place or m.place:
        ev.add("location", _ical_text(_text(s.next_meeting_place or m.place)))
    return ev


def render(data: InitiativeData, session_id: str) -> bytes:
    from icalendar import Calendar

    ctx = Context.of(data, session_id)
    cal = Calendar()
    cal.add("prodid", "-//workshop//分野連携ワークショップ//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _ical_text(_text(data.initiative.name, SUMMARY_MAX)))
    cal.add("x-wr-timezone", TZID)
    cal.add_component(_timezone())
    for m in ctx.mechanisms:
        for ev in _meeting_series(ctx, m):
            cal.add_component(ev)
    for row in plan_rows(ctx):
        if row.due is not None and row.status.is_open:
            cal.add_component(_action_event(ctx, row))
    for row in _closed_here(ctx):
        ev = _action_event(ctx, row)
        ev.add("status", "CANCELLED")
        cal.add_component(ev)
    nxt = _next_meeting(ctx)
    if nxt is not None:
        cal.add_component(nxt)
    return cal.to_ical()

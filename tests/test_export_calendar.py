"""The calendar (ICS), read back with icalendar; recurrences checked against rotation()."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from export_data import Fixture, build
from icalendar import Calendar

from workshop.domain.enums import Cadence
from workshop.domain.followup import rotation
from workshop.domain.records import Mechanism
from workshop.export import export_session, render
from workshop.export.calendar_ics import rrule_for


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build()


def events(blob: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(blob)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_calendar_parses_with_time_zone_and_stable_uids(fx: Fixture, tmp_path: Path) -> None:
    path = export_session(fx.data, fx.initial_id, "ics", tmp_path)
    assert path.name == "20261122_第1回連携会議_予定.ics"
    blob = path.read_bytes()
    cal = Calendar.from_ical(blob)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Tokyo"]
    evs = events(blob)
    assert all(uid.endswith("@workshop") for uid in evs)
    assert all("DTSTAMP" in ev for ev in evs.values())
    # the same data gives the same file: a re-import updates entries, never doubles them
    assert render("ics", fx.data, fx.initial_id) == blob


def test_regular_meeting_recurs_monthly_in_tokyo_time(fx: Fixture) -> None:
    m = fx.initial.mechanisms[0]
    ev = events(render("ics", fx.data, fx.initial_id))[f"{m.id}@workshop"]
    rule = ev["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["3MO"]
    start = ev.decoded("DTSTART")
    assert start == datetime(2026, 12, 21, 13, 30, tzinfo=start.tzinfo)
    assert ev["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert start.utcoffset() == timedelta(hours=9)
    assert ev.decoded("DURATION") == timedelta(minutes=90)
    assert str(ev["LOCATION"]) == "みなと町役場 2階 203会議室"
    text = str(ev["DESCRIPTION"])
    assert "社会福祉協議会" in text and "持ち回り" in text
    assert "令和9年1月18日（月）　事務局 交通政策課" in text  # the rotation, meeting by meeting


def test_minutes_due_dates_of_the_next_six_meetings(fx: Fixture) -> None:
    m = fx.initial.mechanisms[0]
    evs = events(render("ics", fx.data, fx.initial_id))
    dues = [evs[f"{m.id}-minutes-{n}@workshop"] for n in range(1, 7)]
    assert dues[0].decoded("DTSTART") == date(2026, 12, 28)
    assert all(type(ev.decoded("DTSTART")) is date for ev in dues)
    assert "議事録送付期限" in str(dues[0]["SUMMARY"])


def test_action_due_dates_are_all_day_events_and_dateless_items_are_skipped(fx: Fixture) -> None:
    evs = events(render("ics", fx.data, fx.initial_id))
    for a in fx.data.actions:
        if a.session_id != fx.initial_id:
            continue
        uid = f"{a.id}@workshop"
        if a.due is None:
            assert uid not in evs
            continue
        ev = evs[uid]
        assert type(ev.decoded("DTSTART")) is date and ev.decoded("DTSTART") == a.due
        assert ev.decoded("DTEND") == a.due + timedelta(days=1)
        assert (a.owner_department or "要確認") in str(ev["SUMMARY"])
        assert str(ev["DESCRIPTION"]).startswith(a.what)


def test_next_meeting_is_an_event(fx: Fixture) -> None:
    """Off the series (another day), the next meeting is an event of its own."""
    s = fx.initial.session.model_copy(update={"next_meeting_date": date(2026, 12, 23)})
    sd = fx.initial.model_copy(update={"session": s})
    data = fx.data.model_copy(
        update={"sessions": [sd if x.session.id == s.id else x for x in fx.data.sessions]}
    )
    ev = events(render("ics", data, fx.initial_id))[f"{s.id}-next@workshop"]
    assert ev.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 12, 23, 13, 30)
    assert "次回会議" in str(ev["SUMMARY"])


def test_follow_up_calendar_carries_the_open_earlier_items(fx: Fixture) -> None:
    evs = events(render("ics", fx.data, fx.followup_id))
    transit = next(a for a in fx.data.actions if a.what.startswith("公共交通マップ"))
    done = next(a for a in fx.data.actions if a.what.startswith("移動販売事業者との"))
    assert evs[f"{transit.id}@workshop"].decoded("DTSTART") == date(2027, 3, 31)  # new due
    # closed before this session: gone; closed in it, it would be exported as cancelled
    assert f"{done.id}@workshop" not in evs or evs[f"{done.id}@workshop"]["STATUS"] == "CANCELLED"


CASES = [
    (Cadence.WEEKLY, date(2026, 12, 3), False),
    (Cadence.BIWEEKLY, date(2026, 12, 3), False),
    (Cadence.MONTHLY, date(2026, 12, 21), True),
    (Cadence.MONTHLY, date(2026, 12, 29), True),  # a fifth Tuesday: the last one
    (Cadence.MONTHLY, date(2027, 1, 31), False),  # the 31st: the month's last day
    (Cadence.MONTHLY, date(2027, 1, 15), False),
    (Cadence.BIMONTHLY, date(2026, 11, 30), True),
    (Cadence.QUARTERLY, date(2026, 10, 14), True),
    (Cadence.HALF_YEARLY, date(2026, 8, 31), False),
    (Cadence.YEARLY, date(2026, 5, 20), True),
    (Cadence.YEARLY, date(2026, 5, 20), False),
]


@pytest.mark.parametrize(("cadence", "first", "by_weekday"), CASES)
def test_recurrence_rule_matches_the_rotation(cadence, first, by_weekday) -> None:
    """A calendar program expanding the RRULE lands on the dates the minutes list."""
    m = Mechanism(
        session_id="s",
        name="会議",
        cadence=cadence,
        first_date=first,
        by_weekday=by_weekday,
        start_time=time(10, 0),
    )
    from icalendar import vRecur

    rule = vRecur(rrule_for(cadence, first, by_weekday)).to_ical().decode()
    start = datetime.combine(first, time(10, 0))
    expanded = [d.date() for d in rrulestr(rule, dtstart=start)[:12]]
    assert expanded == [p.scheduled or p.date for p in rotation(m, 12)]

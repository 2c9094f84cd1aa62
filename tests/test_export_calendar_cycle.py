"""Calendar and rotation over the life of an initiative: one event per meeting, the end
of the series, updates calendars take, closed days (national holidays, 12/29-1/3) and
who holds which role. Read back with icalendar; rotation() checked directly."""

from __future__ import annotations

from datetime import date, time

import pytest
from icalendar import Calendar

from workshop.demo import demo_bundle
from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import HolidayRule, SecretariatMode
from workshop.domain.followup import rotation
from workshop.domain.meeting_calendar import closed_reason
from workshop.domain.records import Mechanism
from workshop.export import render
from workshop.export.minutes import build_minutes


@pytest.fixture(scope="module")
def demo() -> InitiativeData:
    return demo_bundle().data


def _ids(data: InitiativeData) -> list[str]:
    return [sd.session.id for sd in data.ordered_sessions()]


def events(blob: bytes) -> dict[str, object]:
    return {str(ev["UID"]): ev for ev in Calendar.from_ical(blob).walk("VEVENT")}


def second_thursday(rule: HolidayRule = HolidayRule.NEXT_WORKING_DAY) -> Mechanism:
    """毎月第2木曜日 from January 2027: February's falls on 建国記念の日."""
    return Mechanism(
        session_id="s",
        name="連携会議",
        first_date=date(2027, 1, 14),
        start_time=time(14, 0),
        members=["高齢福祉課", "企画課", "商工観光課"],
        secretariat_mode=SecretariatMode.ROTATING,
        secretariat=["高齢福祉課", "企画課"],
        holiday_rule=rule,
        review_date=date(2027, 12, 31),
    )


def test_closed_days() -> None:
    assert closed_reason(date(2027, 2, 11)) == "建国記念の日"
    assert closed_reason(date(2026, 12, 29)) == "年末年始"
    assert closed_reason(date(2027, 1, 3)) == "年末年始"
    assert closed_reason(date(2027, 2, 10)) == ""


def test_a_meeting_on_a_holiday_moves_to_the_next_working_day() -> None:
    plan = rotation(second_thursday(), 3)
    assert [p.date for p in plan] == [date(2027, 1, 14), date(2027, 2, 12), date(2027, 3, 11)]
    moved = plan[1]
    assert moved.moved and moved.scheduled == date(2027, 2, 11)
    assert moved.closed == "建国記念の日" and moved.secretariat == "企画課"


def test_a_meeting_on_a_holiday_can_be_skipped() -> None:
    plan = rotation(second_thursday(HolidayRule.SKIP), 3)
    assert plan[1].skipped and plan[1].date == date(2027, 2, 11)
    assert plan[1].secretariat == "" and plan[1].recorder == ""
    # the skipped date takes no turn: March is the second meeting, with the second turn
    assert plan[2].number == 2 and plan[2].secretariat == "企画課"


def test_year_end_closure_moves_a_weekly_meeting() -> None:
    from workshop.domain.enums import Cadence

    m = Mechanism(
        session_id="s", name="週例", cadence=Cadence.WEEKLY, first_date=date(2026, 12, 22)
    )
    plan = rotation(m, 3)
    assert plan[1].scheduled == date(2026, 12, 29) and plan[1].date == date(2027, 1, 4)


def test_the_same_section_never_holds_both_roles(demo: InitiativeData) -> None:
    m = demo.ordered_sessions()[0].mechanisms[0]
    plan = rotation(m, 36)
    assert all(p.secretariat != p.recorder for p in plan)
    fifth = next(p for p in plan if p.date == date(2027, 2, 17))
    assert fifth.secretariat == "企画課（地域交通担当）" and fifth.recorder != fifth.secretariat
    # every recorder still takes turns
    assert {p.recorder for p in plan[:12]} == set(m.recorder_order)


def test_a_single_section_holds_both_roles_when_it_is_the_only_one() -> None:
    m = Mechanism(session_id="s", name="会", first_date=date(2027, 1, 14), members=["高齢福祉課"])
    m = m.model_copy(update={"secretariat": ["高齢福祉課"]})
    assert all(p.recorder == "高齢福祉課" for p in rotation(m, 3))


def test_minutes_flag_closed_days_in_the_rotation(demo: InitiativeData) -> None:
    sid = _ids(demo)[0]
    sd = demo.session(sid)
    assert sd is not None
    mech = sd.mechanisms[0].model_copy(
        update={"first_date": date(2027, 1, 14), "review_date": date(2027, 12, 31)}
    )
    data = demo.model_copy(
        update={
            "sessions": [
                x.model_copy(update={"mechanisms": [mech]}) if x.session.id == sid else x
                for x in demo.sessions
            ]
        }
    )
    text = render("md", data, sid).decode("utf-8")
    assert "建国記念の日（令和9年2月11日（木））のため変更" in text
    assert "令和9年2月12日（金）" in text


def test_one_event_per_meeting(demo: InitiativeData) -> None:
    first = _ids(demo)[0]
    evs = events(render("ics", demo, first))
    # the next meeting (11/18 14:00) is an occurrence of the monthly series
    assert f"{first}-next@workshop" not in evs
    m = demo.ordered_sessions()[0].mechanisms[0]
    assert f"{m.id}@workshop" in evs


def test_series_ends_at_the_review_date(demo: InitiativeData) -> None:
    first = _ids(demo)[0]
    m = demo.ordered_sessions()[0].mechanisms[0]
    ev = events(render("ics", demo, first))[f"{m.id}@workshop"]
    until = ev["RRULE"]["UNTIL"][0]
    assert until.date() == date(2027, 3, 31)  # 23:59:59 JST is 14:59:59 UTC
    assert until.utcoffset().total_seconds() == 0


def test_holiday_is_excluded_and_moved_in_the_calendar(demo: InitiativeData) -> None:
    from icalendar import Event

    from workshop.export.calendar_ics import _closed_days

    ev = Event()
    _closed_days(ev, second_thursday())
    blob = ev.to_ical().decode()
    assert "EXDATE" in blob and "20270211T140000" in blob
    assert "RDATE" in blob and "20270212T140000" in blob
    skip = Event()
    _closed_days(skip, second_thursday(HolidayRule.SKIP))
    assert "20270211T140000" in skip.to_ical().decode() and "RDATE" not in skip.to_ical().decode()


def test_a_changed_due_date_bumps_sequence_and_last_modified(demo: InitiativeData) -> None:
    first, second = _ids(demo)
    moved = next(a for a in demo.actions if a.what.startswith("移動販売の巡回ルート"))
    uid = f"{moved.id}@workshop"
    before = events(render("ics", demo, first))[uid]
    after = events(render("ics", demo, second))[uid]
    assert after.decoded("DTSTART") != before.decoded("DTSTART")  # the review moved it
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")


def test_a_closed_action_is_cancelled_for_one_cycle(demo: InitiativeData) -> None:
    first, second = _ids(demo)
    done = next(a for a in demo.actions if a.what.startswith("包括の訪問時に"))
    uid = f"{done.id}@workshop"
    assert "STATUS" not in events(render("ics", demo, first))[uid]
    cancelled = events(render("ics", demo, second))[uid]
    assert cancelled["STATUS"] == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(events(render("ics", demo, first))[uid]["SEQUENCE"])


def test_rotation_in_the_minutes_has_no_double_role(demo: InitiativeData) -> None:
    from workshop.export.document import Table

    doc = build_minutes(demo, _ids(demo)[0])
    table = next(
        b
        for s in doc.sections
        for b in s.blocks
        if isinstance(b, Table) and "議事録の送付期限" in b.header
    )
    assert all(row[2] != row[3] for row in table.rows)


def test_a_session_on_a_rotation_date_takes_its_roles(demo: InitiativeData) -> None:
    from workshop.domain.enums import Role
    from workshop.domain.followup import planned_on, rotation_roles

    first = demo.ordered_sessions()[0]
    planned = planned_on(first.mechanisms[0], date(2026, 11, 18))
    assert planned is not None and planned.secretariat == "企画課（地域交通担当）"
    people, recorder = rotation_roles(first.attendees, planned)
    by_name = {a.name: a for a in people}
    assert Role.SECRETARIAT in by_name["石井 健司"].roles
    assert Role.RECORDER in by_name["林 大輔"].roles and recorder == "林 大輔"
    assert Role.SECRETARIAT not in by_name["近藤 拓也"].roles
    assert Role.RECORDER not in by_name["近藤 拓也"].roles
    assert planned_on(first.mechanisms[0], date(2026, 11, 19)) is None


def test_no_meeting_is_planned_after_the_review_date(demo: InitiativeData, tmp_path) -> None:
    """The series ends at the review date (2027-03-31 in the demo), and so do the
    meetings the calendar lists, its minutes deadlines and the workbook's schedule: the
    follow-up's calendar listed 令和9年4月21日 and a minutes deadline for it, and its
    workbook a 第7回 on 2027-04-21, beyond the end its own RRULE and charter gave."""
    from io import BytesIO

    from openpyxl import load_workbook

    second = _ids(demo)[1]
    m = demo.ordered_sessions()[0].mechanisms[0]
    assert m.review_date == date(2027, 3, 31)
    assert all(p.date <= m.review_date for p in rotation(m, 24))
    assert rotation(m, 24)[-1].date == date(2027, 3, 17)  # the last third Wednesday
    evs = events(render("ics", demo, second))
    deadlines = [
        ev.decoded("DTSTART") for uid, ev in evs.items() if uid.startswith(f"{m.id}-minutes-")
    ]
    assert deadlines and max(deadlines) == date(2027, 3, 24)
    description = str(evs[f"{m.id}@workshop"]["DESCRIPTION"])
    assert "令和9年3月17日" in description and "令和9年4月" not in description
    book = load_workbook(BytesIO(render("xlsx", demo, second)), read_only=True)
    sheet = book[book.sheetnames[-1]]
    days = [
        row[2]
        for row in sheet.iter_rows(values_only=True)
        if len(row) > 2 and hasattr(row[2], "year")
    ]
    assert days and max(days).date() <= m.review_date

"""When and where a follow-up is held: the 次回予定 agreed for its day, else the regular
meeting's date and hours, else the last meeting's."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from tests.ui_helpers import demo_app, settle
from workshop.domain.enums import Cadence
from workshop.domain.next_meeting import Setting, followup_setting
from workshop.domain.records import Mechanism, Session
from workshop.screens.session import SessionScreen


def last_meeting(**agreed) -> Session:
    return Session(
        initiative_id="i",
        title="第1回",
        date=date(2027, 1, 20),
        start_time=time(14, 0),
        end_time=time(16, 30),
        place="役場 2階",
        **agreed,
    )


MONTHLY = Mechanism(
    session_id="s",
    name="みどり連携会議",
    cadence=Cadence.MONTHLY,
    by_weekday=True,
    first_date=date(2027, 1, 20),  # third Wednesdays
    start_time=time(10, 0),
    duration_minutes=90,
    place="福祉センター 会議室",
)


def test_the_agreed_next_meeting_gives_its_time_and_place() -> None:
    last = last_meeting(
        next_meeting_date=date(2027, 2, 17),
        next_meeting_time=time(13, 30),
        next_meeting_place="役場 3階",
    )
    assert followup_setting([last], [MONTHLY], date(2027, 2, 17)) == Setting(
        time(13, 30), None, "役場 3階"
    )


def test_a_regular_meeting_date_gives_its_hours_and_place() -> None:
    last = last_meeting()
    assert followup_setting([last], [MONTHLY], date(2027, 2, 17)) == Setting(
        time(10, 0), time(11, 30), "福祉センター 会議室"
    )


def test_another_day_keeps_the_last_meetings_hours_and_room() -> None:
    last = last_meeting()
    assert followup_setting([last], [MONTHLY], date(2027, 2, 18)) == Setting(
        time(14, 0), time(16, 30), "役場 2階"
    )


async def test_f3_opens_the_follow_up_at_the_time_and_place_agreed(tmp_path: Path) -> None:
    app, store, initiative_id = demo_app(tmp_path)
    second = store.sessions(initiative_id)[-1]
    store.update(second, next_meeting_time=time(13, 30), next_meeting_place="さくら川町役場 3階")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, SessionScreen)
    new = store.sessions(initiative_id)[-1]
    assert new.date == date(2027, 1, 20)
    assert (new.start_time, new.end_time, new.place) == (time(13, 30), None, "さくら川町役場 3階")

"""The step clock keeps each step's elapsed time: opening a session on a step whose clock
has run shows what is left and never writes it back to zero, and a half-minute save that
arrives after a switch is kept for the step it was counted on."""

from __future__ import annotations

from pathlib import Path

from tests.ui_helpers import empty_app, new_session, open_session, screen_text, settle
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.enums import Step
from workshop.domain.records import Session
from workshop.store import Store
from workshop.widgets.timer import StepTimer


def _timed_session(store: Store, step: Step) -> Session:
    """A session left on `step` after nine minutes of its ten-minute timebox."""
    session = new_session(store)
    return store.update(
        session,
        current_step=step,
        reached_step=step,
        timeboxes={Step.PREP: 10, Step.VISION: 20},
        timer_elapsed={Step.PREP: 540, Step.VISION: 300},
    )


async def test_opening_a_session_shows_the_time_left_and_keeps_it(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = _timed_session(store, Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        assert "⏱ 01:00 / 10:00" in screen_text(app)
        assert store.require(Session, session.id).timer_elapsed[Step.PREP] == 540
        await pilot.press("f3")
        await settle(pilot, 4)
        assert "⏱ 15:00 / 20:00" in screen_text(app)
        await app.action_quit()
        await settle(pilot)
    kept = store.require(Session, session.id).timer_elapsed
    assert (kept[Step.PREP], kept[Step.VISION]) == (540, 300)

    again = WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)  # opens on ① now
        assert "⏱ 15:00 / 20:00" in screen_text(again)
        await pilot.press("f2")
        await settle(pilot, 4)
        assert "⏱ 01:00 / 10:00" in screen_text(again)
    kept = store.require(Session, session.id).timer_elapsed
    assert (kept[Step.PREP], kept[Step.VISION]) == (540, 300)
    store.close()


async def test_a_half_minute_save_after_a_switch_stays_with_its_step(tmp_path: Path) -> None:
    """The running clock of 準備 posts its half-minute save; the facilitator presses F3
    before it is handled: the time is 準備's, not ①'s."""
    app, store = empty_app(tmp_path)
    session = _timed_session(store, Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        timer = screen.query_one(StepTimer)
        await pilot.press("f5")
        timer.started -= 30  # half a minute later (570 s)
        timer._tick()  # the clock's tick posts its half-minute save
        screen.go_to(Step.VISION)  # handled before the save
        await settle(pilot, 4)
        kept = store.require(Session, session.id).timer_elapsed
        assert kept[Step.VISION] == 300
        assert kept[Step.PREP] >= 570
    store.close()


async def test_five_more_minutes_stay_with_the_step(tmp_path: Path) -> None:
    """F6 lengthens the step's timebox in the plan: leaving the step and coming back, or
    opening the session again, does not take the five minutes away, and 準備's 時間配分
    shows them."""
    from textual.widgets import Input

    app, store = empty_app(tmp_path)
    session = _timed_session(store, Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await pilot.press("f6")
        await settle(pilot)
        assert "⏱ 06:00 / 15:00" in screen_text(app)
        field = app.screen.query_one("#i-tb_prep", Input)
        assert field.value == "15"  # on the screen at once, not only after a revisit
        await pilot.press("f3")
        await settle(pilot, 4)
        await pilot.press("f2")
        await settle(pilot, 4)
        assert "⏱ 06:00 / 15:00" in screen_text(app)
        assert field.value == "15"
    assert store.require(Session, session.id).timeboxes[Step.PREP] == 15
    store.close()


async def test_five_more_minutes_on_a_final_record_ask_nothing(tmp_path: Path) -> None:
    """The meeting is over: F6 runs the clock on the screen longer, and neither asks to
    reopen the record nor changes its plan."""
    from tests.ui_helpers import final_session
    from workshop.widgets.forms import FormDialog

    app, store = empty_app(tmp_path)
    session = final_session(store)
    store.update(session, timeboxes={Step.PREP: 10})
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await pilot.press("f6")
        await settle(pilot, 4)
        assert not isinstance(app.screen, FormDialog)
        assert "⏱ 15:00 / 15:00" in screen_text(app)
    assert store.require(Session, session.id).timeboxes == {Step.PREP: 10}
    store.close()

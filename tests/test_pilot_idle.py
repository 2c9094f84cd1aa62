"""The suite's idle wait (`tests/pilot_idle.py`) waits for what the app is about to do and
no longer: callbacks ready to run and timers due within its window run before it
returns; a timer due later, or a paused Textual timer's wake-up, does not hold it."""

from __future__ import annotations

import asyncio

import textual
import textual.app
import textual.pilot
from textual.app import App

from tests import pilot_idle


def test_installed_for_the_textual_it_follows() -> None:
    if textual.__version__ == pilot_idle.WRITTEN_FOR:
        assert textual.pilot.wait_for_idle is pilot_idle.wait_for_idle
        assert textual.app.wait_for_idle is pilot_idle.wait_for_idle


async def test_a_chain_of_callbacks_and_a_timer_due_soon_run_before_it_returns() -> None:
    loop = asyncio.get_running_loop()
    done: list[str] = []

    def hop(n: int) -> None:
        done.append(f"hop{n}")
        if n < 5:
            loop.call_soon(hop, n + 1)

    loop.call_soon(hop, 1)
    loop.call_later(pilot_idle.SOON_S / 2, done.append, "timer")
    await pilot_idle.wait_for_idle(0)
    assert done == ["hop1", "hop2", "hop3", "hop4", "hop5", "timer"]


async def test_a_timer_due_later_does_not_hold_it() -> None:
    loop = asyncio.get_running_loop()
    fired: list[str] = []
    handle = loop.call_later(0.5, fired.append, "late")
    await pilot_idle.wait_for_idle(0)
    assert fired == []
    handle.cancel()


async def test_a_paused_or_exiting_apps_timer_does_not_hold_it_a_running_one_does() -> None:
    """A Textual timer's task sleeps to its next tick even when paused, and an exiting
    app's timers tick on without doing anything (the screen's update timer, never paused
    again, held every wait of a test after ctrl+q for its whole second): such wake-ups
    are not waited for, a running timer's is."""
    app = App()
    async with app.run_test():
        timer = app.set_interval(0.3, lambda: None, name="probe")
        await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        asleep = [
            h
            for h in loop._scheduled  # type: ignore[attr-defined]
            if not h.cancelled() and h._args and isinstance(h._args[0], asyncio.Future)
        ]
        probe = [
            h
            for h in asleep
            for task in asyncio.all_tasks()
            if task._fut_waiter is h._args[0] and task.get_name() == "probe"  # type: ignore[attr-defined]
        ]
        assert len(probe) == 1
        assert not pilot_idle._idle_timer(probe[0])
        timer.pause()
        assert pilot_idle._idle_timer(probe[0])
        timer.resume()
        assert not pilot_idle._idle_timer(probe[0])
        app.exit()  # its timers' ticks return at once from now on
        assert pilot_idle._idle_timer(probe[0])

"""The suite's cheaper Pilot wait (`tests/pilot_wait.py`) waits for every widget that has
work and leaves the parked ones alone."""

from __future__ import annotations

import asyncio

import pytest
import textual
from textual.app import App, ComposeResult
from textual.events import Callback
from textual.pilot import Pilot
from textual.widgets import Static

from tests import pilot_wait


class Slow(Static):
    """Handles a message that takes a while (awaits inside its handler)."""

    done = False

    async def finish_slowly(self) -> None:
        await asyncio.sleep(0.15)
        self.done = True


class Many(App[None]):
    def compose(self) -> ComposeResult:
        for i in range(40):
            yield Static(f"行 {i}", id=f"s{i}")
        yield Slow("遅い", id="slow")


def test_it_is_installed_for_the_textual_it_follows() -> None:
    assert textual.__version__ == pilot_wait.WRITTEN_FOR
    assert Pilot._wait_for_screen is pilot_wait.wait_for_busy_widgets


def test_it_is_not_installed_for_another_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual, "__version__", "0.0.1")
    monkeypatch.setattr(Pilot, "_wait_for_screen", Pilot._wait_for_screen)
    original = Pilot._wait_for_screen
    assert pilot_wait.install() is False
    assert Pilot._wait_for_screen is original


async def test_a_widget_in_the_middle_of_a_message_is_waited_for() -> None:
    app = Many()
    async with app.run_test() as pilot:
        await pilot.pause()
        slow = app.query_one(Slow)
        slow.call_later(slow.finish_slowly)
        await asyncio.sleep(0.01)  # the handler has started and awaits
        assert not pilot_wait.parked(slow) and not slow.done
        await pilot._wait_for_screen()
        assert slow.done


async def test_a_widget_with_queued_messages_is_waited_for() -> None:
    app = Many()
    async with app.run_test() as pilot:
        await pilot.pause()
        last = app.query_one("#s39", Static)
        handled: list[int] = []

        async def handle(i: int) -> None:
            await asyncio.sleep(0.02)
            handled.append(i)

        for i in range(5):
            last.call_later(handle, i)
        assert not pilot_wait.parked(last)
        await pilot._wait_for_screen()
        assert handled == [0, 1, 2, 3, 4]


async def test_parked_widgets_get_no_callback() -> None:
    app = Many()
    async with app.run_test() as pilot:
        await pilot.pause()
        statics = list(app.query(Static))
        assert all(pilot_wait.parked(w) for w in statics)
        seen: list[object] = []
        for widget in statics:
            original = widget.post_message

            def post(message: object, original=original, widget=widget) -> bool:
                if isinstance(message, Callback):
                    seen.append(widget)
                return original(message)

            widget.post_message = post  # type: ignore[method-assign]
        assert await pilot._wait_for_screen()
        assert seen == []

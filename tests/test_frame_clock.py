"""The suite's frame clock (`tests/frame_clock.py`): screens tick every millisecond in
the tests, and a refresh asked for is drawn, once, before Pilot's wait returns."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual
from textual.screen import Screen

from tests import frame_clock
from tests.ui_helpers import empty_app, home_ready

pytestmark = pytest.mark.skipif(
    textual.__version__ != frame_clock.WRITTEN_FOR, reason="the clock is Textual's own"
)


async def test_screens_tick_on_the_quick_clock(tmp_path: Path) -> None:
    app, _store = empty_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        assert app.screen._update_timer._interval == frame_clock.FRAME_S
    assert abs(frame_clock.TEXTUAL_FRAME_S - 1 / 60) < 1e-9


async def test_a_refresh_is_drawn_once_before_the_wait_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[Screen] = []
    original = Screen._compositor_refresh

    def refresh(self: Screen) -> None:
        drawn.append(self)
        original(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    app, _store = empty_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.pause()
        drawn.clear()
        app.screen.refresh()
        await pilot.pause()
        assert drawn == [app.screen]

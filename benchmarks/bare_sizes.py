"""The bare yardsticks `sizes.py` sets beside workshop, measured in the same process right
after workshop's part: the home screen of as many rows, and the session-like screen's
panes padded to each pad (`bare_switch.measure_in`), under workshop's collection policy
(`common.full_collections_between`)."""

from __future__ import annotations

import time
from typing import Any

from common import PaintClock, full_collections_between

Raw = dict[str, list[float]]


def add(out: Raw, name: str, value: float) -> None:
    out.setdefault(name, []).append(value)


async def bare_ui(
    runs: int,
    home_rows: int | None,
    pane_widgets: list[tuple[int, int]],
    clock: PaintClock,
    open_pad: tuple[int, int] = (0, 0),
) -> tuple[Raw, dict[str, Any]]:
    """The bare yardsticks: the home screen of `home_rows` rows, and panes padded to each
    (widgets, of them laid out) of `pane_widgets` (laid out 0: the padding in a tab not
    shown), run under workshop's collection policy (`full_collections_between`)."""
    from bare_switch import BareSession

    app = BareSession()
    with full_collections_between():
        return await bare_measured(app, runs, home_rows, pane_widgets, clock, open_pad)


async def bare_measured(
    app: Any,
    runs: int,
    home_rows: int | None,
    pane_widgets: list[tuple[int, int]],
    clock: PaintClock,
    open_pad: tuple[int, int],
) -> tuple[Raw, dict[str, Any]]:
    from bare_app import FirstScreen
    from bare_switch import BARE_LAID_OUT, BARE_SCREEN_WIDGETS, BARE_WIDGETS, measure_in

    out: Raw = {}
    shape: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await clock.until_painted(time.perf_counter())
        if home_rows is not None:
            for _ in range(runs):
                t = time.perf_counter()
                await app.push_screen(FirstScreen(home_rows))
                add(out, "bare home pushed to paint", await clock.until_painted(t))
                shape["bare_home_widgets"] = len(app.screen.query("*")) + 1
                app.pop_screen()
                await clock.until_painted(time.perf_counter())
        panes = min(6, max(2, runs))  # `runs` first visits; revisits: 3 rounds of them
        rounds = 3 if runs >= 3 else 1
        for widgets, shown in pane_widgets:
            # the session-like screen opened with such a pane
            opens = (widgets, shown) == open_pad
            measured = await measure_in(app, pilot, clock, rounds, widgets, panes, opens, shown)
            for name, values in measured.items():
                out.setdefault(f"bare {name}", []).extend(values)
        shape["bare_pane_widgets"] = dict(BARE_WIDGETS)
        shape["bare_pane_laid_out"] = dict(BARE_LAID_OUT)
        shape["bare_screen_widgets"] = dict(BARE_SCREEN_WIDGETS)
    return out, shape

"""The bare yardstick of `benchmarks/sizes.py` is measured as workshop is: each pad on a
screen of at most its own six panes, and no full garbage collection left to chance
inside a timed action."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("common", "bare_switch", "bare_sizes", "sizes", "bare_app", "boards"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_full_collections_wait_outside_and_the_settings_come_back(bench: None) -> None:
    from common import full_collections_between

    before = gc.get_threshold()
    with full_collections_between():
        inside = gc.get_threshold()
    assert inside[:2] == before[:2] and inside[2] >= 1_000_000
    assert gc.get_threshold() == before


async def test_each_pad_is_measured_on_a_screen_of_its_own_panes(
    bench: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bare_switch import BareSession, Pane, measure_in
    from common import PaintClock
    from textual.widgets import ContentSwitcher

    panes_beside: list[int] = []

    def counted(self: Any) -> None:
        panes_beside.append(len(self.parent.children))

    monkeypatch.setattr(Pane, "on_mount", counted, raising=False)
    clock = PaintClock()
    app = BareSession()
    async with app.run_test(size=(120, 40)) as pilot:
        switcher = app.query_one("#switcher", ContentSwitcher)
        start = len(switcher.children)
        for widgets in (60, 90):
            measured = await measure_in(app, pilot, clock, 1, widgets, 3, False)
            assert len(measured[f"first visit to last paint ({widgets} widgets)"]) == 3
            # the pad's panes are gone once it is measured
            assert len(switcher.children) == start
    # every pane was mounted beside at most the two others of its own pad, never beside
    # an earlier pad's panes
    assert len(panes_beside) == 2 * (1 + 3)  # each pad's probe and its three panes
    assert max(panes_beside) <= start + 3


async def test_sizes_measures_the_bare_panes_with_full_collections_held(
    bench: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bare_sizes
    import bare_switch
    from common import PaintClock

    thresholds: list[int] = []

    async def noted(*args: Any, **kw: Any) -> dict[str, list[float]]:
        thresholds.append(gc.get_threshold()[2])
        return {"first visit to last paint": [1.0]}

    monkeypatch.setattr(bare_switch, "measure_in", noted)
    before = gc.get_threshold()
    out, _ = await bare_sizes.bare_ui(1, None, [(0, 0), (40, 0)], PaintClock())
    assert thresholds and min(thresholds) >= 1_000_000
    assert out["bare first visit to last paint"] == [1.0, 1.0]
    assert gc.get_threshold() == before


async def test_the_session_like_screen_has_the_chrome_of_the_session_screen(
    bench: None, tmp_path: Path
) -> None:
    """The yardstick for opening a session: beside its pane, as many widgets of the same
    kinds as workshop's session screen (title line, step tabs, the side panel's pages),
    and a switch shows the side page that goes with the pane."""
    from bare_switch import BareSession, SessionLike, show_pane
    from common import PaintClock
    from textual.widgets import Button

    from tests.ui_helpers import demo_app, open_session

    def outside(screen: Any, pane: Any) -> list[Any]:
        inside = {pane, *pane.query("*")}
        return [w for w in screen.query("*") if w not in inside]

    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, store.sessions()[0].id)
        screen = app.screen
        ours = outside(screen, screen.pane(screen.current))
        our_buttons = len([w for w in ours if isinstance(w, Button)])
    bare_app = BareSession()
    async with bare_app.run_test(size=(120, 40)):
        await bare_app.push_screen(SessionLike(40, 0))
        await PaintClock().until_painted(0)
        screen = bare_app.screen
        bare = outside(screen, screen.query_one("#p0"))
        assert abs(len(bare) - len(ours)) <= 6, (len(bare), len(ours))
        assert len([w for w in bare if isinstance(w, Button)]) == our_buttons
        pages = list(screen.query(".page"))
        assert [p.display for p in pages] == [True] + [False] * (len(pages) - 1)
        show_pane(screen, "p0", 2)
        assert [p.display for p in pages].index(True) == 2

"""Pilot tests of what a step switch paints: a step shown again is painted in one frame,
its side page and its tables kept as they were (nothing on screen changes size, so no
scroll bar is painted again in a frame of its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widgets import DataTable, Input

from tests.test_ui_switch import go, initial_session
from tests.ui_helpers import demo_app, open_session, settle
from workshop.domain.enums import STEP_ORDER, Step
from workshop.screens.session import SessionScreen
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.side_panel import SidePage, SidePanel

CLOCK = {"StepTimer", "TitleLine"}
"""Widgets that tick every second (the step's clock, the time in the title line)."""


class Frames:
    """Counts the frames the screen paints, and the widgets each one painted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.painted: list[list[str]] = []
        original = Screen._compositor_refresh

        def refresh(screen: Screen) -> None:
            painted = {
                type(w).__name__ + (f"@{type(w.parent).__name__}" if w.parent is not screen else "")
                if isinstance(w, ScrollBar)
                else type(w).__name__
                for w in screen._dirty_widgets
            }
            if not painted <= CLOCK:  # a tick of the clock is not part of a switch
                self.painted.append(sorted(painted))
            original(screen)

        monkeypatch.setattr(Screen, "_compositor_refresh", refresh)


async def visit_every_step(pilot: Any) -> SessionScreen:
    screen = pilot.app.screen
    for step in screen.steps:
        await go(pilot, step)
    for line in screen.query(Input):  # a blinking cursor paints frames of its own
        line.cursor_blink = False
    await settle(pilot, 4)
    return screen


async def test_a_step_shown_again_is_painted_in_one_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything a revisit changes is in its first frame. A table that takes or loses
    the cursor has its scroll bars restyled by Textual a moment later (they may take a
    frame of their own); nothing else may."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    frames = Frames(monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await visit_every_step(pilot)
        single: set[Step] = set()
        for step in screen.steps:
            left = screen.focused
            frames.painted.clear()
            await go(pilot, step)
            assert screen.current is step
            assert frames.painted, step
            later = [w for frame in frames.painted[1:] for w in frame if w not in CLOCK]
            tables = isinstance(left, DataTable) or isinstance(screen.focused, DataTable)
            if tables:
                assert all(w == "ScrollBar@FlexTable" for w in later), (step, frames.painted)
            else:
                assert later == [], (step, frames.painted)
                single.add(step)
        # ① and ②: the cursor goes to their line to type in
        assert {Step.VISION, Step.STRENGTHS} <= single, single


async def test_a_table_shown_again_at_its_size_keeps_its_scroll_bars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual updates a table's scroll bars after every layout of the screen; a table
    whose size, rows and room did not change keeps them (and they are not painted again)."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    updates: list[str] = []
    original = FlexTable._scroll_update

    def counted(table: FlexTable, size: Any) -> None:
        updates.append(str(table.id))
        original(table, size)

    monkeypatch.setattr(FlexTable, "_scroll_update", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await visit_every_step(pilot)
        updates.clear()
        await go(pilot, Step.VISION)
        await go(pilot, Step.STRENGTHS)
        assert updates == []
        # a resize still updates them
        await pilot.resize_terminal(100, 30)
        await settle(pilot, 4)
        assert updates
        table = next(t for t in screen.pane(Step.STRENGTHS).query(FlexTable) if t.display)
        assert table.scrollable_content_region.width <= 100


async def test_a_side_page_comes_back_as_it_was_left(tmp_path: Path) -> None:
    """Each step keeps its side page: shown again, it is the same page, scrolled where the
    facilitator left it; a change of the data still rewrites it."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.RESOURCES)
        side = screen.query_one(SidePanel)
        page = side.page
        assert isinstance(page, SidePage) and page.step is Step.RESOURCES
        page.scroll_to(y=5, animate=False)
        await settle(pilot)
        assert page.scroll_y == 5
        await go(pilot, Step.VISION)
        assert not page.display and side.page is not page
        await go(pilot, Step.RESOURCES)
        assert side.page is page and page.display
        assert page.scroll_y == 5
        # exactly one page is shown
        assert [p.step for p in side.query(SidePage) if p.display] == [Step.RESOURCES]
        screen.side_changed()  # the data of the page changed: written again from the top
        await settle(pilot)
        assert side.page is page and page.scroll_y == 0


def status_text(screen: SessionScreen) -> str:
    from workshop.widgets.save_status import SaveStatus

    return str(screen.query_one(SaveStatus).render())


async def test_the_step_is_stored_after_its_switch_without_announcing_a_save(
    tmp_path: Path,
) -> None:
    """Where the session is goes to the database right after the switch is painted (not
    in the middle of it); it is not something typed, so the top line keeps saying when
    the last typed thing was saved. A typed change still says 保存済み."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = pilot.app.screen
        before = status_text(screen)
        assert "保存済み" not in before
        await go(pilot, Step.RESOURCES)
        assert store.get(type(s1), s1.id).current_step is Step.RESOURCES
        assert status_text(screen) == before
        screen.c.update_session(place="役場 2階 第3会議室")
        await settle(pilot)
        assert "保存済み" in status_text(screen)


async def test_a_burst_of_step_keys_moves_that_many_steps_and_stores_the_last(
    tmp_path: Path,
) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = pilot.app.screen
        await pilot.press("f3", "f3", "f3")
        await settle(pilot, 4)
        assert screen.current is Step.RESOURCES
        assert store.get(type(s1), s1.id).current_step is Step.RESOURCES
        assert "-current" in screen.query_one("#tab-resources").classes


async def test_leaving_at_once_after_a_switch_still_stores_the_step(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = pilot.app.screen
        screen.go_to(Step.MECHANISM)
        screen.action_home()  # before any frame: the step is written as the screen goes
        await settle(pilot)
        stored = store.get(type(s1), s1.id)
        assert stored.current_step is Step.MECHANISM
        assert STEP_ORDER.index(stored.reached_step) >= STEP_ORDER.index(Step.MECHANISM)


@pytest.mark.parametrize("size", [(120, 40), (100, 30)])
async def test_a_board_shown_first_is_filled_before_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """A step's card board guesses the width its first layout will give it (the screen's
    width less the side panel beside it, when shown), so the first frame that shows the
    step already shows its cards, cut to the width the board really has."""
    from workshop.widgets.card_board import CardBoard
    from workshop.widgets.flex_table import column_widths

    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.PREP)
    shown: list[int] = []
    original = Screen._compositor_refresh

    def refresh(screen: Screen) -> None:
        original(screen)
        pane = screen.pane(Step.STRENGTHS) if isinstance(screen, SessionScreen) else None
        if pane is not None and pane.display and pane.region.width:
            boards = [b for b in pane.query(CardBoard) if b.region.width]
            shown.append(sum(b.query_one(FlexTable).row_count for b in boards))

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.STRENGTHS)
        cards = [c for c in store.cards(s1.id, Step.STRENGTHS) if not c.deleted]
        assert cards and shown and shown[0] > 0, shown
        for board in screen.pane(Step.STRENGTHS).query(CardBoard):
            table = board.query_one(FlexTable)
            if table.size.width:
                assert table._built == column_widths(
                    [w for _, _, w in table.spec], table.size.width, table.least
                )

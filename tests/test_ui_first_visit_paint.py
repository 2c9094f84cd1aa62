"""Pilot tests of what a step's first visit paints: the pane appears with a large
board's first cards (the rest are added when scrolled to), each widget of the new pane
is painted once (not again a frame later for a refresh asked during the layout that
placed it), and a board in a tab adds no rows for cards nobody has scrolled to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widgets import TabbedContent

from tests.test_ui_switch import initial_session
from tests.ui_helpers import demo_app, open_session, settle, wait_until
from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.screens.session import SessionScreen
from workshop.widgets.card_board import FIRST_ROWS, CardBoard
from workshop.widgets.flex_table import FlexTable

CLOCK = {"StepTimer", "TitleLine"}
"""Widgets that tick every second (the step's clock, the time in the title line)."""

AT_MOST = 4
"""Widgets a frame after the step's first one may paint again: a table filled once it
knows its width, the tabs' sliding underline, the blinking cursor and what it sits in
(scroll bars and the clock are not counted). Before, such a frame painted all of the
pane's 50 to 130 widgets again."""


def after_each_frame(monkeypatch: pytest.MonkeyPatch, seen: Callable[[Screen], None]) -> None:
    """Call `seen(screen)` right after each frame any screen paints."""
    original = Screen._compositor_refresh

    def refresh(screen: Screen) -> None:
        original(screen)
        seen(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)


async def first_visit(pilot: Pilot, session_id: str, step: Step) -> SessionScreen:
    """Open the session and switch to `step`, not built yet (its pane is being mounted)."""
    await open_session(pilot, session_id)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(step)
    return screen


def add_cards(store, session_id: str, step: Step, prompt: str, n: int) -> None:
    ids = [a.id for a in store.attendees(session_id)]
    for i in range(n):
        store.add(
            Card(
                session_id=session_id,
                step=step,
                prompt=prompt,
                text=f"強みカード {i + 1}：見守り訪問と買い物支援の連携",
                author_id=ids[i % len(ids)] if ids else None,
            )
        )


async def test_a_large_board_shows_its_first_rows_and_adds_the_rest_when_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A board of more cards than its first screens: the frame that first shows the step
    already has the board with its first rows, and the visit adds no others (a first
    visit had added them all, holding the step back until every card was in); its scroll
    bar is the whole board's. ctrl+End then reaches the last card."""
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.VISION)
    add_cards(store, s1.id, Step.STRENGTHS, "strengths.strengths", 3 * FIRST_ROWS)
    total = len([c for c in store.cards(s1.id, Step.STRENGTHS) if not c.deleted])
    on_screen: list[int] = []

    def frame(screen: Screen) -> None:
        pane = screen.pane(Step.STRENGTHS) if isinstance(screen, SessionScreen) else None
        if pane is not None:
            for table in pane.query("#board-table").results(FlexTable):
                if table in screen._compositor.visible_widgets:
                    on_screen.append(table.row_count)

    after_each_frame(monkeypatch, frame)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_visit(pilot, s1.id, Step.STRENGTHS)
        pane = screen.pane(Step.STRENGTHS)
        await wait_until(pilot, lambda: bool(on_screen and pane.query(CardBoard)))
        await settle(pilot, 5)
        board = pane.query_one(CardBoard)
        table = board.query_one(FlexTable)
        assert set(on_screen) == {FIRST_ROWS} and total > FIRST_ROWS, on_screen
        assert board.waiting and table.rows_to_come == total - FIRST_ROWS
        assert table.virtual_size.height > 2 * table._total_row_height  # room for the rest
        table.focus()
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == total and board.selected() == board.cards[-1]


async def test_each_widget_of_a_step_is_painted_once_on_its_first_visit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every step's first visit: after the frame that first shows the pane, later frames
    paint only what changed since (see AT_MOST). Textual asks every widget the layout
    gave a size to be painted again, and a frame later it painted the whole pane a
    second time."""
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.PREP)
    frames: list[tuple[bool, list[str]]] = []
    watched: dict[str, object] = {}
    original = Screen._compositor_refresh

    def refresh(screen: Screen) -> None:
        painted = [type(w).__name__ for w in screen._dirty_widgets if not isinstance(w, ScrollBar)]
        original(screen)
        pane = watched.get("pane")
        frames.append((pane in screen._compositor.visible_widgets, painted))

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        visited = 0
        for step in screen.steps:
            if screen.pane(step) is not None:
                continue
            frames.clear()
            screen.go_to(step)
            watched["pane"] = screen.pane(step)
            await settle(pilot, 5)
            first = next(i for i, (shown, _) in enumerate(frames) if shown)
            for _, painted in frames[first + 1 :]:
                assert type(watched["pane"]).__name__ not in painted, step
                assert len([w for w in painted if w not in CLOCK]) <= AT_MOST, (step, painted)
            visited += 1
        assert visited >= 4


async def test_a_board_in_a_tab_adds_its_rows_when_scrolled_to(tmp_path: Path) -> None:
    """① has a board per tab. A large one adds no rows past its first screens in the
    background, in a tab not shown (cards nobody sees) or shown; ↓ from its last row
    added goes on to the next card, and a card typed lands after the last."""
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.PREP)
    add_cards(store, s1.id, Step.VISION, "vision.residents", 2 * FIRST_ROWS)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_visit(pilot, s1.id, Step.VISION)
        await settle(pilot, 5)
        pane = screen.pane(Step.VISION)
        board = next(b for b in pane.query(CardBoard) if "vision.residents" in b.prompts)
        table = board.query_one(FlexTable)
        assert table.row_count == FIRST_ROWS and board.waiting  # hidden: waits
        tabs = pane.query_one(TabbedContent)
        tab = next(p.id for p in tabs.query("TabPane") if board in p.query(CardBoard))
        tabs.active = tab
        await settle(pilot, 5)
        assert table.row_count == FIRST_ROWS and board.waiting  # shown: still waits
        table.focus()
        table.move_cursor(row=FIRST_ROWS - 1)
        await pilot.press("down")
        assert board.selected() == board.cards[FIRST_ROWS]
        assert table.row_count == len(board.cards) > FIRST_ROWS and not board.waiting
        board.focus_capture()
        await pilot.press("end")
        assert board.selected_id() is None or board.cards  # the board answers keys


async def test_no_frame_is_painted_while_a_new_pane_is_being_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pane's widgets mount over several turns of the event loop; on a slow machine
    frames fell due in between: the side panel and bars of the new step were laid out
    and painted beside the old pane, then the half-built pane, four layouts of the whole
    screen before the one that showed the step. Now the first frame after the switch
    shows the new step whole, its form in and the cursor placed."""
    import time

    from workshop.widgets.inline_form import InlineForm

    compose = InlineForm.compose

    def slow_compose(form: InlineForm):  # a busy laptop: the form takes its time
        time.sleep(0.1)
        yield from compose(form)

    monkeypatch.setattr(InlineForm, "compose", slow_compose)
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.RESOURCES)
    frames: list[tuple[bool, bool, int]] = []
    watched: dict[str, object] = {}

    def frame(screen: Screen) -> None:
        pane = watched.get("pane")
        if pane is not None:
            visible = screen._compositor.visible_widgets
            forms = [w for w in visible if isinstance(w, InlineForm)]
            frames.append((pane.ready, pane in visible, len(forms)))

    after_each_frame(monkeypatch, frame)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_visit(pilot, s1.id, Step.MECHANISM)
        watched["pane"] = screen.pane(Step.MECHANISM)
        await wait_until(pilot, lambda: bool(frames))
        await settle(pilot, 5)
        assert frames[0] == (True, True, 1), frames
        assert all(ready for ready, _, _ in frames), frames
        assert screen.focused is not None and screen.focused.id == "i-name"


async def test_a_large_board_is_laid_out_and_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """② with more cards than its first screens: the screen is laid out once (a second
    layout of the whole screen came after the first frame, only to add the board's scroll
    bar and to settle scrollable sizes the first had measured), and the table is drawn in
    that frame alone (reading the rest of the cards drew the whole table once more)."""
    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.VISION)
    add_cards(store, s1.id, Step.STRENGTHS, "strengths.strengths", 3 * FIRST_ROWS)
    seen: dict[str, object] = {}
    layouts: list[int] = []
    drawn: list[int] = []
    original_layout = Screen._refresh_layout
    original_frame = Screen._compositor_refresh

    def table() -> FlexTable | None:
        pane = seen.get("pane")
        tables = pane.query("#board-table").results(FlexTable) if pane is not None else ()
        return next(iter(tables), None)

    def laid_out(screen: Screen, *args: object, **kwargs: object) -> None:
        board = table()
        if board is not None and board.row_count <= FIRST_ROWS:
            layouts.append(board.row_count)
        original_layout(screen, *args, **kwargs)

    def frame(screen: Screen) -> None:
        board = table()
        if board is not None and board in screen._compositor.visible_widgets:
            drawn.append(int(board in screen._dirty_widgets))
        original_frame(screen)

    monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
    monkeypatch.setattr(Screen, "_compositor_refresh", frame)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_visit(pilot, s1.id, Step.STRENGTHS)
        seen["pane"] = screen.pane(Step.STRENGTHS)
        await wait_until(pilot, lambda: bool(drawn))
        board = screen.pane(Step.STRENGTHS).query_one(CardBoard)
        await settle(pilot, 5)
        assert layouts == [FIRST_ROWS], layouts
        assert drawn[0] == 1 and sum(drawn[1:]) == 0, drawn
        assert board.query_one(FlexTable).show_vertical_scrollbar

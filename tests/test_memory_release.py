"""A closed session gives its memory back: no widget of it stays reachable, and a full
collection runs when it closes, whether or not the keyboard ever rests."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.widget import Widget

from tests.ui_helpers import open_session, settle
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.demo import install_demo
from workshop.screens.session import SessionScreen
from workshop.store import Store


def session_widgets() -> int:
    """Widgets alive that belong to no mounted screen (closed sessions' leftovers)."""
    return sum(
        1
        for o in gc.get_objects()
        if isinstance(o, Widget) and not isinstance(o, SessionScreen) and o._closed
    )


async def test_closed_sessions_leave_no_widgets_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    install_demo(store)
    session_id = store.session_summaries()[0].id
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await open_session(pilot, session_id)
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            for step in screen.steps:  # every pane built: text areas, timers, tables
                screen.go_to(step)
                await settle(pilot, 2)
            app.idle_gc.touched()
            screen.action_home()
            await settle(pilot, 3)
            del screen
        collections = app.idle_gc.collections
        gc.collect()
        assert session_widgets() == 0
        assert collections >= 2  # one at each close, though a key was pressed just before


def test_forgetting_watchers_keeps_live_ones(tmp_path: Path) -> None:
    """Only closed widgets are dropped from the app's watcher lists."""

    class Node:
        def __init__(self, closing: bool) -> None:
            self._closing = closing

    app = WorkshopApp(store=Store(tmp_path / "w.db"), config=Config(), persist_config=False)
    live, closed = Node(False), Node(True)
    setattr(app, "__watchers", {"theme": [(live, print), (closed, print)]})
    app.forget_closed_watchers()
    assert getattr(app, "__watchers") == {"theme": [(live, print)]}


async def cycle_typing(pilot, session_id: str) -> None:
    """Open the session, visit every step with a card typed on each board, close it; the
    keyboard never rests (so no idle moment collects anything)."""
    from workshop.widgets.card_board import CardBoard

    app = pilot.app
    await open_session(pilot, session_id)
    screen = app.screen
    for step in screen.steps:
        app.idle_gc.touched()
        screen.go_to(step)
        await settle(pilot, 2)
        boards = list(screen.pane(step).query(CardBoard))
        if boards:
            boards[0].focus_capture()
            await pilot.pause()
            if app.focused is not None and app.focused.id == "capture-text":
                await pilot.press(*"メモ", "enter")
            for _ in range(3):
                if app.screen is screen:
                    break
                await pilot.press("escape")
                await pilot.pause()
    app.idle_gc.touched()
    screen.action_home()
    await settle(pilot, 3)


async def test_closed_widgets_render_caches_are_released(tmp_path: Path) -> None:
    """Textual memoises a style lookup on each widget's render cache: without emptying it
    at close, every closed widget's rendered lines stayed alive (hundreds per cycle)."""
    from textual._styles_cache import StylesCache

    store = Store(tmp_path / "w.db")
    install_demo(store)
    session_id = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await cycle_typing(pilot, session_id)
        gc.collect()
        live = [o for o in gc.get_objects() if isinstance(o, Widget) and not o._closed]
        caches = [o for o in gc.get_objects() if type(o) is StylesCache]
        assert len(caches) <= len(live)
        assert session_widgets() == 0

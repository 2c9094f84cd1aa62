"""Snapshot tests of the main screens (plain `def`: snap_compare runs the app itself).

Regenerate after a deliberate change of the screens or a Textual upgrade with
`pytest tests/test_snapshots.py --snapshot-update`, and look at every changed SVG as a
user would (`rsvg-convert -w 1400 x.svg -o x.png` draws it with the CJK fonts): lines
must not start with 」、。ー, columns must not cut a name or a date without an ellipsis,
the key bar must keep its labels."""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.ui_helpers import frame, template_store
from workshop.app import WorkshopApp
from workshop.domain.enums import SessionKind, Step

SNAP_DB = Path("/tmp/workshop-snapshots/demo.db")
"""A fixed path: the home screen shows where the database is. Tests that use it take
SNAP_LOCK first, so pytest-xdist workers (or two test runs on one machine) take turns
instead of deleting each other's database."""
SNAP_LOCK = Path("/tmp/workshop-snapshots.lock")


class FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 22, 14, 30, 0)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("workshop.widgets.save_status.datetime", FrozenClock)
    with open(SNAP_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(SNAP_DB.parent, ignore_errors=True)
        store, _ = template_store(SNAP_DB, demo=True)
        first = next(s for s in store.sessions() if s.kind is SessionKind.INITIAL)
        yield WorkshopApp(store=store, persist_config=False), first.id
        store.close()


def followup_id(app: WorkshopApp) -> str:
    return next(s for s in app.store.sessions() if s.kind is SessionKind.FOLLOWUP).id


def at_step(
    session_id: str,
    step: Step,
    tab: tuple[str, str] | None = None,
    then: Callable[[Any], Awaitable[None]] | None = None,
):
    async def run_before(pilot) -> None:
        pilot.app.open_session(session_id)
        for _ in range(6):
            await pilot.pause()
        pilot.app.screen.go_to(step)
        # A loaded machine composes the pane over more frames: wait for it, not a count
        for _ in range(100):
            pane = pilot.app.screen.pane(step)
            if pane is not None and pane.ready:
                break
            await pilot.pause(0.02)
        if tab:
            tabs = pilot.app.screen.query_one(f"#{tab[0]}")
            for _ in range(8):
                if tabs.active == tab[1]:
                    break
                await pilot.press("f10")
                await pilot.pause()
            assert tabs.active == tab[1], f"F10 did not reach {tab[1]}"
        await steady(pilot)
        if then is not None:
            await then(pilot)
            await steady(pilot)

    return run_before


async def steady(pilot) -> None:
    """No blinking cursor in a snapshot."""
    from textual.widgets import Input

    for _ in range(4):
        await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    # Resizes, table rebuilds and the first focus settle over a few frames, later on a
    # busy machine: wait until the screen stays the same over three idle waits in a row
    previous, same = None, 0
    for _ in range(60):
        await pilot.pause()
        await pilot.pause(0.05)
        shot = frame(pilot.app)
        same = same + 1 if shot == previous else 0
        if same == 2:
            break
        previous = shot


def test_home(snap_compare, demo) -> None:
    app, _ = demo
    assert snap_compare(app, terminal_size=(120, 40), run_before=steady)


def test_vision_board(snap_compare, demo) -> None:
    app, sid = demo
    assert snap_compare(app, terminal_size=(120, 40), run_before=at_step(sid, Step.VISION))


def test_strengths_matrix(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.STRENGTHS, ("strengths-tabs", "tab-matrix"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_summary_actions(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.SUMMARY, ("summary-tabs", "tab-actions"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_attendees_at_100_by_30(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.PREP, ("prep-tabs", "tab-attendees"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


async def show_side_tips(pilot) -> None:
    """The side panel open (F7 below 120 columns) and scrolled to the step's tips."""
    from workshop.widgets.side_panel import SidePanel

    side = pilot.app.screen.query_one(SidePanel)
    if not side.display:
        await pilot.press("f7")
        await steady(pilot)
    side.page.scroll_to_widget(side.page.query_one("#sp-tips"), animate=False, top=True)


def test_side_panel_tips_at_100_by_30(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.VISION, then=show_side_tips)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


def test_side_panel_tips_at_120_by_40(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.SUMMARY, then=show_side_tips)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


async def open_palette(pilot) -> None:
    """The command palette with a Japanese search (its list is filled in the background)."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    for _ in range(50):
        if isinstance(pilot.app.screen, CommandPalette):
            break
        await pilot.pause(0.02)
    await pilot.press(*"資源")
    for _ in range(100):
        await pilot.pause(0.05)
        found = pilot.app.screen.query(CommandList)
        if found and found.first().option_count:
            break


def test_command_palette_at_100_by_30(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.VISION, then=open_palette)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


async def press_help(pilot) -> None:
    await pilot.press("f1")


def test_help_at_100_by_30(snap_compare, demo) -> None:
    app, sid = demo
    run = at_step(sid, Step.VISION, then=press_help)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)


def test_followup_review_at_100_by_30(snap_compare, demo) -> None:
    app, _ = demo
    run = at_step(followup_id(app), Step.REVIEW, ("review-tabs", "tab-actions"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=run)

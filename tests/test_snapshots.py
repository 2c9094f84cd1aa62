"""Snapshot tests of the main screens (plain `def`: snap_compare runs the app itself).

Regenerate after a deliberate change of the screens or a Textual upgrade with
`pytest tests/test_snapshots.py --snapshot-update`, and review the SVGs (they show
Japanese squeezed; read them as text)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from workshop.app import WorkshopApp
from workshop.demo import install_demo
from workshop.domain.enums import SessionKind, Step
from workshop.store import Store

SNAP_DB = Path("/tmp/workshop-snapshots/demo.db")
"""A fixed path: the home screen shows where the database is."""


class FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 22, 14, 30, 0)


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("workshop.widgets.save_status.datetime", FrozenClock)
    shutil.rmtree(SNAP_DB.parent, ignore_errors=True)
    store = Store(SNAP_DB)
    install_demo(store)
    first = next(s for s in store.sessions() if s.kind is SessionKind.INITIAL)
    yield WorkshopApp(store=store, persist_config=False), first.id
    store.close()


def at_step(session_id: str, step: Step, tab: tuple[str, str] | None = None):
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
        shot = pilot.app.export_screenshot()
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

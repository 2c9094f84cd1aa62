"""The app's garbage-collection policy: full collections wait for a quiet keyboard."""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path

import pytest

from tests.ui_helpers import empty_app, settle
from workshop import idle_gc
from workshop.idle_gc import DUE_AFTER, OVERDUE_AFTER, QUIET_S, RETRIES, IdleCollector


@pytest.fixture
def collector():
    c = IdleCollector()
    c.start()
    yield c
    c.stop()


def young_collections(n: int) -> None:
    """Make the oldest generation's counter reach n (it counts middle collections)."""
    gc.collect()
    for _ in range(n):
        gc.collect(1)


def test_start_stops_automatic_full_collections_and_stop_restores(collector) -> None:
    saved = collector._saved
    assert saved is not None
    assert gc.get_threshold()[:2] == saved[:2]
    assert gc.get_threshold()[2] > 10**6
    collector.stop()
    assert gc.get_threshold() == saved


def test_a_due_collection_waits_for_a_quiet_keyboard(collector) -> None:
    young_collections(DUE_AFTER)
    collector.touched()
    now = collector.last_input
    assert not collector.tick(now + QUIET_S / 2)  # someone is typing
    assert gc.get_count()[2] >= DUE_AFTER
    assert collector.tick(now + QUIET_S + 0.1)
    assert gc.get_count()[2] == 0
    assert collector.collections == 1


def test_nothing_runs_when_little_has_piled_up(collector) -> None:
    young_collections(1)
    assert not collector.tick(time.monotonic() + 60)


def test_an_overdue_collection_runs_even_while_typing(collector) -> None:
    young_collections(OVERDUE_AFTER)
    collector.touched()
    assert collector.tick(collector.last_input)


async def test_keys_in_the_app_count_as_typing_and_the_app_restores_gc(tmp_path: Path) -> None:
    before = gc.get_threshold()
    app, _store = empty_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert gc.get_threshold()[2] > 10**6
        app.idle_gc.last_input = 0.0
        await pilot.press("f1")
        await settle(pilot)
        assert time.monotonic() - app.idle_gc.last_input < 5
    assert gc.get_threshold() == before


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_an_export_leaves_no_document_behind_while_collections_wait(collector, fmt) -> None:
    """python-docx and openpyxl trees are cyclic: with full collections deferred for an
    idle moment, a written document stayed in memory until the keyboard rested."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from export_data import build

    from workshop.export import render

    fx = build(long=False)
    gc.collect()
    render(fmt, fx.data, fx.initial_id)
    names = ("Document", "DocumentPart", "Workbook", "Worksheet")
    kept = [
        type(o).__name__
        for o in gc.get_objects()
        if str(type(o).__module__).startswith(("docx.", "openpyxl.")) and type(o).__name__ in names
    ]
    assert kept == []


class _Closed:
    """Stands for a closed screen: in a cycle, as widgets are, so only a full collection
    frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_a_closed_screen_is_collected_once_its_task_has_ended(collector, monkeypatch) -> None:
    monkeypatch.setattr(idle_gc, "RETRY_S", 0.01)
    running = asyncio.Event()
    task = asyncio.create_task(running.wait())
    closed = _Closed()
    collector.collect_when_gone(closed, task)
    del closed
    await asyncio.sleep(0.05)
    assert collector.collections == 0  # its task still runs: a collection would free nothing
    running.set()
    await asyncio.sleep(0.1)
    assert collector.collections == 1  # freed by the first: no second try


async def test_a_closed_screen_still_held_is_tried_a_few_times(collector, monkeypatch) -> None:
    monkeypatch.setattr(idle_gc, "RETRY_S", 0.01)
    task = asyncio.create_task(asyncio.sleep(0))
    held = _Closed()
    collector.collect_when_gone(held, task)
    deadline = time.monotonic() + 10  # each try is a full collection of the test process
    while collector.collections < 1 + RETRIES and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert collector.collections == 1 + RETRIES
    await asyncio.sleep(0.2)
    assert collector.collections == 1 + RETRIES  # then it stops trying
    assert held.me is held

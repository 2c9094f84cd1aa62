"""The app's garbage-collection policy: full collections wait for a quiet keyboard."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from tests.ui_helpers import empty_app, settle
from workshop.idle_gc import DUE_AFTER, OVERDUE_AFTER, QUIET_S, IdleCollector


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

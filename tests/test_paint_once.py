"""The screen that lays out and paints each widget a layout places once (`PaintsPlacedOnce`),
and the table that keeps its scroll bar from its first frame (`FlexTable`): counted in
small apps, layouts of the screen and what they leave on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.app import App
from textual.containers import Vertical, VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from workshop.widgets.flex_table import FlexTable
from workshop.widgets.paint_once import PaintsPlacedOnce


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets an entry for every layout of any screen."""
    layouts: list[int] = []
    original = Screen._refresh_layout

    def counted(screen: Screen, *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        original(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


class Blank(PaintsPlacedOnce):
    pass


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Blank())


async def frames(pilot: Any) -> None:
    """Let a few frames go by (the screen lays out and paints on its update timer)."""
    for _ in range(6):
        await pilot.pause(0.02)


async def layouts_mounting(pilot: Any, layouts: list[int], widget: Any) -> int:
    """Layouts of the screen from mounting `widget` whole until a few frames have gone."""
    layouts.clear()
    await mount_whole(pilot.app, widget)
    await frames(pilot)
    return len(layouts)


async def mount_whole(app: App[None], widget: Any) -> None:
    """Mount `widget` with no frame before it is mounted whole (as a step's pane is)."""
    with app.batch_update():
        await app.screen.mount(widget)


def pane(lines: int) -> Vertical:
    """A pane as a step's: nested containers, a scrolling part with `lines` lines."""
    return Vertical(
        Static("見出し"),
        VerticalScroll(*(Static(f"{n + 1}行目の文") for n in range(lines)), id="scroll"),
        Static("足もと"),
    )


async def test_a_pane_mounted_is_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout that places a new pane gives its containers their scrollable sizes,
    and setting those asked for a layout again: a second layout of the whole screen
    (and a frame), which found every widget where the first had put it."""
    layouts = count_layouts(monkeypatch)
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert await layouts_mounting(pilot, layouts, pane(3)) == 1
        scroll = app.screen.query_one("#scroll", VerticalScroll)
        assert [w.size.height for w in scroll.query(Static)] == [1, 1, 1]


async def test_a_scroll_bar_that_appears_is_laid_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scroll bar shown by the layout takes room from what is inside: that layout is
    followed by another (not dropped as the scrollable size's own request is), and the
    lines inside are as wide as the room left."""
    layouts = count_layouts(monkeypatch)
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        laid_out = await layouts_mounting(pilot, layouts, pane(40))
        scroll = app.screen.query_one("#scroll", VerticalScroll)
        assert scroll.show_vertical_scrollbar
        assert laid_out > 1
        line = scroll.query_one(Static)
        assert line.size.width == scroll.size.width - scroll.styles.scrollbar_size_vertical


class TableApp(App[None]):
    CSS = "FlexTable { height: 1fr; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def on_mount(self) -> None:
        self.push_screen(Blank())

    async def show(self, pilot: Any) -> FlexTable:
        table = FlexTable([("no", "番号", 4), ("text", "内容", None)])
        with self.batch_update():
            await self.screen.mount(table)
            table.guess_width()
            table.layout()
            table.add_rows_of_cells([([str(n), f"カード{n}"], str(n)) for n in range(self.rows)])
            await pilot.pause()  # the table takes its scrollable size (as a step's board)
        return table


@pytest.mark.parametrize("rows", [60, 5])
async def test_a_table_taller_than_the_terminal_has_its_scroll_bar_in_its_first_layout(
    monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    """A table of more rows than the terminal has lines scrolls at any size: its scroll
    bar is there in the layout that places it, not added by a second layout and frame.
    A short one has none."""
    layouts = count_layouts(monkeypatch)
    app = TableApp(rows)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        layouts.clear()
        table = await app.show(pilot)
        await frames(pilot)
        assert table.show_vertical_scrollbar is (rows == 60)
        assert len(layouts) == 1
        assert table.row_count == rows


@asynccontextmanager
async def table_with_its_bar(rows: int) -> AsyncIterator[tuple[Pilot, FlexTable]]:
    """A table of `rows` rows shown in a terminal of 20 lines, with its scroll bar."""
    app = TableApp(rows)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = await app.show(pilot)
        await pilot.pause(0.05)
        assert table.show_vertical_scrollbar
        yield pilot, table


async def test_a_table_emptied_loses_the_scroll_bar_it_kept() -> None:
    async with table_with_its_bar(60) as (pilot, table):
        table.clear()
        table.add_rows_of_cells([(["1", "一枚だけ"], "only")])
        await frames(pilot)
        assert not table.show_vertical_scrollbar
        assert table.styles.overflow_y != "scroll"


async def test_a_terminal_made_taller_than_the_rows_drops_the_kept_scroll_bar() -> None:
    async with table_with_its_bar(30) as (pilot, table):
        await pilot.resize_terminal(60, 50)
        await frames(pilot)
        assert table.size.height > 31
        assert not table.show_vertical_scrollbar
        await pilot.resize_terminal(60, 20)
        await frames(pilot)
        assert table.show_vertical_scrollbar

"""Rows of a FlexTable: cells kept as their wrapped lines until drawn, many rows added as
one change, a long table that grows below what is shown."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey

from workshop.widgets.flex_table import FlexTable, Lines, cell, column_widths

SPEC = [("no", "No.", 4), ("text", "内容", None), ("who", "発言者", 10)]
TEXTS = [
    "買い物に行けない高齢者が増えている",
    "[bold]見守り[/]の担当課が分かれている（直営）",
    "地域包括支援センターと社会福祉協議会が同じ世帯を別々に訪ねていて、情報がつながらない",
    "令和8年12月25日に10か所で説明会",
]


def test_a_row_keeps_the_lines_a_cell_shows() -> None:
    table = FlexTable(SPEC)
    widths = [4, 16, 10]
    for text in TEXTS:
        row = table.row(["1", text, "山田 恵子（高齢福祉課）"], widths)
        assert all(isinstance(c, Lines) for c in row)
        for made, value, width, flexible in zip(
            row, ["1", text, "山田 恵子（高齢福祉課）"], widths, [False, True, False], strict=True
        ):
            shown = cell(value, width, flexible=flexible)
            assert made.plain == shown.plain == str(made)
            # drawn as the same literal Text: brackets typed in the room are no markup
            assert made.__rich__().plain == shown.plain
            assert made.__rich__().spans == []
    # a Text given by the caller (styled) stays a Text, cut to the width
    styled = table.row([Text("12345", style="bold"), "a", "b"], widths)[0]
    assert isinstance(styled, Text) and styled.plain == "123…"


class Board(App):
    CSS = "FlexTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield FlexTable(SPEC, id="t")


def rows(start: int, end: int, widths: list[int]) -> list[tuple[list, str]]:
    table = FlexTable(SPEC)
    return [
        (table.row([str(n), TEXTS[n % len(TEXTS)] * (n % 3 + 1), "山田"], widths), f"k{n}")
        for n in range(start, end)
    ]


async def test_rows_added_at_once_are_as_tall_as_their_tallest_cell() -> None:
    app = Board()
    highlighted: list[int] = []

    def hook(message: object) -> None:
        if isinstance(message, DataTable.RowHighlighted):
            highlighted.append(message.cursor_row)

    async with app.run_test(size=(80, 20), message_hook=hook) as pilot:
        table = app.query_one(FlexTable)
        widths = table.layout()
        first = rows(0, 5, widths)
        table.add_rows_of_cells(first)
        await pilot.pause()
        assert table.row_count == 5
        assert highlighted[:1] == [0]  # the cursor stands on the first row, as with add_row
        heights = [max(len(c.lines) for c in cells) for cells, _ in first]
        assert [
            table.rows[table.coordinate_to_cell_key((r, 0)).row_key].height for r in range(5)
        ] == heights
        assert max(heights) > 1
        assert table.virtual_size.height == sum(heights) + table.header_height
        with pytest.raises(DuplicateKey):
            table.add_rows_of_cells(rows(4, 5, widths))
        # many more below the screen: every row reachable, the last one drawn
        more = rows(5, 400, widths)
        table.add_rows_of_cells(more[:200])
        await pilot.pause()
        table.add_rows_of_cells(more[200:])
        await pilot.pause()
        every = first + more
        assert table.row_count == 400
        assert [table.coordinate_to_cell_key((r, 0)).row_key.value for r in (0, 399)] == [
            "k0",
            "k399",
        ]
        total = sum(max(len(c.lines) for c in cells) for cells, _ in every)
        assert table.virtual_size.height == total + table.header_height
        table.focus()
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == 399
        shown = "".join(table.render_line(y).text for y in range(table.size.height)).replace(
            " ", ""
        )
        assert every[-1][0][1].lines[0].replace(" ", "") in shown
        # and the first rows still drawn as before once scrolled back
        await pilot.press("ctrl+home")
        await pilot.pause()
        shown = "".join(table.render_line(y).text for y in range(table.size.height)).replace(
            " ", ""
        )
        assert first[0][0][1].lines[0].replace(" ", "") in shown


async def test_rows_added_below_the_last_line_shown_repaint_only_the_scroll_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large board adds its rows in chunks below what is on the screen: each chunk
    lengthens the scroll bar and changes no line shown, so the table is not painted
    again (it was, 20 ms a chunk at 10,000 cards). Rows that land on the screen are."""
    from textual.screen import Screen
    from textual.scrollbar import ScrollBar

    painted: list[set[str]] = []
    original = Screen._compositor_refresh

    def refresh(screen: Screen) -> None:
        painted.append({type(w).__name__ for w in screen._dirty_widgets})
        original(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)
    app = Board()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(FlexTable)
        widths = table.layout()
        table.add_rows_of_cells(rows(0, 3, widths))  # fewer than the screen holds
        await pilot.pause()
        painted.clear()
        table.add_rows_of_cells(rows(3, 60, widths))  # fills the screen and more
        await pilot.pause()
        assert any("FlexTable" in p for p in painted)
        painted.clear()
        table.add_rows_of_cells(rows(60, 200, widths))  # all below the last line shown
        await pilot.pause()
        assert painted and not any("FlexTable" in p for p in painted), painted
        assert any(ScrollBar.__name__ in p for p in painted)  # the longer scroll shows
        assert table.row_count == 200
        table.scroll_end(animate=False)
        await pilot.pause()
        shown = "".join(table.render_line(y).text for y in range(table.size.height))
        assert "199" in shown  # the last rows are there to be drawn


async def test_rows_added_in_chunks_map_every_line_to_its_row() -> None:
    """A large board adds its rows in chunks; the table's line-to-row map and row order
    are lengthened by each chunk (not rebuilt from every row). After any mix of chunks,
    pauses, a sort and a click, each screen line still belongs to the row drawn there."""
    app = Board()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(FlexTable)
        widths = table.layout()
        added: list[tuple[list, str]] = []

        def expected() -> tuple[list[str], list[tuple[str, int]]]:
            order = [table.coordinate_to_cell_key((r, 0)).row_key for r in range(table.row_count)]
            lines = [(key.value, y) for key in order for y in range(table.rows[key].height)]
            return [k.value for k in order], lines

        def check() -> None:
            order, lines = expected()
            assert [row.key.value for row in table.ordered_rows] == order
            assert [(key.value, y) for key, y in table._y_offsets] == lines
            total = len(lines) + table.header_height
            assert table.virtual_size.height == total

        for start, end, pause in [(0, 3, True), (3, 40, False), (40, 90, True), (90, 91, True)]:
            chunk = rows(start, end, widths)
            added += chunk
            table.add_rows_of_cells(chunk)
            if pause:
                await pilot.pause()
                check()
        check()
        table.sort("no", key=lambda n: -int(str(n)))  # a new order: the maps are built anew
        await pilot.pause()
        check()
        table.add_rows_of_cells(rows(91, 120, widths))
        await pilot.pause()
        check()
        assert [row.key.value for row in table.ordered_rows][-1] == "k119"
        # a click on the second line of the first row selects that row
        table.focus()
        await pilot.click(FlexTable, offset=(6, table.header_height + 1))
        await pilot.pause()
        assert table.cursor_row == 0


ATTENDEE_COLUMNS = [16, 22, 24, 10, None]
"""The attendee table's columns (氏名, 所属, 庁内／庁外, 役職, and 役割 sharing the rest)."""


def test_fixed_columns_give_up_cells_before_the_table_scrolls_sideways() -> None:
    """Beside the side panel at 120 columns the attendee table is 86 cells wide: it used
    to take 98, and the roles were past the right edge. The fixed columns now give up
    the 12 cells, each in proportion to what it can give (down to half its width)."""
    widths = column_widths(ATTENDEE_COLUMNS, 86)
    assert sum(widths) + 2 * len(widths) + 2 == 86
    assert widths[-1] == 16  # the shared column keeps its least width
    assert all(w >= -(-f // 2) for w, f in zip(widths, ATTENDEE_COLUMNS[:-1], strict=False))
    # wide enough: nothing changes; a share grows with the room left
    assert column_widths(ATTENDEE_COLUMNS, 100) == [16, 22, 24, 10, 16]
    assert column_widths(ATTENDEE_COLUMNS, 126) == [16, 22, 24, 10, 42]
    # columns of a few cells (a number, votes) keep them all
    assert column_widths([3, 12, None, 18, 3], 50)[0::4] == [3, 3]
    # the resources table (seven fixed columns, 140 cells) fits the same 86 cells
    resources = column_widths([22, 10, 14, 14, 30, 10, 24], 86)
    assert sum(resources) + 16 == 86
    # narrower than half of every column: as narrow as they go, then it scrolls
    narrowest = column_widths(ATTENDEE_COLUMNS, 40)
    assert narrowest == [8, 11, 12, 5, 16]
    assert sum(narrowest) + 12 > 40


def test_a_warning_of_one_style_wraps_like_text_and_keeps_its_style() -> None:
    """The 注意 column's warning (one bold line) used to be cut to its column's width on
    one line: 「⚠ 重なり: 地 …」 did not say which council overlaps."""
    warning = Text("⚠ 重なり: 地域ケア会議・地域公共交通会議", style="bold")
    shown = cell(warning, 14, flexible=True)
    assert "…" not in shown.plain
    assert (
        shown.plain.replace("\n", "").replace(" ", "") == "⚠重なり:地域ケア会議・地域公共交通会議"
    )
    assert len(shown.plain.split("\n")) == 3 and shown.style == "bold"
    # labels one a line (roles) keep their lines, each cut to the width
    roles = Text("ファシリテーター\n事務局")
    assert cell(roles, 8).plain == "ファシ …\n事務局"


async def test_a_record_table_fills_its_rows_once_on_a_first_visit(tmp_path, monkeypatch) -> None:
    """③'s resources table was filled at no width on mount and again once its width was
    known (FlexTable.Resized): every row built twice on the step's first visit. It now
    takes a guess at its width before the first frame and fills once."""
    from tests.ui_helpers import demo_app, open_session, settle
    from workshop.domain.enums import SessionKind, Step
    from workshop.widgets.record_table import RecordTable

    added: list[int] = []
    real = FlexTable._add_rows

    def counted(self: FlexTable, rows) -> None:
        rows = list(rows)
        if isinstance(self.parent, RecordTable) and self.parent.id == "resource-table":
            added.append(len(rows))
        real(self, rows)

    monkeypatch.setattr(FlexTable, "_add_rows", counted)
    app, store, initiative_id = demo_app(tmp_path)
    first = next(s for s in store.sessions(initiative_id) if s.kind is SessionKind.INITIAL)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, first.id)
        app.screen.go_to(Step.RESOURCES)
        await settle(pilot, 6)
        shown = len(store.resources(first.id))
        assert shown and sum(added) == shown


async def test_a_record_table_makes_the_cells_of_the_rows_it_draws(tmp_path) -> None:
    """A summary opened with 200 actions: the actions table, in a tab not shown, adds
    its rows as one change and makes no row's cells but the cursor's (every text was
    measured and broken into lines on each opening); shown, the rows it draws have
    their cells, and every action reads back whole from the table."""
    from tests.test_ui_switch import initial_session
    from tests.ui_helpers import demo_app, open_session, settle, show_tab, table_text
    from workshop.domain.enums import Step
    from workshop.domain.records import ActionItem
    from workshop.widgets.record_table import RecordTable
    from workshop.widgets.row_heights import LazyCells

    app, store, _ = demo_app(tmp_path)
    s1 = store.update(initial_session(store), current_step=Step.SUMMARY)
    with store.write():
        for n in range(200):
            what = f"見守り訪問の記録を共有する（{n + 1}件目）"
            store.add(ActionItem(initiative_id=s1.initiative_id, session_id=s1.id, what=what))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        await settle(pilot, 4)
        actions = next(t for t in app.screen.query(RecordTable) if t.model is ActionItem)
        table = actions.query_one(FlexTable)
        cells = [table._data[key] for key in table.rows]
        assert len(cells) == len(actions.records) >= 200
        assert all(isinstance(c, LazyCells) for c in cells), [c.made for c in cells]
        # (the cursor's row, highlighted as the rows come, at most)
        assert [n for n, c in enumerate(cells) if c.made] in ([], [0])
        await show_tab(pilot, "summary-tabs", "tab-actions")
        await settle(pilot)
        made = [c.made for c in cells]
        assert any(made[: table.size.height]) and not any(made[table.size.height * 3 :])
        text = table_text(actions)
        assert all(f"（{n + 1}件目）" in text for n in range(200))

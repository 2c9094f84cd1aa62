"""Table rows added as their values with a guessed height; their cells are made, and
the height exact, before they are drawn.

A board of thousands of cards needs every row's height to scroll, but making every
card's cells (each text measured, and broken into lines by BudouX and the Japanese line
rules where its lines cannot be counted otherwise) took most of the time of a large
board's first visit, and only the rows on the screen are ever drawn. A row added with
`LazyCells` keeps its values and a height guessed from its texts' widths; the rows a
frame draws, and a screen around the row the cursor is scrolled to, get their cells and
exact heights first. A guess is seldom off (about 2 in 100 rows of a large board, by one
line); a row corrected in view only moves the rows below it, and rows corrected above the
view leave the view where it was (`keep_view_top`).

Rows need not even be added until they are needed: an owner adds the first screens and
says how many are to come (`wait_for_rows`); the table scrolls as if they were there and
asks for them (`rows_pending`) before the view or the cursor reaches them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from itertools import zip_longest
from typing import Any, Self

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import Row, RowKey

from workshop.widgets.table_cells import height

__all__ = ["GuessedHeights", "LazyCells"]


class LazyCells(MutableMapping[Any, Any]):
    """A row's cells by column, made by `make` the first time one is read: when the row
    is drawn, or read back (`get_row`). Until then the row holds only what `make` keeps
    (its values): no text of it is measured or broken."""

    __slots__ = ("_cells", "_keys", "_make")

    def __init__(self, keys: Sequence[Any], make: Callable[[], Sequence[Any]]) -> None:
        self._keys = keys
        self._make: Callable[[], Sequence[Any]] | None = make
        self._cells: dict[Any, Any] | None = None

    @property
    def made(self) -> bool:
        """Whether the cells have been made (the row was drawn or read)."""
        return self._cells is not None

    def _built(self) -> dict[Any, Any]:
        if self._cells is None:
            assert self._make is not None
            self._cells = dict(zip_longest(self._keys, self._make()))
            self._make = None  # the values are not needed any more
        return self._cells

    def __getitem__(self, key: Any) -> Any:
        return self._built()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._built()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._built()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


class GuessedHeights(DataTable):  # type: ignore[type-arg]
    def __init__(self, **kw: Any) -> None:
        self._estimated: set[RowKey] = set()
        """Rows whose height is a guess (set first: DataTable's set-up asks for a row's
        region). Their cells are `LazyCells`, made when the row is settled."""
        self.rows_to_come = 0
        """Rows the owner has not added yet (`rows_pending` adds them): the table scrolls
        as if they were there, `lines_to_come` lines below the last row added."""
        self.lines_to_come = 0
        self.rows_pending: Callable[[], None] | None = None
        """Set by an owner that adds rows only when they are needed: adds the rest at
        once. Called before the view comes near the rows not added yet (scrolled by keys,
        the wheel or the scroll bar) and before the cursor jumps to the bottom or moves
        past the last row added, so that a key never stops at a row that merely has not
        been added yet, and no line of the view is ever left blank for one."""
        super().__init__(**kw)

    def clear(self, columns: bool = False) -> Self:
        self._estimated.clear()
        self.rows_to_come = self.lines_to_come = 0
        return super().clear(columns)

    def wait_for_rows(self, rows: int) -> None:
        """`rows` more rows are to come after the ones added (0: none): the scrollable
        height counts them at the rows' average height so far, so the scroll bar is that
        of the whole table from the first frame (it is corrected when they are added)."""
        shown = self.row_count
        lines = round(rows * self._total_row_height / shown) if shown else rows
        if (rows, lines) != (self.rows_to_come, self.lines_to_come):
            self.rows_to_come, self.lines_to_come = rows, lines
            self._require_update_dimensions = True
            self.check_idle()

    def _reach_every_row(self, near_end: bool = True) -> None:
        if self.rows_to_come and self.rows_pending is not None and near_end:
            pending, self.rows_pending = self.rows_pending, None  # (adding them scrolls)
            try:
                pending()
            finally:
                self.rows_pending = pending

    def action_scroll_bottom(self) -> None:
        self._reach_every_row()
        super().action_scroll_bottom()

    def action_page_down(self) -> None:
        self._reach_every_row(self.cursor_row >= self.row_count - self.size.height * 2)
        super().action_page_down()

    def action_cursor_down(self) -> None:
        self._reach_every_row(self.cursor_row >= self.row_count - 2)
        super().action_cursor_down()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The view scrolled within two screens of the rows not added yet (the wheel,
        the scroll bar dragged, a page): they are added first, before a line is drawn."""
        if self.rows_to_come:
            self._reach_every_row(new_value + 2 * self.size.height >= self._total_row_height)
        super().watch_scroll_y(old_value, new_value)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._estimated:
            self._settle_shown(crop)
        if self.rows_to_come and int(self.scroll_y) + crop.bottom >= self._total_row_height:
            # a view taller than the rows added (a very tall terminal): the rest follow
            # at once, as when the view is scrolled near them
            self.call_later(self._reach_every_row)
        return super().render_lines(crop)

    def _get_row_region(self, row_index: int) -> Region:
        """The row's place, with the heights of the rows a screen above and below it
        exact: the cursor scrolled onto a row not drawn yet (the last card, a page down)
        lands where the frame that draws it leaves it, whole. The rows on the screen stay
        where they are: rows corrected above them would push them down (a row clicked
        after the scroll bar was dragged was drawn again a line lower, over the next)."""
        if self._estimated and self.is_valid_row_index(row_index):
            top = self.view_top()
            ordered = self.ordered_rows
            reach = max(1, self.scrollable_content_region.height)
            changed = False
            for step in (-1, 1):
                index, lines = row_index, 0
                while 0 <= index < len(ordered) and lines <= reach:
                    changed = self._settle(ordered[index]) or changed
                    lines += ordered[index].height
                    index += step
            if changed:
                self._heights_changed()
                self.keep_view_top(top)
        return super()._get_row_region(row_index)

    def view_top(self) -> tuple[RowKey, int] | None:
        """The row at the top of the view, and which of its lines is the view's first."""
        offsets = self._y_offsets
        y = int(self.scroll_y)
        return offsets[y] if 0 <= y < len(offsets) else None

    def keep_view_top(self, top: tuple[RowKey, int] | None, redraw: bool = True) -> None:
        """Scroll so that `top` (from `view_top`) is at the top of the view again, after
        rows above it changed height or the rows were added again; and, with `redraw`,
        draw the view again (lines drawn before rows changed height would otherwise stay
        beside lines after it). A view that scrolls is drawn again anyway; rows that were
        replaced were asked to be drawn when the table was cleared."""
        if top is not None:
            key, within = top
            index = self._row_locations.get(key)
            if index is not None:
                rows = self.ordered_rows
                y = sum(r.height for r in rows[:index]) + min(within, rows[index].height - 1)
                if y != int(self.scroll_y):
                    self.scroll_to(y=y, animate=False, immediate=True)
        if redraw:
            self.refresh()

    def _settle_shown(self, crop: Region) -> None:
        """Make exact the heights of the rows that the lines `crop` draws cross, before
        they are drawn. A corrected row moves the ones below it, which may bring other
        guessed rows into view: again until every row in view is exact (heights only
        become exact, so this ends; a guess is rarely off, and by one line)."""
        header = self.header_height if self.show_header else 0
        top = int(self.scroll_y) + max(0, crop.y - header)
        bottom = int(self.scroll_y) + crop.bottom - header
        while self._estimated:
            offsets = self._y_offsets
            if top >= len(offsets):
                return
            key, within = offsets[top]
            ordered = self.ordered_rows
            index = self._row_locations.get(key)
            if index is None:
                return
            y = top - within
            changed = False
            while index < len(ordered) and y < bottom:
                row = ordered[index]
                if self._settle(row):
                    changed = True
                y += row.height
                index += 1
            if not changed:
                return
            self._heights_changed()

    def _settle(self, row: Row) -> bool:
        """Make the cells of a row whose height was guessed, and its height theirs; True
        when its height changed."""
        if row.key not in self._estimated:
            return False
        self._estimated.discard(row.key)
        tallest = height(self._data[row.key].values())
        if tallest == row.height:
            return False
        row.height = tallest
        return True

    def _heights_changed(self) -> None:
        """Rows changed height: the line-to-row map, the lines drawn and the scrollable
        size follow at once (a scroll to the last row is not held short by the old size)."""
        self._update_count += 1
        self._clear_caches()
        self._update_dimensions(())

"""Table rows added with a guessed height, made exact before they are drawn.

A board of thousands of cards needs every row's height to scroll, but breaking every
card into lines to know it (BudouX, the Japanese line rules) took most of the time of a
large board's first visit, and only the rows on the screen are ever drawn. Cells whose
number of lines is not known without breaking them (`Lines` with `estimate`) give a
guess from their width; the rows a frame draws, and the row the cursor is scrolled to,
are broken and their heights corrected first. A guess is seldom off (about 3 in 100 of
those cells, by one line), and a row corrected in view only moves the rows below it."""

from __future__ import annotations

from typing import Any, Self

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import Row, RowKey

from workshop.widgets.table_cells import Lines, height

__all__ = ["GuessedHeights"]


class GuessedHeights(DataTable):  # type: ignore[type-arg]
    def __init__(self, *, estimate_heights: bool = False, **kw: Any) -> None:
        self._estimated: set[RowKey] = set()
        """Rows whose height is a guess (set first: DataTable's set-up asks for a row's
        region)."""
        super().__init__(**kw)
        self.estimate_heights = estimate_heights
        """Rows may be added with guessed heights (the owner makes `Lines` with
        `estimate` and notes such rows with `guessed`)."""

    def guessed(self, row: Row, cells: Any) -> None:
        """Note a row just added if one of its cells only guessed its lines."""
        if not all(c.exact for c in cells if isinstance(c, Lines)):
            self._estimated.add(row.key)

    def clear(self, columns: bool = False) -> Self:
        self._estimated.clear()
        return super().clear(columns)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._estimated:
            self._settle_shown(crop)
        return super().render_lines(crop)

    def _get_row_region(self, row_index: int) -> Region:
        """The row's place, with the heights of the rows a screen above and below it
        exact: the cursor scrolled onto a row not drawn yet (the last card, a page down)
        lands where the frame that draws it leaves it, whole."""
        if self._estimated and self.is_valid_row_index(row_index):
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
        return super()._get_row_region(row_index)

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
        """Break the guessed cells of `row` into lines; True when its height changed."""
        if row.key not in self._estimated:
            return False
        self._estimated.discard(row.key)
        cells = self._data[row.key].values()
        for c in cells:
            if isinstance(c, Lines):
                c.settle()
        tallest = height(cells)
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

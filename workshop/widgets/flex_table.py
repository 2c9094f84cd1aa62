"""A DataTable whose columns have fixed widths or share the room that is left.

Japanese text is wide and cards are long: a fixed layout either wastes the projector's
width or pushes columns off screen. A flexible column takes what the fixed ones leave
(wrapped to a few lines), and the layout follows the terminal when it is resized."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import zip_longest
from typing import Any

from rich.text import Text
from textual.css.scalar import Scalar, Unit
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

from workshop.widgets.literal import wrap
from workshop.widgets.row_heights import GuessedHeights, LazyCells
from workshop.widgets.table_cells import (
    ColumnSpec,
    Lines,
    cell,
    column_widths,
    guessed_height,
    height,
    lines,
    row_lines,
)

__all__ = ["ColumnSpec", "FlexTable", "Lines", "cell", "column_widths", "height", "lines"]


def _fills_width(width: Scalar | None) -> bool:
    """Whether a widget with this width style takes the whole width it is given (in the
    vertical layout every screen here uses): none set, 1fr or 100%."""
    if width is None:
        return True
    return (width.unit is Unit.FRACTION and width.value == 1) or (
        width.unit is Unit.PERCENT and width.value == 100
    )


def _fixed_beside(node: Widget) -> int | None:
    """The cells that the shown siblings of `node` take beside it in a horizontal
    layout (each of a fixed width, with its margins); None when a sibling's width
    depends on the layout (a share, a percentage, its content)."""
    parent = node.parent
    if not isinstance(parent, Widget) or parent.styles.layout is None:
        return 0
    if parent.styles.layout.name != "horizontal":
        return 0
    taken = 0
    for other in parent.children:
        if other is node or not other.display:
            continue
        width = other.styles.width
        if width is None or width.unit is not Unit.CELLS:
            return None
        taken += int(width.value) + other.styles.margin.width
    return taken


class FlexTable(GuessedHeights):
    class Resized(Message):
        """The widths changed: the owner fills the rows again (cells are cut to width)."""

        def __init__(self, table: FlexTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FlexTable:
            return self.table

    def __init__(self, spec: Sequence[ColumnSpec], least: int = 16, **kw: Any) -> None:
        kw.setdefault("cursor_type", "row")
        kw.setdefault("zebra_stripes", True)
        super().__init__(**kw)
        self.spec = list(spec)
        self.least = least
        self._built: list[int] = []
        self._guess = 0
        self._resize_posted = False
        self._scrolled_for: tuple[Size, Size, Size, Any] | None = None

    @property
    def sized(self) -> bool:
        """The table knows its width (or a guess at it, `guess_width`), or keeps the
        layout it had while hidden: rows filled now are cut to the right widths (and
        need not be filled again on Resized)."""
        return bool(self.size.width or self._built or self._guess)

    def guess_width(self) -> None:
        """Before the table's first layout, take the width that layout will give it when
        the table and its containers fill the width they are in: the terminal's width
        less every margin, border and padding on the way up to the screen. An owner can
        then fill the rows before the first frame instead of after it. Only a guess:
        the first layout compares the columns with the real width and posts Resized
        when they differ (the owner fills the rows again)."""
        if self.sized:
            return
        width = self.app.size.width
        node: Widget = self
        while node is not self.screen:
            if not _fills_width(node.styles.width):
                return
            width -= node.styles.margin.width + node.styles.gutter.width
            beside = _fixed_beside(node)
            if beside is None:
                return
            width -= beside
            node = node.parent  # type: ignore[assignment]
        self._guess = max(0, width - node.styles.gutter.width)

    def widths(self) -> list[int]:
        if not self.size.width and self._built:
            return self._built  # hidden (another step or tab): keep the layout it had
        width = self.size.width or self._guess
        return column_widths([w for _, _, w in self.spec], width, self.least)

    def fill_widths(self) -> list[int] | None:
        """The columns laid out and their widths, for an owner about to fill the rows:
        guessed before the table's first layout (`guess_width`), so that a table first
        shown is filled before its first frame, once. None while the width is not known:
        the owner fills on Resized instead (not twice)."""
        self.guess_width()
        if not self.sized:
            return None
        return self.layout()

    def layout(self) -> list[int]:
        """Make the columns fit the current width (rebuilding them if needed); returns
        the widths to cut cells to."""
        widths = self.widths()
        self._resize_posted = False
        if widths != self._built:
            self.clear(columns=True)
            # A header longer than its column takes a second line instead of being cut
            headers = [
                wrap(header, width, 2)
                for (_, header, _), width in zip(self.spec, widths, strict=True)
            ]
            self.header_height = max((len(h.plain.split("\n")) for h in headers), default=1)
            for (key, _, _), header, width in zip(self.spec, headers, widths, strict=True):
                self.add_column(header, key=key, width=width)
            self._built = widths
        return widths

    def _flexible(self, widths: Sequence[int]) -> list[bool]:
        """Which columns' texts may take three lines: the shared ones, and a column
        narrower than it asked for (the table did not fit), before its text is cut with …"""
        return [spec[2] is None or w < spec[2] for w, spec in zip(widths, self.spec, strict=True)]

    def row(self, values: Sequence[Any], widths: Sequence[int]) -> list[Lines | Text]:
        """Cells for one row, wrapped to their column (drawn when shown: `Lines`)."""
        return row_lines(values, widths, self._flexible(widths))

    def add_cells(self, cells: Sequence[Any], key: str | None = None) -> None:
        """Add a row as tall as its tallest (wrapped) cell."""
        self.add_rows_of_cells([(cells, key)])

    def add_rows_of_cells(self, rows: Iterable[tuple[Sequence[Any], str | None]]) -> None:
        """Add rows, each as tall as its tallest cell, as one change of the table.

        DataTable.add_row is one change per row: it validates the cursor, counts an
        update (which makes every cached render stale) and asks for new dimensions, and
        the table then measures every new cell. Here that is done once for all the rows,
        and nothing is measured when every column has a fixed width (`_update_dimensions`)."""
        columns = self.ordered_columns

        def cells_by_column() -> Iterator[tuple[str | None, Any, int, bool]]:
            for cells, key in rows:
                if len(cells) > len(columns):
                    raise ValueError("More values provided than there are columns.")
                by_column = {column.key: c for column, c in zip_longest(columns, cells)}
                yield key, by_column, height(cells), False

        self._add_rows(cells_by_column())

    def add_rows_of_values(
        self, rows: Iterable[tuple[Sequence[Any], str | None]], widths: Sequence[int]
    ) -> None:
        """Add rows as `add_rows_of_cells` does, but of their values: each row's cells
        (`row`) are made only when it is drawn or read, and its height is guessed from
        the values until then (`guessed_height`; made exact before the row is drawn:
        `GuessedHeights`). A board of thousands of cards measures none of the texts it
        does not draw."""
        widths = tuple(widths)
        flexible = tuple(self._flexible(widths))
        keys = tuple(column.key for column in self.ordered_columns)

        def lazy() -> Iterator[tuple[str | None, Any, int, bool]]:
            for values, key in rows:
                if len(values) > len(keys):
                    raise ValueError("More values provided than there are columns.")
                make = partial(row_lines, values, widths, flexible)
                yield key, LazyCells(keys, make), guessed_height(values, widths, flexible), True

        self._add_rows(lazy())

    def _add_rows(self, rows: Iterable[tuple[str | None, Any, int, bool]]) -> None:
        """Add rows of (key, cells by column, height, whether the height is a guess)."""
        locations, data, metadata, new_rows = (
            self._row_locations,
            self._data,
            self.rows,
            self._new_rows,
        )
        estimated = self._estimated
        index = before = self.row_count
        added: list[Row] = []
        for key, cells, row_height, guess in rows:
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = index
            data[row_key] = cells
            metadata[row_key] = row = Row(row_key, row_height)
            if guess:
                estimated.add(row_key)
            added.append(row)
            new_rows.add(row_key)
            index += 1
        if index == before:
            return
        # Rows added below the others change no row drawn so far: the renders cached
        # for the update count stay good (add_row counts an update, and every row on
        # screen was drawn again after each chunk of a large board). Only the line to
        # row map and the row order grow, by the rows added: first, while the maps are
        # those of the rows before (placing the cursor may settle guessed heights, which
        # builds the maps again from every row).
        self._extend_row_maps(before, added)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if before == 0 and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # the cursor has a cell to stand on now
        self.check_idle()

    def _extend_row_maps(self, before: int, added: list[Row]) -> None:
        """Lengthen DataTable's line-to-row map and row order by rows added at the end,
        instead of dropping them: built again from every row, they took a walk over the
        whole board for each chunk of a large one (quadratic: 4,000 rows added in chunks
        spent more time there than adding them)."""
        count = self._update_count
        offsets = self._offset_cache.get(count)
        ordered = self._ordered_row_cache.get((before, count))
        self._offset_cache.clear()
        self._ordered_row_cache.clear()
        if offsets is not None:
            for row in added:
                key = row.key
                offsets.extend([(key, y) for y in range(row.height)])
            self._offset_cache[count] = offsets
        if ordered is not None:
            ordered.extend(added)
            self._ordered_row_cache[(before + len(added), count)] = ordered

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The scrollable size after rows were added. Textual's version renders every
        new cell to measure it, which only auto-width columns and auto-height rows need:
        with every column of a fixed width and every height given, only the size changes."""
        rows = self.rows
        if (
            self._labelled_row_exists
            or any(c.auto_width for c in self.columns.values())
            or any(
                key in rows and (rows[key].auto_height or rows[key].label is not None)
                for key in new_rows
            )
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values())
        header = self.header_height if self.show_header else 0
        lines = self._total_row_height + self.lines_to_come + header
        size = Size(width + self._row_label_column_width, lines)
        self._scroll_bar_for(size.height)
        if self._grows_in_place(size):
            # A longer scroll only: the table keeps its place and size on the screen, so
            # the screen is not laid out again (a layout of the whole screen for every
            # chunk of a large board held keys back)
            shown_end = self.scroll_y + self.scrollable_content_region.height
            below = self.virtual_size.height >= shown_end + self.header_height
            self.set_reactive(DataTable.virtual_size, size)
            self._scroll_update(size)
            if self._scrolled_for is not None:
                self._note_scrolled(self._scrolled_for[2])
            if not below:
                self.refresh()
            # else the rows land below the last line shown: only the scroll bar changes
            # (it repaints itself), not one line of the table
        else:
            self.virtual_size = size

    def _scroll_bar_for(self, lines: int) -> None:
        """A table of a set height whose rows take more lines than the terminal has
        scrolls whatever room its layout gives it: its scroll bar is kept from its first
        frame. Textual shows a scroll bar once a layout has found the rows taller than the
        table, and then lays the screen out again for it: a step first shown with a long
        board took a second layout and frame (25 to 35 ms) only to add the bar."""
        height = self.styles.height
        if height is None or height.is_auto:
            return
        tall = lines > self.app.size.height
        if tall != (self.styles.get_rule("overflow_y") == "scroll"):
            if tall:
                self.styles.overflow_y = "scroll"
                # and shown now: Textual shows it at the first layout, then lays out again
                self.show_vertical_scrollbar = True
            else:
                self.styles.clear_rule("overflow_y")
                self.refresh(layout=True)

    def _grows_in_place(self, size: Size) -> bool:
        """Whether a new virtual size only lengthens the scroll: same width, taller, a
        scroll bar already shown, and a height that does not follow the content."""
        old = self.virtual_size
        height = self.styles.height
        return (
            size.width == old.width
            and size.height >= old.height > self.size.height > 0
            and self.show_vertical_scrollbar
            and height is not None
            and not height.is_auto
        )

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual's ScrollView updates its scroll bars after every layout of the screen
        (its test compares the parent's room with its own), and a scroll bar updated that
        way is painted again in a frame of its own: every step switch showing a table
        took a second frame to paint an unchanged bar. Here the bars are updated only when
        something they show changed: the table's size, its scrollable size or its room."""
        key = (size, self.virtual_size, container_size, self.styles.gutter.totals)
        if key == self._scrolled_for:
            return self._container_size != container_size
        # (a terminal made taller than the rows: the bar kept for them goes)
        self._scroll_bar_for(self.virtual_size.height)
        updated = super()._size_updated(size, virtual_size, container_size, layout)
        self._note_scrolled(container_size)
        return updated

    def _note_scrolled(self, container_size: Size) -> None:
        """The bars are now those of the table as it stands (the next layout at the same
        size leaves them)."""
        self._scrolled_for = (
            self.size,
            self.virtual_size,
            container_size,
            self.styles.gutter.totals,
        )

    def on_mount(self) -> None:
        # Checked after every layout of the screen, not on Resize alone: a table laid out
        # while its pane was still being mounted can get its size without a Resize event
        # (seen on a busy machine), and would then stay squeezed to the 40-cell fallback.
        self.screen.screen_layout_refresh_signal.subscribe(
            self, self._layout_refreshed, immediate=True
        )
        # and once after the next frame: the layout that gave the table its width may
        # have run before this subscription (an owner filled the rows first), and the
        # next one may come only when the step is shown again
        self.call_after_refresh(self._layout_refreshed, self.screen)

    def _layout_refreshed(self, _screen: object) -> None:
        # The first time the table has a width: an owner that waited for it fills now
        if self.size.width and not self._resize_posted and self.widths() != self._built:
            self._resize_posted = True
            self.post_message(self.Resized(self))

"""A worksheet whose cells are gathered in memory and written in one pass, with openpyxl's
write-only mode (`Workbook(write_only=True)`).

In the normal mode openpyxl keeps a Cell object per position and registers every style
object given to every cell (hashing fonts, borders and alignments each time): for the
action plan of a large session that was most of the time of the export. Here the
exporter puts values and style objects into `Entry`s, the column widths and row heights
are worked out from them (they must be known before the first row is written), and
`Sheet.flush` writes the rows as WriteOnlyCells, each styled by copying the style of a
cell styled once per combination of font, fill, alignment, border and number format.
Everything else of the sheet (frozen panes, filter, column widths, data validations,
conditional formats, print set-up, headers and footers) is set on the write-only
worksheet itself, which keeps it until the workbook is saved.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any


class Entry:
    """One cell: its value (already converted for Excel), type and styles."""

    __slots__ = (
        "alignment",
        "border",
        "comment",
        "data_type",
        "fill",
        "font",
        "number_format",
        "quote",
        "value",
    )

    def __init__(self) -> None:
        self.value: Any = None
        self.data_type: str | None = None
        self.number_format: str | None = None
        self.font: Any = None
        self.fill: Any = None
        self.alignment: Any = None
        self.border: Any = None
        self.quote = False
        self.comment: Any = None


class Sheet:
    """A write-only worksheet (`ws`) and the cells to write into it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.cells: dict[tuple[int, int], Entry] = {}
        self.max_row = 0
        self.max_column = 0

    @property
    def title(self) -> str:
        return self.ws.title

    def cell(self, row: int, column: int) -> Entry:
        entry = self.cells.get((row, column))
        if entry is None:
            entry = self.cells[row, column] = Entry()
            self.max_row = max(self.max_row, row)
            self.max_column = max(self.max_column, column)
        return entry

    def values(
        self, min_row: int = 1, max_col: int | None = None
    ) -> Iterator[tuple[int, int, Any]]:
        """(row, column, value) of the cells that hold a value, from `min_row` down and
        up to `max_col`."""
        last = self.max_column if max_col is None else max_col
        for (row, col), entry in self.cells.items():
            if row >= min_row and col <= last and entry.value is not None:
                yield row, col, entry.value

    def flush(self) -> None:
        """Write every row, in order (row heights and column widths are set by now)."""
        from openpyxl.cell import WriteOnlyCell

        ws = self.ws
        styles: dict[tuple[Any, ...], Any] = {}
        rows: list[list[Any]] = [[] for _ in range(self.max_row)]
        for (row, col), entry in sorted(self.cells.items()):
            key = (
                id(entry.font),
                id(entry.fill),
                id(entry.alignment),
                id(entry.border),
                entry.number_format,
                entry.quote,
            )
            style = styles.get(key)
            if style is None:
                style = styles[key] = _style(ws, entry)
            cell = WriteOnlyCell(ws, entry.value)
            if entry.data_type is not None:
                cell.data_type = entry.data_type
            cell._style = copy.copy(style)  # as openpyxl itself copies styles
            if entry.comment is not None:
                cell.comment = entry.comment
            line = rows[row - 1]
            line.extend([None] * (col - 1 - len(line)))
            line.append(cell)
        for line in rows:
            ws.append(line)


def _style(ws: Any, entry: Entry) -> Any:
    """The style array of a cell styled as `entry` (registered in the workbook once)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    if entry.number_format is not None:
        cell.number_format = entry.number_format
    if entry.quote:
        cell.quotePrefix = True
    if entry.font is not None:
        cell.font = entry.font
    if entry.alignment is not None:
        cell.alignment = entry.alignment
    if entry.fill is not None:
        cell.fill = entry.fill
    if entry.border is not None:
        cell.border = entry.border
    return cell._style

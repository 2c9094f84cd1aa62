"""How the workbook's sheets print: A4 landscape, one page wide, text never below 9 pt.

Fit-to-width shrinks a sheet wider than the paper, so the columns of the print area are
given widths that add up to what fits at 90 % (10 pt text printed at 9 pt or more):
each column at least as wide as its dates, numbers and short labels, the long text
columns sharing the rest and wrapping. Tables get thin borders; gridlines stay off.
"""

from __future__ import annotations

import functools
import math
from datetime import date
from typing import TYPE_CHECKING, Any

from workshop.export.layout import fill_widths
from workshop.export.text import display_width, xml_safe

if TYPE_CHECKING:
    from workshop.export.xlsx_sheet import Sheet

PAGE_WIDTH_MM = 297
MARGIN_IN = 0.5
MIN_SCALE = 0.9
"""10 pt text printed at 9 pt at the least."""
PX_MM = 25.4 / 96
CHAR_PX = 7
"""Pixels per unit of column width (the maximum digit width of Excel's default font)."""
CELL_PX = 5
"""Padding Excel adds to every column."""
DATE_WIDTH = 16
"""令和8年12月25日 in units of column width."""
SHORT = 10
"""Text up to this width (a name, a status, 第1回) is never wrapped."""
MAX_WIDTH = 40


def printable_mm() -> float:
    return PAGE_WIDTH_MM - 2 * MARGIN_IN * 25.4


def width_mm(widths: list[float]) -> float:
    """Printed width of columns of the given Excel widths, before any scaling."""
    return sum(w * CHAR_PX + CELL_PX for w in widths) * PX_MM


def budget(columns: int) -> float:
    """Total column width that prints at MIN_SCALE or larger on A4 landscape."""
    px = printable_mm() / MIN_SCALE / PX_MM
    return (px - CELL_PX * columns) / CHAR_PX


def _needs(value: Any) -> tuple[float, float]:
    """(minimum, natural) width of one cell."""
    if isinstance(value, date):
        return DATE_WIDTH, DATE_WIDTH
    text = "" if value is None else str(value)
    whole = display_width(text, MAX_WIDTH)
    if whole <= SHORT:
        minimum = whole
    else:
        words = (display_width(w, SHORT + 1) for w in text.replace("・", " ").split())
        minimum = max((w for w in words if w <= SHORT), default=4)
    # the minimum is the whole text's width or a word's, never wider than the text
    return minimum + 2, whole + 2


def fit_columns(ws: Sheet, first_row: int, last_col: int) -> None:
    """Widths of columns 1..last_col from their cells (from `first_row` down), within
    the print budget."""
    from openpyxl.utils import get_column_letter

    lows = [4.0] * last_col
    highs = [6.0] * last_col
    for _, col, value in ws.values(min_row=first_row, max_col=last_col):
        lo, hi = _needs(value)
        j = col - 1
        lows[j], highs[j] = max(lows[j], lo), max(highs[j], hi)
    widths = fill_widths(lows, highs, budget(last_col))
    for j, w in enumerate(widths, start=1):
        ws.ws.column_dimensions[get_column_letter(j)].width = math.floor(w * 10) / 10


@functools.cache
def _box() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def borders(ws: Sheet, top: int, bottom: int, last_col: int) -> None:
    """Thin borders round every cell of a table."""
    box = _box()
    for row in range(top, bottom + 1):
        for col in range(1, last_col + 1):
            ws.cell(row, col).border = box


def print_setup(ws: Any, header: str, title_rows: str | None, area: str) -> None:
    """A4 landscape, one page wide, the header row on every page, a print area (on a
    write-only worksheet, before its rows are written)."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.print_options.gridLines = False
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = area
    ws.oddHeader.center.text = xml_safe(header).replace("&", "&&")[:200]
    ws.oddFooter.right.text = "&P / &N"

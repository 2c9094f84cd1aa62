"""The action plan as an Excel workbook (openpyxl).

Sheets: アクションプラン (the items, status as a drop-down, due dates as real dates),
会議体・キーパーソン, 資源一覧, 次回以降の会議. Every text cell is stored as a string,
never as a formula, even when it starts with "=" (a facilitator may have typed
「=HYPERLINK(…)」 on a card: it must show, not run).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from workshop.domain.bundle import InitiativeData
from workshop.domain.wareki import WEEKDAYS_JA
from workshop.export.content import (
    PLAN_COLUMNS,
    Context,
    L,
    cadence_text,
    capitals_text,
    deputy_text,
    joined,
    key_person_status,
    lab,
    meeting_time_text,
    plan_table,
    planned_meetings,
    recorder_text,
    secretariat_text,
    status_labels,
)
from workshop.export.text import EXCEL_CELL_MAX, clip, display_width, is_formula_like, xml_safe

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "yyyy/mm/dd"
"""Shown the same by Excel and LibreOffice in any locale. The 和暦 code
[$-ja-JP-x-gannen]ggge… shows a bare serial number in LibreOffice, which some town
halls use; the minutes carry the 和暦."""
TIME_FORMAT = "h:mm"
FONT = "游ゴシック"
MAX_WIDTH = 40
"""Columns wider than this wrap their text instead of growing."""
PLAN_WIDTHS = {"what": 36, "done_definition": 24, "comment": 24, "partners": 16, "to_check": 16}
"""Narrower caps on the action plan, so a printed A4 landscape page stays legible."""
LINE_HEIGHT = 14
"""Points per line of 10pt text."""
MAX_ROW_HEIGHT = 409
"""Excel's limit; a longer cell scrolls within the row."""
MAX_LINES = 40
ROW_WIDTH_CAP = 2_000
STATUS_ROWS = 1000
"""Rows below the header that get the status drop-down (room to add items by hand)."""

Cell = str | int | float | date | time | None


def _store(ws: Worksheet, row: int, col: int, value: Cell) -> Any:
    """Write one cell: text always as text, dates as dates."""
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = clip(xml_safe(value), EXCEL_CELL_MAX, L("common.clipped"))
        cell.value = text
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        if is_formula_like(text):
            cell.quotePrefix = True  # what Excel itself does for text typed as '=…
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.value = datetime(value.year, value.month, value.day)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.value = value
        cell.number_format = TIME_FORMAT
    else:
        cell.value = value
    cell.font = Font(name=FONT, size=10)
    centred = isinstance(value, date | time | int) and not isinstance(value, bool)
    cell.alignment = Alignment(
        wrap_text=True, vertical="top", horizontal="center" if centred else None
    )
    return cell


def _cell_width(value: Cell) -> int:
    if isinstance(value, date):
        return 16
    return display_width(str(value) if value is not None else "", MAX_WIDTH)


def _header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, text in enumerate(labels, start=1):
        cell = _store(ws, row, col, text)
        cell.font = Font(name=FONT, size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")


def _title(ws: Worksheet, row: int, text: str) -> None:
    from openpyxl.styles import Font

    _store(ws, row, 1, text).font = Font(name=FONT, size=12, bold=True)


def _table(ws: Worksheet, top: int, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    """Header and rows from row `top`; returns the last row written."""
    _header(ws, top, header)
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            _store(ws, r, c, value)
    return top + len(rows)


def _fit_columns(ws: Worksheet, caps: dict[int, int] | None = None) -> None:
    """Column widths from the widest cell, East-Asian wide characters counting 2; long
    text wraps within a capped width."""
    from openpyxl.utils import get_column_letter

    caps = caps or {}
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), _cell_width(cell.value))
    for col, width in widths.items():
        cap = caps.get(col, MAX_WIDTH)
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 6), cap)
    _fit_rows(ws)


def _fit_rows(ws: Worksheet) -> None:
    """Row heights for wrapped text. Neither Excel nor LibreOffice re-measures rows when
    they open a generated file, so a long cell would otherwise show one clipped line."""
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            width = ws.column_dimensions[get_column_letter(cell.column)].width or 10
            usable = max(int(width) - 1, 1)
            count = sum(
                max(1, -(-display_width(line, ROW_WIDTH_CAP) // usable))
                for line in cell.value.split("\n")[:MAX_LINES]
            )
            lines = max(lines, count)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT)


def _print_setup(ws: Worksheet, header: str, title_rows: str | None = None) -> None:
    """A4 landscape, one page wide, the header row on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = xml_safe(header).replace("&", "&&")[:200]
    ws.oddFooter.center.text = "&P / &N"


def _listing(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """A sheet that is one table: frozen header row and filters."""
    last = _table(ws, 1, header, rows)
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(last, 2)}"


def _plan_sheet(ws: Worksheet, ctx: Context) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header, rows = plan_table(ctx)
    _listing(ws, header, rows)
    col = get_column_letter(PLAN_COLUMNS.index("status") + 1)
    choices = ",".join(status_labels())
    dv = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=L("plan.status_error_title"),
        error=L("plan.status_error", choices=choices),
    )
    dv.add(f"{col}2:{col}{STATUS_ROWS + 1}")
    ws.add_data_validation(dv)
    _fit_columns(ws, {PLAN_COLUMNS.index(k) + 1: w for k, w in PLAN_WIDTHS.items()})
    # The record id is for matching rows, not for reading: it stays out of the printout.
    last = get_column_letter(PLAN_COLUMNS.index("id"))
    ws.print_area = f"A1:{last}{max(len(rows) + 1, 2)}"


def _mechanism_rows(ctx: Context) -> tuple[list[str], list[list[Cell]]]:
    """The regular meeting(s) as label rows, one column per meeting."""
    ms = ctx.mechanisms
    fields: list[tuple[str, list[Cell]]] = [
        (L("mechanism.name"), [m.name for m in ms]),
        (L("mechanism.cadence"), [cadence_text(m) for m in ms]),
        (L("mechanism.first_date"), [m.first_date for m in ms]),
        (L("mechanism.time_label"), [meeting_time_text(m) for m in ms]),
        (L("mechanism.place"), [m.place for m in ms]),
        (L("mechanism.members"), ["\n".join(m.members) for m in ms]),
        (L("mechanism.secretariat"), [secretariat_text(m) for m in ms]),
        (L("mechanism.recorder"), [recorder_text(m) for m in ms]),
        (L("mechanism.reports_to"), [m.reports_to for m in ms]),
        (
            L("mechanism.anchor"),
            [joined([lab("anchor", m.anchor), m.anchor_detail], "：") for m in ms],
        ),
        (L("mechanism.review_date"), [m.review_date for m in ms]),
        (L("mechanism.note"), [m.note for m in ms]),
    ]
    header = [L("col.item"), *(L("mechanism.nth", n=i) for i in range(1, len(ms) + 1))]
    return header, [[label, *values] for label, values in fields]


def _people_sheet(ws: Worksheet, ctx: Context) -> None:
    _title(ws, 1, L("sheet.mechanisms_title"))
    row = 2
    if ctx.mechanisms:
        header, rows = _mechanism_rows(ctx)
        row = _table(ws, row, header, rows) + 2
    else:
        _store(ws, row, 1, L("common.none"))
        row += 2
    _title(ws, row, L("kp.title"))
    header = [
        L("col.name"),
        L("col.department"),
        L("col.kp_role"),
        L("col.deputy"),
        L("col.transfer"),
        L("col.kp_status"),
        L("col.alumni_department"),
        L("col.note"),
    ]
    rows = [
        [
            p.name,
            p.department,
            p.role,
            deputy_text(p),
            p.transfer_date,
            key_person_status(p),
            p.new_department if p.left else "",
            p.note,
        ]
        for p in ctx.key_persons
    ]
    if rows:
        _table(ws, row + 1, header, rows)
    else:
        _store(ws, row + 1, 1, L("common.none"))


def _resource_sheet(ws: Worksheet, ctx: Context) -> None:
    header = [
        L("col.no"),
        L("col.resource"),
        L("col.resource_kind"),
        L("col.owner"),
        L("col.capitals"),
        L("col.leverage"),
        L("col.disposition"),
        L("col.purpose"),
        L("col.members"),
        L("col.frequency"),
        L("col.note"),
        L("col.origin"),
    ]
    rows: list[list[Cell]] = [
        [
            i,
            r.name,
            lab("resource_kind", r.kind),
            r.owner,
            capitals_text(r),
            r.leverage,
            lab("disposition", r.disposition),
            r.purpose,
            joined(r.members),
            r.frequency,
            r.note,
            ctx.session_label(sd.session.id),
        ]
        for i, (sd, r) in enumerate(ctx.resources, start=1)
    ]
    _listing(ws, header, rows)


def _rotation_sheet(ws: Worksheet, ctx: Context) -> None:
    header = [
        L("col.mechanism"),
        L("col.nth"),
        L("col.date"),
        L("col.weekday"),
        L("col.start"),
        L("col.place"),
        L("col.secretariat"),
        L("col.recorder"),
        L("col.minutes_due"),
    ]
    rows: list[list[Cell]] = [
        [
            m.name,
            p.number,
            p.date,
            WEEKDAYS_JA[p.date.weekday()],
            m.start_time,
            m.place,
            p.secretariat,
            p.recorder,
            p.minutes_due,
        ]
        for m in ctx.mechanisms
        for p in planned_meetings(ctx, m)
    ]
    _listing(ws, header, rows)


def render(data: InitiativeData, session_id: str) -> bytes:
    from openpyxl import Workbook

    ctx = Context.of(data, session_id)
    wb = Workbook()
    draft = L("common.draft_suffix") if ctx.draft else ""
    print_header = f"{data.initiative.name} {ctx.session.title}{draft}"
    sheets = [
        ("sheet.plan", _plan_sheet, "1:1"),
        ("sheet.people", _people_sheet, None),
        ("sheet.resources", _resource_sheet, "1:1"),
        ("sheet.rotation", _rotation_sheet, "1:1"),
    ]
    for i, (key, fill, title_rows) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = L(key)
        fill(ws, ctx)
        if i:
            _fit_columns(ws)
        _print_setup(ws, f"{print_header}　{L(key)}", title_rows)
    wb.properties.creator = "workshop"
    wb.properties.title = xml_safe(f"{ctx.session.title} {L('sheet.plan')}{draft}")[:255]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

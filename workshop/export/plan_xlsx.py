"""The action plan as an Excel workbook (openpyxl).

Sheets: アクションプラン (the items, status as a drop-down, due dates as real dates),
会議体・キーパーソン, 資源一覧, 次回以降の会議. Every text cell is stored as a string,
never as a formula, even when it starts with "=" (a facilitator may have typed
「=HYPERLINK(…)」 on a card: it must show, not run).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from datetime import date, datetime, time
from types import SimpleNamespace

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import ActionStatus
from workshop.domain.wareki import WEEKDAYS_JA
from workshop.export.content import Context, L, joined, lab
from workshop.export.content_meeting import (
    cadence_text,
    capitals_text,
    deputy_text,
    key_person_status,
    meeting_time_text,
    planned_meetings,
    recorder_text,
    secretariat_text,
)
from workshop.export.plan_rows import PLAN_COLUMNS, origin_legend, plan_table, status_labels
from workshop.export.text import EXCEL_CELL_MAX, clip, display_width, is_formula_like, xml_safe
from workshop.export.xlsx_print import borders, fit_columns, print_setup
from workshop.export.xlsx_sheet import Entry, Sheet

DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'
"""和暦 as in the minutes: 令和8年12月25日 in Excel and in LibreOffice (checked by
converting with soffice; the newer [$-ja-JP-x-gannen] code shows a bare serial number
in LibreOffice)."""
TIME_FORMAT = "h:mm"
FONT = "游ゴシック"
OVERDUE_FILL = "FCE4E4"
LINE_HEIGHT = 14
"""Points per line of 10pt text."""
MAX_ROW_HEIGHT = 409
"""Excel's limit; a longer cell scrolls within the row."""
MAX_LINES = 40
ROW_WIDTH_CAP = 2_000
STATUS_ROWS = 1000
"""Rows below the header that get the status drop-down (room to add items by hand)."""

Cell = str | int | float | date | time | None


@functools.cache
def _styles() -> SimpleNamespace:
    """The style objects of the workbook, made once (openpyxl is imported on first use)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return SimpleNamespace(
        text=Font(name=FONT, size=10),
        bold=Font(name=FONT, size=10, bold=True),
        title=Font(name=FONT, size=12, bold=True),
        header_fill=PatternFill("solid", fgColor="DDEBF7"),
        top=Alignment(wrap_text=True, vertical="top", horizontal=None),
        centred=Alignment(wrap_text=True, vertical="top", horizontal="center"),
    )


def _store(ws: Sheet, row: int, col: int, value: Cell) -> Entry:
    """Write one cell: text always as text, dates as dates."""
    st = _styles()
    cell = ws.cell(row, col)
    if isinstance(value, str):
        text = clip(xml_safe(value), EXCEL_CELL_MAX, L("common.clipped"))
        cell.value = text
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        cell.quote = is_formula_like(text)  # what Excel itself does for text typed as '=…
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.value = datetime(value.year, value.month, value.day)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.value = value
        cell.number_format = TIME_FORMAT
    else:
        cell.value = value
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd h:mm:ss"  # what openpyxl gives a datetime
    cell.font = st.text
    centred = isinstance(value, date | time | int) and not isinstance(value, bool)
    cell.alignment = st.centred if centred else st.top
    return cell


def _header(ws: Sheet, row: int, labels: Sequence[str]) -> None:
    st = _styles()
    for col, text in enumerate(labels, start=1):
        cell = _store(ws, row, col, text)
        cell.font = st.bold
        cell.fill = st.header_fill


def _title(ws: Sheet, row: int, text: str) -> None:
    _store(ws, row, 1, text).font = _styles().title


def _table(ws: Sheet, top: int, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    """Header and rows from row `top`; returns the last row written."""
    _header(ws, top, header)
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            _store(ws, r, c, value)
    return top + len(rows)


def _fit_columns(ws: Sheet, first_row: int = 1, last_col: int | None = None) -> None:
    """Widths within the print budget (`xlsx_print.fit_columns`), then row heights."""
    fit_columns(ws, first_row, last_col or ws.max_column)
    _fit_rows(ws)


def _fit_rows(ws: Sheet) -> None:
    """Row heights for wrapped text. Neither Excel nor LibreOffice re-measures rows when
    they open a generated file, so a long cell would otherwise show one clipped line."""
    from openpyxl.utils import get_column_letter

    dims = ws.ws.column_dimensions
    lines_of: dict[int, int] = {}
    for row, col, value in sorted(ws.values()):
        if not isinstance(value, str) or not value:
            continue
        width = dims[get_column_letter(col)].width or 10
        usable = max(int(width) - 1, 1)
        count = sum(
            max(1, -(-display_width(line, ROW_WIDTH_CAP) // usable))
            for line in value.split("\n")[:MAX_LINES]
        )
        lines_of[row] = max(lines_of.get(row, 1), count)
    for row, lines in lines_of.items():
        if lines > 1:
            ws.ws.row_dimensions[row].height = min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT)


def _listing(ws: Sheet, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    """A sheet that is one table: frozen header row, filters, thin borders. Returns the
    last row."""
    from openpyxl.utils import get_column_letter

    last = _table(ws, 1, header, rows)
    ws.ws.freeze_panes = "A2"
    ws.ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(last, 2)}"
    borders(ws, 1, last, len(header))
    return last


def _plan_sheet(ws: Sheet, ctx: Context) -> str:
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header, rows = plan_table(ctx, short_origin=True)
    last = _listing(ws, header, rows)
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
    ws.ws.data_validations.append(dv)
    # Overdue: a due date before today on an item not 完了 or 中止, recomputed whenever
    # the file is opened (the status may be changed in the sheet).
    due = get_column_letter(PLAN_COLUMNS.index("due") + 1)
    closed = [lab("action_status", s) for s in ActionStatus if not s.is_open]
    not_closed = ",".join(f'${col}2<>"{c}"' for c in closed)
    ws.ws.conditional_formatting.add(
        f"A2:{get_column_letter(len(header))}{STATUS_ROWS + 1}",
        FormulaRule(
            formula=[f"AND(ISNUMBER(${due}2),${due}2<TODAY(),{not_closed})"],
            fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL),
        ),
    )
    # The record id is for matching rows, not for reading: hidden and not printed.
    id_col = PLAN_COLUMNS.index("id") + 1
    ws.ws.column_dimensions[get_column_letter(id_col)].hidden = True
    # 決定した会議 shows 第1回; the names are said once, on the header cell and in the
    # printed footer.
    legend = L("plan.origin_legend", sessions=origin_legend(ctx))
    origin = ws.cell(1, PLAN_COLUMNS.index("origin") + 1)
    origin.comment = Comment(legend, "workshop", width=400, height=120)
    ws.ws.oddFooter.left.text = xml_safe(legend).replace("&", "&&")[:200]
    ws.ws.oddFooter.left.size = 8
    _fit_columns(ws, 1, id_col - 1)
    return f"A1:{get_column_letter(id_col - 1)}{max(last, 2)}"


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


def _people_sheet(ws: Sheet, ctx: Context) -> str:
    from openpyxl.utils import get_column_letter

    _title(ws, 1, L("sheet.mechanisms_title"))
    row = 2
    if ctx.mechanisms:
        header, rows = _mechanism_rows(ctx)
        end = _table(ws, row, header, rows)
        borders(ws, row, end, len(header))
        row = end + 2
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
        end = _table(ws, row + 1, header, rows)
        borders(ws, row + 1, end, len(header))
    else:
        _store(ws, row + 1, 1, L("common.none"))
    _fit_columns(ws, 3)
    return f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"


def _resource_sheet(ws: Sheet, ctx: Context) -> str:
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
            "\n".join(ctx.session_label(sd.session.id) for sd in listed),
        ]
        for i, (listed, r) in enumerate(ctx.resources, start=1)
    ]
    return _whole_listing(ws, header, rows)


def _whole_listing(ws: Sheet, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A one-table sheet fitted to the print budget; returns its print area."""
    from openpyxl.utils import get_column_letter

    last = _listing(ws, header, rows)
    _fit_columns(ws, 1, len(header))
    return f"A1:{get_column_letter(len(header))}{max(last, 2)}"


def _rotation_sheet(ws: Sheet, ctx: Context) -> str:
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
    return _whole_listing(ws, header, rows)


def render(data: InitiativeData, session_id: str) -> bytes:
    """The workbook, written in openpyxl's write-only mode (`xlsx_sheet`)."""
    from openpyxl import Workbook

    ctx = Context.of(data, session_id)
    wb = Workbook(write_only=True)
    draft = L("common.draft_suffix") if ctx.draft else ""
    print_header = f"{data.initiative.name} {ctx.session.title}{draft}"
    sheets = [
        ("sheet.plan", _plan_sheet, "1:1"),
        ("sheet.people", _people_sheet, None),
        ("sheet.resources", _resource_sheet, "1:1"),
        ("sheet.rotation", _rotation_sheet, "1:1"),
    ]
    for key, fill, title_rows in sheets:
        ws = Sheet(wb.create_sheet(L(key)))
        area = fill(ws, ctx)
        print_setup(ws.ws, f"{print_header}　{L(key)}", title_rows, area)
        ws.flush()
    wb.properties.creator = "workshop"
    wb.properties.title = xml_safe(f"{ctx.session.title} {L('sheet.plan')}{draft}")[:255]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

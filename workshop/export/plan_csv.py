"""The action plan as CSV for Excel on Japanese Windows: UTF-8 with a BOM (without it
Excel reads Shift_JIS and shows mojibake), CRLF line ends, a header row, and every text
cell that could run as a formula prefixed with a single quote."""

from __future__ import annotations

import csv
import io
from datetime import date

from workshop.domain.bundle import InitiativeData
from workshop.export.content import Context
from workshop.export.plan_rows import PlanCell, plan_table
from workshop.export.text import neutralise, xml_safe

DATE_FORMAT = "%Y/%m/%d"
"""Excel on a Japanese system reads 2026/12/25 as a date."""


def csv_cell(value: PlanCell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int):
        return str(value)
    return neutralise(xml_safe(value))


def render(data: InitiativeData, session_id: str) -> bytes:
    header, rows = plan_table(Context.of(data, session_id))
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8-sig")

"""Random text in a card and an action item never breaks an export, and every file parses
back with its reader. The text is put in without validation, so it may hold control
characters and lone surrogates the domain would have stripped."""

from __future__ import annotations

import csv
import io
from datetime import date

from export_data import HtmlReader, docx_text, md_table_rows, small
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from workshop.export import render
from workshop.export.calendar_ics import SUMMARY_MAX
from workshop.export.text import EXCEL_CELL_MAX, neutralise, xml_safe

HOSTILE = [
    "[bold]",
    "[/]",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t",
    "\r\n",
    "|",
    "\\",
    "&amp;",
    "**",
    "# ",
    "1. ",
    "    ",
    "\x00",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\ud800",
    "\ufffe",
    "🚌",
    "مريم",
    "\u202e",
    "../../etc/passwd",
    "{name}",
    "令和",
]

text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)), max_size=8).map("".join)


def check_all(card: str, action: str) -> None:
    data, sid = small(card, action)
    clean_card, clean_action = xml_safe(card), xml_safe(action)

    md = render("md", data, sid).decode("utf-8")
    header = md_table_rows(md)
    assert all(len(r) >= 1 for r in header)

    page = HtmlReader(render("html", data, sid).decode("utf-8"))
    assert page.balanced, page.errors
    assert not any(tag == "script" for tag, _ in page.tags)

    doc = docx_text(render("docx", data, sid))
    if clean_card.strip():
        assert clean_card in doc

    wb = load_workbook(io.BytesIO(render("xlsx", data, sid)))
    ws = wb["アクションプラン"]
    cell = ws.cell(row=2, column=3).value
    if len(clean_action) <= EXCEL_CELL_MAX:
        assert cell == (clean_action or None)
    else:  # Excel holds 32,767 characters in a cell: the rest is cut, visibly
        assert len(cell) == EXCEL_CELL_MAX and cell.endswith(f"全{len(clean_action)}文字）")
    assert all(c.data_type != "f" for s in wb for row in s.iter_rows() for c in row)

    rows = list(csv.reader(io.StringIO(render("csv", data, sid).decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 and rows[1][2] == neutralise(clean_action)

    # The calendar: the action's deadline on its day carrying its text, the meeting
    # series under its typed name on its first date
    cal = Calendar.from_ical(render("ics", data, sid))
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    (action,) = data.actions
    (mech,) = data.sessions[0].mechanisms
    deadline = events[action.id]
    assert (deadline["DTSTART"].dt, deadline["DTEND"].dt) == (date(2027, 1, 5), date(2027, 1, 6))
    assert str(deadline["DESCRIPTION"]).startswith(clean_action)
    meeting = events[mech.id]
    assert meeting["DTSTART"].dt == date(2026, 12, 1)
    assert "FREQ=MONTHLY" in meeting["RRULE"].to_ical().decode()
    name = " ".join(xml_safe(mech.name).split())
    if len(name) <= SUMMARY_MAX:
        assert str(meeting["SUMMARY"]) == name

    # The draft charter names the meeting as typed and keeps its articles
    charter = docx_text(render("charter", data, sid))
    assert "設置要綱（案）" in charter and "第8条" in charter
    # …as a title is written: spaces beside Japanese dropped, the words themselves intact
    words = xml_safe(mech.name).split()
    assert all(word in charter for word in words)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=text, action=text)
def test_random_text_never_breaks_an_export(card: str, action: str) -> None:
    check_all(card, action)


def test_known_hard_cases() -> None:
    check_all("\x00\x0b\ud800 [bold]x[/]", "=cmd|' /C calc'!A0")
    check_all("", "")
    check_all("C:\\Notes", "\\\\server\\Nenkin\\new, 1;2")  # "\N" stays two characters
    check_all("a" * 40_000, "b" * 40_000)  # longer than an Excel cell holds

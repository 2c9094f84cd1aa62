"""The action plan workbook on paper and in the office's hands: printed at 9 pt or more
on A4 landscape, print areas, borders, 和暦 dates, overdue highlighting, short session
labels, the hand-over owner and the hidden ID column. Read back with openpyxl."""

from __future__ import annotations

import io

import pytest
from export_data import Fixture, build
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from workshop.demo import demo_bundle
from workshop.export import render
from workshop.export.xlsx_print import width_mm


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build()


@pytest.fixture(scope="module")
def books(fx: Fixture) -> list:
    demo = demo_bundle().data
    out = [
        load_workbook(io.BytesIO(render("xlsx", fx.data, sid)))
        for sid in (fx.initial_id, fx.followup_id)
    ]
    out += [
        load_workbook(io.BytesIO(render("xlsx", demo, sd.session.id)))
        for sd in demo.ordered_sessions()
    ]
    return out


def _area(ws) -> tuple[int, int, int, int]:
    area = ws.print_area
    assert area, ws.title
    ref = area[0] if isinstance(area, list | tuple) else area
    ref = ref.split("!")[-1].replace("$", "")
    return range_boundaries(ref)


def printed_pt(ws) -> float:
    """Size of 10 pt text once fit-to-width has shrunk the print area to A4 landscape."""
    lo, _, hi, _ = _area(ws)
    widths = []
    for col in range(lo, hi + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        widths.append(dim.width if dim is not None and dim.width else 8.43)
    margins = (ws.page_margins.left + ws.page_margins.right) * 25.4
    printable = 297 - margins
    return 10 * min(1.0, printable / width_mm(widths))


def test_every_sheet_prints_at_nine_points_or_more(books: list) -> None:
    for wb in books:
        for ws in wb:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
            assert printed_pt(ws) >= 9, (ws.title, round(printed_pt(ws), 1))


def test_resources_have_a_print_area_and_tables_thin_borders(books: list) -> None:
    for wb in books:
        ws = wb["資源一覧"]
        lo, top, _hi, bottom = _area(ws)
        assert (lo, top) == (1, 1) and bottom == ws.max_row
        for sheet in ("アクションプラン", "資源一覧", "次回以降の会議"):
            ws = wb[sheet]
            for cell in (ws["A1"], ws.cell(row=ws.max_row, column=2)):
                assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"


def test_dates_are_wareki_and_overdue_is_highlighted(books: list) -> None:
    ws = books[0]["アクションプラン"]
    dated = [c for c in ws["G"][1:] if c.value is not None]
    assert dated and {c.number_format for c in dated} == {'[$-411]ggge"年"m"月"d"日"'}
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any("TODAY()" in f and "$G2" in f for r in rules for f in r.formula)
    assert any("完了" in f and "中止" in f for r in rules for f in r.formula)


def test_deciding_session_is_a_short_label_named_once(fx: Fixture, books: list) -> None:
    ws = books[1]["アクションプラン"]
    labels = {c.value for c in ws["B"][1:] if c.value}
    assert labels <= {"第1回", "第2回", "第3回", "第4回"} and "第1回" in labels
    assert ws["B1"].comment is not None and "第1回連携会議" in ws["B1"].comment.text


def test_id_column_is_hidden_and_not_printed(books: list) -> None:
    ws = books[0]["アクションプラン"]
    header = [c.value for c in ws[1]]
    id_col = get_column_letter(header.index("ID") + 1)
    assert ws.column_dimensions[id_col].hidden
    _, _, hi, _ = _area(ws)
    assert hi < column_index_from_string(id_col)


def test_after_a_hand_over_the_owner_is_blank_for_the_new_section(fx: Fixture, books: list) -> None:
    ws = books[1]["アクションプラン"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    handed = next(r for r in rows if r[3] == "危機管理課")
    before = next(a for a in fx.data.actions if a.owner_department == "防災安全課")
    assert before.owner_person and handed[4] in (None, "")

"""The action plan as XLSX (read back with openpyxl) and CSV (read back with csv)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from export_data import FORMULA, FORMULA_START, Fixture, build
from openpyxl import load_workbook

from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import ActionStatus
from workshop.domain.records import ActionItem, Initiative, Session
from workshop.export import export_session, render
from workshop.export.plan_rows import PLAN_COLUMNS

STATUSES = ["未着手", "進行中", "完了", "保留", "中止"]
STATUS_COL = PLAN_COLUMNS.index("status") + 1
DUE_COL = PLAN_COLUMNS.index("due") + 1


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build()


@pytest.fixture(scope="module")
def book(fx: Fixture):
    return load_workbook(io.BytesIO(render("xlsx", fx.data, fx.initial_id)))


@pytest.fixture(scope="module")
def followup_book(fx: Fixture):
    return load_workbook(io.BytesIO(render("xlsx", fx.data, fx.followup_id)))


def values(ws) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def test_xlsx_sheets_and_action_rows(fx: Fixture, book, tmp_path: Path) -> None:
    path = export_session(fx.data, fx.initial_id, "xlsx", tmp_path)
    assert path.name == "20261122_第1回連携会議_アクションプラン.xlsx"
    assert book.sheetnames == [
        "アクションプラン",
        "会議体・キーパーソン",
        "資源一覧",
        "次回以降の会議",
    ]
    ws = book["アクションプラン"]
    header = [c.value for c in ws[1]]
    assert header[:9] == ["No.", "決定した会議", "実施内容", "担当課", "担当者", "連携先", "期限",
                          "完了の目安", "状況"]  # fmt: skip
    own = [a for a in fx.data.actions if a.session_id == fx.initial_id]
    assert ws.max_row == len(own) + 1
    cells = values(ws)
    for a in own:
        assert a.what in cells
        if a.owner_department:
            assert a.owner_department in cells
    assert "要確認（担当課が未定）" in cells and "要確認（期限が未定）" in cells


def test_xlsx_frozen_header_filter_widths_and_status_list(book) -> None:
    ws = book["アクションプラン"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    dv = lists[0]
    assert dv.formula1.strip('"').split(",") == STATUSES
    col = ws.cell(row=1, column=STATUS_COL).column_letter
    assert f"{col}2" in dv.sqref and f"{col}9" in dv.sqref
    # widths count East-Asian characters as two: the text column is wider than "No."
    width = {k: v.width for k, v in ws.column_dimensions.items()}
    assert width["C"] >= 20 > width["A"]
    assert ws.cell(row=2, column=3).alignment.wrap_text


def test_xlsx_status_list_refuses_a_value_outside_the_list(book) -> None:
    """Excel must stop a typed status that is not one of the five (a stray 「済」 would
    escape every later status count), and say which values are allowed."""
    ws = book["アクションプラン"]
    (dv,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == '"未着手,進行中,完了,保留,中止"'
    assert dv.showErrorMessage is True
    assert dv.errorStyle in (None, "stop")  # absent means "stop" in Excel and LibreOffice
    assert not dv.showDropDown  # openpyxl's showDropDown=True hides the arrow
    assert dv.allow_blank is True
    assert dv.errorTitle and "未着手,進行中,完了,保留,中止" in dv.error


def test_xlsx_due_dates_are_dates(fx: Fixture, book) -> None:
    ws = book["アクションプラン"]
    rows = list(ws.iter_rows(min_row=2))
    dues = [r[DUE_COL - 1] for r in rows]
    dated = [c for c in dues if c.value is not None]
    assert len(dated) == len(rows) - 1  # one item has no due date
    assert all(isinstance(c.value, datetime) and c.is_date for c in dated)
    assert datetime(2027, 1, 15) in [c.value for c in dated]
    assert {c.number_format for c in dated} == {'[$-411]ggge"年"m"月"d"日"'}


def test_xlsx_never_holds_a_formula(book, followup_book) -> None:
    for wb in (book, followup_book):
        for ws in wb:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    ws = book["アクションプラン"]
    cell = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith(FORMULA))
    assert cell.data_type == "s" and cell.value == f"{FORMULA} のリンク集を | 区切りで整理する"
    assert cell.quotePrefix
    lever = [c for c in book["資源一覧"]["F"] if str(c.value).startswith("+SUM")]
    assert lever and lever[0].data_type == "s"


def test_xlsx_other_sheets(fx: Fixture, book) -> None:
    people = values(book["会議体・キーパーソン"])
    assert "みなと町移動・買い物支援連携会議" in people
    assert "持ち回り（高齢福祉課 → 交通政策課 → 商工観光課）" in people
    assert "未定【要確認】" in people  # 鈴木 has no deputy
    assert "異動済み（異動先：企画課）" in people and "企画課" in people
    assert datetime(2027, 4, 1) in people  # transfer date as a date
    resources = values(book["資源一覧"])
    assert {"地域ケア会議", "デマンド交通", "商店街の空き店舗"} <= set(resources)
    ws = book["次回以降の会議"]
    assert ws.freeze_panes == "A2" and ws.max_row == 7
    dates = [ws.cell(row=r, column=3).value for r in range(2, 8)]
    assert dates[:2] == [datetime(2026, 12, 21), datetime(2027, 1, 18)]
    assert ws.cell(row=2, column=4).value == "月"
    assert ws.cell(row=3, column=7).value == "交通政策課"  # secretariat rotates


def test_xlsx_follow_up_adds_open_earlier_items(fx: Fixture, followup_book) -> None:
    ws = followup_book["アクションプラン"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    what = [r[2] for r in rows]
    assert what[0] == "移動販売の試行ルートを決める"  # the session's own item first
    assert "公共交通マップの高齢者向け版を作る" in what
    # done and cancelled in this meeting's review: on its plan with that status (the
    # next meeting's plan leaves them out: test_items_closed_at_a_meeting_stay_on_its_plan)
    assert rows[what.index("移動販売事業者との意見交換会を開く")][STATUS_COL - 1] == "完了"
    assert rows[what.index("ごみ出し支援の対象拡大を環境課と協議する")][STATUS_COL - 1] == "中止"
    transit = rows[what.index("公共交通マップの高齢者向け版を作る")]
    assert transit[STATUS_COL - 1] == "進行中" and transit[DUE_COL - 1] == datetime(2027, 3, 31)
    assert transit[PLAN_COLUMNS.index("carried_count")] == 3
    assert "繰越3回以上" in transit[PLAN_COLUMNS.index("to_check")]
    roster = rows[what.index("避難行動要支援者名簿と見守り対象者リストの突合方法を検討する")]
    assert roster[3] == "危機管理課"  # handed over


def read_csv(blob: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(blob.decode("utf-8-sig"), newline="")))


def test_csv_bom_crlf_header_and_neutralised_cells(fx: Fixture, tmp_path: Path) -> None:
    path = export_session(fx.data, fx.initial_id, "csv", tmp_path)
    assert path.name == "20261122_第1回連携会議_アクションプラン.csv"
    blob = path.read_bytes()
    assert blob.startswith(b"\xef\xbb\xbf")
    assert blob.count(b"\r\n") >= 9 and b"\n" not in blob.replace(b"\r\n", b"")
    rows = read_csv(blob)
    assert rows[0][:3] == ["No.", "決定した会議", "実施内容"]
    body = rows[1:]
    own = [a for a in fx.data.actions if a.session_id == fx.initial_id]
    assert len(body) == len(own)
    assert f"'{FORMULA} のリンク集を | 区切りで整理する" in [r[2] for r in body]
    assert "'@連絡網 を作り、学校の見守りボランティアに共有する" in [r[2] for r in body]
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    due = PLAN_COLUMNS.index("due")
    assert body[0][due] == "2027/01/15" and "" in [r[due] for r in body]


def test_csv_follows_the_same_rows_as_the_workbook(fx: Fixture, followup_book) -> None:
    rows = read_csv(render("csv", fx.data, fx.followup_id))
    ws = followup_book["アクションプラン"]
    assert len(rows) == ws.max_row
    for r, cells in enumerate(rows[1:], start=2):
        assert cells[-1] == ws.cell(row=r, column=len(PLAN_COLUMNS)).value  # the record id


def test_status_labels_follow_the_enum() -> None:
    from workshop.i18n import label

    assert [label("action_status", s, "ja") for s in ActionStatus] == STATUSES


# Typed text -> what the spreadsheet must receive. Written out by hand (not computed from
# the exporter's own prefix list), so a gap in that list makes this test fail.
HOSTILE_CELLS: list[tuple[str, str]] = [
    ("=1+1", "'=1+1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ('=HYPERLINK("http://example.com","開く")', '\'=HYPERLINK("http://example.com","開く")'),
    ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\t見出し", "'\t見出し"),
    ("会議で=を使う", "会議で=を使う"),
    ("'引用済み", "'引用済み"),
    ("移動販売の試行", "移動販売の試行"),
]


def _plan_with(texts: list[str]) -> tuple[InitiativeData, str]:
    ini = Initiative(name="数式の試験")
    s = Session(initiative_id=ini.id, title="第1回")
    actions = [
        ActionItem(initiative_id=ini.id, session_id=s.id, what=t, comment=t, position=i)
        for i, t in enumerate(texts)
    ]
    return InitiativeData(initiative=ini, sessions=[SessionData(session=s)], actions=actions), s.id


def test_csv_cells_reach_excel_quoted_exactly_as_listed() -> None:
    data, sid = _plan_with([typed for typed, _ in HOSTILE_CELLS])
    rows = read_csv(render("csv", data, sid))[1:]
    what, comment = PLAN_COLUMNS.index("what"), PLAN_COLUMNS.index("comment")
    assert [r[what] for r in rows] == [expected for _, expected in HOSTILE_CELLS]
    assert [r[comment] for r in rows] == [expected for _, expected in HOSTILE_CELLS]


def test_xlsx_cells_hold_the_typed_text_as_quoted_strings() -> None:
    """In the workbook the text stays as typed; a formula-looking one is a string with
    Excel's quote prefix (what Excel stores for text typed as '=…)."""
    data, sid = _plan_with([typed for typed, _ in HOSTILE_CELLS])
    ws = load_workbook(io.BytesIO(render("xlsx", data, sid)))["アクションプラン"]
    col = PLAN_COLUMNS.index("what") + 1
    for row, (typed, expected) in enumerate(HOSTILE_CELLS, start=2):
        cell = ws.cell(row=row, column=col)
        assert (cell.value, cell.data_type) == (typed, "s")
        quoted = expected != typed
        assert bool(cell.quotePrefix) is quoted, repr(typed)


def test_a_resource_listed_again_later_is_one_row_as_last_left() -> None:
    """The same council listed in the first meeting and again in the follow-up (its
    disposition changed; its name typed with a space) was two rows of the 資源一覧."""
    from workshop.domain.enums import Disposition

    fx = build()
    council = next(r for r in fx.initial.resources if r.name == "地域ケア会議")
    again = council.model_copy(
        update={
            "id": "res-again",
            "session_id": fx.followup_id,
            "name": "地域ケア 会議",
            "disposition": Disposition.MERGE,
        }
    )
    fx.followup.resources.append(again)
    wb = load_workbook(io.BytesIO(render("xlsx", fx.data, fx.followup_id)))
    rows = [[c.value for c in r] for r in wb["資源一覧"].iter_rows(min_row=2)]
    listed = [r for r in rows if str(r[1]).replace(" ", "") == "地域ケア会議"]
    assert len(listed) == 1
    (row,) = listed
    assert row[6] == "統合・相乗り"  # as the follow-up left it
    origin = str(row[-1])
    assert fx.initial.session.title in origin and fx.followup.session.title in origin
    # the first meeting's own plan still lists it once, from that meeting alone
    first = load_workbook(io.BytesIO(render("xlsx", fx.data, fx.initial_id)))
    rows = [[c.value for c in r] for r in first["資源一覧"].iter_rows(min_row=2)]
    (row,) = [r for r in rows if r[1] == "地域ケア会議"]
    assert fx.followup.session.title not in str(row[-1])


def test_items_closed_at_a_meeting_stay_on_its_plan(fx: Fixture, followup_book) -> None:
    """An earlier item completed (or dropped) in the follow-up's review was missing from
    that follow-up's plan, as if it had never been on it; one closed at an earlier
    meeting stays off."""
    ws = followup_book["アクションプラン"]
    what = PLAN_COLUMNS.index("what")
    rows = {
        str(r[what]): r[STATUS_COL - 1]
        for r in ws.iter_rows(min_row=2, values_only=True)
        if r[what] is not None
    }
    by_what = {a.id: a.what for a in fx.data.actions}
    closed_here = {
        by_what[r.action_id]: r.status for r in fx.data.reviews if r.session_id == fx.followup_id
    }
    done = [w for w, s in closed_here.items() if s == ActionStatus.DONE]
    dropped = [w for w, s in closed_here.items() if s == ActionStatus.CANCELLED]
    assert done and dropped
    assert all(rows.get(w) == "完了" for w in done)
    assert all(rows.get(w) == "中止" for w in dropped)
    third = next(sd for sd in fx.data.sessions if sd.session.title == "第3回連携会議")
    closed_before = [
        by_what[r.action_id]
        for r in fx.data.reviews
        if r.session_id == third.session.id and r.status == ActionStatus.DONE
    ]
    assert closed_before and not any(w in rows for w in closed_before)

"""Japanese text on the wall: lines broken by the rules (禁則処理), columns that keep
their meaning, a title bar and a key bar that fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from tests.ui_helpers import (
    demo_app,
    empty_app,
    frame,
    new_session,
    open_session,
    settle,
    show_tab,
)
from workshop.domain.enums import Role, SessionKind, Step
from workshop.domain.records import PROFILE_HEADINGS, Attendee, Card
from workshop.i18n import label
from workshop.screens.panes.strengths import Matrix
from workshop.screens.session import SessionScreen
from workshop.widgets.flex_table import FlexTable, cell
from workshop.widgets.key_bar import KeyBar
from workshop.widgets.side_panel import SidePanel

# Written out here: a line must not start with these (a bullet ・ may start a paragraph,
# so it is left to the unit tests of the wrapping function)
FORBIDDEN_START = set("、。，．）」』】〕］｝》〉ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョ：；？！…")
FORBIDDEN_END = set("（「『【〔［｛《〈")


def widget_lines(widget) -> list[str]:
    """What a widget shows, line by line, as drawn."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def bad_lines(lines: list[str]) -> list[str]:
    bad = []
    for n, line in enumerate(lines):
        body = line.strip()
        if body[:1] in FORBIDDEN_START:
            bad.append(f"starts: {lines[n - 1] if n else ''!r} / {line!r}")
        if body[-1:] in FORBIDDEN_END:
            bad.append(f"ends: {line!r}")
    return bad


async def go(pilot, step: Step) -> SessionScreen:
    screen = pilot.app.screen
    screen.go_to(step)
    await settle(pilot, 4)
    for _ in range(40):
        pane = screen.pane(step)
        if pane is not None and pane.ready:
            break
        await pilot.pause(0.02)
    await settle(pilot, 4)
    return screen


async def steady(pilot) -> None:
    """Tables are laid out again once their width is known: wait until nothing moves."""
    previous = None
    for _ in range(40):
        await pilot.pause(0.03)
        shot = frame(pilot.app)
        if shot == previous:
            return
        previous = shot


def demo_session(store) -> str:
    return next(s for s in store.sessions() if s.kind is SessionKind.INITIAL).id


@pytest.mark.parametrize("size", [(120, 40), (100, 30)])
async def test_side_panel_breaks_lines_by_the_rules(tmp_path: Path, size) -> None:
    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, demo_session(store))
        screen = app.screen
        side = screen.query_one(SidePanel)
        if not side.display:
            await pilot.press("f7")  # 100 columns: the panel starts hidden
            await settle(pilot, 4)
        assert side.display
        seen = 0
        for step in (Step.VISION, Step.STRENGTHS, Step.RESOURCES, Step.MECHANISM, Step.SUMMARY):
            await go(pilot, step)
            for part in ("#sp-content", "#sp-tips"):
                lines = widget_lines(side.page.query_one(part))
                width = side.page.query_one(part).content_size.width
                assert all(cell_len(line) <= width + 1 for line in lines)
                assert bad_lines(lines) == [], step
                seen += len(lines)
        assert seen > 200  # the tips were there to be read


def test_table_cell_pushes_a_full_stop_back() -> None:
    # seven kanji fill 14 cells: a character wrap would put 。 alone on the next line
    lines = cell("見守り体制整備。次は訓練です", 14, flexible=True).plain.split("\n")
    assert bad_lines(lines) == []
    assert "".join(lines) == "見守り体制整備。次は訓練です"


async def test_card_board_cells_break_by_the_rules(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    sid = demo_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, sid)
        screen = await go(pilot, Step.VISION)
        table = screen.pane(Step.VISION).query_one(FlexTable)
        width = table.widths()[1]
        # a text whose 。 and 」 fall right after a full line of the column
        text = "あ" * (width // 2) + "。「" + "い" * (width // 2 - 2) + "」を話す"
        card = store.add(
            Card(session_id=sid, step=Step.VISION, prompt="vision.town", text=text, position=99)
        )
        board = screen.pane(Step.VISION).query_one("CardBoard")
        board.reload()
        await steady(pilot)
        lines = table.get_row(card.id)[1].plain.split("\n")
        assert "".join(lines) == text
        assert bad_lines(lines) == []


async def test_similar_sections_stay_apart_at_100_by_30(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    for name, dept in (
        ("高橋 一郎", "さくら川町地域包括支援センター（直営）"),
        ("中村 花子", "さくら川町地域包括支援センター（委託）"),
    ):
        store.add(Attendee(session_id=session.id, name=name, department=dept))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        await steady(pilot)
        table = app.screen.query_one("#tab-attendees").query_one(DataTable)
        shown = [table.get_row_at(r)[1].plain for r in range(table.row_count)]
        assert any("（直営）" in s for s in shown) and any("（委託）" in s for s in shown)
        width = table.ordered_columns[1].width
        assert all(cell_len(line) <= width for s in shown for line in s.split("\n"))


async def test_role_column_shows_whole_labels(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    roles = [Role.FLAG_BEARER, Role.FACILITATOR, Role.SECRETARIAT, Role.RECORDER]
    store.add(
        Attendee(session_id=session.id, name="山田 恵子", department="高齢福祉課", roles=roles)
    )
    labels = {label("role", r) for r in Role}
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        await steady(pilot)
        table = app.screen.query_one("#tab-attendees").query_one(DataTable)
        shown = table.get_row_at(0)[-1].plain
        for line in shown.split("\n"):
            words = [w for w in line.split("・") if w]
            assert words and all(w in labels for w in words), shown
        # all four are there, in order
        assert [w for w in re.split("[・\n]", shown) if w] == [label("role", r) for r in roles]


@pytest.mark.parametrize("size", [(120, 40), (100, 30)])
async def test_title_bar_keeps_the_initiative_name(tmp_path: Path, size) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(
        store, title="第1回 令和8年度 見守りと防災の連携に関する庁内外合同ワークショップ"
    )
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, session.id)
        title = app.screen.query_one("#session-title")
        line = widget_lines(title)[0]
        assert "見守りと防災の連携" in line.split("／")[-1]
        assert line.strip().startswith("第1回") and "…" in line


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_key_bar_keeps_help_and_the_palette(tmp_path: Path, size) -> None:
    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, demo_session(store))
        await go(pilot, Step.VISION)  # the card board: the most keys of any step
        await steady(pilot)
        bar = app.screen.query_one(KeyBar)
        line = widget_lines(bar)[0]
        assert "f1 ヘルプ" in line and "^p コマンド" in line
        assert cell_len(line.rstrip()) <= size[0]


async def test_matrix_shows_six_headings_and_every_card(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    texts = [
        "訪問介護の事業所と連絡網がある",
        "地区ごとの民生委員の名簿",
        "配食サービスの配達ルート",
        "介護予防教室の会場と講師",
        "認知症サポーター養成講座",
    ]
    for n, text in enumerate(texts):
        store.add(
            Card(
                session_id=session.id,
                step=Step.STRENGTHS,
                prompt="strengths.strengths",
                text=text,
                department="高齢福祉課",
                position=n,
            )
        )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await go(pilot, Step.STRENGTHS)
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        await steady(pilot)
        matrix = app.screen.query_one(Matrix)
        table = matrix.query_one(DataTable)
        # all six headings fit the table's width, each header whole
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert len(widths) == 7 and sum(widths) <= table.size.width
        headers = ["".join(c.label.plain.split("\n")) for c in table.ordered_columns[1:]]
        assert headers == [label("heading", h) for h in PROFILE_HEADINGS]
        # every card of the cell is there, each from its first line
        shown = table.get_row_at(0)[1].plain.replace("\n", "")
        for text in texts:
            assert "・" + text[:5] in shown


async def test_no_screen_of_the_demo_breaks_the_rules(tmp_path: Path) -> None:
    """Every paragraph and every table cell of every step and tab of the demo session,
    as the wall shows them at 120x40: no line starts with 」、。ー, none ends with 「;
    and no table is wider than its place beside the side panel (a column past the right
    edge is a column the room does not see)."""
    from textual.widgets import Static, TabbedContent

    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, demo_session(store))
        screen = app.screen
        problems: list[str] = []
        checked = 0
        for step in screen.steps:
            await go(pilot, step)
            pane = screen.pane(step)
            for tabs in pane.query(TabbedContent):
                for tab_pane in list(tabs.query("TabPane")):
                    tabs.active = tab_pane.id
                    await steady(pilot)
                    for text in tab_pane.query(Static):
                        if text.display and text.size.height:
                            lines = widget_lines(text)
                            problems += bad_lines(lines)
                            checked += len(lines)
                    for table in tab_pane.query(DataTable):
                        if table.size.width < table.virtual_size.width:
                            problems.append(f"{step.value}/{tab_pane.id}: table too wide")
                        for r in range(table.row_count):
                            for value in table.get_row_at(r):
                                lines = str(getattr(value, "plain", value)).split("\n")
                                problems += bad_lines(lines)
                                checked += len(lines)
        assert checked > 500
        assert problems == []

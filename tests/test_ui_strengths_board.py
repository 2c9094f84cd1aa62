"""The step ② board at the size of a prefecture's workshop: every card is on the wall in
board order, cut to the table's real width, and the facilitator reaches each one from the
keyboard; the matrix and the findings tabs are built when shown and follow new cards."""

from __future__ import annotations

import random
from pathlib import Path

from rich.cells import cell_len
from textual import events
from textual.widgets import Input

from tests.ui_helpers import (
    empty_app,
    new_session,
    open_session,
    screen_text,
    settle,
    show_tab,
    table_text,
)
from workshop.domain.enums import Step
from workshop.domain.records import PROFILE_HEADINGS, Card
from workshop.i18n import t
from workshop.widgets.card_board import CardBoard
from workshop.widgets.flex_table import FlexTable, column_widths

DEPARTMENTS = [
    "高齢福祉課",
    "交通政策課",
    "防災安全課",
    "地域包括支援センター（直営）",
    "社会福祉協議会",
]
PHRASES = [
    "買い物に行けない高齢者が増えている",
    "デマンド交通の予約が電話だけで不便",
    "避難行動要支援者の名簿を地区ごとに持っている",
    "見守り訪問で把握した独居の方の状況",
    "ファシリテーターを務められる職員が少ない",
]


def large_board(session_id: str, n: int) -> list[Card]:
    rng = random.Random(14)
    return [
        Card(
            session_id=session_id,
            step=Step.STRENGTHS,
            prompt=PROFILE_HEADINGS[i % len(PROFILE_HEADINGS)],
            text=f"{i + 1}件目：" + "。".join(rng.sample(PHRASES, rng.randrange(1, 4))),
            department=rng.choice(DEPARTMENTS),
            private=i % 97 == 0,
            deleted=i % 50 == 7,
            position=n - i,  # board order is by position, not by insertion
        )
        for i in range(n)
    ]


def stored_board(tmp_path: Path, n: int):
    """An app whose new session holds `large_board(n)` on ② (written in one transaction)."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    with store.write():
        for card in large_board(session.id, n):
            store.add(card)
    return app, store, session


async def test_every_card_of_a_large_board_is_shown_in_order_and_reachable(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    cards = large_board(session.id, 1_200)
    with store.write():
        for card in cards:
            store.add(card)
    live = sorted((c for c in cards if not c.deleted), key=lambda c: c.position)
    async with app.run_test(size=(120, 40)) as pilot:
        board, table = await strengths_board(pilot, app, session.id)
        # every live card, in board order, numbered from 1
        assert table.row_count == len(live)
        assert [str(table.get_row_at(r)[0]) for r in (0, len(live) - 1)] == ["1", str(len(live))]
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(len(live))]
        assert keys == [c.id for c in live]
        # cut to the table's real width, not to a width guessed before the layout
        widths = table.widths()
        assert table.size.width > 60 and widths[2] > 20
        assert widths == column_widths([w for *_, w in table.spec], table.size.width)
        for r in (0, len(live) // 2, len(live) - 1):
            text = table.get_row_at(r)[2].plain
            assert all(cell_len(line) <= widths[2] for line in text.split("\n"))
            mark = t("field.private_mark") if live[r].private else ""
            assert (mark + live[r].text).startswith(text.replace("\n", "")[:8])
        # the facilitator reaches the last card and the first from the keyboard
        table.focus()
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert board.selected() == live[-1]
        assert live[-1].text[:8] in screen_text(app).replace(" ", "")
        await pilot.press("ctrl+home", "down", "down")
        await settle(pilot)
        assert board.selected() == live[2]


async def test_matrix_and_findings_are_built_when_shown_and_follow_new_cards(
    tmp_path: Path,
) -> None:
    app, _store, session = stored_board(tmp_path, 300)
    async with app.run_test(size=(120, 40)) as pilot:
        board, _ = await strengths_shown(pilot, app, session.id)
        matrix = app.screen.query_one("#tab-matrix")
        assert table_text(matrix) == ""  # not built while its tab is hidden
        # a card captured on the board reaches the matrix and the findings when shown
        board.query_one("#capture-dept", Input).value = "商工観光課"
        capture = board.query_one("#capture-text", Input)
        capture.focus()
        capture.insert_text_at_cursor("移動販売車で買い物を支えられる")
        await pilot.press("enter")
        await settle(pilot)
        assert any(c.text == "移動販売車で買い物を支えられる" for c in board.cards)
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        await settle(pilot)
        text = table_text(matrix)
        assert "商工観光課" in text and "移動販売車で買い物を支えられる" in text
        await show_tab(pilot, "strengths-tabs", "tab-findings")
        await app.workers.wait_for_complete()
        await settle(pilot)
        findings = table_text(app.screen.query_one("#tab-findings"))
        assert "重なり" in findings and "補完" in findings
        assert "ほかに補完の候補が" in screen_text(app)


async def strengths_shown(pilot, app, session_id: str) -> tuple[CardBoard, FlexTable]:
    """② of the session opened, as first shown (a large board: rows for its first
    screens only)."""
    await open_session(pilot, session_id)
    app.screen.go_to(Step.STRENGTHS)
    await settle(pilot, 6)
    board = app.screen.pane(Step.STRENGTHS).query_one(CardBoard)
    return board, board.query_one(FlexTable)


async def strengths_board(pilot, app, session_id: str) -> tuple[CardBoard, FlexTable]:
    """② of the session opened, its board with a row for every card (as when the view
    has come near the rows not added at first)."""
    board, table = await strengths_shown(pilot, app, session_id)
    await every_row(pilot, board)
    return board, table


async def every_row(pilot, board: CardBoard) -> None:
    """Have the board add the rows it has not added yet, as its table asks when the view
    or the cursor comes near them."""
    table = board.query_one(FlexTable)
    if board.waiting:
        assert table.rows_to_come and table.rows_pending is not None
        table.rows_pending()
    await settle(pilot)
    assert not board.waiting and not table.rows_to_come


async def board_with_rows_to_come(pilot, app, session_id: str) -> tuple[CardBoard, FlexTable]:
    """The ② board just filled again (a card was edited elsewhere): its first rows are
    in, the rest are still to come (added when they are needed)."""
    board, _ = await strengths_board(pilot, app, session_id)
    board.query_one(FlexTable).move_cursor(row=0)
    await settle(pilot)
    store = board.ctx.store
    store.update(board.cards[0], votes=board.cards[0].votes + 1)
    board.reload()
    assert board.waiting and 0 < board.query_one(FlexTable).row_count < len(board.cards)
    return board, board.query_one(FlexTable)


def row_keys(table: FlexTable) -> list[str]:
    return [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]


async def test_a_card_captured_while_rows_are_to_come_lands_last_once(tmp_path: Path) -> None:
    app, store, session = stored_board(tmp_path, 3_000)
    async with app.run_test(size=(120, 40)) as pilot:
        live = store.cards(session.id, Step.STRENGTHS)
        board, table = await board_with_rows_to_come(pilot, app, session.id)
        given_back: list[bool] = []
        text = "移動販売車で買い物を支えられる"
        added = board._add_cards([text], lambda: given_back.append(True))
        assert added and not given_back  # the capture line's path
        await every_row(pilot, board)
        await settle(pilot)
        known = {c.id for c in live}
        new = [c for c in store.cards(session.id, Step.STRENGTHS) if c.id not in known]
        added = [c for c in new if c.text == "移動販売車で買い物を支えられる"]
        assert len(added) == 1
        assert row_keys(table) == [c.id for c in live] + [added[0].id]
        assert str(table.get_row_at(table.row_count - 1)[0]) == str(len(live) + 1)
        assert board.selected() == added[0]


async def test_a_card_deleted_while_rows_are_to_come_leaves_every_other_card_once(
    tmp_path: Path,
) -> None:
    app, store, session = stored_board(tmp_path, 3_000)
    async with app.run_test(size=(120, 40)) as pilot:
        live = store.cards(session.id, Step.STRENGTHS)
        board, table = await board_with_rows_to_come(pilot, app, session.id)
        table.move_cursor(row=3)
        board.action_delete()
        await every_row(pilot, board)
        await settle(pilot)
        rest = [c.id for c in live if c.id != live[3].id]
        assert row_keys(table) == rest
        assert [str(table.get_row_at(r)[0]) for r in (0, len(rest) - 1)] == ["1", str(len(rest))]


async def test_a_late_card_is_selected_while_rows_are_to_come(tmp_path: Path) -> None:
    app, store, session = stored_board(tmp_path, 3_000)
    async with app.run_test(size=(120, 40)) as pilot:
        live = store.cards(session.id, Step.STRENGTHS)
        board, table = await board_with_rows_to_come(pilot, app, session.id)
        board.reload(select=live[-2].id)  # its row is filled at once, not after the rest
        assert board.selected() == live[-2]
        await settle(pilot)
        assert live[-2].text[:8] in screen_text(app).replace(" ", "")
        await every_row(pilot, board)
        assert board.selected() == live[-2]
        assert row_keys(table) == [c.id for c in live]


async def test_the_last_card_is_one_key_away_while_rows_are_to_come(tmp_path: Path) -> None:
    """ctrl+End lands on the last card of the board, not on the last row added so far;
    ↓ from the last row added goes on to the next card."""
    app, store, session = stored_board(tmp_path, 3_000)
    async with app.run_test(size=(120, 40)) as pilot:
        live = store.cards(session.id, Step.STRENGTHS)
        board, table = await board_with_rows_to_come(pilot, app, session.id)
        table.focus()
        await pilot.press("ctrl+end")
        assert board.selected() == live[-1]
        await pilot.press("ctrl+home")
        store.update(store.require(type(live[1]), live[1].id), votes=live[1].votes + 1)
        board.reload(select=live[0].id)  # its first rows again, the rest to come
        table.move_cursor(row=table.row_count - 1)
        before = table.row_count
        assert before < len(live)
        await pilot.press("down")
        assert board.selected() == live[before]


async def test_a_large_board_reads_the_rest_of_its_cards_only_when_scrolled_near_them(
    tmp_path: Path, monkeypatch
) -> None:
    """A step's first visit reads only the board's first screens (and how many cards
    there are); its scroll bar is that of the whole board. The rest is read once, and
    every row added, when the view comes near it (here dragged by the scroll bar, as far
    as two screens above the last row added): before a line of the view is drawn, and
    the rows shown keep their place (the same rows, not filled again)."""
    from workshop.widgets.card_board import FIRST_ROWS

    app, store, session = stored_board(tmp_path, 1_500)
    live = store.cards(session.id, Step.STRENGTHS)
    read: list[int | None] = []
    every = store.cards

    def counted(*args, **kw):
        read.append(kw.get("limit"))
        return every(*args, **kw)

    monkeypatch.setattr(store, "cards", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        board, table = await strengths_shown(pilot, app, session.id)
        assert read == [FIRST_ROWS] and table.row_count == FIRST_ROWS  # the first screens
        assert board.waiting and table.rows_to_come == len(live) - FIRST_ROWS
        lines = table._total_row_height
        # the scroll bar's room: the rows added and as many lines a row for the rest
        assert table.virtual_size.height >= lines * len(live) // FIRST_ROWS
        assert table.show_vertical_scrollbar
        first = [table.rows[k] for k in list(table.rows)[:10]]
        near = lines - 2 * table.size.height - 1
        table.scroll_to(y=near - 10, animate=False, immediate=True)
        assert table.row_count == FIRST_ROWS  # not near yet: nothing read
        table.scroll_to(y=near + 1, animate=False, immediate=True)
        assert table.row_count == len(live) and not board.waiting  # at once
        assert read == [FIRST_ROWS, None]  # the whole step, once
        await settle(pilot)
        assert row_keys(table) == [c.id for c in live]
        assert all(a is b for a, b in zip(first, list(table.rows.values())[:10], strict=True))
        assert table.spec[0][2] == 4  # the number column as wide as 1,4xx needs, throughout
        assert str(table.get_row_at(len(live) - 1)[0]) == str(len(live))
        assert table.virtual_size.height == table._total_row_height + table.header_height


async def test_the_wheel_and_page_keys_go_on_past_the_first_screens(
    tmp_path: Path, monkeypatch
) -> None:
    """Scrolled with the wheel, or paged down, from the top of a board with rows to come
    (here its first 20 rows, so that a few notches reach the rest): the view goes on
    through the cards, never jumping back or showing a blank line where the rest come
    in, the cursor where it was; page keys go on to the last card."""
    from workshop.widgets import card_board

    monkeypatch.setattr(card_board, "FIRST_ROWS", 20)
    app, store, session = stored_board(tmp_path, 150)
    live = store.cards(session.id, Step.STRENGTHS)
    async with app.run_test(size=(120, 40)) as pilot:
        board, table = await strengths_shown(pilot, app, session.id)
        assert board.waiting
        assert table.row_count == 20
        tops = [table.scroll_y]
        after = 0
        for _ in range(100):  # the wheel, a notch at a time, to ten notches past the rest
            notch = events.MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False)
            table.post_message(notch)
            await pilot.pause()
            tops.append(table.scroll_y)
            lines = [line.text for line in table.render_lines(table.region.reset_offset)]
            assert all(line.strip() for line in lines), lines  # no blank line in the view
            after += not board.waiting
            if after >= 10:
                break
        assert not board.waiting and table.row_count == len(live)
        assert tops == sorted(tops) and len(set(tops[-11:])) == 11, tops  # on, never back
        assert table.cursor_row == 0
        await settle(pilot)
        shown = screen_text(app).replace(" ", "")
        row = table.view_top()
        assert row is not None and live[table.get_row_index(row[0])].text[:8] in shown
        # paged down from the top of the board read again
        store.update(live[0], votes=live[0].votes + 1)
        await pilot.press("ctrl+home")
        board.reload()
        await settle(pilot)
        assert board.waiting
        table.focus()
        for _ in range(200):
            await pilot.press("pagedown")
            if board.selected() == live[-1]:
                break
        assert board.selected() == live[-1] and not board.waiting


async def test_a_board_taller_than_its_first_screens_shows_every_line(
    tmp_path: Path, monkeypatch
) -> None:
    """A terminal taller than the board's first screens (here 20 rows, 50-odd lines, on a
    screen of 100): the rest are added at once, so the wall shows cards down to its
    bottom, not blank lines under the first rows."""
    from workshop.widgets import card_board

    monkeypatch.setattr(card_board, "FIRST_ROWS", 20)
    app, _store, session = stored_board(tmp_path, 300)
    async with app.run_test(size=(120, 100)) as pilot:
        board, table = await strengths_shown(pilot, app, session.id)
        await settle(pilot)
        assert not board.waiting and table.row_count == len(board.cards) > 20
        assert table.size.height > sum(r.height for r in table.ordered_rows[:20])
        lines = [line.text for line in table.render_lines(table.region.reset_offset)]
        assert all(line.strip() for line in lines), lines


def test_the_first_cards_of_a_board_come_in_the_order_of_all_of_them(tmp_path: Path) -> None:
    """Ties of position and time are broken by the order the cards were written in, in
    every query: the first screens read alone are the first cards of the whole board."""
    _app, store, session = stored_board(tmp_path, 400)
    with store.write():
        for card in store.cards(session.id, Step.STRENGTHS)[:50]:
            store.update(card, position=1)  # many cards of one position
    prompts = list(PROFILE_HEADINGS[:3])
    every = [c for c in store.cards(session.id, Step.STRENGTHS) if c.prompt in prompts]
    first = store.cards(session.id, Step.STRENGTHS, prompts=prompts, limit=40)
    assert [c.id for c in first] == [c.id for c in every[:40]]
    assert store.card_count(session.id, Step.STRENGTHS, prompts) == len(every)
    assert store.card_count(session.id, Step.STRENGTHS, []) == 0
    store.close()

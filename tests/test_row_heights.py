"""Rows added with a guessed height (a large card board): only the texts drawn are broken
into lines, and what the screen shows is exactly what a table of exact heights shows, at
the top, after the cursor jumps to the last row, and scrolled in between."""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tests.ui_helpers import frame, settle
from workshop.domain import text_wrap
from workshop.domain.enums import Step
from workshop.domain.text_wrap import clipped_line_count, clipped_lines, estimated_line_count
from workshop.widgets import table_cells
from workshop.widgets.flex_table import FlexTable, Lines
from workshop.widgets.row_heights import LazyCells
from workshop.widgets.table_cells import guessed_height, height, row_lines

SPEC = [("no", "No.", 5), ("text", "内容", None), ("who", "発言者", 18)]
WIDTH = 69
"""The text column's width at 100 columns (checked in the Pilot tests)."""
WORDS = [
    "買い物に",
    "行けない",
    "高齢者が",
    "増えている。",
    "デマンド交通の",
    "予約は",
    "電話だけで",
    "不便だ。",
    "避難行動要支援者名簿を",
    "地区ごとに",
    "持っている。",
    "コミュニティソーシャルワーカーが",
    "見守り訪問で",
    "把握した",
    "独居の方の",
    "状況を",
    "共有したい。",
]


def texts(n: int, width: int = WIDTH) -> list[str]:
    """`n` card texts of one to four lines at `width`, among them texts whose number of
    lines is only known by breaking them, some of which a guess gets wrong."""
    rng = random.Random(18)
    return ["".join(rng.choices(WORDS, k=rng.randrange(2, 14))) for _ in range(n)]


def wrong_guesses(values: list[str], width: int = WIDTH) -> list[str]:
    return [
        v
        for v in values
        if clipped_line_count(v, width, 3) is None
        and estimated_line_count(v, width, 3) != len(clipped_lines(v, width, 3))
    ]


def test_a_row_of_values_makes_its_cells_when_first_read() -> None:
    values = texts(400)
    wrong = wrong_guesses(values)
    assert wrong, "the fixture has texts whose guess is off"
    widths, flexible = (5, WIDTH, 18), (False, True, False)
    keys = ("no", "text", "who")
    for n, value in enumerate(values):
        row = [str(n + 1), value, "山田 恵子（高齢福祉課）"]
        cells = LazyCells(keys, partial(row_lines, row, widths, flexible))
        assert not cells.made
        exact = height(row_lines(row, widths, flexible))
        guess = guessed_height(row, widths, flexible)
        # the speaker takes two lines at 18 cells; the text one to three
        assert guess == max(2, estimated_line_count(value, WIDTH, 3))
        if value not in wrong:
            assert guess == exact
        else:
            assert abs(guess - exact) == 1
        # read, the cells are those of the row, and the guess gives way to them
        assert [str(c) for c in cells.values()] == [
            str(c) for c in row_lines(row, widths, flexible)
        ]
        assert cells.made and height(cells.values()) == exact


class Board(App):
    CSS = "FlexTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield FlexTable(SPEC, id="t")


def table_lines(app: App) -> list[str]:
    """The table's lines as drawn (text only), without the scroll bar (the last two
    cells): its thumb shows where the view is in all the rows, whose heights below and
    above the screen are guessed."""
    return ["".join(seg.text for seg in line)[:-2] for line in frame(app)]


async def shown(guess: bool, values: list[str], keys: list[str]) -> tuple[list[list[str]], int]:
    """The table's screen after each of `keys` (and first), and how many of the texts
    were broken into lines meanwhile."""
    broken: set[str] = set()
    real = table_cells.clipped_lines

    def counting(text: str, width: int, most: int) -> tuple[str, ...]:
        broken.add(text)
        return real(text, width, most)

    text_wrap._clipped.cache_clear()
    app = Board()
    screens = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(table_cells, "clipped_lines", counting)
        async with app.run_test(size=(100, 30)) as pilot:
            table = app.query_one(FlexTable)
            widths = table.layout()
            assert widths[1] == WIDTH
            rows = [
                ([str(n + 1), v, "山田 恵子（高齢福祉課）"], f"k{n}") for n, v in enumerate(values)
            ]
            if guess:
                table.add_rows_of_values(rows, widths)
            else:
                table.add_rows_of_cells((table.row(cells, widths), key) for cells, key in rows)
            table.focus()
            await settle(pilot)
            screens.append(table_lines(app))
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
                screens.append(table_lines(app))
    return screens, len(broken & set(values))


@pytest.mark.parametrize(
    "keys",
    [
        ["ctrl+end"],
        ["pagedown", "pagedown", "down", "down", "pageup"],
        ["ctrl+end", "pageup", "pageup", "up", "up", "up"],
    ],
)
async def test_the_screen_is_the_one_a_table_of_exact_heights_shows(keys: list[str]) -> None:
    values = texts(600)
    assert len(wrong_guesses(values)) > 10
    exact, broken_exact = await shown(False, values, keys)
    guessed, broken_guessed = await shown(True, values, keys)
    assert guessed == exact
    # every text the exact table could not count was broken at once; the guessing one
    # broke only those it drew (and a screen around the cursor)
    unknown = sum(1 for v in values if clipped_line_count(v, WIDTH, 3) is None)
    assert unknown > 250
    assert broken_exact >= unknown
    assert broken_guessed < unknown / 3


async def test_a_large_board_breaks_only_the_cards_it_draws(tmp_path: Path, monkeypatch) -> None:
    """Only the rows drawn (and a screen around the cursor) get cells: the texts of the
    others are neither measured nor broken into lines."""
    from tests.test_ui_strengths_board import stored_board, strengths_board

    app, store, session = stored_board(tmp_path, 1_500)
    live = [c for c in store.cards(session.id, Step.STRENGTHS) if not c.deleted]
    broken: list[str] = []
    made: list[str] = []
    real = table_cells.clipped_lines

    def counting(text: str, width: int, most: int) -> tuple[str, ...]:
        broken.append(text)
        return real(text, width, most)

    class CountedLines(Lines):
        __slots__ = ()

        def __init__(self, text: str, width: int, most: int) -> None:
            made.append(text)
            super().__init__(text, width, most)

    monkeypatch.setattr(table_cells, "clipped_lines", counting)
    monkeypatch.setattr(table_cells, "Lines", CountedLines)
    text_wrap._clipped.cache_clear()
    async with app.run_test(size=(120, 40)) as pilot:
        board, table = await strengths_board(pilot, app, session.id)
        assert table.row_count == len(live)
        # the cards on the screen were broken into lines, not the whole board's
        unknown = sum(1 for c in live if clipped_line_count(c.text, table.widths()[2], 3) is None)
        assert unknown > 300
        assert len(broken) < 120
        texts_made = {c.text for c in live} & set(made)
        assert 0 < len(texts_made) < 120
        shown = [str(table.get_row_at(r)[2]) for r in range(5)]
        assert all(line for line in shown)
        # the last card, reached from the keyboard, is drawn whole
        before = len(broken)
        table.focus()
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert board.selected() == board.cards[-1]
        last = table.rows[table.coordinate_to_cell_key((table.row_count - 1, 0)).row_key]
        cells = table.get_row_at(table.row_count - 1)
        assert last.height == max(len(c.lines) for c in cells if isinstance(c, Lines))
        assert len(broken) - before < 120
        assert len({c.text for c in live} & set(made)) < 240


async def test_a_few_rows_added_at_once_are_each_shown_once() -> None:
    """Placing the cursor on the first row settles its guessed height while the rows are
    being added: the line-to-row map is not lengthened twice (the rows showed again
    below themselves, in the empty part of the table)."""
    values = texts(400)
    first = wrong_guesses(values)[0]
    four = [first, "買い物に行けない", values[1], "予約は電話だけ"]
    exact, _ = await shown(False, four, [])
    guessed, _ = await shown(True, four, [])
    assert guessed == exact
    drawn = "\n".join(guessed[0])
    for n in range(1, 5):
        assert drawn.count(f" {n} ") == 1


async def test_a_click_after_scrolling_leaves_the_rows_where_they_are() -> None:
    """A row clicked in a part of the board first drawn after the scroll bar was dragged:
    the rows a screen above it get their exact heights then, and a corrected one pushed
    every row on the screen a line down (the terminal showed the clicked row twice, over
    the next one). The view keeps its rows in place; only the cursor moves."""
    values = texts(600)
    wrong = [i for i, v in enumerate(values) if v in set(wrong_guesses(values))]
    above = next(i for i in wrong if i > 60)
    app = Board()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(FlexTable)
        widths = table.layout()
        rows = [([str(n + 1), v, "山田 恵子（高齢福祉課）"], f"k{n}") for n, v in enumerate(values)]
        table.add_rows_of_values(rows, widths)
        table.focus()
        await settle(pilot)
        # the view starts three rows below a row whose guess is off (as a drag would
        # leave it: the cursor stays at the top)
        top = sum(r.height for r in table.ordered_rows[: above + 3])
        table.scroll_to(y=top, animate=False, immediate=True)
        await settle(pilot)
        before = table_lines(app)
        assert table.cursor_row == 0
        first_shown = before[table.header_height].split()[0]
        await pilot.click(FlexTable, offset=(20, table.header_height + 6))
        await settle(pilot)
        after = table_lines(app)
        assert table.cursor_row > above
        assert after == before
        assert after[table.header_height].split()[0] == first_shown


@pytest.mark.parametrize("action", ["vote", "delete"])
async def test_the_wall_stays_put_when_a_card_changes(tmp_path: Path, action: str) -> None:
    """A vote, an edit or a deletion reads the board again: the rows on the screen stay
    where they were (the view jumped so that the cursor's card sat at its bottom, and the
    cards below it went off the wall)."""
    from tests.test_ui_strengths_board import stored_board, strengths_board

    app, _store, session = stored_board(tmp_path, 400)
    async with app.run_test(size=(120, 40)) as pilot:
        board, table = await strengths_board(pilot, app, session.id)
        table.focus()
        await pilot.press("pagedown", "pagedown", "pagedown", "down", "down", "down", "down")
        await settle(pilot)
        top = table.view_top()
        card = board.selected()
        assert card is not None and top is not None and top[0].value != card.id
        if action == "vote":
            board.ctx.save(board.ctx.store.update, card, votes=card.votes + 1)
            board.reload(select=card.id)
        else:
            await pilot.press("f9")
        await settle(pilot)
        assert table.view_top() == top
        if action == "vote":
            assert board.selected_id() == card.id


@pytest.mark.parametrize("where", ["top", "last"])
async def test_a_card_deleted_leaves_its_place_to_the_next(tmp_path: Path, where: str) -> None:
    """The card at the top of the wall, with the cursor on it, deleted: the next card
    takes its place at the top, the cursor on it (the view jumped up by half a screen
    and the cursor's row sat at its bottom). The last card deleted: the cursor goes to
    the card before it."""
    from tests.test_ui_strengths_board import stored_board, strengths_shown

    app, _store, session = stored_board(tmp_path, 600)
    async with app.run_test(size=(100, 30)) as pilot:
        board, table = await strengths_shown(pilot, app, session.id)
        table.focus()
        await pilot.press(*["pagedown"] * 15 if where == "top" else ["ctrl+end"])
        await settle(pilot)
        at = table.cursor_row
        top = table.view_top()
        assert top is not None
        if where == "top":
            assert table.get_row_index(top[0]) == at > 100 and top[1] == 0
        following = board.cards[at + 1] if where == "top" else board.cards[at - 1]
        await pilot.press("f9")
        await settle(pilot)
        assert board.selected() == following
        if where == "top":
            assert table.view_top() == (table.coordinate_to_cell_key((at, 0)).row_key, 0)
            assert table.cursor_row == at

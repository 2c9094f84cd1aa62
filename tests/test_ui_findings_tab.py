"""The ② findings tab as the facilitator opens it: the rows are the overlaps and the
strongest complement pairs worked out from the stored cards, a pair the team accepted is
listed and marked whatever its rank, the pairs left out are counted, the table has the
cursor at once, and a card added on the board or a finding accepted is in the findings
the next time they are shown (what was read is read again after a change)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from textual.widgets._tabs import Tab, Underline

from tests.test_ui_strengths_board import stored_board
from tests.ui_helpers import (
    empty_app,
    new_session,
    open_session,
    screen_text,
    settle,
    show_tab,
)
from workshop.domain.enums import Step
from workshop.domain.records import Card, Decision
from workshop.domain.rules import find_overlaps, rank_complements
from workshop.reference import load
from workshop.screens.panes.strengths import SHOWN_PAIRS, Findings
from workshop.widgets.card_board import CardBoard
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.step_tabs import StepTabs

THEMES = load().themes.themes


def expected_rows(cards: list[Card], accepted: set[str]) -> tuple[list[str], int]:
    """Row keys the findings table must list, and how many pairs are left out."""
    ranking = rank_complements(cards, THEMES, SHOWN_PAIRS, keep=accepted)
    keys = [o.key for o in find_overlaps(cards, THEMES)] + [p.key for p in ranking.pairs]
    return keys, ranking.total - len(ranking.pairs)


def shown_rows(table: FlexTable) -> list[tuple[str, str]]:
    """(row key, state column) of every row of the findings table."""
    out = []
    for row in range(table.row_count):
        key = table.coordinate_to_cell_key((row, 0)).row_key.value or ""
        state = table.get_row_at(row)[2]
        out.append((key, str(getattr(state, "plain", state))))
    return out


async def show_findings(pilot) -> FlexTable:
    await show_tab(pilot, "strengths-tabs", "tab-findings")
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    return pilot.app.screen.pane(Step.STRENGTHS).query_one(Findings).query_one(FlexTable)


async def test_findings_list_a_kept_weak_pair_marked_and_count_the_rest(tmp_path: Path) -> None:
    app, store, session = stored_board(tmp_path, 300)
    cards = store.cards(session.id, Step.STRENGTHS)
    every = rank_complements(cards, THEMES)
    assert every.total > SHOWN_PAIRS + 10
    weak = every.pairs[-1]  # far below the pairs shown: listed only because it was accepted
    store.add(Decision(session_id=session.id, text="採用", origin=weak.key, position=1))
    keys, left_out = expected_rows(cards, {weak.key})
    assert weak.key in keys and left_out > 0
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        app.screen.go_to(Step.STRENGTHS)
        await settle(pilot, 6)
        table = await show_findings(pilot)
        rows = shown_rows(table)
        assert [k for k, _ in rows] == keys
        assert [k for k, state in rows if state == "採用済み"] == [weak.key]
        assert f"ほかに補完の候補が {left_out} 件あります" in screen_text(app)
        assert app.focused is table  # the arrow keys and ctrl+l work at once


async def test_a_card_added_on_the_board_and_an_accepted_pair_show_in_the_findings(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    store.add(
        Card(
            session_id=session.id,
            step=Step.STRENGTHS,
            prompt="strengths.needs",
            text="買い物に行けない高齢者が増えている",
            department="高齢福祉課",
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        app.screen.go_to(Step.STRENGTHS)
        await settle(pilot, 6)
        table = await show_findings(pilot)
        assert table.row_count == 0  # one need, nothing offered yet
        assert "まだ見つかっていません" in screen_text(app)
        # a strength typed on the board's capture line (another tab)
        await show_tab(pilot, "strengths-tabs", "tab-cards")
        board = app.screen.pane(Step.STRENGTHS).query_one(CardBoard)
        board.query_one("#capture-dept", Input).value = "商工観光課"
        capture = board.query_one("#capture-text", Input)
        capture.focus()
        capture.insert_text_at_cursor("移動販売車で買い物を支えられる")
        await pilot.press("enter")
        await settle(pilot)
        cards = store.cards(session.id, Step.STRENGTHS)
        offer = next(c for c in cards if c.text == "移動販売車で買い物を支えられる")
        keys, _ = expected_rows(cards, set())
        assert any(offer.id in k for k in keys)
        table = await show_findings(pilot)
        assert [k for k, _ in shown_rows(table)] == keys
        # accepted from the table: stored as a decision and marked at once
        pair = next(k for k in keys if offer.id in k)
        table.move_cursor(row=keys.index(pair))
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert [d.origin for d in store.decisions(session.id)] == [pair]
        assert dict(shown_rows(table))[pair] == "採用済み"


async def test_the_mark_under_a_tab_is_under_it_as_it_is_shown(tmp_path: Path) -> None:
    """The underline moves to the tab shown in one step, not in a 0.3 s slide after the
    tab's contents are already there (every place it passes through is recorded)."""
    app, _store, session = stored_board(tmp_path, 20)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        app.screen.go_to(Step.STRENGTHS)
        await settle(pilot, 6)
        pane = app.screen.pane(Step.STRENGTHS)
        underline = pane.query_one(Underline)
        ends: list[int] = []
        pane.watch(underline, "highlight_end", lambda end: ends.append(end), init=False)
        pane.query_one(StepTabs).active = "tab-findings"  # what F10 does
        await settle(pilot, 4)
        await pilot.wait_for_scheduled_animations()
        tab = next(t for t in pane.query(Tab) if t.has_class("-active"))
        assert tab.id and tab.id.endswith("tab-findings")
        start, end = tab.virtual_region.shrink(tab.styles.gutter).column_span
        assert (underline.highlight_start, underline.highlight_end) == (start, end)
        assert ends == [end]

"""Keys typed the instant a dialog (or the first screen) opens arrive where the cursor
will be: nothing typed in a burst right behind the key that opens a dialog is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from tests.ui_helpers import (
    burst,
    empty_app,
    final_session,
    new_session,
    open_session,
    question_read,
    settle,
    show_tab,
    vision_board,
)
from workshop.domain.enums import SessionStatus, Step
from workshop.domain.records import Attendee, Session
from workshop.screens.session import SessionScreen
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.forms import FormDialog


async def test_text_typed_with_the_key_that_opens_the_card_dialog_arrives(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        await pilot.press(*"防災訓練", "enter")
        await settle(pilot)
        burst(app, ["ctrl+o", "end", *"と見守り"])
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#f-text", TextArea).text == "防災訓練と見守り"


async def test_a_save_key_in_the_same_burst_saves_what_was_typed_before_it(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        await pilot.press(*"防災訓練", "enter")
        await settle(pilot)
        burst(app, ["ctrl+o", "end", *"の日程", "ctrl+s"])
        await settle(pilot, 8)
        assert not isinstance(app.screen, FormDialog)
        assert [c.text for c in store.cards(session.id, Step.VISION)] == ["防災訓練の日程"]


async def test_a_filter_typed_with_the_key_that_opens_a_pick_list_arrives(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    for name, dept in [("佐藤 美咲", "福祉介護課"), ("鈴木 一郎", "商工観光課")]:
        store.add(Attendee(session_id=session.id, name=name, department=dept))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        burst(app, ["ctrl+r", *"商工", "enter", *"観光の案", "enter"])
        await settle(pilot, 10)
        assert not isinstance(app.screen, PickDialog)
        cards = store.cards(session.id, Step.VISION)
        assert [c.text for c in cards] == ["観光の案"]
        assert cards[0].department == "商工観光課"
        assert board.query_one("#capture-text", Input).value == ""


async def _attendee_line(pilot):
    await show_tab(pilot, "prep-tabs", "tab-attendees")
    name = pilot.app.screen.query_one("#qa-name", Input)
    name.focus()
    await settle(pilot)
    return name, pilot.app.screen.query_one("#qa-dept", Input)


async def test_attendees_typed_in_one_burst_stay_apart(tmp_path: Path) -> None:
    """Name, Tab, 所属, Enter, the next name… typed faster than the screen: each person
    keeps their own name and 所属."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        first = [*"佐藤美咲", "tab", *"福祉介護課", "enter"]
        burst(app, [*first, *"鈴木一郎", "tab", *"商工観光課", "enter"])
        await settle(pilot, 10)
        assert [(a.name, a.department) for a in store.attendees(session.id)] == [
            ("佐藤美咲", "福祉介護課"),
            ("鈴木一郎", "商工観光課"),
        ]
        assert (name.value, dept.value) == ("", "")


async def test_an_attendee_is_added_with_the_values_of_its_enter(tmp_path: Path) -> None:
    """What is typed after Enter, before the screen handled it, is not part of the
    person added: it stays, as the start of the next name."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        name.insert_text_at_cursor("佐藤美咲")
        dept.focus()
        dept.insert_text_at_cursor("福祉介護課")
        await settle(pilot)
        dept.post_message(Input.Submitted(dept, dept.value))
        dept.insert_text_at_cursor("鈴木")  # typed after Enter, handled before it
        await settle(pilot, 6)
        assert [(a.name, a.department) for a in store.attendees(session.id)] == [
            ("佐藤美咲", "福祉介護課")
        ]
        assert (name.value, dept.value) == ("鈴木", "")


async def test_keys_typed_as_the_app_starts_reach_the_session(tmp_path: Path) -> None:
    """Enter (open the session shown first) and a card, typed before the home screen
    is even drawn: the session opens and the card is kept, first letter included."""
    from workshop.domain.records import Session

    app, store = empty_app(tmp_path)
    session = new_session(store)
    store.update(store.require(Session, session.id), current_step=Step.VISION)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, ["enter", *"早打ち", "enter", *"次"])
        await settle(pilot, 10)
        await pilot.pause(0.3)
        await settle(pilot, 4)
        assert isinstance(app.screen, SessionScreen)
        assert [c.text for c in store.cards(session.id, Step.VISION)] == ["早打ち"]
        board = next(b for b in app.screen.query(CardBoard) if "vision.town" in b.prompts)
        assert board.query_one("#capture-text", Input).value == "次"


async def test_typing_into_a_focused_field_never_replaces_its_stored_text(tmp_path: Path) -> None:
    """A session opens at 準備 with the cursor in 件名: letters typed at once are added to
    the title, they do not replace it (the field used to select its whole text on focus)."""
    from workshop.domain.records import Session

    app, store = empty_app(tmp_path)
    session = new_session(store, title="第1回 分野連携会議")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        focused = app.focused
        assert isinstance(focused, Input)
        assert focused.value == "第1回 分野連携会議"
        await pilot.press(*"追記")
        await settle(pilot, 6)
        assert "第1回 分野連携会議" in focused.value
        assert "追記" in focused.value
        await pilot.press("tab")
        await settle(pilot, 6)
        stored = store.require(Session, session.id).title
        assert "第1回 分野連携会議" in stored and "追記" in stored


@pytest.mark.parametrize("wait", ["held", "past the wait"])
async def test_cards_typed_right_behind_step_keys_land_in_the_step_they_were_typed_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wait: str
) -> None:
    """F3 F3 and a card, typed faster than the new step is built: the card is stored in
    the step on screen when it was typed (②), not in the one left (where the cursor still
    was) and not dropped. Also when the keys get past the App's wait (a pane slower to
    build than the wait's limit): the screen keeps them for the new pane's line."""
    if wait != "held":
        monkeypatch.setattr(
            SessionScreen, "holding_keys", property(lambda screen: not screen._focused_once)
        )
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        burst(app, ["f2", "f3", "f3", *"強みの札", "enter", *"二枚目", "enter"])
        await settle(pilot, 10)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.current is Step.STRENGTHS
        assert store.cards(session.id, Step.VISION) == []
        assert [c.text for c in store.cards(session.id, Step.STRENGTHS)] == ["強みの札", "二枚目"]


# --- a question the facilitator did not ask for takes no key typed ahead of it ---------------


async def test_cards_typed_on_in_a_final_session_do_not_fill_the_reopen_question(
    tmp_path: Path,
) -> None:
    """Reproduction of the bug: the first Enter opens the question to reopen the final
    record as 案; the second card's letters went into its 「案に戻す人」 field, and its
    Enter reopened the record "by" 山田 恵子見守りの名簿を共有, with no second card."""
    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        burst(app, [*"長い意見", "enter", *"見守りの名簿を共有", "enter"])
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#f-by", Input).value == "山田 恵子"
        assert store.get(Session, session.id).status is SessionStatus.FINAL
        assert store.cards(session.id, Step.VISION) == []
        await question_read(pilot)
        await pilot.press("ctrl+s")  # reopen, by the name it proposes
        await settle(pilot, 8)
        reopened = store.get(Session, session.id)
        assert reopened.status is SessionStatus.DRAFT
        assert [(e.event, e.by) for e in reopened.approval_log] == [
            ("final", "山田 恵子"),
            ("reopened", "山田 恵子"),
        ]
        # the refused card is stored once reopened, then the card typed behind it
        texts = [c.text for c in store.cards(session.id, Step.VISION)]
        assert texts == ["長い意見", "見守りの名簿を共有"]
        assert board.query_one("#capture-text", Input).value == ""
        assert not isinstance(app.screen, FormDialog)


async def test_declining_to_reopen_keeps_every_typed_letter_in_the_line(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        burst(app, [*"長い意見", "enter", *"と名簿", "enter"])
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        await question_read(pilot)
        await pilot.press("escape")
        await settle(pilot, 8)
        # declined once: the Enter typed ahead does not ask again
        assert not isinstance(app.screen, FormDialog)
        line = board.query_one("#capture-text", Input)
        assert line.value == "長い意見 と名簿"  # the two cards set apart, not run together
        assert store.cards(session.id, Step.VISION) == []
        unchanged = store.get(Session, session.id)
        assert unchanged.status is SessionStatus.FINAL
        assert [e.event for e in unchanged.approval_log] == ["final"]
        # an Enter typed after that asks again
        await pilot.press("enter")
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)


async def test_a_key_after_a_pause_answers_the_question(tmp_path: Path) -> None:
    """Only keys typed on without a pause are kept aside: after one, the question takes
    them (here the reopener's name, typed over the proposed one)."""
    from workshop.domain.records import Session

    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        burst(app, [*"意見", "enter"])
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        await question_read(pilot)
        burst(app, ["ctrl+u", *"近藤 拓也", "ctrl+s"])
        await settle(pilot, 8)
        log = store.get(Session, session.id).approval_log
        assert [(e.event, e.by) for e in log][-1] == ("reopened", "近藤 拓也")
        assert [c.text for c in store.cards(session.id, Step.VISION)] == ["意見"]


async def test_a_paste_answered_in_a_final_session_asks_to_reopen_and_loses_no_line(
    tmp_path: Path,
) -> None:
    """Two questions in a row: how to split a long paste, then (the record being final)
    whether to reopen it. The card typed right behind the first answer is kept aside
    until the second is answered, then stored after the pasted lines."""
    lines = [f"意見{n}" for n in range(1, 11)]
    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        board.query_one("#capture-text", Input).post_message(events.Paste("\n".join(lines)))
        await settle(pilot, 4)
        assert isinstance(app.screen, PickDialog)
        await question_read(pilot)
        burst(app, ["enter", *"追記", "enter"])  # one card per line; then a card
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#f-by", Input).value == "山田 恵子"
        await question_read(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 8)
        assert store.get(Session, session.id).status is SessionStatus.DRAFT
        assert [c.text for c in store.cards(session.id, Step.VISION)] == [*lines, "追記"]
        assert board.query_one("#capture-text", Input).value == ""


async def test_escape_declines_the_question_at_once_and_changes_nothing(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        burst(app, [*"意見", "enter"])
        await settle(pilot, 8)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")  # without a pause
        await settle(pilot, 8)
        assert not isinstance(app.screen, FormDialog)
        assert board.query_one("#capture-text", Input).value == "意見"
        assert store.get(Session, session.id).status is SessionStatus.FINAL
        assert store.cards(session.id, Step.VISION) == []

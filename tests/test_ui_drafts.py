"""A card line typed and not entered is kept: quitting, leaving the step or a crash
does not lose it, and entering the card clears it in the same write (issue 14's trust
bar: nothing typed is lost)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui_helpers import (
    burst,
    empty_app,
    final_session,
    new_session,
    notices,
    open_session,
    question_read,
    settle,
    show_tab,
    vision_board,
    wait_until,
)
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.enums import Step
from workshop.i18n import t
from workshop.store import Store
from workshop.widgets.forms import FormDialog

PLACE = "vision:vision.town"
"""The draft place of ①'s first board (まちの姿)."""


def _line(board) -> Input:
    return board.query_one("#capture-text", Input)


async def test_a_line_not_entered_is_back_after_quitting(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        await pilot.press(*"避難所で")
        _line(board).insert_text_at_cursor("福祉の相談を")
        await app.action_quit()  # at once: no pause for the line to rest
        await settle(pilot)
    assert store.draft(session.id, PLACE) == "避難所で福祉の相談を"
    assert store.cards(session.id, Step.VISION) == []

    again = WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        line = _line(board)
        assert line.value == "避難所で福祉の相談を"
        assert line.cursor_position == len(line.value)
        assert t("board.draft_restored") in notices(again)
        # typing on continues the same card, and Enter makes it one card
        await pilot.press(*"できる", "enter")
        await settle(pilot)
        assert [c.text for c in again.store.cards(session.id, Step.VISION)] == [
            "避難所で福祉の相談をできる"
        ]
        assert again.store.draft(session.id, PLACE) == ""
    store.close()


async def test_a_resting_line_is_kept_before_any_quit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash (the process killed) keeps what rested in the line for a moment; keys
    typed without a rest are not written one by one."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    writes: list[str] = []
    keep = store.keep_draft

    def counted(session_id: str, place: str, text: str, context=None) -> None:
        writes.append(text)
        keep(session_id, place, text, context)

    monkeypatch.setattr(store, "keep_draft", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        burst(app, [*"停電でも消えない"])
        await wait_until(pilot, lambda: store.draft(session.id, PLACE) == "停電でも消えない")
        assert writes == ["停電でも消えない"]
        # emptied by hand: nothing is kept any more
        await pilot.press("ctrl+a", "backspace")
        await wait_until(pilot, lambda: store.draft(session.id, PLACE) == "")
        assert writes == ["停電でも消えない", ""]
    store.close()


async def test_a_line_typed_on_without_a_rest_is_still_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fluent typist never rests the line: what is typed still reaches the database
    every few seconds (`DRAFT_MAX_WAIT_S`), so a crash while typing on loses the last
    seconds, not the whole card. (The pause is made long here so that no gap between
    the keys of a loaded machine counts as a rest.)"""
    from workshop.widgets import line_draft

    monkeypatch.setattr(line_draft, "DRAFT_PAUSE_S", 30.0)
    monkeypatch.setattr(line_draft, "DRAFT_MAX_WAIT_S", 0.5)  # outlasted twice in a second
    app, store = empty_app(tmp_path)
    session = new_session(store)
    text = "通院に使える乗合タクシーを町内の全域に広げたい"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        began = time.monotonic()
        seen: list[str] = []
        for key in text:
            await pilot.press(key)
            await asyncio.sleep(0.04)
            seen.append(store.draft(session.id, PLACE))
        typed_for = time.monotonic() - began
        assert typed_for > 2 * line_draft.DRAFT_MAX_WAIT_S  # lasted longer than the wait
        assert seen[-1], "nothing typed was kept while the keys kept coming"
        assert all(text.startswith(kept) for kept in seen)
        assert store.cards(session.id, Step.VISION) == []
    store.close()


async def test_entering_a_card_clears_the_kept_line_in_the_same_write(tmp_path: Path) -> None:
    """A crash right after Enter never brings the text of a stored card back into the
    line (it would be entered twice); keys typed behind the Enter are what is kept."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        _line(board).insert_text_at_cursor("名簿の共有")
        await wait_until(pilot, lambda: store.draft(session.id, PLACE) == "名簿の共有")
        burst(app, ["enter", *"つぎ"])
        await settle(pilot)
        assert [c.text for c in store.cards(session.id, Step.VISION)] == ["名簿の共有"]
        assert store.draft(session.id, PLACE) in ("", "つぎ")  # never the stored card
        await app.action_quit()
        await settle(pilot)
    assert store.draft(session.id, PLACE) == "つぎ"
    store.close()


async def test_leaving_the_step_keeps_the_line_and_each_board_has_its_own(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        _line(board).insert_text_at_cursor("まちの姿の途中")
        screen = app.screen
        screen.go_to(Step.STRENGTHS)
        await settle(pilot, 4)
        assert store.draft(session.id, PLACE) == "まちの姿の途中"
        assert store.draft(session.id, "vision:vision.merits") == ""  # its own line
        screen.go_to(Step.VISION)
        await settle(pilot, 4)
        assert _line(board).value == "まちの姿の途中"
    store.close()


async def test_a_final_record_keeps_the_line_and_the_card_it_refused(tmp_path: Path) -> None:
    """The line is not part of the record: a final session keeps it, and a card refused
    because the record stayed final is kept in the line across a restart."""
    app, store = empty_app(tmp_path)
    session = final_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        await pilot.press(*"確定後の意見", "enter")
        await settle(pilot, 6)
        assert isinstance(app.screen, FormDialog)
        await question_read(pilot)
        await pilot.press("escape")
        await settle(pilot, 6)
        await app.action_quit()
        await settle(pilot)
    assert store.draft(session.id, PLACE) == "確定後の意見"
    assert store.cards(session.id, Step.VISION) == []
    store.close()


async def test_keeping_the_line_does_not_make_the_board_read_again(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        ctx = board.ctx
        before = ctx.generation()
        assert ctx.keep_draft(PLACE, "下書き")
        assert ctx.generation() == before
        assert ctx.draft(PLACE) == ("下書き", {})
        # another window's change still does
        other = Store(store.path)
        other.keep_draft(session.id, "vision:vision.merits", "別の窓")
        other.close()
        await asyncio.sleep(0)
        assert ctx.generation() != before
    store.close()


NAME, DEPT = "prep:attendee.name", "prep:attendee.dept"
"""The draft places of the attendee quick-add line (氏名, 所属)."""


async def _attendee_line(pilot) -> tuple[Input, Input]:
    await show_tab(pilot, "prep-tabs", "tab-attendees")
    screen = pilot.app.screen
    return screen.query_one("#qa-name", Input), screen.query_one("#qa-dept", Input)


async def test_an_attendee_not_added_yet_is_back_after_quitting(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        name.focus()
        name.insert_text_at_cursor("佐藤 美咲")
        await pilot.press("enter")  # on to the 所属
        assert dept.has_focus
        dept.insert_text_at_cursor("福祉介")
        await app.action_quit()  # at once: no pause for the line to rest
        await settle(pilot)
    assert (store.draft(session.id, NAME), store.draft(session.id, DEPT)) == ("佐藤 美咲", "福祉介")
    assert store.attendees(session.id) == []

    again = WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        assert (name.value, dept.value) == ("佐藤 美咲", "福祉介")
        assert t("attendee.draft_restored") in notices(again)
        dept.focus()
        dept.cursor_position = len(dept.value)
        await pilot.press(*"護課", "enter")
        await settle(pilot)
        stored = again.store.attendees(session.id)
        assert [(a.name, a.department) for a in stored] == [("佐藤 美咲", "福祉介護課")]
        assert again.store.draft(session.id, NAME) == again.store.draft(session.id, DEPT) == ""
    store.close()


async def test_adding_an_attendee_clears_the_kept_line_in_the_same_write(tmp_path: Path) -> None:
    """A crash right after Enter never brings a person already added back into the line
    (they would be added twice): the name typed behind the Enter is what is kept."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        name.focus()
        burst(app, [*"鈴木一郎", "tab", *"商工観光課"])
        await wait_until(pilot, lambda: store.draft(session.id, DEPT) == "商工観光課")
        assert store.draft(session.id, NAME) == "鈴木一郎"
        burst(app, ["enter", *"高橋"])
        await settle(pilot, 4)
        assert [a.name for a in store.attendees(session.id)] == ["鈴木一郎"]
        assert store.draft(session.id, NAME) in ("", "高橋")  # never the person added
        assert store.draft(session.id, DEPT) == ""
        assert (name.value, dept.value) == ("高橋", "")
        # leaving the step keeps the next name at once
        app.screen.go_to(Step.VISION)
        await settle(pilot, 4)
        assert store.draft(session.id, NAME) == "高橋"
    store.close()


async def test_an_attendee_line_brought_back_keeps_its_side_and_roles(tmp_path: Path) -> None:
    """The one-line form was read (庁外, two roles) and not confirmed yet when the app
    was quit: the line comes back with what was read from it, and Enter adds the person
    as the line said. Before, the name and 所属 came back alone and Enter added a person
    guessed 庁内, with no role."""
    from workshop.domain.enums import Role, Side
    from workshop.widgets.key_chooser import KeyChooser

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, _ = await _attendee_line(pilot)
        name.focus()
        name.insert_text_at_cursor("佐藤 美咲／まちづくり推進室／庁外／事務局／旗振り役")
        await pilot.press("enter")  # read: the parts go to their fields, not added yet
        await settle(pilot)
        assert app.screen.query_one("#qa-side", KeyChooser).value is Side.EXTERNAL
        await app.action_quit()
        await settle(pilot)
    assert store.attendees(session.id) == []
    assert store.draft_line(session.id, NAME) == (
        "佐藤 美咲",
        {"side": "external", "roles": "secretariat,flag_bearer", "read": "1"},
    )

    again = WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        screen = again.screen
        assert (name.value, dept.value) == ("佐藤 美咲", "まちづくり推進室")
        assert screen.query_one("#qa-side", KeyChooser).value is Side.EXTERNAL
        assert screen.query_one("#qa-role", KeyChooser).value is Role.SECRETARIAT
        assert t("attendee.draft_restored_with", side="庁外", roles="事務局・旗振り役") in (
            notices(again)
        )
        name.focus()
        await pilot.press("enter")  # the line was read before: Enter adds the person
        await settle(pilot)
        (person,) = again.store.attendees(session.id)
        assert (person.name, person.department, person.side, person.roles) == (
            "佐藤 美咲",
            "まちづくり推進室",
            Side.EXTERNAL,
            [Role.SECRETARIAT, Role.FLAG_BEARER],
        )
        assert again.store.draft_line(session.id, NAME) == ("", {})
    store.close()


async def test_a_side_chosen_before_the_role_is_kept_and_a_hostile_one_ignored(
    tmp_path: Path,
) -> None:
    """The side chosen with its key, the role not yet: kept with the line. A kept side or
    role that is not one of ours (a file edited elsewhere) is ignored, not guessed."""
    from workshop.domain.enums import Role
    from workshop.widgets.key_chooser import KeyChooser

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, dept = await _attendee_line(pilot)
        name.value, dept.value = "鈴木 花子", "高齢福祉課"
        side = app.screen.query_one("#qa-side", KeyChooser)
        side.focus()
        await pilot.pause()
        await pilot.press("2")  # 庁外; the role chooser has the focus now
        await settle(pilot, 2)
        app.screen.query_one("#qa-role", KeyChooser).focus()
        await app.action_quit()
        await settle(pilot)
    assert store.draft_line(session.id, NAME) == ("鈴木 花子", {"side": "external"})

    store.keep_draft(session.id, NAME, "高橋 誠", {"side": "<b>x</b>", "roles": "boss,recorder"})
    again = WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        name, _ = await _attendee_line(pilot)
        screen = again.screen
        assert name.value == "高橋 誠"
        assert screen.query_one("#qa-side", KeyChooser).value is None
        assert screen.query_one("#qa-role", KeyChooser).value is Role.RECORDER
    store.close()

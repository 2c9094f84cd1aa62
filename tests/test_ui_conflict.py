"""Pilot tests: a dialog edit is never thrown away when saving fails (another program
holds the write lock, the session was deleted elsewhere), and an edit over a change made
in another window shows both versions and lets the facilitator choose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from tests.ui_helpers import (
    burst,
    empty_app,
    new_session,
    open_session,
    question_read,
    screen_text,
    settle,
    wait_until,
)
from workshop.domain.enums import Step
from workshop.domain.records import Card, Initiative, Session
from workshop.screens.session import SessionScreen
from workshop.store import Store
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import ConflictDialog
from workshop.widgets.forms import FormDialog

TYPED = "歩いて行ける店と、移動販売の停まる場所がある町"


async def _edit_dialog(pilot, card: Card) -> FormDialog:
    """Open the card's edit dialog (ctrl+o) and type a new text into it."""
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(Step.VISION)
    await settle(pilot, 4)
    board = next(b for b in screen.query(CardBoard) if card.prompt in b.prompts)
    board.reload(select=card.id)
    board.query_one(DataTable).focus()
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog)
    area = dialog.query_one("#f-text", TextArea)
    area.text = TYPED  # as a paste lands
    await settle(pilot)
    return dialog


def _setup(tmp_path: Path):
    app, store = empty_app(tmp_path)
    session = new_session(store)
    card = store.add(
        Card(session_id=session.id, step=Step.VISION, prompt="vision.town", text="店がある町")
    )
    return app, store, session, card


def _form_error(dialog: FormDialog) -> str:
    return str(dialog.query_one("#form-error", Static).render())


async def test_a_dialog_edit_while_another_program_writes_stays_open_with_the_text(
    tmp_path: Path,
) -> None:
    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        dialog = await _edit_dialog(pilot, card)
        other = sqlite3.connect(store.path, isolation_level=None, timeout=0.05)
        other.execute("BEGIN IMMEDIATE")  # another program writing, longer than we wait
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is dialog, "the dialog closed and the edit was lost"
            assert dialog.query_one("#f-text", TextArea).text == TYPED
            assert "書き込み中" in _form_error(dialog)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.require(Card, card.id).text == "店がある町"
        await pilot.press("ctrl+s")  # the other program is done: the same text saves
        await settle(pilot)
        assert app.screen is not dialog
        assert store.require(Card, card.id).text == TYPED


async def test_an_edit_over_a_change_from_another_window_shows_both_and_keeps_mine(
    tmp_path: Path,
) -> None:
    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await _edit_dialog(pilot, card)
        with Store(store.path) as elsewhere:  # instance B
            elsewhere.update(elsewhere.require(Card, card.id), votes=7, text="Bが直した町")
        await pilot.press("ctrl+s")
        await settle(pilot)
        conflict = app.screen
        assert isinstance(conflict, ConflictDialog)
        shown = screen_text(app)
        assert "自分の変更" in shown and "他の端末の変更" in shown
        assert "Bが直した町" in shown and "移動販売" in shown
        stored = store.require(Card, card.id)
        assert (stored.text, stored.votes) == ("Bが直した町", 7)  # nothing written yet
        await pilot.click("#mine")
        await settle(pilot)
        assert not isinstance(app.screen, (ConflictDialog, FormDialog))
        stored = store.require(Card, card.id)
        assert (stored.text, stored.votes) == (TYPED, 7)  # B's vote count kept


async def test_conflict_back_to_editing_then_keep_theirs(tmp_path: Path) -> None:
    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        dialog = await _edit_dialog(pilot, card)
        dialog.query_one("#f-department").value = "商工観光課"
        with Store(store.path) as elsewhere:
            elsewhere.update(elsewhere.require(Card, card.id), text="Bが直した町")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await question_read(pilot)
        await pilot.press("escape")  # back to editing: nothing lost, nothing written
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#f-text", TextArea).text == TYPED
        assert store.require(Card, card.id).text == "Bが直した町"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#theirs")
        await settle(pilot)
        assert not isinstance(app.screen, (ConflictDialog, FormDialog))
        stored = store.require(Card, card.id)
        assert (stored.text, stored.department) == ("Bが直した町", "商工観光課")


async def test_keys_typed_on_after_saving_do_not_answer_the_conflict(tmp_path: Path) -> None:
    """Enter typed right behind ctrl+s (meant for the board, the dialog being expected to
    close) neither answers the question nor hides it: the versions stay on screen until
    the facilitator, having read them, chooses."""

    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await _edit_dialog(pilot, card)
        with Store(store.path) as elsewhere:
            elsewhere.update(elsewhere.require(Card, card.id), text="Bが直した町")
        burst(app, ["ctrl+s", "enter"])  # one read from the terminal
        await settle(pilot, 6)
        assert isinstance(app.screen, ConflictDialog)
        await question_read(pilot)
        await pilot.click("#mine")
        await settle(pilot, 6)
        assert store.require(Card, card.id).text == TYPED


async def test_saving_into_a_session_deleted_elsewhere_says_so_and_keeps_the_text(
    tmp_path: Path,
) -> None:
    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        dialog = await _edit_dialog(pilot, card)
        with Store(store.path) as elsewhere:
            elsewhere.delete(elsewhere.require(Session, session.id))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#f-text", TextArea).text == TYPED
        message = _form_error(dialog)
        assert "この会議は別の画面で削除されました" in message
        assert "バンドル" not in message and "FOREIGN KEY" not in message


async def test_an_inline_field_changed_elsewhere_is_reported_once_then_saves(
    tmp_path: Path,
) -> None:
    """Fields saved as they are typed have no dialog: the conflict is said once, and what
    is typed next applies to the newer version instead of failing on every key."""
    from textual.widgets import Input

    from tests.ui_helpers import notices
    from workshop.widgets.inline_form import InlineForm

    app, store, session, _ = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        with Store(store.path) as elsewhere:
            elsewhere.update(
                elsewhere.require(Session, session.id), title="Bが付けた題", place="本庁"
            )
        form = app.screen.query_one("#session-form", InlineForm)
        title = form.control("title")
        assert isinstance(title, Input)
        title.focus()
        title.value = "第1回 見守り会議"
        form.flush("title")
        await settle(pilot)
        assert "別の画面で変更されました" in notices(app)
        assert store.require(Session, session.id).title == "Bが付けた題"
        # the field says what the other window wrote, and what typing on will do
        said = str(form.query_one("#i-error-title").render())
        assert "「Bが付けた題」" in said and "上書き" in said, said
        title.value = "第1回 見守りと防災の会議"
        form.flush("title")
        await settle(pilot)
        stored = store.require(Session, session.id)
        assert (stored.title, stored.place) == ("第1回 見守りと防災の会議", "本庁")
        # the initiative's fields on the same page behave the same way
        with Store(store.path) as elsewhere:
            ini = elsewhere.require(Initiative, session.initiative_id)
            elsewhere.update(ini, municipality="あおば町", description="Bの説明")
        town = form.control("municipality")
        assert isinstance(town, Input)
        town.focus()
        town.value = "みどり町（本庁）"
        form.flush("municipality")
        await settle(pilot)
        assert store.require(Initiative, session.initiative_id).municipality == "あおば町"
        town.value = "みどり町"
        form.flush("municipality")
        await settle(pilot)
        stored_ini = store.require(Initiative, session.initiative_id)
        assert (stored_ini.municipality, stored_ini.description) == ("みどり町", "Bの説明")


async def test_the_stage_dialog_stays_open_while_another_program_writes(tmp_path: Path) -> None:
    """The other dialogs save the same way: the choice is not lost to a busy database."""
    from textual.widgets import TabbedContent

    from workshop.widgets.self_check import StageDialog, StageSelfCheck

    app, store, session, _ = _setup(tmp_path)
    store.update(session, current_step=Step.PREP, reached_step=Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        pane = screen.pane(Step.PREP)
        assert pane is not None
        pane.query_one(TabbedContent).active = "tab-stage"
        await settle(pilot, 3)
        table = screen.query_one(StageSelfCheck).query_one(DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StageDialog)
        other = sqlite3.connect(store.path, isolation_level=None, timeout=0.05)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("3", "５", "ctrl+s")  # current 3, target 5 (full-width too)
            await settle(pilot)
            assert app.screen is dialog
            assert "書き込み中" in str(dialog.query_one("#sd-error", Static).render())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.stage_answers(session.id) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
        (answer,) = store.stage_answers(session.id)
        assert (answer.current, answer.target) == (3, 5)


async def test_a_card_typed_into_a_session_deleted_elsewhere_is_kept_and_explained(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    from tests.ui_helpers import notices

    app, store, session, card = _setup(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.go_to(Step.VISION)
        await settle(pilot, 4)
        board = next(b for b in screen.query(CardBoard) if card.prompt in b.prompts)
        with Store(store.path) as elsewhere:
            elsewhere.delete(elsewhere.require(Session, session.id))
        board.focus_capture()
        capture = board.query_one("#capture-text", Input)
        capture.insert_text_at_cursor(TYPED)
        await pilot.press("enter")
        await settle(pilot)
        assert capture.value == TYPED
        shown = notices(app)
        assert "この会議は別の画面で削除されました" in shown
        assert "バンドル" not in shown and "FOREIGN KEY" not in shown


async def test_a_long_value_from_the_other_window_is_quoted_by_its_start_and_end(
    tmp_path: Path,
) -> None:
    """The other window's value is quoted in the field's message by its start and its end
    (where an edit of a long text often is), not cut off before the change."""
    from rich.cells import cell_len
    from textual.widgets import Input

    from workshop.widgets.inline_form import CONFLICT_SHOWN, InlineForm

    app, store, session, _ = _setup(tmp_path)
    theirs = (
        "さくら川町役場 本庁舎3階 第2会議室（"
        + "福祉課・交通政策課・商工観光課の合同" * 4
        + "）午後から"
    )
    assert cell_len(theirs) > CONFLICT_SHOWN  # longer than what is quoted
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        with Store(store.path) as elsewhere:
            elsewhere.update(elsewhere.require(Session, session.id), place=theirs)
        form = app.screen.query_one("#session-form", InlineForm)
        place = form.control("place")
        assert isinstance(place, Input)
        place.focus()
        place.value = "本庁 大会議室"
        form.flush("place")
        error = form.query_one("#i-error-place")
        # (waited for: a loaded machine shows the message a few frames later)
        await wait_until(pilot, lambda: "午後から" in str(error.render()))
        said = str(error.render())
        assert "「さくら川町役場 本庁舎3階" in said and "）午後から」" in said and "…" in said, said
        assert store.require(Session, session.id).place == theirs

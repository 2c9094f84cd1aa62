"""The quick-add line under fast typing and pastes: nothing typed is merged or dropped
(issue 10, items 2 and 3)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from tests.ui_helpers import (
    burst,
    empty_app,
    new_session,
    notices,
    open_session,
    settle,
    vision_board,
)
from workshop.domain.enums import Step
from workshop.screens.session import SessionScreen
from workshop.store.errors import DatabaseBusy
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.safe_input import SafeInput


class _OneField(App):
    """A lone one-line field, outside any board."""

    def compose(self) -> ComposeResult:
        yield SafeInput(id="field")


def _texts(store, session_id: str) -> list[str]:
    return [c.text for c in store.cards(session_id, Step.VISION)]


async def test_three_cards_typed_in_one_burst_stay_three(tmp_path: Path) -> None:
    """Keys arrive faster than the screen handles them (one terminal read): every Enter
    ends the card typed before it, and the next card starts empty."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        keys = [*"AAA", "enter", *"BBB", "enter", *"見守り", "enter"]
        burst(app, keys)  # all queued before any is handled
        await settle(pilot, 6)
        assert _texts(store, session.id) == ["AAA", "BBB", "見守り"]
        assert [c.text for c in board.cards] == ["AAA", "BBB", "見守り"]
        assert board.query_one("#capture-text", Input).value == ""


async def test_burst_with_pilot_press(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        await pilot.press(*"one", "enter", *"two", "enter", *"three", "enter")
        await settle(pilot, 4)
        assert _texts(store, session.id) == ["one", "two", "three"]


async def test_backspace_in_a_burst_deletes_the_key_before_it(tmp_path: Path) -> None:
    """Editing keys (backspace) are applied in the order typed, not after later letters."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        burst(app, [*"abc", "backspace", *"de", "enter"])
        await settle(pilot, 6)
        assert _texts(store, session.id) == ["abde"]


async def test_a_failed_save_gives_the_text_back(tmp_path: Path, monkeypatch) -> None:
    """The line is emptied as Enter is handled; when the save then fails, the text
    comes back into the line, with anything typed since after it, set apart by a space
    (the Enter ended the first card: the two ran into one word before)."""
    app, store = empty_app(tmp_path)
    session = new_session(store)

    def busy(*args, **kwargs):
        raise DatabaseBusy()

    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        monkeypatch.setattr(store, "add", busy)
        burst(app, [*"残す", "enter", *"次"])
        await settle(pilot, 6)
        assert _texts(store, session.id) == []
        assert board.query_one("#capture-text", Input).value == "残す 次"


async def test_a_paste_of_three_lines_makes_three_cards(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        capture = board.query_one("#capture-text", Input)
        capture.post_message(events.Paste("買い物の足\r\n見守りの目\n\n  防災の備え  \n"))
        await settle(pilot, 4)
        assert _texts(store, session.id) == ["買い物の足", "見守りの目", "防災の備え"]
        assert capture.value == ""
        assert not isinstance(app.screen, PickDialog)


async def test_a_paste_of_many_lines_asks_first(tmp_path: Path) -> None:
    lines = [f"意見{n}" for n in range(1, 11)]
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        capture = board.query_one("#capture-text", Input)
        # one card per line
        capture.post_message(events.Paste("\n".join(lines)))
        await settle(pilot, 4)
        assert isinstance(app.screen, PickDialog)
        assert "10行を10枚のカードにしますか" in app.screen.pick_title
        app.screen.dismiss("lines")
        await settle(pilot, 4)
        assert _texts(store, session.id) == lines
        # the whole text in one card
        board.focus_capture()
        capture.post_message(events.Paste("\n".join(lines)))
        await settle(pilot, 4)
        app.screen.dismiss("one")
        await settle(pilot, 4)
        assert _texts(store, session.id)[-1] == "\n".join(lines)
        # cancelled: nothing stored, the line as it was
        board.focus_capture()
        capture.insert_text_at_cursor("途中")
        capture.post_message(events.Paste("\n".join(lines)))
        await settle(pilot, 4)
        await pilot.press("escape")
        await settle(pilot, 4)
        assert len(_texts(store, session.id)) == 11
        assert capture.value == "途中"


async def test_a_paste_joins_what_was_typed_around_the_cursor(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        capture = board.query_one("#capture-text", Input)
        capture.insert_text_at_cursor("前：")
        capture.post_message(events.Paste("一\n二"))
        await settle(pilot, 4)
        assert _texts(store, session.id) == ["前：一", "二"]
        assert "2" in notices(app)


async def test_keys_typed_while_the_session_opens_are_kept(tmp_path: Path) -> None:
    """A facilitator who starts typing as soon as the session screen appears: the keys
    that arrive before the cursor is in the quick-add line go into it, not nowhere."""
    from workshop.domain.records import Session

    app, store = empty_app(tmp_path)
    session = new_session(store)
    store.update(store.require(Session, session.id), current_step=Step.VISION)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_session(session.id)
        # as soon as the quick-add line is on screen (the cursor may not be in it yet)
        for _ in range(200):
            if isinstance(app.screen, SessionScreen) and app.screen.query("#capture-text"):
                break
            await asyncio.sleep(0.005)
        burst(app, [*"早打ち", "enter", *"次"])
        await settle(pilot, 8)
        await pilot.pause(0.3)
        assert _texts(store, session.id) == ["早打ち"]
        board = next(b for b in app.screen.query(CardBoard) if "vision.town" in b.prompts)
        assert board.query_one("#capture-text", Input).value == "次"


async def test_other_lines_keep_every_pasted_line() -> None:
    """Outside the quick-add line a one-line field joins the pasted lines with spaces
    (Textual's Input kept only the first)."""
    app = _OneField()
    async with app.run_test() as pilot:
        field = app.query_one(SafeInput)
        field.focus()
        field.post_message(events.Paste("高齢福祉課\r\n地域包括ケア推進課\n"))
        await pilot.pause()
        assert field.value == "高齢福祉課 地域包括ケア推進課"


async def test_a_text_given_back_is_set_apart_from_what_is_typed_around_it() -> None:
    """`SafeInput.give_back`: the text goes before what was typed since, a space between
    them, and the cursor stays in what was being typed; the next key typed right behind a
    text given back into an empty line is set apart too, unless the line changed first."""
    app = _OneField()
    async with app.run_test() as pilot:
        field = app.query_one(SafeInput)
        field.focus()
        await pilot.press(*"つぎの")
        field.cursor_position = 2
        field.give_back("まえ")
        assert (field.value, field.cursor_position) == ("まえ つぎの", 5)
        await pilot.press("x")
        assert field.value == "まえ つぎxの"
        # given back into an empty line: the keys that follow start a new word
        field.value = ""
        field.give_back("長い意見")
        await pilot.press(*"と名簿")
        assert field.value == "長い意見 と名簿"
        # ... but not once the line was changed in between
        field.value = ""
        field.give_back("意見")
        await pilot.press("backspace", *"図")
        assert field.value == "意図"
        field.value = ""
        field.give_back("意見")
        await pilot.press("home", *"新")
        assert field.value == "新意見"
        # a text that already ends in a space gets no second one
        field.value = ""
        field.give_back("意見 ")
        await pilot.press("x")
        assert field.value == "意見 x"


async def test_an_edit_typed_in_one_burst_lands_where_the_keys_put_it(tmp_path: Path) -> None:
    """In the card dialog's text (a TextArea) the End key typed just before the text
    moves the cursor first, as typed; it ran after the letters behind it."""
    from workshop.widgets.forms import FormDialog

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await vision_board(pilot)
        await pilot.press(*"防災訓練", "enter")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot, 4)
        assert isinstance(app.screen, FormDialog)
        # ctrl+s right behind the text: saved after the keys typed before it
        burst(app, ["end", *" 追記", "home", *"前", "ctrl+s"])
        await settle(pilot, 6)
        assert _texts(store, session.id) == ["前防災訓練 追記"]


async def test_a_half_typed_card_survives_the_focus_coming_back(tmp_path: Path) -> None:
    """Half a card typed, the focus leaves the line and comes back (a dialog, the
    screen settling): the typed text is not selected, so the next key adds to it
    instead of replacing it."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        await pilot.press(*"買い物")
        board.query_one("#board-table").focus()
        await pilot.pause()
        board.focus_capture()
        await pilot.pause()
        await pilot.press(*"の足", "enter")
        await settle(pilot)
        assert _texts(store, session.id) == ["買い物の足"]


async def test_joiners_typed_key_by_key_are_kept() -> None:
    """A family emoji and a flag typed through an input method arrive as one character a
    key: Textual dropped the zero width joiners and the tag characters (not printable),
    so 👨‍👩‍👧 became three faces and 🏴󠁧󠁢󠁳󠁣󠁴󠁿 a black flag. Pasted, they were kept already."""
    from textual.widgets import TextArea

    from workshop.widgets.safe_input import SafeTextArea

    class _Both(App):
        def compose(self) -> ComposeResult:
            yield SafeInput(id="line")
            yield SafeTextArea(id="area")

    family = "👨\u200d👩\u200d👧"
    flag = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    typed = f"家族{family}・旗{flag}・ZWNJ\u200c"
    app = _Both()
    async with app.run_test() as pilot:
        for wid in ("#line", "#area"):
            app.query_one(wid).focus()
            for ch in typed:
                app.post_message(events.Key(ch, ch))
            await pilot.pause()
        assert app.query_one("#line", SafeInput).value == typed
        assert app.query_one("#area", TextArea).text == typed

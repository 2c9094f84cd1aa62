"""A form dialog closed with Escape (or 取消) asks before it throws away what was typed;
one left as it opened closes at once."""

from __future__ import annotations

from textual.app import App
from textual.widgets import TextArea

from tests.ui_helpers import settle
from workshop.i18n import t
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.forms import FieldSpec, FormDialog


class _Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def open_form(self) -> FormDialog:
        form = FormDialog(
            "決定事項を追加",
            [FieldSpec("text", "決定事項", kind="text"), FieldSpec("review", "見直し時期")],
            {"review": "令和9年1月"},
        )
        self.push_screen(form, self.results.append)
        return form


async def test_escape_after_typing_asks_and_can_go_back_to_the_text() -> None:
    app = _Host()
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.open_form()
        await settle(pilot)
        typed = "避難所運営に福祉の相談窓口を置く。\n二行目も"
        form.query_one("#f-text", TextArea).insert(typed)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert question.message == t("form.discard")
        # Escape again (or Enter on the button it starts on) goes back, text and all
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-text", TextArea).text == typed
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # いいえ: the default
        await settle(pilot)
        assert app.screen is form and app.results == []
        # closed only when asked to
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert app.screen is not form
        assert app.results == [None]


async def test_a_form_left_as_it_opened_closes_at_once() -> None:
    app = _Host()
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.open_form()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not form and app.results == [None]
        # a field changed and changed back is as it opened
        form = app.open_form()
        await settle(pilot)
        area = form.query_one("#f-text", TextArea)
        area.insert("x")
        await settle(pilot)
        area.text = ""
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not form and app.results == [None, None]

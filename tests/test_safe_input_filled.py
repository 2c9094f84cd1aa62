"""A line made with a value (a form's field showing what is stored) takes it quietly: no
change announced for it, and typing on it behaves as on a line filled by Textual."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input

from tests.ui_helpers import typed
from workshop.widgets.safe_input import SafeInput

LONG = "地域の見守りと移動販売をつなぐ連絡会" * 4


class Filled(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[tuple[str | None, str]] = []

    def compose(self) -> ComposeResult:
        yield SafeInput("みどり町", id="short")
        yield SafeInput(LONG, id="long")
        names = SuggestFromList(["山田 恵子", "森 早苗"], case_sensitive=False)
        yield SafeInput("山", id="named", suggester=names)
        yield SafeInput(placeholder="入力", id="empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changes.append((event.input.id, event.value))


async def test_a_line_made_with_a_value_announces_no_change() -> None:
    app = Filled()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        # nobody typed these values: no change is announced for them (each line
        # announced its value as it was made, and the owner had to tell it from typing)
        assert app.changes == []
        assert [w.value for w in app.query(SafeInput)] == ["みどり町", LONG, "山", ""]


async def test_typing_on_a_filled_line_goes_at_its_end_and_is_announced() -> None:
    app = Filled()
    async with app.run_test(size=(40, 10)) as pilot:
        short = app.query_one("#short", SafeInput)
        short.focus()
        await pilot.pause()
        typed(app, "村")
        await pilot.pause()
        assert short.value == "みどり町村"
        assert app.changes == [("short", "みどり町村")]
        # a value wider than the line: typed on at its end, the view follows the cursor
        long = app.query_one("#long", SafeInput)
        long.focus()
        await pilot.pause()
        typed(app, "X")
        await pilot.pause()
        assert long.value == LONG + "X"
        assert long.scroll_x > 0
        # the completions still come as a name is typed on
        named = app.query_one("#named", SafeInput)
        named.focus()
        await pilot.pause()
        typed(app, "田")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert named.value == "山田"
        assert named._suggestion == "山田 恵子"

"""A Prose updated with what it already shows is left alone (no layout, no paint); any
change of text or style is shown."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from workshop.widgets.prose import Prose


class One(App):
    def compose(self) -> ComposeResult:
        yield Prose(Text("保存しました"), id="p")
        yield Prose("", id="empty")


def untouched(*widgets: Prose) -> bool:
    return not any(w._layout_required or w._repaint_required for w in widgets)


async def test_an_update_to_the_same_text_changes_nothing_and_a_new_one_shows() -> None:
    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        prose = app.query_one("#p", Prose)
        empty = app.query_one("#empty", Prose)
        assert untouched(prose, empty)
        prose.update(Text("保存しました"))
        prose.update("保存しました")  # a plain string of the same text looks the same
        empty.update(Text(""))
        assert untouched(prose, empty)
        prose.update(Text("保存しました", style="bold"))  # same text, another style
        assert not untouched(prose)
        await pilot.pause()
        assert untouched(prose)
        prose.update("[b]入力が必要です[/b]")  # literal, never markup
        await pilot.pause()
        assert str(prose.render()) == "[b]入力が必要です[/b]"
        prose.update("[b]入力が必要です[/b]")
        assert untouched(prose)
        empty.update("エラー")
        assert not untouched(empty)
        await pilot.pause()
        assert str(empty.render()) == "エラー"

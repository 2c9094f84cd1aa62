"""A Prose updated with what it already shows is left alone (no layout, no paint); any
change of text or style is shown. A form's hint lines read a stored value back from the
start, so a save that emits every field changes none of them."""

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


async def test_a_stored_date_and_time_are_read_back_under_their_fields_from_the_start() -> None:
    """Under a date the form shows its 和暦 reading, under a time the time understood,
    from the first frame (it had shown the field's help until a save set it, laying out
    and painting every hint line of the form again)."""
    from datetime import date, time

    from workshop.widgets.forms import FieldSpec
    from workshop.widgets.inline_form import InlineForm

    fields = [
        FieldSpec("first_date", "初回の日付", "date", help="日付の書き方"),
        FieldSpec("start_time", "開始時刻", "time", help="時刻の書き方"),
        FieldSpec("none_yet", "次回", "date", help="日付の書き方"),
    ]
    values = {"first_date": date(2026, 12, 16), "start_time": time(14, 0), "none_yet": None}

    class FormApp(App):
        def compose(self) -> ComposeResult:
            yield InlineForm(fields, values, id="form")

    app = FormApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        hints = {f.name: app.query_one(f"#i-hint-{f.name}", Prose) for f in fields}
        assert str(hints["first_date"].render()) == "令和8年12月16日（水）"
        assert str(hints["start_time"].render()) == "14:00"
        assert str(hints["none_yet"].render()) == "日付の書き方"
        # each control is made with its class (the form's CSS places it beside its label)
        assert all(app.query_one(f"#i-{f.name}").has_class("control") for f in fields)
        form = app.query_one(InlineForm)
        form.flush()  # every field emitted again: no line changes
        assert untouched(*hints.values())

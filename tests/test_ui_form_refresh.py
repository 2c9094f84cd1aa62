"""An inline form refreshed from the store (another step's change, F6's timebox) shows the
stored value in every field that holds nothing new, and never overwrites a field with
text typed and not saved yet."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from workshop.widgets.forms import FieldSpec
from workshop.widgets.inline_form import InlineForm

FIELDS = [FieldSpec("title", "件名"), FieldSpec("place", "場所"), FieldSpec("minutes", "分", "int")]


class _Form(App):
    def compose(self) -> ComposeResult:
        yield InlineForm(FIELDS, {"title": "第1回", "place": "会議室", "minutes": 10}, id="form")


async def test_a_refresh_right_after_mount_reaches_every_field() -> None:
    """Right after mount a refresh shows the stored values in every field. (The fields
    announced their first values on mount, and a save waited 0.6 s for each, which a
    refresh had to see through; a filled line announces nothing now.)"""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        form = app.query_one(InlineForm)
        assert not form._pending  # nothing waits to be saved that nobody typed
        form.set_values({"title": "第2回", "place": "大会議室", "minutes": 15})
        await pilot.pause()
        values = [app.query_one(f"#i-{f.name}", Input).value for f in FIELDS]
        assert values == ["第2回", "大会議室", "15"]


async def test_a_refresh_keeps_what_was_typed_and_not_saved() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        form = app.query_one(InlineForm)
        place = app.query_one("#i-place", Input)
        place.value = "第2会議室"  # typed; its save waits
        minutes = app.query_one("#i-minutes", Input)
        minutes.value = "1x"  # typed, not a number yet
        app.set_focus(None)
        form.set_values({"title": "第2回", "place": "大会議室", "minutes": 15})
        await pilot.pause()
        assert app.query_one("#i-title", Input).value == "第2回"
        assert (place.value, minutes.value) == ("第2会議室", "1x")


async def test_a_refresh_between_a_key_and_its_change_keeps_the_key() -> None:
    """Long after the form opened: a refresh that comes after a line changed but before
    its change reached the form (a message behind) leaves the line as typed."""
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause(InlineForm.DEBOUNCE_S + 0.2)
        form = app.query_one(InlineForm)
        assert not form._pending
        place = app.query_one("#i-place", Input)
        place.value = "第2会議室"  # typed: its change is still on its way to the form
        form.set_values({"title": "第2回", "place": "大会議室", "minutes": 15})
        await pilot.pause()
        assert app.query_one("#i-title", Input).value == "第2回"
        assert place.value == "第2会議室"
        await pilot.pause(InlineForm.DEBOUNCE_S + 0.2)
        assert form.values["place"] == "第2会議室"  # and it is saved after its rest

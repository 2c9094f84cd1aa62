"""An inline form saves a field once its text rests, and also while the keys keep coming
with no rest: a long text typed fluently reaches the database every few seconds, so a
crash loses the last seconds of it, not all of it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input

from workshop.widgets.forms import FieldSpec
from workshop.widgets.inline_form import InlineForm

FIELDS = [
    FieldSpec("title", "件名"),
    FieldSpec("note", "メモ", "text"),
    FieldSpec("minutes", "分", "int"),
]


class _Form(App):
    def __init__(self) -> None:
        super().__init__()
        self.saved: list[tuple[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield InlineForm(FIELDS, {"title": "", "note": "", "minutes": None}, id="form")

    @on(InlineForm.Changed)
    def _changed(self, event: InlineForm.Changed) -> None:
        self.saved.append((event.name, event.value))


@pytest.mark.parametrize("field", ["title", "note"])
async def test_a_field_typed_on_without_a_rest_is_saved_meanwhile(
    field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rest is made long here, so that no gap between keys on a loaded machine is one,
    # and the longest wait short, so that the typing outlasts it twice in about a second
    monkeypatch.setattr(InlineForm, "DEBOUNCE_S", 30.0)
    monkeypatch.setattr(InlineForm, "SAVE_AT_LATEST_S", 0.5)
    text = "交通政策課と福祉課で送迎の空き時間を共有する"
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one(f"#i-{field}").focus()
        await pilot.pause()
        app.saved.clear()  # the fields' first values, announced on mount
        began = time.monotonic()
        for key in text:
            await pilot.press(key)
            await asyncio.sleep(0.06)
        assert time.monotonic() - began > 2 * InlineForm.SAVE_AT_LATEST_S  # outlasted it
        assert app.saved, "nothing was saved while the keys kept coming"
        assert all(name == field and text.startswith(value) for name, value in app.saved)
        # and the rest of it once the field is left
        app.set_focus(None)
        await pilot.pause()
        assert app.saved[-1] == (field, text)


@pytest.mark.parametrize("field", ["title", "note"])
async def test_leaving_a_field_saves_what_was_typed_at_once(
    field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line and a text box alike: the focus leaving them saves what waits for its rest
    (a text box waited for the rest, so a kill right after leaving it lost its words)."""
    monkeypatch.setattr(InlineForm, "DEBOUNCE_S", 30.0)
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one(f"#i-{field}").focus()
        await pilot.pause()
        app.saved.clear()
        await pilot.press(*"abc")
        await pilot.pause()
        assert app.saved == []  # resting for 30 s, not saved yet
        app.set_focus(None)
        await pilot.pause()
        assert app.saved == [(field, "abc")]


async def test_a_number_typed_on_waits_for_its_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """A number (or a date) half typed is not valid yet: it is not saved, and no error is
    shown, while the keys keep coming; it is saved whole when the field is left."""
    monkeypatch.setattr(InlineForm, "DEBOUNCE_S", 30.0)
    monkeypatch.setattr(InlineForm, "SAVE_AT_LATEST_S", 0.5)  # a text's would have come
    app = _Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one("#i-minutes").focus()
        await pilot.pause()
        app.saved.clear()
        began = time.monotonic()
        while time.monotonic() - began < 2.5 * InlineForm.SAVE_AT_LATEST_S:
            await pilot.press("1")
            await asyncio.sleep(0.06)
        assert app.saved == []
        typed = app.query_one("#i-minutes", Input).value
        app.set_focus(None)
        await pilot.pause()
        assert app.saved == [("minutes", int(typed))]

"""A follow-up's ④ step shows the regular meeting an earlier session decided, as its
documents do, and a change made there becomes the follow-up's own record of it: the
earlier (final) session's record stays as it was decided."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.ui_helpers import demo_app, open_session, screen_text, settle, show_tab
from workshop.domain.enums import SessionKind, Step
from workshop.export import render
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.rotation_table import Rotation


async def test_a_follow_up_shows_and_carries_the_meeting_decided_before(tmp_path: Path) -> None:
    app, store, initiative_id = demo_app(tmp_path)
    first, follow = store.sessions(initiative_id)
    assert follow.kind is SessionKind.FOLLOWUP
    (decided,) = store.mechanisms(first.id)
    assert store.mechanisms(follow.id) == []
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, follow.id)
        app.screen.go_to(Step.MECHANISM)
        await settle(pilot, 6)
        text = screen_text(app)
        # not "no regular meeting yet": the one in force, said where it comes from
        assert "定例会議がまだ決まっていません" not in text
        assert f"{first.title[:8]}" in text and "で決めた定例会議です" in text
        form = app.screen.query_one("#mechanism-form", InlineForm)
        place = form.control("place")
        assert isinstance(place, Input)
        assert form.control("name").value == decided.name
        assert place.value == decided.place
        await show_tab(pilot, "mechanism-tabs", "tab-rotation")
        assert app.screen.query_one(Rotation).query_one("#rot-table").row_count > 0
        await show_tab(pilot, "mechanism-tabs", "tab-meeting")
        place.focus()
        place.value = "本庁舎 2階 会議室A"
        form.flush()
        await settle(pilot, 4)
    # the follow-up's own record: every field as decided, the change on top
    (own,) = store.mechanisms(follow.id)
    assert own.id != decided.id and own.place == "本庁舎 2階 会議室A"
    keep = {"id", "session_id", "created_at", "updated_at", "place"}
    assert own.model_dump(exclude=keep) == decided.model_dump(exclude=keep)
    # the first session's record is as it was decided
    assert store.mechanisms(first.id) == [decided]
    data = store.initiative_data(initiative_id)
    charter = render("ics", data, follow.id).decode()
    assert "本庁舎 2階 会議室A" in charter
    assert "本庁舎 2階 会議室A" not in render("ics", data, first.id).decode()

"""Keys typed in one go across the follow-up review's items: what is typed for an item is
stored on that item, whatever key pages on behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ui_record import followup_with_four_items
from tests.ui_helpers import burst, empty_app, open_session, settle, show_tab, typed, wait_until
from workshop.screens.panes.review import ActionReviewer
from workshop.widgets.inline_form import InlineForm


@pytest.mark.parametrize("page", ["pagedown", "ctrl+down"])
async def test_comments_typed_with_page_keys_in_one_go_stay_on_their_items(
    tmp_path: Path, page: str
) -> None:
    """A comment, PageDown, Tab and the next comment, typed before the app handled any of
    them: PageDown (a priority binding, run as the key reaches the app) showed the next
    item before the first comment's letters had reached the comment box, so they were
    typed into the next item's comment (and the next comment into the one after)."""
    app, store = empty_app(tmp_path)
    ini, follow, items = followup_with_four_items(store)

    def comments() -> dict[str, str]:
        return {r.action_id: r.comment for r in store.reviews(ini.id) if r.session_id == follow.id}

    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, follow.id)
        await show_tab(pilot, "review-tabs", "tab-actions")
        reviewer = app.screen.query_one(ActionReviewer)
        form = reviewer.query_one(InlineForm)
        assert reviewer.index == 0
        form.control("comment").focus()
        await settle(pilot)
        for n, text in enumerate(["コメントA一番目", "コメントB二番目", "コメントC三番目"]):
            if n:
                burst(app, [page, "tab"])
            typed(app, text)
        await wait_until(pilot, lambda: reviewer.index == 2)
        await settle(pilot)
        await pilot.press("pageup")  # leaving item 3 saves what was typed there
        await wait_until(pilot, lambda: len(comments()) == 3)
        assert comments() == {
            items[0].id: "コメントA一番目",
            items[1].id: "コメントB二番目",
            items[2].id: "コメントC三番目",
        }
        # and each item shows its own comment again
        await pilot.press("pageup")
        await settle(pilot)
        assert reviewer.index == 0
        assert form.control("comment").text == "コメントA一番目"


async def test_a_comment_typed_on_goes_after_the_one_already_there(tmp_path: Path) -> None:
    """An item that has this meeting's comment already: Tab into the box and type on,
    and the words go after it (the cursor was left at its start, and the words were
    glued to the front of the comment)."""
    from workshop.domain.records import ActionReview

    app, store = empty_app(tmp_path)
    ini, follow, items = followup_with_four_items(store)
    store.add(
        ActionReview(
            action_id=items[1].id,
            session_id=follow.id,
            status="in_progress",
            comment="日程案を配った。",
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, follow.id)
        await show_tab(pilot, "review-tabs", "tab-actions")
        reviewer = app.screen.query_one(ActionReviewer)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: reviewer.index == 1)
        await pilot.press("tab")
        typed(app, "来月に確定する。")
        await settle(pilot)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: reviewer.index == 0)

        def comment() -> str:
            (mine,) = [r for r in store.reviews(ini.id) if r.action_id == items[1].id]
            return mine.comment

        # saved as the item is left (its change is handled a moment after the page turns)
        await wait_until(pilot, lambda: comment() != "日程案を配った。")
        assert comment() == "日程案を配った。来月に確定する。"

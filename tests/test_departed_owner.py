"""An open action whose person has left (a key person marked 異動済み) is flagged: in
step ④'s warnings and on the follow-up review's item."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.test_review_order import three_meetings
from tests.ui_helpers import empty_app, open_session, screen_text, settle, show_tab
from workshop.domain.enums import ActionStatus, Step
from workshop.domain.records import ActionItem, KeyPerson
from workshop.domain.rules import Warning, departed_owners
from workshop.screens.panes.review import ActionReviewer


def test_open_actions_of_a_person_who_left_are_flagged_once() -> None:
    people = [
        KeyPerson(initiative_id="i", name="鈴木 一郎", left=True),
        KeyPerson(initiative_id="i", name="山本 次郎"),
    ]
    actions = [
        ActionItem(initiative_id="i", session_id="s", what="a", owner_person="鈴木 一郎"),
        ActionItem(initiative_id="i", session_id="s", what="b", owner_person="鈴木 一郎 "),
        ActionItem(initiative_id="i", session_id="s", what="c", owner_person="山本 次郎"),
        ActionItem(
            initiative_id="i",
            session_id="s",
            what="d",
            owner_person="鈴木 一郎",
            status=ActionStatus.DONE,
        ),
    ]
    assert departed_owners(actions, people) == [Warning("owner_left", "鈴木 一郎")]
    assert departed_owners(actions[2:], people) == []


async def test_the_review_and_step_four_say_the_owner_has_left(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    sessions, item = three_meetings(store)
    store.update(item, owner_person="鈴木 一郎")
    store.add(
        KeyPerson(
            initiative_id=item.initiative_id, name="鈴木 一郎", department="高齢福祉課", left=True
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, sessions[1].id)
        await show_tab(pilot, "review-tabs", "tab-actions")
        reviewer = app.screen.query_one(ActionReviewer)
        shown = str(reviewer.query_one("#rv-item", Static).render())
        assert "担当者: 鈴木 一郎（異動済み：担当者を見直す）" in shown
        app.screen.go_to(Step.MECHANISM)
        await settle(pilot, 5)
        text = screen_text(app).replace("\n", "")
        assert "鈴木 一郎 さんは異動済みですが" in text

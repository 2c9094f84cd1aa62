"""An action item's state is folded from its reviews in meeting order: a review filled in
late for an earlier meeting does not override what a later meeting said, in the state,
the follow-up's documents, or the review screen of the earlier meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tests.ui_helpers import empty_app, open_session, show_tab
from workshop.domain.enums import ActionStatus, SessionKind
from workshop.domain.followup import action_state, session_ranks
from workshop.domain.records import ActionItem, ActionReview, Initiative, Session
from workshop.export.content import Context
from workshop.screens.panes.review import ActionReviewer
from workshop.store import Store


def three_meetings(store: Store) -> tuple[list[Session], ActionItem]:
    ini = store.add(Initiative(name="買い物支援", municipality="みどり町"))
    sessions = [
        store.add(Session(initiative_id=ini.id, title="第1回", date=date(2026, 12, 3))),
        store.add(
            Session(
                initiative_id=ini.id,
                title="第2回",
                kind=SessionKind.FOLLOWUP,
                date=date(2026, 12, 20),
            )
        ),
        store.add(
            Session(
                initiative_id=ini.id,
                title="第3回",
                kind=SessionKind.FOLLOWUP,
                date=date(2027, 1, 20),
            )
        ),
    ]
    item = store.add(
        ActionItem(
            initiative_id=ini.id,
            session_id=sessions[0].id,
            what="移動販売の巡回ルートを決める",
            owner_department="高齢福祉課",
        )
    )
    # 第3回 closed it; 第2回's review was typed in afterwards, from the paper notes
    store.add(
        ActionReview(
            action_id=item.id,
            session_id=sessions[2].id,
            status=ActionStatus.DONE,
            comment="運行を始めた",
            created_at=datetime(2027, 1, 20, 5, tzinfo=UTC),
        )
    )
    store.add(
        ActionReview(
            action_id=item.id,
            session_id=sessions[1].id,
            status=ActionStatus.IN_PROGRESS,
            comment="業者と調整中",
            created_at=datetime(2027, 1, 25, 5, tzinfo=UTC),
        )
    )
    return sessions, item


def test_a_late_review_of_an_earlier_meeting_does_not_override_a_later_one(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "w.db")
    sessions, item = three_meetings(store)
    reviews = store.reviews(item.initiative_id)
    ranks = session_ranks(sessions)
    state = action_state(item, reviews, ranks)
    assert (state.status, state.last_comment) == (ActionStatus.DONE, "運行を始めた")
    # what 第3回's documents say of it, and what 第2回's say
    data = store.initiative_data(item.initiative_id)
    third = Context.of(data, sessions[2].id).states[item.id]
    second = Context.of(data, sessions[1].id).states[item.id]
    assert third.status is ActionStatus.DONE
    assert (second.status, second.last_comment) == (ActionStatus.IN_PROGRESS, "業者と調整中")


async def test_an_earlier_meetings_review_screen_shows_the_item_as_it_stood_then(
    tmp_path: Path,
) -> None:
    app, store = empty_app(tmp_path)
    sessions, _item = three_meetings(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, sessions[1].id)
        await show_tab(pilot, "review-tabs", "tab-actions")
        reviewer = app.screen.query_one(ActionReviewer)
        (state,) = reviewer.states
        # 第3回 (later) closing it is not part of 第2回's review
        assert state.status is ActionStatus.IN_PROGRESS
        assert all(r.session_id != sessions[2].id for r in state.reviews)

"""The section beside the ② card line: filled in from the speaker with the cursor at its
end, and a section the facilitator typed goes on the cards of the speaker it was typed
for, not on every later speaker's."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from tests.test_ui_draft_context import _strengths_board
from tests.ui_helpers import empty_app, new_session, open_session, settle, typed
from workshop.domain.enums import Step
from workshop.domain.records import Attendee


async def test_a_section_typed_for_one_speaker_does_not_follow_the_next(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    suzuki, tanaka, sato = (
        store.add(Attendee(session_id=session.id, name=name, department=dept))
        for name, dept in (
            ("鈴木 一郎", "交通政策課"),
            ("田中 花子", "社会福祉協議会"),
            ("佐藤 美咲", "福祉介護課"),
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        author = board.query_one("#capture-author", Select)
        dept = board.query_one("#capture-dept", Input)
        author.value = suzuki.id
        await settle(pilot)
        author.value = tanaka.id
        await settle(pilot)
        assert dept.value == "社会福祉協議会"
        # typed on, a letter goes after the section filled in, not into its middle
        dept.focus()
        await settle(pilot)
        typed(app, "X")
        await settle(pilot)
        assert dept.value == "社会福祉協議会X"
        # a section typed for this speaker goes on their card
        dept.value = ""
        typed(app, "地域包括支援センター")
        board.query_one("#capture-text", Input).focus()
        await settle(pilot)
        typed(app, "訪問で世帯状況を把握")
        await pilot.press("enter")
        await settle(pilot)
        # the next speaker brings their own section
        author.value = sato.id
        await settle(pilot)
        assert dept.value == "福祉介護課"
        board.query_one("#capture-text", Input).focus()
        typed(app, "介護認定の情報")
        await pilot.press("enter")
        await settle(pilot)
    cards = {c.text: c for c in store.cards(session.id, Step.STRENGTHS)}
    assert cards["訪問で世帯状況を把握"].department == "地域包括支援センター"
    assert cards["訪問で世帯状況を把握"].author_id == tanaka.id
    assert cards["介護認定の情報"].department == "福祉介護課"
    assert cards["介護認定の情報"].author_id == sato.id

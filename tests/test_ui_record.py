"""Pilot tests of issue 11: the record says what the room said (speaker and section,
adoption into the vision, times, approval) and capture keeps up with the talk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.ui_helpers import (
    empty_app,
    notices,
    new_session,
    open_session,
    screen_text,
    settle,
    show_tab,
    table_text,
)
from workshop.domain.enums import Step
from workshop.domain.records import Attendee
from workshop.screens.session import SessionScreen
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import PickDialog


def people(store, session_id: str) -> list[Attendee]:
    rows = [
        ("鈴木 一郎", "商工観光課"),
        ("高橋 花子", "地域包括支援センター（直営）"),
        ("山田 恵子", "高齢福祉課"),
    ]
    return [
        store.add(Attendee(session_id=session_id, name=n, department=d, position=i))
        for i, (n, d) in enumerate(rows)
    ]


async def go(pilot, step: Step) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(step)
    await settle(pilot, 4)
    return screen


async def pick_speaker(pilot, b: CardBoard, name: str) -> None:
    b.focus_capture()
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PickDialog)
    await pilot.press(*name)
    await pilot.press("enter")
    await settle(pilot)


async def capture(pilot, b: CardBoard, text: str) -> None:
    b.focus_capture()
    b.query_one("#capture-text", Input).insert_text_at_cursor(text)
    await pilot.press("enter")
    await settle(pilot)


# --- 1. the card's section follows the speaker ------------------------------------------------


async def test_changing_the_speaker_changes_the_cards_department(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    s = new_session(store)
    people(store, s.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.STRENGTHS)
        b = next(b for b in screen.query(CardBoard) if b.department_field)
        await pick_speaker(pilot, b, "鈴木")
        await capture(pilot, b, "商店街の配達網がある")
        await pick_speaker(pilot, b, "高橋")
        await capture(pilot, b, "独居の方の相談を毎日受けている")
        cards = {c.text: c for c in store.cards(s.id, Step.STRENGTHS)}
        assert cards["商店街の配達網がある"].department == "商工観光課"
        assert cards["独居の方の相談を毎日受けている"].department == "地域包括支援センター（直営）"
        assert b.query_one("#capture-dept", Input).value == "地域包括支援センター（直営）"
        # A section the facilitator types stays when the speaker changes again
        dept = b.query_one("#capture-dept", Input)
        dept.value = "みどり商工会"
        await pick_speaker(pilot, b, "山田")
        assert dept.value == "みどり商工会"
        await capture(pilot, b, "商工会として移動販売車を出せる")
        card = next(c for c in store.cards(s.id, Step.STRENGTHS) if "移動販売車" in c.text)
        assert card.department == "みどり商工会"
        # The matrix files the second card under the speaker's section
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        matrix = table_text(screen.query_one("#tab-matrix"))
        row = next(line for line in matrix.splitlines() if "独居の方の相談" in line)
        assert row.startswith("地域包括支援センター")
        assert "独居の方の相談" not in next(
            (line for line in matrix.splitlines() if line.startswith("商工観光課")), ""
        )


# --- 8. ctrl+a selects everything in a field ---------------------------------------------------


async def test_ctrl_a_selects_the_whole_field_and_typing_replaces_it(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    s = new_session(store, title="第1回 分野連携会議（仮）")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        title = app.screen.query_one("#i-title", Input)
        title.focus()
        await pilot.press("end")
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert title.selected_text == "第1回 分野連携会議（仮）"
        await pilot.press(*"第2回")
        await pilot.press("tab")
        await settle(pilot, 4)
        assert title.value == "第2回"
        assert store.get(type(s), s.id).title == "第2回"


# --- 14. an example is marked once ---------------------------------------------------------------


async def test_card_placeholder_says_example_once(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.VISION)
        b = next(b for b in screen.query(CardBoard) if b.prompts == ["vision.town"])
        placeholder = b.query_one("#capture-text", Input).placeholder
        assert "例：車がなくても" in placeholder
        assert placeholder.count("例") == 1


# --- 2. adopting into a taken vision asks ------------------------------------------------------


async def adopt(pilot, b: CardBoard, row: int, *answers: str) -> None:
    from textual.widgets import DataTable

    table = b.query_one(DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("ctrl+l")
    await settle(pilot)
    for answer in answers:
        assert isinstance(pilot.app.screen, PickDialog)
        await pilot.press(*answer)
        await pilot.press("enter")
        await settle(pilot)


async def test_adopting_a_second_card_as_vision_asks_and_can_compose(tmp_path: Path) -> None:
    from workshop.domain.enums import StatementKind
    from workshop.domain.records import Card

    app, store = empty_app(tmp_path)
    s = new_session(store)
    texts = ["誰もが出かけられるまち", "買い物に困らないまち", "顔見知りが多いまち"]
    for i, text in enumerate(texts):
        store.add(
            Card(session_id=s.id, step=Step.VISION, prompt="vision.town", text=text, position=i)
        )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.VISION)
        b = next(b for b in screen.query(CardBoard) if b.prompts == ["vision.town"])

        def statements() -> list[tuple[StatementKind, str]]:
            return [(x.kind, x.text) for x in store.statements(s.id)]

        await adopt(pilot, b, 2, "将来像")
        assert statements() == [(StatementKind.VISION, "顔見知りが多いまち")]
        # The slot is taken: the facilitator is asked, and the vision grows from two cards
        await adopt(pilot, b, 1, "将来像")
        assert isinstance(app.screen, PickDialog)
        assert "顔見知りが多いまち" in app.screen.pick_title
        await pilot.press(*"書き足す", "enter")
        await settle(pilot)
        assert statements() == [(StatementKind.VISION, "顔見知りが多いまち。買い物に困らないまち。")]
        assert "将来像にこのカードの内容を書き足しました" in notices(app)
        # Third card: kept as a principle instead, the vision unchanged
        await adopt(pilot, b, 0, "将来像", "基本理念として")
        assert sorted(statements()) == sorted(
            [
                (StatementKind.VISION, "顔見知りが多いまち。買い物に困らないまち。"),
                (StatementKind.PRINCIPLE, "誰もが出かけられるまち"),
            ]
        )
        # Cancel leaves everything as it was and says so
        await adopt(pilot, b, 0, "将来像", "採用しない")
        assert len(statements()) == 2
        assert "採用しませんでした" in notices(app)
        # Replace: the old text goes to the revisions, the new one is the vision
        await adopt(pilot, b, 0, "将来像", "置き換える")
        vision = next(x for x in store.statements(s.id) if x.kind is StatementKind.VISION)
        assert vision.text == "誰もが出かけられるまち"
        assert any("顔見知り" in (r.old_value or "") for r in store.revisions(vision.id))
        assert "将来像を置き換えました" in notices(app)

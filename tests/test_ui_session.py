"""Pilot tests of the session screens: what is stored and what the screen shows."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from tests.ui_helpers import (
    demo_app,
    empty_app,
    home_ready,
    new_session,
    notices,
    open_session,
    screen_text,
    settle,
    show_tab,
    table_text,
)
from workshop.domain.enums import ActionStatus, Side, StatementKind, Step
from workshop.domain.records import Attendee, Card, Session
from workshop.screens.home import HomeScreen
from workshop.screens.session import SessionScreen
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.forms import FormDialog
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.key_bar import KeyBar

ATTENDEES = [
    ("山田 恵子", "高齢福祉課"),
    ("石井 健司", "企画課"),
    ("森 早苗", "商工観光課"),
    ("松本 直人", "防災安全課"),
    ("佐藤 由美", "健康づくり課"),
    ("小林 翔", "生涯学習課"),
    ("中村 さくら", "交通政策課"),
    ("小川 正樹", "みどり町社会福祉協議会"),
    ("西田 亜紀", "地域包括支援センター"),
    ("加藤 誠", "みどり商工会"),
]


async def type_text(pilot, text: str) -> None:
    """Enter text into the focused field as a paste (or an IME commit) delivers it: one
    event instead of a key per character (which took seconds per test under load)."""
    from textual import events

    await pilot.pause()  # a focus() just called takes effect first
    widget = pilot.app.focused
    assert widget is not None, "nothing has the focus to type into"
    widget.post_message(events.Paste(text))
    await pilot.pause()


async def action_list(pilot, session_id: str) -> SessionScreen:
    """The session opened on まとめ's action list, the list focused."""
    await open_session(pilot, session_id)
    screen = await go(pilot, Step.SUMMARY)
    await show_tab(pilot, "summary-tabs", "tab-actions")
    screen.query_one("#actions").query_one(DataTable).focus()
    return screen


async def enter_action(pilot, what: str, **fields: str) -> None:
    """A new action item from the list (ctrl+n): its text and fields typed, saved."""
    await pilot.press("ctrl+n")
    await settle(pilot)
    pilot.app.screen.query_one("#f-what").text = what
    for name, value in fields.items():
        pilot.app.screen.query_one(f"#f-{name}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def go(pilot, step: Step) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(step)
    await settle(pilot, 4)
    return screen


def board(screen: SessionScreen, prompt: str) -> CardBoard:
    return next(b for b in screen.query(CardBoard) if prompt in b.prompts)


async def add_card(pilot, b: CardBoard, text: str) -> None:
    b.focus_capture()
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_home_lists_sessions_and_opens_the_latest_at_its_step(tmp_path: Path) -> None:
    app, _store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "第1回 くらしの足と買い物" in text and "令和8年9月16日（水）" in text
        assert "前回の続き" in text
        await pilot.press("enter")
        await settle(pilot, 4)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.current is Step.REVIEW  # the demo's follow-up stopped at 振り返り
        assert "振り返り" in screen_text(app)


async def test_new_workshop_from_the_keyboard_in_japanese(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        assert "まだワークショップがありません" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#f-initiative_name", Input).focus()
        await type_text(pilot, "買い物支援の連携")
        dialog.query_one("#f-title", Input).value = ""
        dialog.query_one("#f-title", Input).focus()
        await type_text(pilot, "第1回 交通と福祉の会議")
        dialog.query_one("#f-date", Input).value = ""
        dialog.query_one("#f-date", Input).focus()
        await type_text(pilot, "令和8年11月22日")
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, SessionScreen)
        (session,) = store.sessions()
        assert session.title == "第1回 交通と福祉の会議"
        assert session.date == date(2026, 11, 22)
        assert store.initiatives()[0].name == "買い物支援の連携"
        assert app.screen.current is Step.PREP


async def test_new_workshop_refuses_an_empty_initiative_name(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        assert "入力してください" in screen_text(app)
        assert store.sessions() == []


async def test_ten_attendees_from_the_keyboard(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        name = screen.query_one("#qa-name", Input)
        for person, dept in ATTENDEES:
            name.focus()
            await type_text(pilot, person)
            await pilot.press("enter")  # moves on to 所属
            await type_text(pilot, dept)
            await pilot.press("enter")
            await settle(pilot, 2)
        stored = store.attendees(session.id)
        assert [(a.name, a.department) for a in stored] == ATTENDEES
        sides = {a.department: a.side for a in stored}
        assert sides["高齢福祉課"] is Side.INTERNAL
        assert sides["みどり町社会福祉協議会"] is Side.EXTERNAL
        assert sides["地域包括支援センター"] is Side.EXTERNAL
        by_dept = {a.department: a.outside_kind for a in stored}
        assert by_dept["みどり町社会福祉協議会"] == "shakyo"
        assert "中村 さくら" in screen_text(app)
        # 庁外（社会福祉協議会） wraps in its column beside the side panel (120 columns)
        assert "庁外（社会福祉協議会）" in table_text(screen.query_one("#attendee-table"))
        assert name.has_focus and name.value == ""


async def test_session_facts_are_saved_as_typed(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        form = app.screen.query_one("#session-form", InlineForm)
        place = form.control("place")
        place.focus()
        await type_text(pilot, "第2会議室")
        day = form.control("date")
        day.focus()  # leaving the field saves it at once
        await type_text(pilot, "2026/11/22")
        start = form.control("start_time")
        start.focus()
        await type_text(pilot, "１４：００")  # full-width from an IME
        form.control("themes").focus()
        await type_text(pilot, "デマンド交通,防災")
        form.flush()
        await settle(pilot)
        s = store.require(Session, session.id)
        assert s.place == "第2会議室"
        assert s.date == date(2026, 11, 22)
        assert s.start_time == time(14, 0)
        assert s.themes == ["デマンド交通", "防災"]
        form.scroll_home(animate=False)
        await settle(pilot)
        assert "令和8年11月22日（日）" in screen_text(app)


async def test_a_bad_date_says_so_and_keeps_what_was_typed(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        form = app.screen.query_one("#session-form", InlineForm)
        day = form.control("date")
        day.focus()
        await type_text(pilot, "来週のどこか")
        form.flush()
        await settle(pilot)
        assert day.value == "来週のどこか"
        assert "日付として読めません" in screen_text(app)
        assert store.require(Session, session.id).date is None


async def test_cards_capture_edit_vote_move_delete_restore(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = next(s for s in store.sessions() if s.kind.value == "initial")
    # The demo's first meeting is final (確定); editing it reopens it, which
    # test_ui_record covers: here it is a draft being worked on
    s1 = store.update(s1, status="draft")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.VISION)
        b = board(screen, "vision.town")
        before = len(b.cards)
        # Choose the speaker from the keyboard, filtering by name
        b.focus_capture()
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "森")
        await pilot.press("enter")
        await settle(pilot)
        b.focus_capture()
        await type_text(pilot, "[bold]歩いて行ける店[/] がある町")
        b.query_one("#capture-text", Input).insert_text_at_cursor("😀")  # as an IME commits it
        await pilot.press("enter")
        await settle(pilot)
        cards = store.cards(s1.id, Step.VISION)
        new = next(c for c in cards if "歩いて行ける店" in c.text)
        assert new.text == "[bold]歩いて行ける店[/] がある町😀"
        assert new.prompt == "vision.town"
        author = store.get(Attendee, new.author_id)
        assert author is not None and author.name.startswith("森")
        assert new.department == author.department
        assert len(b.cards) == before + 1
        assert "[bold]歩いて行ける店[/]" in screen_text(app)
        # Votes by entering a count (full-width digits are fine)
        table = b.query_one(DataTable)
        table.focus()
        table.move_cursor(row=len(b.cards) - 1)
        await pilot.press("ctrl+b")
        await settle(pilot)
        votes = app.screen.query_one("#f-votes", Input)
        votes.value = ""
        votes.insert_text_at_cursor("３")  # full-width, as an IME types it
        await pilot.press("enter")
        await settle(pilot)
        assert store.require(Card, new.id).votes == 3
        # Edit: the previous text is kept in the revisions
        await pilot.press("ctrl+o")
        await settle(pilot)
        area = app.screen.query_one("#f-text")
        area.text = "歩いて行ける店がある町"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.require(Card, new.id).text == "歩いて行ける店がある町"
        assert store.revisions(new.id)[0].old_value == "[bold]歩いて行ける店[/] がある町😀"
        # Move to another prompt
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, "私たち")
        await pilot.press("enter")
        await settle(pilot)
        assert store.require(Card, new.id).prompt == "vision.we_can"
        # Delete and restore
        b2 = board(screen, "vision.we_can")
        b2.reload(select=new.id)
        b2.query_one(DataTable).focus()
        await pilot.press("f9")
        await settle(pilot)
        assert store.require(Card, new.id).deleted
        assert new.id not in [c.id for c in b2.cards]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not store.require(Card, new.id).deleted
        assert new.id in [c.id for c in b2.cards]


async def test_an_empty_card_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.VISION)
        b = board(screen, "vision.town")
        await add_card(pilot, b, "   ")
        assert store.cards(session.id) == []
        assert "空のカードは追加できません" in notices(app)


async def test_promote_cards_into_vision_and_at_most_three_principles(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.VISION)
        b = board(screen, "vision.town")
        for text in (
            "住み慣れた町で最期まで",
            "誰もが出かけられる",
            "顔の見える関係",
            "助け合い",
            "楽しく続ける",
        ):
            await add_card(pilot, b, text)
        table = b.query_one(DataTable)

        async def promote(row: int, kind: str) -> None:
            table.focus()
            table.move_cursor(row=row)
            await pilot.press("ctrl+l")
            await settle(pilot)
            await type_text(pilot, kind)
            await pilot.press("enter")
            await settle(pilot)

        await promote(0, "将来像")
        for row in (1, 2, 3, 4):
            await promote(row, "基本理念")
        statements = store.statements(session.id)
        kinds = [s.kind for s in statements]
        assert kinds.count(StatementKind.VISION) == 1
        assert kinds.count(StatementKind.PRINCIPLE) == 3  # the fourth was refused
        vision = next(s for s in statements if s.kind is StatementKind.VISION)
        assert vision.text == "住み慣れた町で最期まで"
        assert vision.source_card_id == b.cards[0].id
        assert "基本理念は3つまでです" in notices(app)


async def test_strengths_matrix_findings_and_accepting_one(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    cards = [
        ("高齢福祉課", "strengths.current", "高齢者の外出支援（タクシー券）"),
        ("交通政策課", "strengths.current", "デマンド交通の運行"),
        ("防災安全課", "strengths.needs", "避難に支援が必要な人の情報がほしい"),
        ("地域包括支援センター", "strengths.offers", "訪問で把握した要配慮者の状況と避難の支援"),
    ]
    for n, (dept, prompt, text) in enumerate(cards):
        store.add(
            Card(
                session_id=session.id,
                step=Step.STRENGTHS,
                prompt=prompt,
                text=text,
                department=dept,
                position=n,
            )
        )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.STRENGTHS)
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        # cells are broken into lines by the Japanese rules: read them joined back
        text = table_text(screen.query_one("#tab-matrix"))
        assert "高齢福祉課" in text and "デマンド交通の運行" in text
        await show_tab(pilot, "strengths-tabs", "tab-findings")
        text = screen_text(app)
        assert "重なり" in text and "補完" in text
        findings = screen.query_one("#tab-findings").query_one(DataTable)
        findings.focus()
        findings.move_cursor(row=0)
        await pilot.press("ctrl+l")
        await settle(pilot)
        (decision,) = store.decisions(session.id)
        assert decision.origin == "overlap:mobility"
        assert "高齢福祉課" in decision.text and "交通政策課" in decision.text
        assert "採用済み" in screen_text(app)
        await pilot.press("ctrl+l")  # accepting twice adds nothing
        await settle(pilot)
        assert len(store.decisions(session.id)) == 1
        # Coming back after a card changed elsewhere (another step, another instance):
        # the matrix and the findings are rebuilt, not served from the last visit
        await go(pilot, Step.SUMMARY)
        store.add(
            Card(
                session_id=session.id,
                step=Step.STRENGTHS,
                prompt="strengths.current",
                text="移動販売車の運行支援",
                department="商工観光課",
                position=9,
            )
        )
        await go(pilot, Step.STRENGTHS)
        await show_tab(pilot, "strengths-tabs", "tab-matrix")
        text = table_text(screen.query_one("#tab-matrix"))
        assert "商工観光課" in text and "移動販売車の運行支援" in text
        await show_tab(pilot, "strengths-tabs", "tab-findings")
        assert "商工観光課" in screen_text(app)


async def test_strength_cards_take_the_typed_department(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.STRENGTHS)
        b = board(screen, "strengths.needs")
        dept = b.query_one("#capture-dept", Input)
        dept.focus()
        await type_text(pilot, "交通政策課")
        b.query_one("#capture-prompt", Select).value = "strengths.needs"
        await add_card(pilot, b, "高齢者の利用の実態を知りたい")
        (card,) = store.cards(session.id)
        assert (card.department, card.prompt) == ("交通政策課", "strengths.needs")


async def test_resources_with_overlapping_councils_are_flagged(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.RESOURCES)
        for name, members in (
            ("第2層協議体", "社協,包括,自治会"),
            ("地域ケア会議", "社協,包括,医師会"),
        ):
            screen.query_one("#resource-table").query_one(DataTable).focus()
            await pilot.press("ctrl+n")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#f-name", Input).focus()
            await type_text(pilot, name)
            dialog.query_one("#f-members", Input).focus()
            await type_text(pilot, members)
            await pilot.press("ctrl+s")
            await settle(pilot)
        stored = store.resources(session.id)
        assert [r.name for r in stored] == ["第2層協議体", "地域ケア会議"]
        assert stored[1].members == ["社協", "包括", "医師会"]
        # the warning wraps in its column (the space at the break is not drawn)
        flags = table_text(screen.query_one("#resource-table")).replace(" ", "")
        assert "⚠重なり:地域ケア会議" in flags


async def test_deleting_a_row_names_it_and_deletes_that_row(tmp_path: Path) -> None:
    """F9 asked 「選んだ行を削除しますか」 without saying which: with the cursor not
    where the facilitator thought, another row went. The question names the row."""
    from workshop.domain.records import Resource
    from workshop.widgets.dialogs import ConfirmDialog as Ask

    app, store = empty_app(tmp_path)
    session = new_session(store)
    for name in ("第2層協議体", "地域ケア会議"):
        store.add(Resource(session_id=session.id, name=name))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.RESOURCES)
        table = screen.query_one("#resource-table").query_one(DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, Ask)
        assert app.screen.message.startswith("「地域ケア会議」を削除しますか")
        app.screen.dismiss(True)
        await settle(pilot)
        assert [r.name for r in store.resources(session.id)] == ["第2層協議体"]


async def test_mechanism_form_key_person_warning_and_rotation(tmp_path: Path) -> None:
    from workshop.widgets.rotation_table import Rotation

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.MECHANISM)
        assert "定例会議がまだ決まっていません" in screen_text(app)
        form = screen.query_one("#mechanism-form", InlineForm)
        form.control("name").focus()
        await type_text(pilot, "見守り連携会議")
        form.control("first_date").focus()
        await type_text(pilot, "2026-12-16")
        form.control("members").focus()
        await type_text(pilot, "高齢福祉課,防災安全課,社協")
        form.control("secretariat").focus()
        await type_text(pilot, "高齢福祉課,防災安全課")
        form.control("reports_to").focus()
        form.flush()
        await settle(pilot)
        (m,) = store.mechanisms(session.id)
        assert m.name == "見守り連携会議"
        assert m.first_date == date(2026, 12, 16)
        assert m.members == ["高齢福祉課", "防災安全課", "社協"]
        assert m.secretariat == ["高齢福祉課", "防災安全課"]
        store.update(m, secretariat_mode="rotating")
        screen.pane(Step.MECHANISM).shown()
        await show_tab(pilot, "mechanism-tabs", "tab-rotation")
        # every column of the rotation on the screen at 120 columns, the dates wrapped
        rotation = screen.query_one("#rot-table", DataTable)
        assert rotation.virtual_size.width <= rotation.size.width
        text = table_text(screen.query_one(Rotation))
        assert "令和8年12月16日（水）" in text and "令和9年1月20日（水）" in text  # 第3水曜
        # A key person without a deputy is warned about
        await show_tab(pilot, "mechanism-tabs", "tab-people")
        screen.query_one("#people").query_one(DataTable).focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.screen.query_one("#f-name", Input).focus()
        await type_text(pilot, "山田 恵子")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [p.name for p in store.key_persons(session.initiative_id)] == ["山田 恵子"]
        assert "山田 恵子 さんに代理がいません" in screen_text(app)


async def test_summary_actions_are_checked_for_owner_and_due(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await action_list(pilot, session.id)
        await enter_action(pilot, "移動販売の停車場所の候補を出す")
        (action,) = store.actions(session_id=session.id)
        assert action.status is ActionStatus.NOT_STARTED
        text = table_text(screen.query_one("#actions"))
        assert "担当課なし" in text and "期限なし" in text
        await pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one("#f-owner_department", Input).focus()
        await type_text(pilot, "商工観光課")
        app.screen.query_one("#f-due", Input).focus()
        await type_text(pilot, "R9.1.31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        action = store.actions(session_id=session.id)[0]
        assert (action.owner_department, action.due) == ("商工観光課", date(2027, 1, 31))
        assert "担当課なし" not in table_text(screen.query_one("#actions"))
        # Mark the session final from the export tab
        await show_tab(pilot, "summary-tabs", "tab-export")
        await pilot.click("#finalise")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)  # names what is locked, asks who approves
        app.screen.query_one("#f-by", Input).value = "山田 恵子"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.require(Session, session.id).status.value == "final"


async def test_closing_mid_step_and_reopening_returns_there(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.STRENGTHS)
        await add_card(pilot, board(screen, "strengths.strengths"), "地域の見守りの目")
    store.close()
    from workshop.store import Store

    store2 = Store(tmp_path / "ui.db")
    from workshop.app import WorkshopApp

    app2 = WorkshopApp(store=store2, persist_config=False)
    async with app2.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await settle(pilot, 4)
        assert app2.screen.current is Step.STRENGTHS
        assert "地域の見守りの目" in screen_text(app2)


async def test_step_bar_keys_picker_and_timer(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    store.update(session, timeboxes={Step.PREP: 1})
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        await pilot.press("f3")
        await settle(pilot)
        assert screen.current is Step.VISION
        await pilot.press("f2")
        await settle(pilot)
        assert screen.current is Step.PREP
        await pilot.press("f4")
        await settle(pilot)
        await type_text(pilot, "まとめ")
        await pilot.press("enter")
        await settle(pilot, 4)
        assert screen.current is Step.SUMMARY
        assert store.require(Session, session.id).reached_step is Step.SUMMARY
        # the last step offers no next one: F3 leaves the key bar (and does nothing)
        bar = str(screen.query_one(KeyBar).render()).lower()
        assert "f3" not in bar and "次へ" not in bar
        await pilot.press("f3")
        assert screen.current is Step.SUMMARY
        await pilot.click("#tab-prep")
        await settle(pilot, 4)
        assert screen.current is Step.PREP
        assert "f3 次へ" in str(screen.query_one(KeyBar).render()).lower()
        timer = screen.query_one("#timer")
        assert "01:00 / 01:00" in screen_text(app)
        await pilot.press("f5")
        assert timer.running
        timer.started -= 61  # a minute and a second later
        timer._tick()
        await settle(pilot)
        assert "時間です" in screen_text(app)
        await pilot.press("f6")
        await settle(pilot)
        assert timer.limit == 6 * 60
        await pilot.press("f5")  # pause: the elapsed time is kept
        await settle(pilot)
        assert store.require(Session, session.id).timer_elapsed[Step.PREP] >= 61


async def test_command_palette_jumps_to_a_step(tmp_path: Path) -> None:
    from textual.command import CommandInput, CommandPalette

    from workshop.commands import WorkshopCommands

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await pilot.press("ctrl+p")
        await settle(pilot, 4)
        assert isinstance(app.screen, CommandPalette)
        palette = app.screen.query_one(CommandInput)
        assert palette.placeholder.startswith("コマンドを検索")
        # Every entry the palette offers is in Japanese (Textual's own came in English)
        (ours,) = [p for p in app.screen._providers if isinstance(p, WorkshopCommands)]
        titles = [title for title, _, _ in ours._commands()]
        system = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
        assert "終了" in system and "キー一覧" in system
        for english in ("Quit", "Keys", "Theme", "Screenshot", "Maximize"):
            assert english not in system
        assert titles and all(re.search(r"[ぁ-んァ-ン一-龥]", x) for x in titles + system)
        # the English keywords are searched, not shown beside the Japanese titles
        assert not any(re.search(r"\([a-z ]+\)", x) for x in titles), titles
        found = [str(hit.text) async for hit in ours.search("export docx")]
        assert found and all(x.startswith("出力") for x in found), found
        palette.insert_text_at_cursor("資源")  # as the IME hands it over
        await settle(pilot, 6)
        text = screen_text(app)
        assert "手順: ③資源 既存の資源・取組の活用" in text
        await pilot.press("enter")
        await settle(pilot, 4)
        assert app.screen.current is Step.RESOURCES


async def test_help_lists_keys_in_japanese(tmp_path: Path) -> None:
    app, _store = empty_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "操作のしかた" in text and "発言者を選ぶ" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_theme_toggle_is_persisted(tmp_path: Path, monkeypatch) -> None:
    from workshop.app import WorkshopApp
    from workshop.config import load_config
    from workshop.store import Store

    store = Store(tmp_path / "x.db")
    app = WorkshopApp(store=store, persist_config=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "workshop-light"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "workshop-dark"
    assert load_config().theme == "workshop-dark"


async def test_works_at_100_by_30(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = next(s for s in store.sessions() if s.kind.value == "initial")
    side_button = "事例ライブラリを開く"
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, s1.id)
        for step, shown in (
            (Step.PREP, "件名"),
            (Step.VISION, "車がなくても、買い物と通院を"),
            (Step.STRENGTHS, "75歳以上の世帯の状況"),
            (Step.RESOURCES, "地域ケア会議"),
            (Step.MECHANISM, "くらしの足と買い物 連携会議"),
            (Step.SUMMARY, "決定事項"),
        ):
            await go(pilot, step)
            text = screen_text(app)
            assert "まとめ" in text  # the step bar is always there
            assert shown in text, step
        assert side_button not in screen_text(app)  # notes panel folded away
        await pilot.resize_terminal(130, 40)
        await settle(pilot, 4)
        assert side_button in screen_text(app)  # room again: the panel is back
        await pilot.press("f7")  # the user hides it: a resize no longer brings it back
        await settle(pilot)
        await pilot.resize_terminal(131, 40)
        await settle(pilot, 4)
        assert side_button not in screen_text(app)


async def test_mechanism_record_is_created_only_when_typed(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await go(pilot, Step.MECHANISM)
        await settle(pilot, 5)
        assert store.mechanisms(session.id) == []  # opening the form writes nothing
        form = app.screen.query_one("#mechanism-form", InlineForm)
        form.control("place").focus()
        await type_text(pilot, "第2会議室")
        form.flush()
        await settle(pilot)
        (m,) = store.mechanisms(session.id)  # the first typed field creates it
        assert m.place == "第2会議室" and m.name == "分野連携会議"
        form.control("place").focus()
        await pilot.press("end", "A")
        form.flush()
        await settle(pilot)
        assert [x.place for x in store.mechanisms(session.id)] == ["第2会議室A"]


async def test_f10_switches_tabs_even_with_no_focus_in_the_pane(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.STRENGTHS)
        tabs = screen.query_one("#strengths-tabs")
        assert tabs.active == "tab-cards"
        screen.set_focus(None)  # e.g. just after a dialog closed
        await pilot.press("f10")
        await settle(pilot)
        assert tabs.active == "tab-matrix"
        await pilot.press("ctrl+pageup")
        await settle(pilot)
        assert tabs.active == "tab-cards"


async def test_a_late_focus_report_from_a_hidden_tab_does_not_switch_back(
    tmp_path: Path,
) -> None:
    """On a busy machine Textual hands the focus to a widget of the tab being hidden, and
    that report arrived after F10 had switched: the tab flipped back (CI failure)."""
    from textual.widgets import TabPane

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.STRENGTHS)
        tabs = screen.query_one("#strengths-tabs")
        await pilot.press("f10")
        await settle(pilot)
        assert tabs.active == "tab-matrix"
        assert screen.query_one("#tab-matrix") in app.focused.ancestors
        stale = screen.query_one("#tab-cards", TabPane)
        stale.post_message(TabPane.Focused(stale))
        await settle(pilot)
        assert tabs.active == "tab-matrix"
        # A real focus inside a tab still brings that tab forward (e.g. a field in error)
        screen.query_one("#tab-cards").query_one(Input).focus()
        await settle(pilot)
        assert tabs.active == "tab-cards"


async def test_a_table_built_before_its_size_was_known_is_laid_out_again(
    tmp_path: Path,
) -> None:
    """A board laid out while its pane was still mounting got its width without a Resize
    event on a busy machine and stayed squeezed (CI failure): any later layout fixes it."""
    from workshop.widgets.flex_table import FlexTable, column_widths

    app, store, _ = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        first = store.sessions()[0]
        await open_session(pilot, first.id)
        screen = await go(pilot, Step.VISION)
        table = next(t for t in screen.query(FlexTable) if t.region.width)
        wide = table._built
        assert wide == table.widths() and max(wide) > 40
        rows = table.row_count
        # As if built at width 0 (the 40-cell fallback), then sized with no event
        board = next(b for b in screen.query(CardBoard) if table in b.query(FlexTable))
        table.widths = lambda: column_widths([w for _, _, w in table.spec], 0)
        board.reload()
        assert table._built != wide
        del table.widths  # the real width again, and no Resize event to say so
        table.refresh(layout=True)
        await settle(pilot, 4)
        assert [c.width for c in table.columns.values()] == wide
        assert table.row_count == rows


async def test_f10_pressed_at_once_after_f3_is_not_lost(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        # Both keys handled before the next pane has been built (as when typed fast)
        screen.action_next_step()
        screen.action_tab(1)
        await settle(pilot, 4)
        assert screen.current is Step.VISION
        tabs = screen.query_one("#vision-tabs")
        panes = [p.id for p in tabs.query("TabPane")]
        assert tabs.active == panes[1]
        assert panes[1] in [a.id for a in app.focused.ancestors if a.id]


async def test_a_decision_can_be_marked_private(tmp_path: Path) -> None:
    from textual.widgets import Checkbox

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.SUMMARY)
        await show_tab(pilot, "summary-tabs", "tab-decisions")
        screen.query_one("#decisions").query_one(DataTable).focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.screen.query_one("#f-text").text = "人事に関わるため非公開とする事項"
        app.screen.query_one("#f-private", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        (decision,) = store.decisions(session.id)
        assert decision.private
        assert "【非公開】人事に関わる" in table_text(screen.query_one("#decisions"))


async def press_keys(pilot, text: str) -> None:
    """Type key by key, where the keys themselves are what is tested."""
    await pilot.press(*text)


async def test_summary_warns_about_actions_without_owner_or_due_only_then(
    tmp_path: Path,
) -> None:
    warning = "担当課または期限が決まっていないアクションが"
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await action_list(pilot, session.id)
        # A complete item: owner and due date given -> no warning
        await enter_action(
            pilot, "停車場所の候補を出す", owner_department="商工観光課", due="2027/1/31"
        )
        (done,) = store.actions(session_id=session.id)
        assert (done.owner_department, done.due) == ("商工観光課", date(2027, 1, 31))
        assert warning not in notices(app)
        # Two items missing one of them each -> the warning counts both
        await enter_action(pilot, "担当者を決める", due="2027/2/1")
        await enter_action(pilot, "期限を決める", owner_department="企画課")
        assert len(store.actions(session_id=session.id)) == 3
        assert f"{warning} 2 件あります。" in notices(app)


async def test_prep_form_saves_initiative_facts_and_timeboxes(tmp_path: Path) -> None:
    from workshop.domain.records import Initiative

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        form = app.screen.query_one("#session-form", InlineForm)

        async def enter(name: str, value: str) -> None:
            form.control(name).value = value
            await pilot.pause()
            form.flush()
            await settle(pilot)

        def error(name: str) -> str:
            return str(form.query_one(f"#i-error-{name}").render())

        await enter("initiative_name", "買い物と見守りの連携")
        await enter("municipality", "さくら川町")
        await enter("population", "１８，０００")  # full-width, with a separator
        await enter("ageing_rate", "38.1")
        await enter("tb_prep", "10")
        await enter("tb_vision", "25")
        ini = store.require(Initiative, session.initiative_id)
        assert (ini.name, ini.municipality, ini.population, ini.ageing_rate) == (
            "買い物と見守りの連携",
            "さくら川町",
            18000,
            38.1,
        )
        s = store.require(Session, session.id)
        assert s.timeboxes == {Step.PREP: 10, Step.VISION: 25}
        text = screen_text(app)
        assert "第1回 分野連携会議 ／ 買い物と見守りの連携" in text  # the title bar follows
        assert "10:00 / 10:00" in text  # the step clock counts down the new box
        await enter("tb_vision", "")  # an emptied box is removed, not stored as 0
        assert store.require(Session, session.id).timeboxes == {Step.PREP: 10}
        # Bad input: a message at the field, the stored value kept
        await enter("population", "約2万")
        assert re.search(r"[ぁ-ん]", error("population")), error("population")
        await enter("initiative_name", "")
        assert "入力してください" in error("initiative_name")
        ini = store.require(Initiative, session.initiative_id)
        assert (ini.name, ini.population) == ("買い物と見守りの連携", 18000)


async def test_attendee_quick_add_takes_the_chosen_side_and_role(tmp_path: Path) -> None:
    from workshop.domain.enums import Role
    from workshop.widgets.key_chooser import KeyChooser

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        name = screen.query_one("#qa-name", Input)
        dept = screen.query_one("#qa-dept", Input)
        side = screen.query_one("#qa-side", KeyChooser)
        role = screen.query_one("#qa-role", KeyChooser)
        side_key = {s: str(n) for n, (_, s) in enumerate(side.options, 1)}
        role_key = {r: str(n) for n, (_, r) in enumerate(role.options, 1)}

        async def add(person: str, department: str, chosen_side=None, chosen_role=None) -> None:
            """Name and 所属 typed, then one key for the side and one for the role."""
            name.value, dept.value = person, department
            side.focus()
            await pilot.pause()
            await pilot.press(side_key[chosen_side] if chosen_side else "enter")
            await settle(pilot)
            assert role.has_focus
            await pilot.press(role_key[chosen_role] if chosen_role else "0")
            await settle(pilot, 2)

        # The 社協's staff member seconded into the town hall: 庁内 chosen over the guess
        await add("田中 一郎", "みどり町社会福祉協議会", Side.INTERNAL, Role.SECRETARIAT)
        # A department name the guess reads as 庁内, chosen 庁外
        await add("鈴木 花子", "まちづくり推進室", Side.EXTERNAL)
        await add("高橋 誠", "高齢福祉課", chosen_role=Role.FACILITATOR)
        stored = {a.name: (a.side, a.outside_kind, a.roles) for a in store.attendees(session.id)}
        assert stored == {
            "田中 一郎": (Side.INTERNAL, None, [Role.SECRETARIAT]),
            "鈴木 花子": (Side.EXTERNAL, None, []),
            "高橋 誠": (Side.INTERNAL, None, [Role.FACILITATOR]),
        }
        assert side.value is None and role.value is None  # reset for the next person
        text = table_text(screen.query_one("#attendee-table"))
        assert "田中 一郎 | みどり町社会福祉協議会 | 庁内" in text and "事務局" in text
        assert "ファシリテーター" in text

        # No name: a word, nothing stored, the 所属 kept
        name.value, dept.value = "", "企画課"
        name.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert "氏名を入力してください。" in notices(app)
        assert dept.value == "企画課" and len(store.attendees(session.id)) == 3
        # A name longer than a line may be: the reason shown, the typing kept
        name.value = "長" * 2_001
        dept.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert len(store.attendees(session.id)) == 3
        assert "2000" in notices(app) or "2,000" in notices(app)
        assert name.value == "長" * 2_001
        # The whole one-line entry typed into the 所属 box (the name box left empty): read
        # as the line, not refused for want of a name
        name.value = ""
        dept.value = "小林 明／みどり町社会福祉協議会／庁外／書記"
        dept.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert (name.value, dept.value, side.value, role.value) == (
            "小林 明",
            "みどり町社会福祉協議会",
            Side.EXTERNAL,
            Role.RECORDER,
        )
        assert len(store.attendees(session.id)) == 3
        name.focus()
        await pilot.press("enter")  # confirmed
        await settle(pilot)
        added = store.attendees(session.id)[-1]
        assert (added.name, added.side, added.roles) == ("小林 明", Side.EXTERNAL, [Role.RECORDER])


async def test_statement_form_keeps_one_vision_and_three_principles(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = await go(pilot, Step.VISION)
        await show_tab(pilot, "vision-tabs", "tab-statements")
        table = screen.query_one("#statements").query_one(DataTable)

        async def submit(kind: StatementKind, text: str, key: str = "ctrl+n") -> str:
            """Fill the statement form; the error under 種類, or "" when it closed."""
            table.focus()
            await pilot.pause()
            await pilot.press(key)
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            dialog.query_one("#f-kind", Select).value = kind
            dialog.query_one("#f-text").text = text
            await pilot.press("ctrl+s")
            await settle(pilot)
            if app.screen is not dialog:
                return ""
            message = str(dialog.query_one("#f-error-kind").render())
            await pilot.press("escape")  # what was typed is asked about before it goes
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("tab", "enter")  # 保存せずに閉じる
            await settle(pilot)
            assert app.screen is not dialog
            return message

        def kinds() -> list[tuple[StatementKind, str]]:
            return sorted((s.kind, s.text) for s in store.statements(session.id))

        assert await submit(StatementKind.VISION, "車がなくても暮らせるまち") == ""
        refused = await submit(StatementKind.VISION, "二つ目の将来像")
        assert refused == "将来像は1つにまとめます。既存の将来像を編集してください。"
        for text in ("顔の見える関係", "できることから", "楽しく続ける"):
            assert await submit(StatementKind.PRINCIPLE, text) == ""
        assert await submit(StatementKind.PRINCIPLE, "四つ目") == "基本理念は3つまでです。"
        assert await submit(StatementKind.GOAL, "移動販売を試す") == ""  # goals: no limit
        assert kinds() == sorted(
            [
                (StatementKind.VISION, "車がなくても暮らせるまち"),
                (StatementKind.PRINCIPLE, "顔の見える関係"),
                (StatementKind.PRINCIPLE, "できることから"),
                (StatementKind.PRINCIPLE, "楽しく続ける"),
                (StatementKind.GOAL, "移動販売を試す"),
            ]
        )
        # Editing: a principle's text may change; turning the goal into a fourth
        # principle or a second vision may not
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        principle_row = next(i for i, r in enumerate(rows) if "顔の見える関係" in str(r))
        goal_row = next(i for i, r in enumerate(rows) if "移動販売を試す" in str(r))
        table.move_cursor(row=principle_row)
        assert await submit(StatementKind.PRINCIPLE, "顔の見える関係をつくる", "ctrl+o") == ""
        table.move_cursor(row=goal_row)
        assert await submit(StatementKind.PRINCIPLE, "移動販売を試す", "ctrl+o")
        table.move_cursor(row=goal_row)
        assert await submit(StatementKind.VISION, "移動販売を試す", "ctrl+o")
        assert (StatementKind.PRINCIPLE, "顔の見える関係をつくる") in kinds()
        assert (StatementKind.GOAL, "移動販売を試す") in kinds()
        assert len(kinds()) == 5


async def test_deleting_a_row_asks_first_and_keeps_a_copy(tmp_path: Path) -> None:
    from workshop.widgets.dialogs import ConfirmDialog

    app, store = empty_app(tmp_path)
    session = new_session(store)
    kept = store.add(Attendee(session_id=session.id, name="山田 恵子", department="高齢福祉課"))
    gone = store.add(
        Attendee(session_id=session.id, name="石井 健司", department="企画課", position=1)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        table = app.screen.query_one("#attendee-table").query_one(DataTable)

        async def ask() -> ConfirmDialog:
            table.focus()
            table.move_cursor(row=1)
            await pilot.pause()
            await pilot.press("f9")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            return app.screen

        dialog = await ask()
        await settle(pilot, 4)
        shown = re.sub(r"[\s█]", "", screen_text(app))  # the dialog wraps the sentence
        assert "石井健司さんを出席者から削除しますか" in shown
        await pilot.press("escape")  # changed one's mind
        await settle(pilot)
        dialog = await ask()
        await pilot.press("enter")  # the focus starts on いいえ: Enter keeps the row
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert [a.name for a in store.attendees(session.id)] == ["山田 恵子", "石井 健司"]
        dialog = await ask()
        await pilot.click(dialog.query_one("#yes"))
        await settle(pilot)
        assert [a.id for a in store.attendees(session.id)] == [kept.id]
        assert "削除しました（内容は変更履歴に残っています）。" in notices(app)
        assert "石井 健司" not in table_text(app.screen.query_one("#attendee-table"))
        (snapshot,) = store.revisions(gone.id)
        assert snapshot.field == "*" and "石井 健司" in snapshot.old_value


async def test_attendee_form_edits_side_kind_and_roles_and_refuses_a_blank_name(
    tmp_path: Path,
) -> None:
    from textual.widgets import SelectionList

    from workshop.domain.enums import Role

    app, store = empty_app(tmp_path)
    session = new_session(store)
    person = store.add(Attendee(session_id=session.id, name="小川 正樹", department="社協"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        table = app.screen.query_one("#attendee-table").query_one(DataTable)

        async def edit() -> FormDialog:
            table.focus()
            table.move_cursor(row=0)
            await pilot.pause()
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            return app.screen

        dialog = await edit()
        dialog.query_one("#f-department", Input).value = "みどり町社会福祉協議会"
        dialog.query_one("#f-side", Select).value = Side.EXTERNAL
        dialog.query_one("#f-outside_kind", Select).value = "shakyo"
        roles = dialog.query_one("#f-roles", SelectionList)
        roles.select(Role.SECRETARIAT)
        roles.select(Role.RECORDER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
        got = store.require(Attendee, person.id)
        assert (got.department, got.side, got.outside_kind) == (
            "みどり町社会福祉協議会",
            Side.EXTERNAL,
            "shakyo",
        )
        assert set(got.roles) == {Role.SECRETARIAT, Role.RECORDER}
        assert "事務局" in table_text(app.screen.query_one("#attendee-table"))
        # A blank name: the dialog stays open with the reason under the field
        dialog = await edit()
        dialog.query_one("#f-name", Input).value = "   "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "入力してください" in str(dialog.query_one("#f-error-name").render())
        await pilot.press("escape")
        await settle(pilot)
        assert store.require(Attendee, person.id).name == "小川 正樹"


async def test_the_attendee_table_shows_every_column_beside_the_side_panel(
    tmp_path: Path,
) -> None:
    """At 120 x 40 the side panel leaves the attendee table 86 cells: its columns fit
    (roles included), where they took 98 and the roles were past the right edge."""
    from workshop.domain.enums import Role
    from workshop.widgets.flex_table import FlexTable

    app, store = empty_app(tmp_path)
    session = new_session(store)
    store.add(
        Attendee(
            session_id=session.id,
            name="西田 亜紀",
            department="さくら川町地域包括支援センター",
            side=Side.EXTERNAL,
            outside_kind="houkatsu",
            title="主任介護支援専門員",
            roles=[Role.FACILITATOR, Role.SECRETARIAT],
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        table = app.screen.query_one("#attendee-table").query_one(FlexTable)
        assert table.virtual_size.width <= table.size.width
        shown = screen_text(app)
        assert "ファシリテーター" in shown and "事務局" in shown
        assert "西田 亜紀" in table_text(app.screen.query_one("#attendee-table"))
    store.close()


async def test_an_action_due_before_the_meeting_is_flagged_when_entered(tmp_path: Path) -> None:
    """A due date already past on the meeting day (a slip of the year) was stored without
    a word and showed only as 期限切れ at the follow-up."""
    app, store = empty_app(tmp_path)
    session = store.update(new_session(store), date=date(2026, 12, 25))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await action_list(pilot, session.id)
        await enter_action(
            pilot, "停車場所の候補を出す", owner_department="商工観光課", due="令和8年11月30日"
        )
        (item,) = store.actions(session_id=session.id)
        assert item.due == date(2026, 11, 30)  # stored as typed: the facilitator decides
        assert "期限が会議の日（令和8年12月25日（金））より前のアクションが 1 件" in notices(app)
        assert "期限が会議の日より前" in table_text(screen.query_one("#actions"))

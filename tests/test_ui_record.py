"""Pilot tests of issue 11: the record says what the room said (speaker and section,
adoption into the vision, times, approval) and capture keeps up with the talk."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input

from tests.ui_helpers import (
    empty_app,
    new_session,
    notices,
    open_session,
    question_read,
    screen_text,
    settle,
    show_tab,
    table_text,
    typed,
    wait_until,
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
        assert statements() == [
            (StatementKind.VISION, "顔見知りが多いまち。買い物に困らないまち。")
        ]
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


# --- 4. the follow-up review, four items paged forward and back --------------------------------


def followup_with_four_items(store):
    from datetime import date

    from workshop.domain.enums import SessionKind
    from workshop.domain.records import ActionItem, ActionReview, Initiative, Session

    ini = store.add(Initiative(name="買い物支援", municipality="みどり町"))
    first = store.add(Session(initiative_id=ini.id, title="第1回", date=date(2026, 12, 3)))
    middle = store.add(
        Session(
            initiative_id=ini.id, title="第2回", kind=SessionKind.FOLLOWUP, date=date(2026, 12, 20)
        )
    )
    follow = store.add(
        Session(
            initiative_id=ini.id, title="第3回", kind=SessionKind.FOLLOWUP, date=date(2027, 1, 20)
        )
    )
    store.add(Attendee(session_id=follow.id, name="鈴木 一郎", department="商工観光課"))
    items = []
    for n, (what, due) in enumerate(
        [
            ("移動販売の巡回ルートを決める", date(2027, 1, 10)),
            ("サロンの日程を共有する", date(2027, 3, 31)),
            ("見守り協定の案を作る", date(2027, 2, 28)),
            ("空き店舗の活用を検討する", None),
        ]
    ):
        items.append(
            store.add(
                ActionItem(
                    initiative_id=ini.id,
                    session_id=first.id,
                    what=what,
                    owner_department="高齢福祉課",
                    due=due,
                    position=n,
                )
            )
        )
    store.add(
        ActionReview(
            action_id=items[0].id,
            session_id=middle.id,
            status="in_progress",
            comment="業者と調整中",
        )
    )
    return ini, follow, items


async def test_follow_up_review_of_four_items_paged_forward_and_back(tmp_path: Path) -> None:
    from datetime import date

    from textual.widgets import Static

    from workshop.domain.enums import ActionStatus
    from workshop.screens.panes.review import ActionReviewer, History
    from workshop.widgets.dialogs import ConfirmDialog
    from workshop.widgets.inline_form import InlineForm

    app, store = empty_app(tmp_path)
    ini, follow, items = followup_with_four_items(store)

    def mine() -> dict:
        return {r.action_id: r for r in store.reviews(ini.id) if r.session_id == follow.id}

    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, follow.id)
        await show_tab(pilot, "review-tabs", "tab-actions")
        reviewer = app.screen.query_one(ActionReviewer)
        form = reviewer.query_one(InlineForm)
        item_text = lambda: str(reviewer.query_one("#rv-item", Static).render())  # noqa: E731
        assert [s.action.id for s in reviewer.states] == [a.id for a in items]
        # Item 1: overdue before the meeting; the previous meeting's comment is shown
        assert "移動販売の巡回ルート" in item_text()
        assert "期限切れ" in item_text()
        assert "前回のコメント: 業者と調整中" in item_text()
        assert "状況: 進行中" in item_text()
        assert mine() == {}, "opening the review records nothing"
        form.control("status").value = ActionStatus.DONE
        await settle(pilot)
        form.control("comment").focus()
        form.control("comment").insert("ルートを決めて運行を始めた")
        await pilot.press("pagedown")
        await settle(pilot)
        # Still the previous meeting's comment, not the one typed now
        await pilot.press("pageup")
        await settle(pilot)
        assert "前回のコメント: 業者と調整中" in item_text()
        assert "ルートを決めて運行を始めた" not in item_text()
        await pilot.press("pagedown")
        await settle(pilot)
        # Item 2: the cursor starts at its first field, every field is its own
        assert "サロンの日程" in item_text()
        assert "期限切れ" not in item_text()
        assert app.focused is form.control("status")
        assert form.control("comment").text == ""
        form.control("new_due").focus()
        await pilot.press(*"R9.4.30")
        await pilot.press("pagedown")  # before the pause that saves: still item 2's
        await settle(pilot)
        # Item 3: typing at once goes to its first field's neighbour, not to the hand-over
        assert "見守り協定" in item_text()
        assert app.focused is form.control("status")
        await pilot.press("tab")
        await pilot.press(*"kyougichuu")
        form.control("comment").insert("担当者が交代")
        await pilot.press("pageup")
        await settle(pilot, 4)
        assert form.control("new_due").value == "2027-04-30"
        assert form.control("comment").text == ""
        assert form.control("handed_over_to").value == ""
        await pilot.press("pagedown")
        await settle(pilot)
        assert form.control("comment").text.endswith("担当者が交代")
        assert form.control("new_due").value == ""
        await pilot.press("pagedown")
        await settle(pilot)
        # Item 4: a half-typed department is not saved; a known one is, on Enter
        assert "空き店舗" in item_text()
        form.control("handed_over_to").focus()
        await pilot.press(*"shoukou")
        await pilot.pause(1.0)
        assert items[3].id not in mine() or not mine()[items[3].id].handed_over_to
        form.control("handed_over_to").value = "商工観光課"
        await pilot.press("enter")
        await settle(pilot)
        assert mine()[items[3].id].handed_over_to == "商工観光課"
        # A name not on the list is asked about first
        form.control("handed_over_to").value = "まちづくり推進室"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert mine()[items[3].id].handed_over_to == "商工観光課"
        await question_read(pilot)
        await pilot.press("tab", "enter")  # 「この課に引き継ぐ」
        await settle(pilot)
        assert mine()[items[3].id].handed_over_to == "まちづくり推進室"
        reviews = mine()
        assert reviews[items[0].id].status is ActionStatus.DONE
        assert reviews[items[0].id].comment == "ルートを決めて運行を始めた"
        assert reviews[items[1].id].new_due == date(2027, 4, 30)
        assert not reviews[items[1].id].handed_over_to and not reviews[items[1].id].comment
        assert reviews[items[2].id].comment.endswith("担当者が交代")
        assert reviews[items[2].id].new_due is None
        assert not reviews[items[0].id].handed_over_to and not reviews[items[2].id].handed_over_to
        # 推移: the counts the minutes give (one completed, three carried over)
        await show_tab(pilot, "review-tabs", "tab-history")
        from workshop.domain.followup import initiative_history

        data = store.initiative_data(ini.id)
        last = initiative_history(data.ordered_sessions(), data.actions, data.reviews)[-1]
        assert (last.done, last.carried) == (1, 3)
        chart = app.screen.query_one(History).query_one("#history-chart")
        lines = [
            "".join(seg.text for seg in strip).rstrip()
            for strip in chart.render_lines(chart.region.reset_offset)
        ]
        header = next(line for line in lines if "完了" in line)
        row = next(line for line in lines if line.lstrip().startswith("第3回"))
        numbers = [int(n) for n in re.findall(r"(?<![\d/→])(\d+)(?![\d年月日])", row)]
        columns = header.split()
        assert columns[3:] == ["決定", "完了", "中止", "繰越", "未完了"]
        assert numbers[-5:] == [0, 1, 0, 3, 3], row
        # The minutes say the same: one completed, none cancelled, three carried over
        from workshop.export import render

        minutes = render("md", store.initiative_data(ini.id), follow.id)
        minutes = minutes.decode() if isinstance(minutes, bytes) else minutes
        rows = [
            [cell.strip() for cell in x.strip().strip("|").split("|")]
            for x in minutes.splitlines()
            if x.startswith("|") and not x.startswith("|---")
        ]
        history_head = next(r for r in rows if r[0] == "回")
        history = dict(zip(history_head, next(r for r in rows if r[0] == "第3回"), strict=True))
        assert (history["完了"], history["中止"]) == ("1", "0")
        progress_head = next(r for r in rows if "状況" in r and "実施内容" in r)
        at = progress_head.index("状況")
        states = [r[at].split("<br>")[0] for r in rows if len(r) == len(progress_head)][1:]
        assert states.count("完了") == 1
        assert sum(s in ("進行中", "未着手") for s in states) == 3


# --- 5. 確定 locks the record; editing asks to reopen it as 案 ------------------------------


async def test_finalise_confirms_what_is_locked_and_editing_reopens_as_draft(
    tmp_path: Path,
) -> None:
    from textual.widgets import Button, Static

    from workshop.domain.enums import SessionStatus
    from workshop.domain.records import Session
    from workshop.widgets.forms import FormDialog

    app, store = empty_app(tmp_path)
    s = new_session(store)
    people(store, s.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.SUMMARY)
        await show_tab(pilot, "summary-tabs", "tab-export")
        state = screen.query_one("#export-state", Static)
        # Times missing: flagged before export
        assert "開始時刻・終了時刻が未入力" in str(state.render())
        screen.query_one("#finalise", Button).press()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        help_text = str(dialog.query_one("#f-hint-by", Static).render())
        assert "出席者3名" in help_text and "変更できません" in help_text
        # Cancelled: still a draft
        await pilot.press("escape")
        await settle(pilot)
        assert store.get(Session, s.id).status is SessionStatus.DRAFT
        screen.query_one("#finalise", Button).press()
        await settle(pilot)
        app.screen.query_one("#f-by", Input).value = "山田 恵子"
        await pilot.press("ctrl+s")
        await settle(pilot)
        final = store.get(Session, s.id)
        assert final.status is SessionStatus.FINAL
        assert [(e.event, e.by) for e in final.approval_log] == [("final", "山田 恵子")]
        assert "確定：" in str(state.render()) and "山田 恵子" in str(state.render())
        # Editing a final record asks to reopen it; declining changes nothing
        screen = await go(pilot, Step.VISION)
        b = next(b for b in screen.query(CardBoard) if b.prompts == ["vision.town"])
        await capture(pilot, b, "歩いて暮らせるまち")
        assert isinstance(app.screen, FormDialog)
        assert "確定しています" in app.screen.form_title
        await question_read(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not [c for c in store.cards(s.id, Step.VISION)]
        assert b.query_one("#capture-text", Input).value == "歩いて暮らせるまち"
        assert store.get(Session, s.id).status is SessionStatus.FINAL
        # Accepting reopens it as 案, recording who and when; then the edit is saved
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#f-by", Input).value = "近藤 拓也"
        app.screen.query_one("#f-reason", Input).value = "カードの追加"
        await question_read(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        reopened = store.get(Session, s.id)
        assert reopened.status is SessionStatus.DRAFT
        assert [(e.event, e.by, e.reason) for e in reopened.approval_log] == [
            ("final", "山田 恵子", ""),
            ("reopened", "近藤 拓也", "カードの追加"),
        ]
        assert "近藤 拓也さんが会議を「案」に戻し" in notices(app)
        # the card refused while final is stored as soon as the record is 案 again, and
        # the notice says so (it asked for Enter once more, which would add nothing)
        assert [c.text for c in store.cards(s.id, Step.VISION)] == ["歩いて暮らせるまち"]
        assert "入力したカードを記録しました" in notices(app)
        assert "もう一度 Enter" not in notices(app)
        assert b.query_one("#capture-text", Input).value == ""
        # Moving between steps never counted as an edit
        screen = await go(pilot, Step.SUMMARY)
        await show_tab(pilot, "summary-tabs", "tab-export")
        assert "案に戻した記録" in str(screen.query_one("#export-state", Static).render())


# --- 6. a follow-up is proposed for the regular meeting's next date ---------------------------


def test_followup_date_follows_the_plan_and_never_precedes_the_last_session() -> None:
    from datetime import date

    from workshop.domain.enums import Cadence
    from workshop.domain.followup import followup_date
    from workshop.domain.records import Mechanism, Session

    last = Session(initiative_id="i", title="第1回", date=date(2026, 12, 3))
    monthly = Mechanism(
        session_id=last.id, name="定例会", cadence=Cadence.MONTHLY, first_date=date(2026, 10, 21)
    )
    # Today is before the last session: the regular meeting after it (第3水曜)
    assert followup_date([last], [monthly], date(2026, 11, 25)) == date(2026, 12, 16)
    # The 次回予定 the last session set wins
    planned = last.model_copy(update={"next_meeting_date": date(2027, 1, 20)})
    assert followup_date([planned], [monthly], date(2026, 11, 25)) == date(2027, 1, 20)
    # No plan and no regular meeting: the day after the last session at the earliest
    assert followup_date([last], [], date(2026, 11, 25)) == date(2026, 12, 4)
    assert followup_date([last], [], date(2027, 2, 1)) == date(2027, 2, 1)


async def test_follow_up_dialog_proposes_the_next_regular_date(tmp_path: Path) -> None:
    from datetime import date

    from tests.ui_helpers import demo_app
    from workshop.domain.records import Session
    from workshop.widgets.forms import FormDialog

    app, store, initiative_id = demo_app(tmp_path)
    sessions = store.sessions(initiative_id)
    last_date = max(s.date for s in sessions if s.date)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        shown = app.screen.query_one("#f-date", Input).value
        assert shown == "2027-01-20"  # the 次回予定 of the demo's last session
        assert date.fromisoformat(shown) > last_date
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        new = max(store.sessions(initiative_id), key=lambda s: s.created_at)
        assert isinstance(new, Session) and new.date == date(2027, 1, 20)


# --- 9. export dialog: create the folder, remember the formats, boxes by glyph ----------------


def tick_lines(widget) -> list[str]:
    return ["".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)]


async def test_export_offers_to_create_a_missing_folder_and_remembers_formats(
    tmp_path: Path,
) -> None:
    from textual.widgets import Static

    from tests.test_ui_export import open_export, wait_done
    from tests.ui_helpers import demo_app
    from workshop.screens.export_dialog import ExportDialog
    from workshop.widgets.dialogs import ConfirmDialog
    from workshop.widgets.ticks import TickList

    app, store, _ = demo_app(tmp_path)
    target = tmp_path / "議事録" / "12月"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot, store)
        formats = dialog.query_one(TickList)
        lines = tick_lines(formats)
        assert any(line.startswith("[x] ") and "Word" in line for line in lines)
        assert any(line.startswith("[ ] ") for line in lines)
        formats.deselect_all()
        formats.select("md")
        formats.select("csv")
        await settle(pilot)
        lines = tick_lines(formats)
        assert sum(line.startswith("[x] ") for line in lines) == 2
        dialog.query_one("#folder", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Said once (not once per format), and offered to be made
        result = str(dialog.query_one("#export-result", Static).render())
        assert result.count("ありません") == 1
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("tab", "enter")  # 「作成して出力」
        await wait_done(pilot, dialog)
        assert sorted(p.suffix for p in target.iterdir()) == [".csv", ".md"]
        assert app.config.export_formats == ["md", "csv"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, ExportDialog)
        assert set(again.query_one(TickList).selected) == {"md", "csv"}
        assert again.query_one("#folder", Input).value == str(target)


# --- 10. the side panel's state survives a restart; ④ does not jump ----------------------------


async def test_side_panel_state_is_kept_across_a_restart(tmp_path: Path) -> None:
    from workshop.app import WorkshopApp
    from workshop.config import Config, load_config, save_config
    from workshop.widgets.side_panel import SidePanel

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_session(pilot, s.id)
        side = app.screen.query_one(SidePanel)
        assert side.display
        await pilot.press("f7")
        await settle(pilot)
        assert not side.display
    assert app.config.side_panel is False
    path = tmp_path / "config.toml"
    save_config(app.config, path)
    config = load_config(path)
    assert config.side_panel is False
    again = WorkshopApp(store=store, config=config, persist_config=False)
    async with again.run_test(size=(140, 40)) as pilot:
        await open_session(pilot, s.id)
        assert not again.screen.query_one(SidePanel).display
        await pilot.press("f7")
        await settle(pilot)
        assert again.screen.query_one(SidePanel).display
    assert load_config(tmp_path / "absent.toml") == Config()


async def test_mechanism_warnings_keep_their_space(tmp_path: Path) -> None:
    from textual.widgets import Static

    from workshop.domain.records import Mechanism
    from workshop.widgets.inline_form import InlineForm

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.MECHANISM)
        form = screen.query_one("#mechanism-form", InlineForm)
        warnings = screen.query_one("#warnings", Static)
        top, height = form.region.y, warnings.region.height
        assert "定例会議がまだ決まっていません" in str(warnings.render())
        form.control("name").focus()
        typed(app, "teireikai")  # the warnings' place is the point, not the keys
        await wait_until(pilot, lambda: form.control("name").value == "teireikai")
        await pilot.press("tab")
        await settle(pilot, 5)
        assert store.mechanisms(s.id)
        many = str(warnings.render())
        assert "ほかに" in many  # four warnings: two shown, the rest counted
        assert (form.region.y, warnings.region.height) == (top, height)
        m = store.mechanisms(s.id)[0]
        store.update(
            m,
            secretariat=["高齢福祉課"],
            members=["高齢福祉課", "商工観光課"],
            anchor="youkou",
            review_date=__import__("datetime").date(2027, 3, 31),
        )
        screen.query_one("#pane-mechanism").show_warnings()
        await settle(pilot)
        assert "見つかっていません" in str(warnings.render())
        assert (form.region.y, warnings.region.height) == (top, height)
        assert isinstance(m, Mechanism)


async def test_a_warning_about_a_long_meeting_name_still_says_what_is_missing(
    tmp_path: Path,
) -> None:
    """Each warning is one line: with a long meeting name only the name was on the
    screen; the name is shortened so that the warning's own words stay."""
    from textual.widgets import Static

    from workshop.domain.records import Mechanism

    app, store = empty_app(tmp_path)
    s = new_session(store)
    long_name = "さくら川町くらしの足と買い物と見守りと防災の連携推進会議（仮称）準備会合"
    store.add(Mechanism(session_id=s.id, name=long_name))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.MECHANISM)
        screen.query_one("#pane-mechanism").show_warnings()
        await settle(pilot)
        shown = screen_text(app)
        assert "の事務局が決まっていません。" in shown
        assert "に正式な位置づけ（要綱・委託仕様など）がありません" in shown
        warnings = screen.query_one("#warnings", Static)
        assert warnings.region.right <= 100


# --- 3. an example is never taken for a value ---------------------------------------------------


async def test_time_placeholders_are_examples_and_empty_times_are_flagged(
    tmp_path: Path,
) -> None:
    from datetime import date, time

    from textual.widgets import Static

    from workshop.domain.records import Session

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = app.screen
        start = screen.query_one("#i-start_time", Input)
        end = screen.query_one("#i-end_time", Input)
        assert (start.value, start.placeholder) == ("", "例：14:00")
        assert (end.value, end.placeholder) == ("", "例：16:00")
        mech = await go(pilot, Step.MECHANISM)
        assert mech.query_one("#i-start_time", Input).placeholder == "例：14:00"
        summary = await go(pilot, Step.SUMMARY)
        assert summary.query_one("#i-next_meeting_time", Input).placeholder == "例：14:00"
        await show_tab(pilot, "summary-tabs", "tab-export")
        state = summary.query_one("#export-state", Static)
        assert "日付・開始時刻・終了時刻が未入力" in str(state.render())
        # Date and times entered: the flag goes
        store.update(
            store.get(Session, s.id),
            date=date(2026, 12, 3),
            start_time=time(14, 0),
            end_time=time(16, 0),
        )
        app.screen.ctx.reload()
        summary.pane(Step.SUMMARY).shown()
        await settle(pilot)
        assert "未入力" not in str(state.render())


# --- 7. attendees as fast as people introduce themselves ---------------------------------------

TEN = [
    ("山田 恵子", "高齢福祉課", 1, 1),
    ("石井 健司", "企画課", 1, 3),
    ("森 早苗", "商工観光課", 1, 2),
    ("松本 直人", "防災安全課", 1, 2),
    ("佐藤 由美", "健康づくり課", 1, 7),
    ("小林 翔", "生涯学習課", 1, 7),
    ("中村 さくら", "交通政策課", 1, 2),
    ("小川 正樹", "みどり町社会福祉協議会", 2, 5),
    ("西田 亜紀", "地域包括支援センター", 2, 4),
    ("加藤 誠", "みどり商工会", 2, 0),
]


async def test_ten_attendees_with_side_and_role_one_key_each(tmp_path: Path) -> None:
    from workshop.domain.enums import Role, Side

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        name = app.screen.query_one("#qa-name", Input)
        dept = app.screen.query_one("#qa-dept", Input)
        specials = 0
        for person, section, side, role in TEN:
            name.focus()
            name.insert_text_at_cursor(person)
            await pilot.press("enter")
            assert dept.has_focus
            dept.insert_text_at_cursor(section)
            # Tab, a digit for the side, a full-width digit (IME on) for the role
            await pilot.press("tab", str(side), chr(ord("０") + role))
            specials += 4
            await settle(pilot, 2)
        stored = store.attendees(s.id)
        roles = list(Role)
        assert [(a.name, a.department, a.side, a.roles) for a in stored] == [
            (p, d, [Side.INTERNAL, Side.EXTERNAL][side - 1], [roles[role - 1]] if role else [])
            for p, d, side, role in TEN
        ]
        assert specials == 40
        assert name.has_focus and name.value == ""


async def test_one_line_attendee_is_parsed_and_confirmed(tmp_path: Path) -> None:
    from textual.widgets import Static

    from workshop.domain.enums import Role, Side

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        name = app.screen.query_one("#qa-name", Input)
        name.focus()
        name.insert_text_at_cursor("佐藤 美咲／福祉介護課／庁内／旗振り役")
        await pilot.press("enter")
        await settle(pilot)
        # Understood and shown, not yet stored
        assert store.attendees(s.id) == []
        help_line = str(app.screen.query_one("#qa-help", Static).render())
        assert "佐藤 美咲／福祉介護課／庁内／旗振り役" in help_line and "Enter で追加" in help_line
        assert name.value == "佐藤 美咲"
        assert app.screen.query_one("#qa-dept", Input).value == "福祉介護課"
        await pilot.press("enter")
        await settle(pilot)
        (a,) = store.attendees(s.id)
        assert (a.name, a.department, a.side, a.roles) == (
            "佐藤 美咲",
            "福祉介護課",
            Side.INTERNAL,
            [Role.FLAG_BEARER],
        )
        # Something unreadable is said, and nothing is added
        name.insert_text_at_cursor("田中 一郎/社会福祉協議会/庁外/会計係")
        await pilot.press("enter")
        await settle(pilot)
        assert "会計係" in notices(app)
        assert len(store.attendees(s.id)) == 1
        # Half-width slashes, English labels and a role prefix are read too
        name.value = "Lee Ann / みどり商工会 / Outside body / フォロ"
        await pilot.press("enter", "enter")
        await settle(pilot)
        b = store.attendees(s.id)[-1]
        assert (b.name, b.side, b.roles) == ("Lee Ann", Side.EXTERNAL, [Role.FOLLOWER])


# --- 13. one language on screen -------------------------------------------------------------------


async def test_japanese_ui_has_no_textual_english(tmp_path: Path) -> None:
    from textual.command import CommandInput, CommandList
    from textual.widgets import KeyPanel

    app, store = empty_app(tmp_path)
    s = new_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        # The command palette: its placeholder and Textual's own commands
        await pilot.press("ctrl+p")
        await settle(pilot, 4)
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder.startswith("コマンドを検索")
        palette.query_one(CommandInput).value = "キー"
        commands = palette.query_one(CommandList)

        def prompts() -> list[str]:
            return [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]

        await wait_until(pilot, lambda: any("キー一覧" in p for p in prompts()))
        await settle(pilot)
        assert any("キー一覧" in p for p in prompts())
        assert not any("Keys" in p for p in prompts())
        palette.query_one(CommandInput).value = "zzzz"

        def said_no_match() -> bool:  # after a delay, in whatever words
            ids = (commands.get_option_at_index(i).id for i in range(commands.option_count))
            return palette._NO_MATCHES in ids

        await wait_until(pilot, said_no_match)
        await settle(pilot)
        assert not any("No matches" in p for p in prompts())
        await pilot.press("escape")
        await settle(pilot)
        # The keys panel lists the focused field's keys in Japanese
        app.action_show_help_panel()
        await settle(pilot, 4)
        from textual.widgets._key_panel import BindingsTable

        panel = app.screen.query_one(KeyPanel)
        table = panel.query_one(BindingsTable).render_bindings_table()
        from rich.console import Console

        console = Console(width=60, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(table)
        shown = console.export_text()
        assert "上へスクロール" in shown and "すべて選択" in shown
        for english in ("Scroll", "Move cursor", "Delete", "Submit", "Input", "Select all"):
            assert english not in shown, english
        app.action_hide_help_panel()
        # A drop-down's pop-up: its key line says how to close it in Japanese
        from textual.widgets import Select
        from textual.widgets._select import SelectOverlay

        screen = await go(pilot, Step.SUMMARY)
        await show_tab(pilot, "summary-tabs", "tab-actions")
        overlay_keys = [
            b.description for b in SelectOverlay._merged_bindings.get_bindings_for_key("escape")
        ]
        assert overlay_keys == ["一覧を閉じる"]
        assert all(
            b.description != "Show menu"
            for b in Select._merged_bindings.get_bindings_for_key("enter")
        )
        del screen


ENGLISH = r"""
import asyncio, sys
from datetime import date
from workshop.i18n import set_language
set_language("en")
from pathlib import Path
from workshop.app import WorkshopApp
from workshop.demo import install_demo
from workshop.domain.records import Attendee
from workshop.store import Store

async def main():
    store = Store(Path(sys.argv[1]))
    install_demo(store)
    app = WorkshopApp(store=store, persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        import html
        home = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        print("GREGORIAN" if "Wed 16 Sep 2026" in home and "令和" not in home else "NO-GREGORIAN")
        statuses = "Final" in home and "Draft" in home and "確定" not in home
        print("STATUS" if statuses else "NO-STATUS")
        await pilot.press("ctrl+n")
        for _ in range(3):
            await pilot.pause()
        title = app.screen.query_one("#f-title").value
        print("TITLE " + title)
        await pilot.press("escape")
        for _ in range(2):
            await pilot.pause()
        first = min(store.sessions(), key=lambda s: s.date or date.max)
        app.open_session(first.id)
        for _ in range(8):
            await pilot.pause()
        from workshop.widgets.attendee_editor import AttendeeEditor
        from workshop.screens.session import SessionScreen
        screen = app.screen
        screen.go_to(screen.steps[0])
        for _ in range(6):
            await pilot.pause()
        screen.query_one("#prep-tabs").active = "tab-attendees"  # built when first shown
        for _ in range(6):
            await pilot.pause()
        editor = screen.query_one(AttendeeEditor)
        shakyo = next(a for a in store.attendees(first.id) if a.outside_kind == "shakyo")
        print("SIDE " + editor._side_label(shakyo))
        from workshop.screens.panes.mechanism import mechanism_fields
        labels = [f.label for f in mechanism_fields(screen.ctx)]
        print("SECRETARIAT " + "|".join(l for l in labels if "ecretariat" in l))

asyncio.run(main())
"""


def test_english_ui_speaks_english(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = tmp_path / "english.py"
    script.write_text(ENGLISH, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "en.db")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    lines = out.stdout.splitlines()
    assert "GREGORIAN" in lines, out.stdout + out.stderr
    assert "STATUS" in lines
    assert "TITLE Cross-department meeting No. 1" in lines
    side = next(line for line in lines if line.startswith("SIDE "))
    assert side == "SIDE Outside: social welfare council"
    secretariat = next(line for line in lines if line.startswith("SECRETARIAT "))
    names = secretariat.removeprefix("SECRETARIAT ").split("|")
    assert len(names) == len(set(names)) == 2, names


async def test_editing_a_cards_speaker_brings_their_department(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Select

    from workshop.domain.records import Card
    from workshop.widgets.forms import FormDialog

    app, store = empty_app(tmp_path)
    s = new_session(store)
    suzuki, takahashi, _ = people(store, s.id)
    card = store.add(
        Card(
            session_id=s.id,
            step=Step.STRENGTHS,
            prompt="strengths.strengths",
            text="独居の方の相談を毎日受けている",
            author_id=suzuki.id,
            department=suzuki.department,
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s.id)
        screen = await go(pilot, Step.STRENGTHS)
        b = next(b for b in screen.query(CardBoard) if b.department_field)
        b.query_one(DataTable).focus()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#f-author_id", Select).value = takahashi.id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.get(Card, card.id).department == "地域包括支援センター（直営）"


async def test_reopening_a_final_session_without_an_approval_log_says_so_plainly(
    tmp_path: Path,
) -> None:
    """A session made final before approvals were logged (a database of an older
    version): the reopen question has no empty 「（、—）」 where the date and the
    approver would stand."""
    from tests.ui_helpers import demo_app, open_session, screen_text

    app, store, initiative_id = demo_app(tmp_path)
    final = next(s for s in store.sessions(initiative_id) if s.status.value == "final")
    final = store.update(final, approval_log=[])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, final.id)
        app.screen.ctx.ask_reopen()
        await settle(pilot)
        text = screen_text(app)
        assert "この会議は確定しています。編集するには「案」に戻します。" in text
        assert "（、" not in text


async def test_the_reopened_notice_says_what_became_of_what_was_typed(tmp_path: Path) -> None:
    """Reopened from the summary's button, nothing was typed: the notice only says who
    reopened it (it said that what was typed was still there, to be saved again)."""
    from textual.widgets import Button

    from tests.ui_helpers import demo_app, notices, open_session
    from workshop.domain.enums import SessionStatus
    from workshop.domain.records import Session
    from workshop.widgets.forms import FormDialog

    app, store, initiative_id = demo_app(tmp_path)
    final = next(s for s in store.sessions(initiative_id) if s.status.value == "final")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, final.id)
        screen = await go(pilot, Step.SUMMARY)
        await show_tab(pilot, "summary-tabs", "tab-export")
        screen.query_one("#finalise", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#f-by", Input).value = "近藤 拓也"
        await question_read(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.get(Session, final.id).status is SessionStatus.DRAFT
        assert notices(app).splitlines()[-1] == "近藤 拓也さんが会議を「案」に戻しました。"

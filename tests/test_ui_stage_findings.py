"""The self-check entry and what it finds: no silent target, the team row against the
attendees' answers, a single answer, the population band's stage facts, and the history's
median (Pilot), asserted against the reference data."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from tests.test_knowledge_ui import SIZE, make_app, open_step, plain, settle
from workshop.domain.enums import SessionKind, Step
from workshop.domain.records import Initiative, Session, StageAnswer
from workshop.reference import load
from workshop.widgets.self_check import StageDialog, StageSelfCheck

PEOPLE = [("山田 恵子", "高齢福祉課"), ("森 早苗", "商工観光課")]


async def test_digit_moves_on_without_choosing_the_target(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, [], PEOPLE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        table = screen.query_one(StageSelfCheck).query_one(DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StageDialog)
        await pilot.press("2")  # the current stage; focus moves to 目標
        await settle(pilot)
        target = dialog.query_one("#sd-target", OptionList)
        assert dialog.focused is target and target.highlighted is None
        await pilot.press("enter")  # nothing picked: Enter saves nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and store.stage_answers(session.id) == []
        assert "目指す段階を選んでください" in plain(dialog.query_one("#sd-detail", Static))
        # 2 → 2 only when picked, and it is said aloud
        await pilot.press("2")
        await settle(pilot)
        assert "差0" in plain(dialog.query_one("#sd-detail", Static))
        await pilot.press("enter")
        await settle(pilot)
        assert [(a.current, a.target) for a in store.stage_answers(session.id)] == [(2, 2)]
        assert any("差0" in str(n.message) for n in app._notifications)


async def test_team_row_no_attendee_chose_is_pointed_out(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, [], PEOPLE)
    people = {a.name: a.id for a in store.attendees(session.id)}
    for who, (cur, tgt) in {None: (3, 4), "山田 恵子": (2, 4), "森 早苗": (4, 5)}.items():
        aid = people[who] if who else None
        store.add(StageAnswer(session_id=session.id, attendee_id=aid, current=cur, target=tgt))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        report = plain(screen.query_one(StageSelfCheck).query_one("#sc-bench", Static))
        assert "チームの見立て（現在 3 相互理解が深まる）は、出席者の誰も選んでいない段階" in report
        assert "出席者が選んだ段階：2・4" in report


async def test_single_answer_does_not_claim_agreement(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, [], PEOPLE)
    yamada = store.attendees(session.id)[0]
    store.add(StageAnswer(session_id=session.id, attendee_id=yamada.id, current=2, target=4))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        report = plain(screen.query_one(StageSelfCheck).query_one("#sc-bench", Static))
        assert "一致しています" not in report
        assert "回答は山田 恵子さんの1人分だけです" in report


async def test_population_band_stage_facts_in_the_self_check(tmp_path: Path) -> None:
    ref = load()
    band = ref.population_band(18_200)
    assert band is not None and band.key == "lt25k"
    fact = next(f for f in ref.survey.gap_facts if f.key == "current_stage45_lt25k")
    whole = next(f for f in ref.survey.gap_facts if f.key == "current_stage45_all")
    app, _, session = make_app(tmp_path, [], PEOPLE, population=18_200)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        report = plain(screen.query_one(StageSelfCheck).query_one("#sc-bench", Static))
        assert f"人口規模「{band.label}」の自治体：調査の回答 {band.survey_n}" in report
        assert f"（{fact.value:.1f}%、N={fact.N}）" in report
        assert f"全体では{whole.value:.1f}%（N={whole.N}）" in report
        assert fact.sources[0].label() in report
        target5 = next(f for f in ref.survey.gap_facts if f.key == "target_stage5_all")
        assert f"（{target5.value:.1f}%、N={target5.N}）" in report


async def test_history_uses_the_median_where_the_team_gave_none(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, [], PEOPLE)
    people = store.attendees(session.id)
    for person, (cur, tgt) in zip(people, [(2, 4), (3, 5)], strict=True):
        store.add(
            StageAnswer(session_id=session.id, attendee_id=person.id, current=cur, target=tgt)
        )
    ini = store.require(Initiative, session.initiative_id)
    later = store.add(Session(initiative_id=ini.id, title="第2回", kind=SessionKind.FOLLOWUP))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, later.id, Step.PREP, "tab-stage")
        report = plain(screen.query_one(StageSelfCheck).query_one("#sc-bench", Static))
        assert "第1回: 現在 2 顔が見える → 目標 4 組織的に協調（出席者の中央値）" in report

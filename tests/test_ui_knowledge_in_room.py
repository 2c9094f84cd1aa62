"""The documents' knowledge where a facilitator uses it (Pilot): the 2024 guide survey in
準備 beside the 2020 survey, the merits picked in ① and reviewed in a follow-up, the
collaboration pattern in ②, the mechanism beside the survey in ④; and in the minutes.
Figures are asserted against the reference data."""

from __future__ import annotations

from pathlib import Path

from export_data import docx_text
from textual.widgets import SelectionList, Static

from tests.test_knowledge_ui import SIZE, make_app, open_step, plain, settle
from tests.ui_helpers import template_store
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.enums import Cadence, Role, SessionKind, Side, Step
from workshop.domain.records import Attendee, Initiative, Mechanism, Session
from workshop.export import render
from workshop.reference import load
from workshop.widgets.entry_patterns import EntryPatterns
from workshop.widgets.merits import MeritPicker
from workshop.widgets.survey_compare import MechanismSurvey, SurveyFacts

REF = load()


async def test_prep_shows_the_2024_survey_beside_the_2020_survey(tmp_path: Path) -> None:
    app, _, session = make_app(tmp_path, ["デマンド交通"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-survey")
        text = plain(screen.query_one(SurveyFacts).query_one("#sf-text", Static))
        guide = next(m for m in REF.survey.meta if m.key == "guide2023")
        assert guide.n_valid == 236 and f"n={guide.n_valid}" in text
        figures = {f.key: f for f in REF.survey.guide_figures}
        for key, value in (
            ("guide_collab_45", 45),
            ("guide_want_72", 72),
            ("guide_barrier_staff_61", 61),
        ):
            fact = figures[key]
            assert fact.value == value and f"（{value}%、n=236）" in text, key
            assert fact.sources[0].label() in text
        assert "39〜40%" in text  # no flag-bearer / coordination / not knowing what is possible
        old = next(m for m in REF.survey.meta if m.key == "survey2020")
        assert f"N={old.n_valid}" in text and "混ぜずに" in text
        # programme types: 移動支援 is this session's theme, with its current and desired shares
        mobility = next(p for p in REF.survey.programme_types if p.key == "prog_mobility")
        cur, want = mobility.current_other, mobility.desired_other
        assert cur and want
        now = f"現在 {cur.pct:.1f}%（{cur.n}/{cur.N}）"
        assert f"★移動支援：{now} → 今後 {want.pct:.1f}%（{want.n}/{want.N}）" in text
        assert "テーマの候補" in text
        # the partners municipalities most want
        top = max(
            (d for d in REF.survey.department_types if d.desired and d.label != "その他"),
            key=lambda d: d.desired.pct,  # type: ignore[union-attr]
        )
        assert top.desired
        assert f"{top.label}（医療・介護・福祉分野）：今後 {top.desired.pct:.1f}%" in text


async def test_merits_picked_in_vision_reach_the_minutes_and_the_follow_up(
    tmp_path: Path,
) -> None:
    app, store, session = make_app(tmp_path, ["デマンド交通"])
    merits = {m.label: m.key for m in REF.vocab.merits}
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.VISION, "tab-merits")
        picker = screen.query_one(MeritPicker)
        lst = picker.query_one(SelectionList)
        assert store.require(Session, session.id).expected_merits == []  # nothing on mount
        for label in ("生活インフラの維持", "外出・社会参加促進"):
            lst.select(merits[label])
        await settle(pilot)
        stored = store.require(Session, session.id).expected_merits
        assert stored == [merits["生活インフラの維持"], merits["外出・社会参加促進"]]
        shown = plain(picker.query_one("#mp-source", Static))
        assert "『手引き2024』L120–127" in shown
    data = store.initiative_data(session.initiative_id)
    minutes = docx_text(render("docx", data, session.id))
    assert "期待する連携のメリット" in minutes
    assert "事業成果の創出：生活インフラの維持" in minutes
    assert "住民のメリット（介護予防・生活支援）：外出・社会参加促進" in minutes

    # the follow-up shows the earlier picks; dropping one is this meeting's review
    ini = store.require(Initiative, session.initiative_id)
    later = store.add(Session(initiative_id=ini.id, title="第2回", kind=SessionKind.FOLLOWUP))
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, later.id, Step.REVIEW, "tab-merits")
        picker = screen.query_one(MeritPicker)
        note = plain(picker.query_one("#mp-earlier", Static))
        assert "第1回で期待したメリット：生活インフラの維持、外出・社会参加促進" in note
        assert "まだ見直していません" in note
        assert store.require(Session, later.id).expected_merits == []
        picker.query_one(SelectionList).deselect(merits["外出・社会参加促進"])
        await settle(pilot)
        assert store.require(Session, later.id).expected_merits == [merits["生活インフラの維持"]]
    data = store.initiative_data(session.initiative_id)
    minutes = docx_text(render("docx", data, later.id))
    assert "期待した連携のメリットの見直し（第1回で選んだもの）" in minutes
    assert "引き続き期待する：事業成果の創出：生活インフラの維持" in minutes
    assert "外した：住民のメリット（介護予防・生活支援）：外出・社会参加促進" in minutes


async def test_collaboration_pattern_in_strengths(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, ["デマンド交通"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.STRENGTHS, "tab-entry")
        patterns = screen.query_one(EntryPatterns)
        patterns.query_one("#ep-list").focus()
        await pilot.press("down")  # 他部門の事業に相乗り
        await settle(pilot)
        detail = plain(patterns.query_one("#ep-text", Static))
        assert (
            "手引きが挙げる例：行方市（茨城県）、笠間市（茨城県）、鎌ヶ谷市（千葉県）、府中市（東京都）"
            in detail
        )
        assert "現場主導" in detail and "『手引き2024』L248–254" in detail
        await pilot.press("enter")
        await settle(pilot)
        assert store.require(Session, session.id).entry_pattern == "ride_other"
        assert "✓" in plain(
            patterns.query_one("#ep-text", Static)
        ) or "このチームのパターン" in plain(patterns.query_one("#ep-text", Static))
    data = store.initiative_data(session.initiative_id)
    minutes = docx_text(render("docx", data, session.id))
    assert "連携のパターン" in minutes
    assert "他部門の事業に相乗り（手引きの例：行方市、笠間市、鎌ヶ谷市、府中市" in minutes


async def test_mechanism_beside_what_municipalities_do(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, ["デマンド交通"])
    store.add(
        Attendee(
            session_id=session.id,
            name="山田 恵子",
            department="高齢福祉課",
            department_type="mcw_elderly_welfare",
            side=Side.INTERNAL,
            roles=[Role.FLAG_BEARER],
        )
    )
    store.add(Mechanism(session_id=session.id, name="連携会議", cadence=Cadence.MONTHLY))
    monthly = next(r for r in REF.survey.staff_meeting_frequencies if r.option == "freq_monthly")
    assert (monthly.mcw.n, monthly.mcw.N, monthly.other.n, monthly.other.N) == (29, 109, 2, 52)
    lead_self = next(o for o in REF.survey.leads if o.key == "lead_self")
    assert lead_self.all
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.MECHANISM, "tab-mech-survey")
        text = plain(screen.query_one(MechanismSurvey).query_one("#ms-text", Static))
        assert "この会議体「連携会議」：毎月" in text
        assert (
            "▶月に1回程度：医療・介護・福祉分野と 26.6%（29/109）／それ以外と 3.8%（2/52）" in text
        )
        assert "L5745" in text and "L5768" in text
        share = lead_self.all
        assert f"▶{lead_self.label}：{share.pct:.1f}%（{share.n}/{share.N}）" in text
        assert "事業や取組の実施状況を共有するため：医療・介護・福祉分野と 88.9%（201/226）" in text


async def test_side_panel_cases_follow_the_step_for_the_demo_town(tmp_path: Path) -> None:
    from workshop.widgets.side_panel import SidePanel

    store, _ = template_store(tmp_path / "demo.db", demo=True)
    first = next(s for s in store.sessions() if s.kind is SessionKind.INITIAL)
    ini = store.require(Initiative, first.initiative_id)
    store.update(ini, care_cert_rate_adjusted=17.0)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    shown: dict[Step, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        for step in (Step.STRENGTHS, Step.RESOURCES, Step.MECHANISM):
            screen = await open_step(pilot, first.id, step)
            side = screen.query_one(SidePanel)
            shown[step] = [s.case.id for s in side.similar]
            text = plain(side.page.query_one("#sp-content", Static))
            for item in side.similar:
                assert item.reasons  # one line says why each case is shown
            if step is Step.MECHANISM:
                assert "会議の形：全体会と部会・ワーキングの重層型" in text
            await pilot.press("escape")
            await settle(pilot)
    assert len({tuple(v) for v in shown.values()}) == 3, shown
    assert "daigo" in shown[Step.MECHANISM]  # 要項 anchor: 大子町's tiered meetings

"""Pilot tests of the knowledge features: stage self-check, barriers and remedies, the
case library, similar cases, scheme suggestions and organisational patterns."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static, TabbedContent

from tests.ui_helpers import template_store
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.enums import PartnerClass, ResourceKind, Step
from workshop.domain.records import (
    Attendee,
    Initiative,
    Mechanism,
    Resource,
    Session,
    StageAnswer,
)
from workshop.screens.cases import CaseLibraryScreen
from workshop.screens.session import SessionScreen
from workshop.store import Store
from workshop.widgets.barriers import BarrierChecklist, RemedyDialog, ToggleList
from workshop.widgets.org_patterns import OrgPatterns
from workshop.widgets.scheme_suggestions import SchemeSuggestions
from workshop.widgets.self_check import StageDialog, StageSelfCheck
from workshop.widgets.side_panel import SidePanel

SIZE = (120, 40)


# --- helpers ------------------------------------------------------------------------------------


def make_app(
    tmp_path: Path,
    themes: list[str] | None = None,
    people: list[tuple[str, str]] | None = None,
    population: int | None = 30_000,
) -> tuple[WorkshopApp, Store, Session]:
    store, _ = template_store(tmp_path / "k.db")
    ini = store.add(Initiative(name="くらしの足", municipality="みどり町", population=population))
    session = store.add(Session(initiative_id=ini.id, title="第1回", themes=themes or []))
    for i, (name, dept) in enumerate(people or []):
        store.add(Attendee(session_id=session.id, name=name, department=dept, position=i))
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    return app, store, session


async def settle(pilot: Pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def open_step(pilot: Pilot, session_id: str, step: Step, tab: str | None = None):
    """Open the session at a step (set as its current step first, so only that step's
    pane is built) and show one of its tabs."""
    store = pilot.app.store  # type: ignore[attr-defined]
    store.update(store.require(Session, session_id), current_step=step, reached_step=step)
    pilot.app.open_session(session_id)  # type: ignore[attr-defined]
    await settle(pilot, 4)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    assert screen.current is step
    if tab is not None:
        pane = screen.pane(step)
        assert pane is not None
        pane.query_one(TabbedContent).active = tab
        await settle(pilot, 3)
    return screen


def plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def screen_text(app: WorkshopApp) -> str:
    """What the screen shows, as plain text (from the SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


def rows(table: DataTable) -> list[str]:
    return [
        " | ".join(getattr(c, "plain", str(c)) for c in table.get_row_at(i))
        for i in range(table.row_count)
    ]


# --- stage self-check --------------------------------------------------------------------------


async def test_self_check_with_two_disagreeing_attendees(tmp_path: Path) -> None:
    app, store, session = make_app(
        tmp_path, ["デマンド交通"], [("山田 恵子", "高齢福祉課"), ("森 早苗", "商工観光課")]
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        check = screen.query_one(StageSelfCheck)
        table = check.query_one(DataTable)
        table.focus()
        # row 0 is the team; 山田 is row 1: current 2, target 5 (digits, full-width too)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StageDialog)
        await pilot.press("2", "５", "enter")
        await settle(pilot)
        # 森: current 3, target 4 with the arrows
        table.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StageDialog)
        await pilot.press("down", "enter")  # from 2 (the default) to 3, on to the target
        assert dialog.query_one("#sd-target", OptionList).highlighted is None  # not pre-set
        await pilot.press("down", "down", "down", "down")  # 1, 2, 3, 4
        await pilot.press("ctrl+s")
        await settle(pilot)

        answers = {a.attendee_id: (a.current, a.target) for a in store.stage_answers(session.id)}
        people = {a.name: a.id for a in store.attendees(session.id)}
        assert answers == {people["山田 恵子"]: (2, 5), people["森 早苗"]: (3, 4)}

        report = plain(check.query_one("#sc-bench", Static))
        assert "意見が分かれています: 現在 2〜3" in report
        assert "目指す段階も人によって違います: 4〜5" in report
        assert "山田 恵子 2→5、森 早苗 3→4" in report
        # no team answer yet: compared at the lower median (2)
        assert "中央値" in report
        assert "下の段階 7.7%（19）" in report
        assert "同じ段階 55.2%（137）" in report
        assert "上の段階 33.1%（82）" in report
        assert "N=248" in report
        # provenance of the survey
        assert "関東信越厚生局管内" in report and "2020年" in report
        assert "「高齢福祉」を担当する部課室" in report
        assert "『報告書2021』L6236–6271" in report
        # the lens for stage 2, flagged as our inference
        assert "連係（れんけい）" in report and "【推定】" in report
        # the gap 2→4 of the median is the survey's most common gap
        assert "29.6%" in report and "84.5%" in report
        shown = screen_text(app)
        assert "意見が分かれています" in shown and "55.2%" in shown


async def test_self_check_team_view_update_and_clear(tmp_path: Path) -> None:
    app, store, session = make_app(
        tmp_path, [], [("山田 恵子", "高齢福祉課"), ("森 早苗", "商工観光課")]
    )
    people = {a.name: a.id for a in store.attendees(session.id)}
    store.add(
        StageAnswer(session_id=session.id, attendee_id=people["山田 恵子"], current=2, target=5)
    )
    store.add(
        StageAnswer(session_id=session.id, attendee_id=people["森 早苗"], current=3, target=4)
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        check = screen.query_one(StageSelfCheck)
        table = check.query_one(DataTable)
        table.focus()
        # the team's view; then 山田 changes their mind: still one answer each
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3", "4", "enter")
        await settle(pilot)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3", "5", "enter")
        await settle(pilot)
        answers = {a.attendee_id: (a.current, a.target) for a in store.stage_answers(session.id)}
        assert answers == {
            None: (3, 4),
            people["山田 恵子"]: (3, 5),
            people["森 早苗"]: (3, 4),
        }
        assert len(store.stage_answers(session.id)) == 3
        report = plain(check.query_one("#sc-bench", Static))
        assert "チームの見立て: 現在 3 相互理解が深まる → 目標 4 組織的に協調" in report
        assert "下の段階 62.9%" in report and "同じ段階 22.2%" in report
        assert "上の段階 10.9%" in report
        assert "現在の段階の見立ては一致しています（3）" in report
        assert "連携（れんけい）" in report
        assert rows(table)[0].startswith(
            "チームの見立て | 3 相互理解が深まる | 4 組織的に協調 | +1"
        )

        # F9 clears the chosen answer (the store keeps a snapshot)
        await pilot.press("f9")
        await settle(pilot)
        left = {a.attendee_id for a in store.stage_answers(session.id)}
        assert people["山田 恵子"] not in left and None in left


async def test_self_check_of_the_demo_at_projector_size(tmp_path: Path) -> None:
    store, initiative_id = template_store(tmp_path / "demo.db", demo=True)
    first = store.sessions(initiative_id)[0]
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_step(pilot, first.id, Step.PREP, "tab-stage")
        shown = screen_text(app)
        assert "チームの見立て: 現在 2 顔が見える → 目標 4 組織的に協調" in shown
        assert "意見が分かれています: 現在 1〜3" in shown
        assert "同じ段階 55.2%（137）" in shown


async def test_self_check_shows_earlier_sessions(tmp_path: Path) -> None:
    app, store, first = make_app(tmp_path)
    store.add(StageAnswer(session_id=first.id, current=2, target=4))
    second = store.add(Session(initiative_id=first.initiative_id, title="第2回"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, second.id, Step.PREP, "tab-stage")
        report = plain(screen.query_one("#sc-bench", Static))
        assert "これまでの会議での見立て" in report
        assert "第1回: 現在 2 顔が見える → 目標 4 組織的に協調" in report


# --- barriers ---------------------------------------------------------------------------------


async def test_tick_barriers_open_remedies_and_choose(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-barriers")
        checklist = screen.query_one(BarrierChecklist)
        table = checklist.query_one(DataTable)
        table.focus()
        table.move_cursor(row=7)  # 8 既存業務で手一杯で、連携のための人員がいない
        await pilot.press("ctrl+e")  # felt with medical/care/welfare partners
        await settle(pilot)
        table.move_cursor(row=0)  # 1 どのような事業や取組で連携できるかわからない
        await pilot.press("ctrl+e", "ctrl+k")
        await settle(pilot)
        ticks = {(tk.barrier, tk.partner) for tk in store.barrier_ticks(session.id)}
        assert ticks == {
            ("bar_no_staff_capacity", PartnerClass.MCW),
            ("bar_which_programmes", PartnerClass.MCW),
            ("bar_which_programmes", PartnerClass.OTHER),
        }
        row = rows(table)[0]
        assert "✓  13.6%" in row and "✓  25.6%" in row and "50.0%" in row

        # the highlighted barrier's remedies are open below the table
        detail = plain(checklist.query_one("#bc-text", Static))
        assert "医療・介護・福祉分野の部課室との連携：13.6%（33/243）" in detail
        assert "それ以外の部課室との連携：25.6%（60/234）" in detail
        assert "都県から見た管内市区町村：50.0%（4/8）" in detail
        assert "重なる取組を探す" in detail  # remedy text
        assert "取り組む手順：②強み" in detail  # the step that addresses it
        assert "乗り越えた事例：笠間市（茨城県）" in detail  # a case that overcame it
        assert "ヒント：" in detail  # its tips

        # Enter: choose remedies 1 and 3
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RemedyDialog)
        remedies = dialog.query_one(ToggleList)
        assert remedies.has_focus
        await pilot.press("space", "down", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        chosen = {
            tk.partner: tk.remedies
            for tk in store.barrier_ticks(session.id)
            if tk.barrier == "bar_which_programmes"
        }
        expected = ["rem_which_programmes_1", "rem_which_programmes_3"]
        assert chosen == {PartnerClass.MCW: expected, PartnerClass.OTHER: expected}
        assert "2件" in rows(table)[0]
        detail = plain(checklist.query_one("#bc-text", Static))
        assert "✓（1）各部署が" in detail and "✓（3）福祉計画" in detail

        # unticking deletes the tick, the store keeps a snapshot
        other = next(
            tk
            for tk in store.barrier_ticks(session.id)
            if tk.barrier == "bar_which_programmes" and tk.partner is PartnerClass.OTHER
        )
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert all(tk.id != other.id for tk in store.barrier_ticks(session.id))
        assert any(r.field == "*" for r in store.revisions(other.id))


async def test_remedies_need_a_partner(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-barriers")
        table = screen.query_one(BarrierChecklist).query_one(DataTable)
        table.focus()
        table.move_cursor(row=4)  # 5 旗振り役が不在である
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RemedyDialog)
        dialog.query_one(ToggleList).focus()
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RemedyDialog)  # not closed: no partner ticked
        assert "印を付けてください" in plain(dialog.query_one("#rd-error", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert store.barrier_ticks(session.id) == []


# --- case library -----------------------------------------------------------------------------


async def test_case_library_filters(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        library = app.screen
        assert isinstance(library, CaseLibraryScreen)
        table = library.query_one(DataTable)
        assert table.row_count == 19
        assert "19件中 19件" in plain(library.query_one("#cl-count", Static))

        library.query_one("#cl-theme", Select).value = "disaster"
        await settle(pilot)
        assert library.visible_places() == ["京都府福知山市"]
        assert rows(table)[0].startswith("京都府福知山市 | 77,306 | ①②")
        detail = plain(library.query_one("#cl-text", Static))
        assert "福知山市（京都府）" in detail and "『手引き2024』事例10" in detail
        assert "【推定】" in detail  # the classification's flag, honestly shown
        assert "80%" in detail  # a result figure as printed

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert table.row_count == 19
        library.query_one("#cl-band", Select).value = "lt25k"
        await settle(pilot)
        assert library.visible_places() == [
            "北海道池田町",
            "長野県栄村",
            "茨城県大子町",
            "群馬県明和町",
        ]
        library.query_one("#cl-point", Select).value = 2
        await settle(pilot)
        assert library.visible_places() == ["群馬県明和町"]

        await pilot.press("ctrl+r")
        await settle(pilot)
        library.query_one("#cl-leader", Select).value = "outside_body"
        await settle(pilot)
        assert library.visible_places() == ["北海道池田町", "茨城県土浦市", "埼玉県坂戸市"]
        library.query_one("#cl-meeting", Select).value = "commissioned"
        await settle(pilot)
        assert library.visible_places() == ["北海道池田町"]

        # typing Japanese filters by text; the cursor follows the double-width characters
        await pilot.press("ctrl+r", "ctrl+f")
        await settle(pilot)
        search = library.query_one("#cl-search", Input)
        assert search.has_focus
        await pilot.press(*"防災")
        await settle(pilot)
        assert search.value == "防災"
        assert search.cursor_position == 2
        assert library.visible_places() == ["京都府福知山市"]
        # full-width letters match half-width text (NFKC): ＰＴ → 庁内PT
        await pilot.press("ctrl+r")
        await settle(pilot)
        search.focus()
        await pilot.press(*"ＰＴ")
        await settle(pilot)
        assert "京都府福知山市" in library.visible_places()
        # katakana typed as hiragana (no IME conversion) finds the same cases
        await pilot.press("ctrl+r")
        await settle(pilot)
        search.focus()
        search.insert_text_at_cursor("ヒアリング")
        await settle(pilot)
        by_katakana = library.visible_places()
        assert 0 < len(by_katakana) < 19
        await pilot.press("ctrl+r")
        await settle(pilot)
        search.focus()
        search.insert_text_at_cursor("ひありんぐ")
        await settle(pilot)
        assert library.visible_places() == by_katakana
        # arrows move the list while typing
        before = table.cursor_row
        await pilot.press("down")
        assert table.cursor_row == before + 1 or table.row_count == 1

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CaseLibraryScreen)


async def test_case_library_at_projector_size(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(CaseLibraryScreen("sakae"))
        await settle(pilot)
        library = app.screen
        assert isinstance(library, CaseLibraryScreen)
        library.query_one("#cl-leader", Select).value = "other_department"
        await settle(pilot)
        for select in library.query(Select):
            assert select.size.height == 3  # a long label does not wrap the Select
        shown = screen_text(app)
        # the case's leader type, read from the detail text (the screen breaks its line
        # before the bracket: 旗振り役：他部門 / （交通・商工…）)
        detail = plain(library.query_one("#cl-text", Static))
        assert "旗振り役：他部門（交通" in detail
        assert "旗振り役：他部門" in shown
        assert "19件中 4件" in shown
        assert library.visible_places() == [
            "茨城県行方市",
            "茨城県笠間市",
            "千葉県鎌ヶ谷市",
            "東京都府中市",
        ]


async def test_similar_cases_in_the_side_panel(tmp_path: Path) -> None:
    app, _, session = make_app(tmp_path, ["デマンド交通"], population=30_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.RESOURCES)
        side = screen.query_one(SidePanel)
        assert [s.case.id for s in side.similar] == ["namegata", "fujimino", "meiwa"]
        text = plain(side.page.query_one("#sp-content", Static))
        assert "似ている事例" in text
        # 行方市: the scheme it used fits デマンド交通 (③ is about resources and schemes)
        assert (
            "▸ 行方市（茨城県）\n  使った制度：令和5年度共創モデル実証プロジェクト・"
            "テーマ：移動支援・人口規模が同じ\n"
        ) in text
        assert "ふじみ野市（埼玉県）\n  テーマ：移動支援・人口規模が近い・ポイント③の事例" in text
        # the button opens the library at the most similar case
        side.page.query_one("#sp-open-cases").press()
        await settle(pilot)
        library = app.screen
        assert isinstance(library, CaseLibraryScreen)
        assert library.selected().id == "namegata"  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        # a click on a case's name (its action) opens that case
        await side.page.query_one("#sp-content").run_action("open_case('meiwa')")
        await settle(pilot)
        assert app.screen.selected().id == "meiwa"  # type: ignore[attr-defined]


async def test_palette_lists_the_case_library(tmp_path: Path) -> None:
    from workshop.commands import WorkshopCommands

    app, _, session = make_app(tmp_path, ["防災"], population=80_000)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, session.id, Step.VISION)
        provider = WorkshopCommands(app.screen)
        found = [(title, cb) for title, cb, _ in provider._commands() if "事例ライブラリ" in title]
        assert found
        found[0][1]()  # type: ignore[operator]
        await settle(pilot)
        assert isinstance(app.screen, CaseLibraryScreen)
        assert app.screen.selected().id == "fukuchiyama"  # type: ignore[union-attr]


# --- scheme suggestions -----------------------------------------------------------------------


async def test_add_a_scheme_for_demand_transport(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, ["デマンド交通"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.RESOURCES, "tab-schemes")
        box = screen.query_one(SchemeSuggestions)
        table = box.query_one(DataTable)
        names = [s.name for s in box.items]
        assert "地域公共交通確保維持改善事業補助金" in names
        assert "共創モデル実証プロジェクト" in names
        assert "移動支援・地域交通" in plain(box.query_one("#ss-themes", Static))
        table.focus()
        table.move_cursor(row=names.index("地域公共交通確保維持改善事業補助金"))
        await pilot.press("ctrl+l")
        await settle(pilot)
        stored = store.resources(session.id)
        assert len(stored) == 1
        r = stored[0]
        assert r.name == "地域公共交通確保維持改善事業補助金"
        assert r.kind is ResourceKind.SCHEME
        assert r.scheme_id == "sch_transport_2"
        assert r.owner == ""
        assert "分野：交通" in r.note and "『手引き2024』L222" in r.note and "推定" in r.note
        assert rows(table)[names.index(r.name)].startswith("✓")
        # the inventory tab shows it; a second ctrl+l adds nothing
        inventory = screen.query_one("#resource-table")
        assert any(x.id == r.id for x in inventory.records)  # type: ignore[attr-defined]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert len(store.resources(session.id)) == 1


async def test_scheme_typed_by_hand_counts_as_added(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path, ["デマンド交通"])
    store.add(Resource(session_id=session.id, name="デマンド交通", kind=ResourceKind.PROGRAMME))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.RESOURCES, "tab-schemes")
        box = screen.query_one(SchemeSuggestions)
        row = [s.name for s in box.items].index("デマンド交通")
        assert rows(box.query_one(DataTable))[row].startswith("✓")


# --- organisational patterns ------------------------------------------------------------------


async def test_pick_an_org_pattern(tmp_path: Path) -> None:
    app, store, session = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.MECHANISM, "tab-patterns")
        patterns = screen.query_one(OrgPatterns)
        detail = plain(patterns.query_one("#op-text", Static))
        assert "個別連携型" in detail and "名前は報告書の記載どおり" in detail
        assert "よい点" in detail and "気をつけたい点" in detail
        assert "この町に合うか考える問い" in detail
        lst = patterns.query_one("#op-list")
        lst.focus()
        await pilot.press("down", "down")  # 首長主導型: a reconstructed name
        await settle(pilot)
        detail = plain(patterns.query_one("#op-text", Static))
        assert "首長主導型" in detail and "※名前と内容の一部は再構成" in detail
        assert "【再構成】" in detail
        assert store.mechanisms(session.id) == []
        await pilot.press("ctrl+l")
        await settle(pilot)
        (m,) = store.mechanisms(session.id)
        assert m.org_pattern == "pattern_mayor"
        assert m.name == "分野連携会議"  # created like the meeting form does
        await pilot.press("up", "enter")  # 組織間連携型
        await settle(pilot)
        assert store.require(Mechanism, m.id).org_pattern == "pattern_interorg"
        assert "✓ 組織間連携型" in str(lst.get_option_at_index(1).prompt)  # type: ignore[attr-defined]
        await pilot.press("f9")
        await settle(pilot)
        assert store.require(Mechanism, m.id).org_pattern is None


# --- text typed in the room shows literally ----------------------------------------------------


async def test_markup_in_themes_and_names_shows_literally(tmp_path: Path) -> None:
    app, _, session = make_app(tmp_path, ["[bold]防災[/]"], [("[/]山田[bold]", "[i]課")])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, session.id, Step.PREP, "tab-stage")
        table = screen.query_one(StageSelfCheck).query_one(DataTable)
        assert rows(table)[1].startswith("[/]山田[bold]（[i]課）")
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert "[/]山田[bold]（[i]課） の見立て" in screen_text(app)
        await pilot.press("2", "4", "enter")
        await settle(pilot)
        report = plain(screen.query_one("#sc-bench", Static))
        assert "[/]山田[bold] 2→4" in report
        assert "[/]山田[bold]" in screen_text(app)
        screen.go_to(Step.RESOURCES)
        await settle(pilot, 4)
        pane = screen.pane(Step.RESOURCES)
        pane.query_one(TabbedContent).active = "tab-schemes"  # type: ignore[union-attr]
        await settle(pilot)
        head = plain(screen.query_one("#ss-themes", Static))
        assert "「[bold]防災[/]」" in head and "防災・災害時支援" in head
        assert "「[bold]防災[/]」" in screen_text(app)
        side = plain(screen.query_one(SidePanel).page.query_one("#sp-content", Static))
        assert "福知山市" in side

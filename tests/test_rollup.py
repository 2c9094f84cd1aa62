"""The prefecture's roll-up (issue 15, item 3): figures computed on a fixed set of
initiatives, filters and sorting, the command's table and the workbook read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.db_templates import template_store
from workshop import cli
from workshop.domain.bundle import Bundle, InitiativeData, SessionData
from workshop.domain.enums import ActionStatus, AnchorKind, PartnerClass
from workshop.domain.records import (
    ActionItem,
    Attendee,
    BarrierTick,
    Initiative,
    Mechanism,
    Session,
    StageAnswer,
)
from workshop.domain.rollup import Filter, combine, distributions, sort_rows, summarise
from workshop.reference import load

TODAY = date(2026, 12, 1)


def _session(ini: Initiative, day: date, themes=(), **parts) -> SessionData:
    s = Session(initiative_id=ini.id, title=f"{day:%m月}の会議", date=day, themes=list(themes))
    return SessionData(session=s, **{k: v(s) for k, v in parts.items()})


def fixed() -> list[InitiativeData]:
    mito = Initiative(
        name="移動支援", municipality="水戸市", municipality_code="082015", population=270000
    )
    m1 = _session(
        mito,
        date(2026, 6, 1),
        ["防災", "交通"],
        stage_answers=lambda s: [StageAnswer(session_id=s.id, current=2, target=4)],
        barrier_ticks=lambda s: [
            BarrierTick(session_id=s.id, barrier="bar_no_trigger", partner=PartnerClass.MCW),
            BarrierTick(
                session_id=s.id, barrier="bar_no_staff_capacity", partner=PartnerClass.OTHER
            ),
        ],
        mechanisms=lambda s: [
            Mechanism(session_id=s.id, name="連携会議", anchor=AnchorKind.YOUKOU)
        ],
    )
    sid = m1.session.id
    mito_data = InitiativeData(
        initiative=mito,
        sessions=[m1],
        actions=[
            ActionItem(initiative_id=mito.id, session_id=sid, what="地図", due=date(2026, 1, 1)),
            ActionItem(
                initiative_id=mito.id, session_id=sid, what="名簿", status=ActionStatus.DONE
            ),
        ],
    )
    mito2 = Initiative(name="見守り", municipality="水戸市", municipality_code="082015")
    mito2_data = InitiativeData(
        initiative=mito2,
        sessions=[
            _session(
                mito2,
                date(2026, 11, 1),
                ["見守り"],
                stage_answers=lambda s: [StageAnswer(session_id=s.id, current=3, target=5)],
            )
        ],
    )
    tsuchiura = Initiative(
        name="買い物", municipality="土浦市", municipality_code="082031", population=140000
    )
    t1 = _session(
        tsuchiura,
        date(2026, 5, 1),
        stage_answers=lambda s: [StageAnswer(session_id=s.id, current=1, target=3)],
        barrier_ticks=lambda s: [
            BarrierTick(session_id=s.id, barrier="bar_no_trigger", partner=PartnerClass.MCW)
        ],
    )
    s2 = Session(initiative_id=tsuchiura.id, title="9月の会議", date=date(2026, 9, 1))
    people = [Attendee(session_id=s2.id, name=n) for n in ("A", "B", "C")]
    t2 = SessionData(
        session=s2,
        attendees=people,
        # no team answer: 2, 3 and わからない now; 4, 5 and わからない as the target
        stage_answers=[
            StageAnswer(session_id=s2.id, attendee_id=p.id, current=c, target=t)
            for p, c, t in zip(people, (2, 3, 6), (4, 5, 6), strict=True)
        ],
        barrier_ticks=[
            BarrierTick(session_id=s2.id, barrier="bar_no_champion", partner=PartnerClass.MCW)
        ],
        mechanisms=[Mechanism(session_id=s2.id, name="定例会")],
    )
    tsuchiura_data = InitiativeData(
        initiative=tsuchiura,
        sessions=[t1, t2],
        actions=[ActionItem(initiative_id=tsuchiura.id, session_id=t2.session.id, what="試行")],
    )
    minato = Initiative(name="居場所", municipality="みなと町", population=18000)
    minato_data = InitiativeData(initiative=minato, sessions=[_session(minato, date(2026, 3, 1))])
    return [mito_data, mito2_data, tsuchiura_data, minato_data]


@pytest.fixture
def rows():
    bands = load().vocab.population_bands
    return combine((summarise(d, TODAY) for d in fixed()), bands)


def test_one_row_per_municipality_with_the_figures(rows) -> None:
    mito, tsuchiura, minato = rows
    assert (mito.code, mito.municipality, mito.initiatives) == (
        "082015",
        "水戸市",
        ("移動支援", "見守り"),
    )
    assert (mito.stage_now, mito.stage_target, mito.gap) == (3, 5, 2)  # the later answer
    assert mito.barriers == ("bar_no_staff_capacity", "bar_no_trigger")
    assert mito.themes == ("防災", "交通", "見守り")
    assert (mito.regular_meeting, mito.charter) == (True, True)
    assert (mito.open_actions, mito.overdue_actions) == (1, 1)
    assert mito.last_session == date(2026, 11, 1) and mito.band == "ge200k"
    # without a team answer: the median of the attendees' answers, わからない left out
    assert (tsuchiura.stage_now, tsuchiura.stage_target, tsuchiura.gap) == (2, 4, 2)
    assert tsuchiura.barriers == ("bar_no_champion",)  # the latest session's ticks
    assert (tsuchiura.regular_meeting, tsuchiura.charter) == (True, False)
    assert (tsuchiura.open_actions, tsuchiura.overdue_actions) == (1, 0)
    assert (minato.code, minato.stage_now, minato.gap, minato.band) == ("", None, None, "lt25k")


def test_distributions_beside_the_survey(rows) -> None:
    dist = distributions(rows)
    assert dist.municipalities == 3 and dist.with_stage == 2 and dist.with_barriers == 2
    assert dist.stage_now == {1: 0, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0}
    assert dist.stage_target == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 0}
    assert dist.barriers == {"bar_no_trigger": 1, "bar_no_staff_capacity": 1, "bar_no_champion": 1}


def test_filters_and_sorting(rows) -> None:
    def names(f: Filter) -> list[str]:
        return [r.municipality for r in rows if f.keep(r)]

    assert names(Filter(barrier="bar_no_champion")) == ["土浦市"]
    assert names(Filter(band="ge200k")) == ["水戸市"]
    assert names(Filter(stage=2)) == ["土浦市"]
    assert names(Filter(theme="防災")) == ["水戸市"]
    assert names(Filter(codes=frozenset({"082015", "082031"}))) == ["水戸市", "土浦市"]
    assert [r.municipality for r in sort_rows(rows, "stage")] == ["土浦市", "水戸市", "みなと町"]
    assert next(r.municipality for r in sort_rows(rows, "population")) == "みなと町"


@pytest.fixture
def gathered(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, data in enumerate(fixed()):
        (inbox / f"{i}.json").write_text(Bundle(data=data).to_json(), encoding="utf-8")
    db = tmp_path / "pref.db"
    assert cli.main(["--db", str(db), "import", str(inbox)]) == 0
    return db


def test_the_rollup_command_prints_the_table(gathered: Path, capsys) -> None:
    capsys.readouterr()
    assert cli.main(["--db", str(gathered), "rollup", "--sort", "stage"]) == 0
    out = capsys.readouterr().out
    assert out.index("土浦市") < out.index("水戸市") < out.index("みなと町")
    assert "団体コード未設定" in out and "3 相互理解が深まる" in out
    assert cli.main(["--db", str(gathered), "rollup", "--barrier", "5"]) == 0
    out = capsys.readouterr().out
    assert "土浦市" in out and "水戸市" not in out


def test_bad_rollup_options_are_one_line(gathered: Path, capsys) -> None:
    capsys.readouterr()
    for argv in (["--barrier", "99"], ["--band", "huge"], ["--sort", "x"], ["--format", "xlsx"]):
        assert cli.main(["--db", str(gathered), "rollup", *argv]) == cli.EXIT_USER
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_workbook_reads_back(gathered: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "rollup.xlsx"
    assert cli.main(["--db", str(gathered), "rollup", "--format", "xlsx", "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["一覧", "連携の段階", "課題・障壁", "テーマ", "定例の場・要綱"]
    table = [[c.value for c in row] for row in wb["一覧"].iter_rows()]
    assert table[0][:3] == ["団体コード", "都道府県", "市区町村"]
    mito = next(r for r in table if r[2] == "水戸市")
    assert mito[0] == "082015" and mito[1] == "茨城県" and mito[8] == 2 and mito[14] == 1
    stages = [[c.value for c in row] for row in wb["連携の段階"].iter_rows(min_row=4)]
    stage2 = next(r for r in stages if r[0] and str(r[0]).startswith("2 "))
    assert stage2[1:4] == [1, 50.0, 55.2]  # 1 of 2 municipalities; the survey: 55.2%
    barriers = [[c.value for c in row] for row in wb["課題・障壁"].iter_rows(min_row=4)]
    champion = next(r for r in barriers if r[0] and "旗振り" in r[0])
    assert champion[1:3] == [1, 50.0]
    meetings = [[c.value for c in row] for row in wb["定例の場・要綱"].iter_rows(min_row=2)]
    assert [m[1] for m in meetings] == [2, 1]
    json.dumps(table, default=str)


async def rollup_from_home(pilot):
    """F6 from the home screen, once the roll-up has read every bundle."""
    from tests.ui_helpers import settle
    from workshop.screens.rollup import RollupScreen

    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RollupScreen)
    for _ in range(200):
        if screen.ready:
            break
        await pilot.pause(0.02)
    await settle(pilot)
    return screen


async def test_the_rollup_screen_from_home(gathered: Path) -> None:
    from textual.widgets import Select

    from tests.ui_helpers import screen_text, settle
    from workshop.app import WorkshopApp
    from workshop.config import Config
    from workshop.i18n import label
    from workshop.screens.rollup import RollupScreen
    from workshop.store import Store

    store = Store(gathered)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await rollup_from_home(pilot)
        text = screen_text(app)
        assert "水戸市" in text and "土浦市" in text and "みなと町" in text
        assert "3 / 3 団体" in text
        # stage 2: one of the two municipalities with a stage; the survey says 55.2%
        assert "50.0%" in text and "55.2%" in text
        screen.query_one("#ru-barrier", Select).value = "bar_no_champion"
        await settle(pilot)
        assert [r.municipality for r in screen.shown] == ["土浦市"]
        assert "1 / 3 団体" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        # mark two municipalities and see them side by side
        await pilot.press("space", "down", "space")
        await settle(pilot)
        text = screen_text(app)
        assert "目指す段階" in text
        assert f"5 {label('stage', 5)}" in text and f"4 {label('stage', 4)}" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RollupScreen)
    store.close()


def _docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_good_practice_collection_is_public(tmp_path: Path, capsys) -> None:
    db = tmp_path / "pref.db"
    store, iid = template_store(db, demo=True)
    with store:
        data = store.initiative_data(iid)
        town = data.initiative.municipality
    names = {a.name for s in data.sessions for a in s.attendees}
    names |= {p.name for p in data.key_persons} | {p.deputy_name for p in data.key_persons}
    names |= {a.owner_person for a in data.actions}
    names = {n for n in names if n}
    assert names  # the demo has people
    out = tmp_path / "cases.docx"
    argv = ["--db", str(db), "rollup", "--format", "docx", "--select", town, "--out", str(out)]
    assert cli.main(argv) == 0
    text = _docx_text(out)
    for heading in ("当初の問題意識", "対策", "成果", "工夫ポイント", "連携組織", "活用制度"):
        assert heading in text
    assert town in text and data.initiative.name in text
    decision = data.sessions[0].decisions[0].text
    assert decision.split("（")[0][:10] in text  # the records are quoted
    leaked = [n for n in names if n in text or n.replace(" ", "") in text]
    assert leaked == []
    # the collection needs a choice
    capsys.readouterr()
    argv = ["--db", str(db), "rollup", "--format", "docx", "--out", str(out)]
    assert cli.main(argv) == cli.EXIT_USER
    assert "--select" in capsys.readouterr().err


def test_names_inside_quoted_text_are_masked() -> None:
    from workshop.export.practice import NAME_MASK, Redactor

    mask = Redactor(["山田 花子", "山田花子", "佐藤"])
    assert (
        mask("山田 花子さんと佐藤さんが調整する") == f"{NAME_MASK}さんと{NAME_MASK}さんが調整する"
    )


def test_a_surname_with_a_title_is_masked_but_a_place_name_is_not() -> None:
    from workshop.export.practice import NAME_MASK, Redactor, person_names

    town = Initiative(name="見守り", municipality="水戸市")
    held = _session(
        town, date(2026, 6, 1), attendees=lambda s: [Attendee(session_id=s.id, name="山田 花子")]
    )
    mask = Redactor(person_names(InitiativeData(initiative=town, sessions=[held])))
    text = "山田さんが山田課長に報告し、山田花子さんの案を山田地区で試す"
    assert mask(text) == (
        f"{NAME_MASK}さんが{NAME_MASK}課長に報告し、{NAME_MASK}さんの案を山田地区で試す"
    )


async def test_the_rollup_screen_on_an_empty_database(tmp_path: Path) -> None:
    from tests.ui_helpers import empty_app, screen_text, settle
    from workshop.screens.rollup import RollupScreen

    app, store = empty_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(RollupScreen())
        for _ in range(100):
            if isinstance(app.screen, RollupScreen) and app.screen.ready:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        assert "集計する取組がありません" in screen_text(app)
    store.close()


def test_the_same_municipalities_a_year_earlier(rows) -> None:
    assert [r.stage_year_ago for r in rows] == [None, None, None]  # no history that old
    later = combine((summarise(d, date(2027, 6, 1)) for d in fixed()), ())
    mito, tsuchiura, _ = later
    # 水戸市: the session of 2026-06-01 is a year back; 土浦市: the one of 2026-05-01
    assert (mito.stage_year_ago, tsuchiura.stage_year_ago) == (2, 1)
    dist = distributions(later)
    assert dist.with_year_ago == 2 and dist.stage_year_ago[1] == dist.stage_year_ago[2] == 1


async def test_the_screen_shows_a_year_earlier_when_the_records_go_back(gathered: Path) -> None:
    from tests.ui_helpers import screen_text, settle
    from workshop.app import WorkshopApp
    from workshop.config import Config
    from workshop.screens.rollup import RollupScreen
    from workshop.store import Store

    store = Store(gathered)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.push_screen(RollupScreen(today=date(2027, 6, 1)))
        for _ in range(200):
            if isinstance(app.screen, RollupScreen) and app.screen.ready:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        text = screen_text(app)
        assert "1年前: その時点で段階の回答がある 2 団体" in text
    store.close()


EN_SCRIPT = r"""
import asyncio, sys
from workshop.i18n import set_language
set_language("en")
from pathlib import Path
from workshop.app import WorkshopApp
from workshop.demo import install_demo
from workshop.screens.rollup import RollupScreen
from workshop.store import Store

async def main():
    store = Store(Path(sys.argv[1]))
    install_demo(store)
    app = WorkshopApp(store=store, persist_config=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        for _ in range(200):
            if isinstance(app.screen, RollupScreen) and app.screen.ready:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        import html
        shot = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    print("EN" if "Roll-up by municipality" in shot and "Stage now" in shot else "NO-EN")
    print("NO-JA" if "段階" not in shot and "市区町村" not in shot else "JA")

asyncio.run(main())
"""


def test_the_rollup_screen_in_english(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", EN_SCRIPT, str(tmp_path / "en.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["EN", "NO-JA"]


def test_private_decisions_and_sessions_stay_out_of_the_collection(tmp_path: Path) -> None:
    from workshop.domain.records import Decision, Session

    db = tmp_path / "pref.db"
    store, iid = template_store(db, demo=True)
    with store:
        data = store.initiative_data(iid)
        first, second = data.ordered_sessions()[:2]
        hidden = first.decisions[0]
        store.update(store.require(Decision, hidden.id), private=True)
        store.update(store.require(Session, second.session.id), private=True)
        town = data.initiative.municipality
    out = tmp_path / "cases.docx"
    argv = ["--db", str(db), "rollup", "--format", "docx", "--select", town, "--out", str(out)]
    assert cli.main(argv) == 0
    text = _docx_text(out)
    assert hidden.text[:20] not in text
    assert all(d.text[:20] not in text for d in second.decisions)
    shown = next(d for d in first.decisions if d.id != hidden.id and not d.private)
    assert shown.text[:20] in text

"""Case library: Japanese labels instead of internal keys, each case's merits and care
profile, the collaboration-pattern filter, and the prefectures' own results in 茨城県's
entry (Pilot), figures asserted against the reference data."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Select, Static

from tests.test_knowledge_ui import make_app, plain, settle
from workshop.reference import load
from workshop.screens.cases import CaseLibraryScreen

REF = load()


async def open_library(pilot, app, case_id: str) -> CaseLibraryScreen:  # type: ignore[no-untyped-def]
    app.push_screen(CaseLibraryScreen(case_id))
    await settle(pilot)
    library = app.screen
    assert isinstance(library, CaseLibraryScreen)
    return library


async def test_detail_shows_labels_not_internal_keys(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(pilot, app, "ikeda")
        for case in REF.cases.cases:
            library.focus_case = case.id
            rows = [c.id for c in library.shown]
            library.query_one("#cl-table").move_cursor(row=rows.index(case.id))  # type: ignore[attr-defined]
            await settle(pilot, 2)
            detail = plain(library.query_one("#cl-text", Static))
            assert not re.search(r"[a-z]+_[a-z_]+|[a-z]=\w", detail), (case.id, detail[-600:])
            for word in ("platform", "commissioned", "outside_body", "themes", "points"):
                assert not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", detail), (case.id, word)
        library.query_one("#cl-table").move_cursor(row=[c.id for c in library.shown].index("ikeda"))  # type: ignore[attr-defined]
        await settle(pilot, 2)
        detail = plain(library.query_one("#cl-text", Static))
        assert "入り口：地域プラットフォームとの連携は当方の判断" in detail
        assert "会議の形：委託仕様に定例会議を組み込む" in detail


async def test_detail_shows_merits_and_care_profile(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    ikeda = REF.case_by_id["ikeda"]
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(pilot, app, "ikeda")
        detail = plain(library.query_one("#cl-text", Static))
        assert "連携のメリット：" + "、".join(ikeda.merits) in detail
        rate, adjusted = ikeda.care_cert_rate, ikeda.care_cert_rate_adjusted
        assert (rate, adjusted, ikeda.benefit_per_person) == (20.1, 17.1, 18_337)
        assert f"要介護認定率 {rate:.1f}%（調整済 {adjusted:.1f}%）" in detail
        assert f"・1人当り給付費 月{ikeda.benefit_per_person:,}円" in detail
        assert ikeda.sources[0].label() in detail


async def test_filter_by_collaboration_pattern(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(pilot, app, "ikeda")
        library.query_one("#cl-entry", Select).value = "ride_other"
        await settle(pilot)
        expected = [
            f"{c.prefecture}{c.municipality}"
            for c in REF.cases.cases
            if c.entry_pattern == "ride_other"
        ]
        assert library.visible_places() == expected
        assert expected == ["茨城県行方市", "茨城県笠間市", "千葉県鎌ヶ谷市", "東京都府中市"]


async def test_ibaraki_entry_shows_the_prefectures_own_results(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        library = await open_library(pilot, app, "ibaraki_pref")
        detail = plain(library.query_one("#cl-text", Static))
        meta = next(m for m in REF.survey.meta if m.key == "pref2020")
        assert f"都県の調査結果（2020年、回答{meta.n_valid}都県）" in detail
        facts = {f.key: f for f in REF.survey.pref_facts}
        inside, monitor = facts["pref_collab_inside"], facts["pref_monitor"]
        assert (inside.value, inside.N, monitor.value, monitor.N) == (90.0, 10, 30.0, 10)
        assert f"（{inside.value:.1f}%、N={inside.N}）" in detail
        assert f"（{monitor.value:.1f}%、N={monitor.N}）" in detail
        assert inside.sources[0].label() in detail
        assert "事業や取組の実施状況" in detail  # their aims

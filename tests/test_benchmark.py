"""The benchmark rules on fixed inputs: the survey's figures, the gap, the spread of
answers, the lens, case similarity and scheme matching."""

from __future__ import annotations

import pytest

from workshop.domain.benchmark import (
    Answer,
    band_of,
    compare_gap,
    compare_stage,
    lens_for_stage,
    lower_median,
    match_schemes,
    percent,
    share_counts,
    similar_cases,
    stage_spread,
    team_stages,
    theme_keys,
)
from workshop.reference import load

REF = load()
STAGES = REF.survey.stages
BANDS = REF.vocab.population_bands


# --- stage shares ---------------------------------------------------------------------------


def test_stage_shares_of_the_seed_are_the_survey_of_248() -> None:
    current = {s.number: (s.current.n, s.current.pct) for s in STAGES}
    target = {s.number: (s.target.n, s.target.pct) for s in STAGES}
    assert current == {
        1: (19, 7.7),
        2: (137, 55.2),
        3: (55, 22.2),
        4: (15, 6.0),
        5: (12, 4.8),
        6: (6, 2.4),
    }
    assert target[5] == (122, 49.2)
    assert {s.current.N for s in STAGES} == {248}


@pytest.mark.parametrize(
    ("stage", "below", "same", "above"),
    [
        (1, 0.0, 7.7, 88.3),
        (2, 7.7, 55.2, 33.1),
        (3, 62.9, 22.2, 10.9),
        (4, 85.1, 6.0, 4.8),
        (5, 91.1, 4.8, 0.0),
    ],
)
def test_below_same_above_match_the_extraction_table(
    stage: int, below: float, same: float, above: float
) -> None:
    c = compare_stage(STAGES, stage)
    assert c is not None
    assert (c.below, c.same, c.above) == (below, same, above)
    assert c.N == 248
    assert c.other == 4.0  # わからない and no answer


def test_stage_2_counts() -> None:
    c = compare_stage(STAGES, 2)
    assert c is not None
    assert (c.n_below, c.n_same, c.n_above, c.n_other) == (19, 137, 82, 10)


@pytest.mark.parametrize("stage", [None, 6, 0, 7])
def test_nothing_to_compare_for_unknown_stage(stage: int | None) -> None:
    assert compare_stage(STAGES, stage) is None


def test_percent_rounds_half_up_from_counts() -> None:
    assert percent(82, 248) == 33.1  # 33.06…
    assert percent(1, 8) == 12.5
    assert percent(1, 200) == 0.5
    assert percent(3, 0) == 0.0


@pytest.mark.parametrize(
    ("n", "total", "shown"),
    [
        (1, 16, 6.3),  # 6.25 exactly: half-up gives 6.3; to-even and round() give 6.2
        (9, 400, 2.3),  # 2.25: round(2.25, 1) == 2.2
        (3, 2000, 0.2),  # 0.15: as a float 0.1499…, so float rounding gives 0.1
        (7, 16, 43.8),  # 43.75: to-even would give 43.8 too (a tie either way agrees here)
        (1, 80, 1.3),  # 1.25
        (29, 400, 7.3),  # 7.25
        (1, 3, 33.3),  # no tie: 33.33…
        (2, 3, 66.7),
    ],
)
def test_percent_rounds_a_real_tie_half_up(n: int, total: int, shown: float) -> None:
    """Survey tables round half-up as the source does; each value here ends in exactly 5
    at the second decimal, so a to-even or binary-float rounding shows a different digit."""
    assert percent(n, total) == shown


# --- the gap --------------------------------------------------------------------------------


def test_gap_facts_of_the_seed() -> None:
    facts = {f.key: (f.value, f.N) for f in REF.survey.gap_facts}
    assert facts["gap_mode_2"] == (29.6, 233)
    assert facts["gap_1_to_3"] == (84.5, 233)
    assert facts["gap_0"] == (11.2, 233)


@pytest.mark.parametrize(
    ("current", "target", "gap", "verdict"),
    [
        (2, 4, 2, "mode"),
        (2, 3, 1, "typical"),
        (1, 4, 3, "typical"),
        (1, 5, 4, "large"),
        (3, 3, 0, "zero"),
        (4, 2, -2, "backwards"),
    ],
)
def test_gap_compared_with_the_survey(current: int, target: int, gap: int, verdict: str) -> None:
    g = compare_gap(current, target, REF.survey.gap_facts)
    assert g is not None
    assert (g.gap, g.verdict) == (gap, verdict)
    assert g.mode is not None and g.mode.value == 29.6
    assert g.within is not None and g.within.value == 84.5
    assert g.zero is not None and g.zero.value == 11.2


def test_gap_names_what_the_report_says_about_the_same_start() -> None:
    g2 = compare_gap(2, 4, REF.survey.gap_facts)
    assert g2 is not None and g2.same_start is not None
    assert g2.same_start.value == 72.6
    g1 = compare_gap(1, 2, REF.survey.gap_facts)
    assert g1 is not None and g1.same_start is not None and g1.same_start.value == 38.9
    g4 = compare_gap(4, 5, REF.survey.gap_facts)
    assert g4 is not None and g4.same_start is None


@pytest.mark.parametrize(("current", "target"), [(6, 4), (2, 6), (None, 3)])
def test_no_gap_with_dont_know(current: int | None, target: int | None) -> None:
    assert compare_gap(current, target, REF.survey.gap_facts) is None


# --- answers in the room --------------------------------------------------------------------


def test_spread_shows_disagreement() -> None:
    answers = [Answer("山田", 2, 5), Answer("森", 3, 4), Answer("林", 2, 4), Answer("藤田", 6, 4)]
    s = stage_spread(answers)
    assert (s.current_low, s.current_high) == (2, 3)
    assert (s.target_low, s.target_high) == (4, 5)
    assert s.divided and s.target_divided
    assert s.unknown == 1


def test_spread_of_agreeing_answers() -> None:
    s = stage_spread([Answer("a", 2, 4), Answer("b", 2, 4)])
    assert not s.divided and not s.target_divided
    assert s.current_low == 2 and s.unknown == 0


def test_spread_of_nothing_known() -> None:
    s = stage_spread([Answer("a", 6, 6)])
    assert s.current_low is None and not s.divided and s.unknown == 1
    assert stage_spread([]).current_low is None


def test_team_answer_wins_else_lower_median() -> None:
    people = [Answer("a", 1, 4), Answer("b", 2, 5), Answer("c", 3, 5), Answer("d", 6, 4)]
    assert team_stages(Answer("team", 3, 4), people) == (3, 4)
    # no team answer: medians of 1,2,3 and 4,5,5,4 (わからない left out)
    assert team_stages(None, people) == (2, 4)
    # a team answer of わからない falls back to the people's
    assert team_stages(Answer("team", 6, 5), people) == (2, 5)
    assert team_stages(None, []) == (None, None)
    assert lower_median([4, 5, 5, 4]) == 4


def test_share_counts() -> None:
    counts = share_counts([Answer("a", 2, 4), Answer("b", 2, 5), Answer("c", 6, 4)])
    assert counts[2] == (2, 0)
    assert counts[4] == (0, 2)
    assert counts[5] == (0, 1)
    assert counts[6] == (1, 0)


@pytest.mark.parametrize(
    ("stage", "kanji"),
    [(1, "連係"), (2, "連係"), (3, "連携"), (4, "連携"), (5, "連繋"), (6, None), (None, None)],
)
def test_lens_for_each_stage(stage: int | None, kanji: str | None) -> None:
    lens = lens_for_stage(REF.survey.lenses, stage)
    assert (lens.kanji if lens else None) == kanji


def test_lens_mapping_is_flagged_inferred() -> None:
    for lens in REF.survey.lenses:
        assert any(s.flag == "inferred" for s in lens.sources)


# --- similar cases --------------------------------------------------------------------------


def test_population_bands() -> None:
    assert band_of(30_000, BANDS).key == "25k_75k"  # type: ignore[union-attr]
    assert band_of(24_999, BANDS).key == "lt25k"  # type: ignore[union-attr]
    assert band_of(200_000, BANDS).key == "ge200k"  # type: ignore[union-attr]
    assert band_of(None, BANDS) is None


def test_similarity_mobility_30000_point_2() -> None:
    """Score = 2 per shared theme + 4 same band (2 next band) + 1 the step's point;
    ties: guide before report, then case number."""
    found = similar_cases(REF.cases.cases, ["mobility"], "25k_75k", 2, BANDS)
    assert [(s.case.id, s.score) for s in found] == [
        ("namegata", 7),  # mobility 2 + same band 4 + point ② 1
        ("fujimino", 5),  # mobility 2 + next band (7.5万–20万) 2 + point ② 1; report no. 3
        ("meiwa", 5),  # mobility 2 + next band (2.5万未満) 2 + point ② 1; report no. 8
    ]
    kinds = [r.kind for r in found[0].reasons]
    assert kinds == ["theme", "same_band", "point"]
    assert found[0].reasons[0].values == ("mobility",)
    assert [r.kind for r in found[1].reasons] == ["theme", "near_band", "point"]


def test_similarity_longer_list_and_ties() -> None:
    found = similar_cases(REF.cases.cases, ["mobility"], "25k_75k", 2, BANDS, limit=5)
    assert [(s.case.id, s.score) for s in found] == [
        ("namegata", 7),
        ("fujimino", 5),
        ("meiwa", 5),
        ("kashiwazaki", 4),  # mobility 2 + next band 2; no point ②
    ]  # size alone is no reason: cases sharing no theme and no focus are left out


def test_similarity_demo_town_without_a_mechanism() -> None:
    """The demo: 買い物支援・デマンド交通・見守り, 18,200 people, step ④."""
    themes = theme_keys(["買い物支援", "デマンド交通", "見守り"], REF.themes.themes)
    assert themes == ["mobility", "shopping", "watching"]
    found = similar_cases(REF.cases.cases, themes, "lt25k", 4, BANDS)
    assert [s.case.id for s in found] == ["meiwa", "daigo", "namegata"]
    assert found[0].score == 2 * 2 + 4 + 1  # at most two themes count


def test_similarity_without_anything_is_empty_and_is_deterministic() -> None:
    assert similar_cases(REF.cases.cases, [], None, None, BANDS) == []
    a = similar_cases(REF.cases.cases, ["disaster"], "75k_200k", 1, BANDS)
    b = similar_cases(list(reversed(REF.cases.cases)), ["disaster"], "75k_200k", 1, BANDS)
    assert [s.case.id for s in a] == [s.case.id for s in b]
    assert a[0].case.id == "fukuchiyama"


# --- themes and schemes ---------------------------------------------------------------------


def test_theme_keys_from_typed_labels() -> None:
    assert theme_keys(["デマンド交通"], REF.themes.themes) == ["mobility"]
    assert theme_keys(["[bold]防災[/]"], REF.themes.themes) == ["disaster"]
    assert theme_keys(["よくわからない話"], REF.themes.themes) == []


def test_schemes_for_demand_transport() -> None:
    found = match_schemes(
        REF.schemes.schemes,
        REF.cases.cases,
        theme_keys(["デマンド交通"], REF.themes.themes),
        REF.themes.themes,
    )
    names = [s.name for s in found]
    assert "地域公共交通確保維持改善事業補助金" in names
    assert "共創モデル実証プロジェクト" in names
    assert names.index("地域公共交通確保維持改善事業補助金") < names.index(
        "共創モデル実証プロジェクト"
    )
    cocreation = next(s for s in found if s.name == "共創モデル実証プロジェクト")
    assert [c.id for c in cocreation.cases] == ["namegata"]  # 「令和5年度共創モデル…」
    assert all("mobility" in s.themes for s in found)
    # a scheme listed under three fields appears once
    assert names.count("社会資本整備総合交付金") == 1
    # a case-only scheme about something else is not offered for transport
    assert "生活困窮者自立相談支援事業" not in names


def test_case_only_schemes_get_a_stable_key() -> None:
    found = match_schemes(REF.schemes.schemes, REF.cases.cases, ["prevention"], REF.themes.themes)
    sakado = next(s for s in found if s.name == "高齢者の保健事業と介護予防の一体的実施")
    assert sakado.scheme is None
    assert sakado.key == "case:sakado:0"
    assert [c.id for c in sakado.cases] == ["sakado"]

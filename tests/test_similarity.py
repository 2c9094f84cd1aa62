"""Similar cases are ranked by what the step is about (② departments present, ③ schemes
and partners, ④ meeting patterns and the organisational pattern), with themes, population
and the adjusted certification rate as factors; fixed inputs, expected rankings."""

from __future__ import annotations

from workshop.domain.benchmark import match_schemes
from workshop.domain.similarity import (
    ANCHOR_MEETINGS,
    StepFocus,
    department_words,
    similar_cases,
)
from workshop.reference import load

REF = load()
CASES = REF.cases.cases
BANDS = REF.vocab.population_bands
DEMAND = ["mobility"]  # a デマンド交通 session


def ids(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.case.id for s in found]


def offered(themes: list[str]) -> tuple[str, ...]:
    return tuple(s.name for s in match_schemes(REF.schemes.schemes, CASES, themes))


def test_namegata_appears_for_a_demand_transport_session_at_every_step() -> None:
    namegata = REF.case_by_id["namegata"]
    assert namegata.population == 32_185 and "mobility" in namegata.themes
    words = department_words(["企画課（地域交通担当）", "高齢福祉課"], ["交通担当"], CASES)
    focuses = {
        2: StepFocus(point=2, departments=words),
        3: StepFocus(point=3, schemes=offered(DEMAND)),
        4: StepFocus(point=4),
    }
    for step, focus in focuses.items():
        assert "namegata" in ids(similar_cases(CASES, DEMAND, "lt25k", focus, BANDS)), step


def test_step_three_ranks_by_the_schemes_the_case_used() -> None:
    found = similar_cases(
        CASES, DEMAND, "lt25k", StepFocus(point=3, schemes=offered(DEMAND)), BANDS
    )
    assert found[0].case.id == "namegata"
    reasons = {r.kind: r.values for r in found[0].reasons}
    assert reasons["schemes"] == ("令和5年度共創モデル実証プロジェクト",)


def test_step_two_ranks_by_the_departments_in_the_room() -> None:
    """Elderly care is in every case and is no sign of likeness; 交通 and 防災 are."""
    words = department_words(["高齢福祉課", "防災安全課"], ["高齢者福祉担当", "防災担当"], CASES)
    assert "高齢福祉" not in words and "高齢者福祉" not in words and "防災" in words
    found = similar_cases(
        CASES, ["watching"], "75k_200k", StepFocus(point=2, departments=words), BANDS
    )
    assert found[0].case.id == "fukuchiyama"  # 防災 (危機管理室 …) + 見守り + same band


def test_step_four_ranks_by_meeting_pattern_and_chosen_organisational_pattern() -> None:
    pattern = REF.pattern_by_key["pattern_outside"]
    focus = StepFocus(
        point=4,
        meetings=ANCHOR_MEETINGS["commission_spec"],
        pattern_cases=tuple(pattern.cases),
        pattern_key=pattern.key,
    )
    found = similar_cases(CASES, ["life_support"], "lt25k", focus, BANDS)
    assert found[0].case.id == "ikeda"  # 委託仕様に定例会議 + life support + 6,294 people
    kinds = {r.kind for s in found for r in s.reasons}
    assert "meeting" in kinds and "org_pattern" in kinds


def test_small_town_is_not_outranked_by_large_cities() -> None:
    """A town of 15,000 about 見守り: 大子町 (16,178, same band) comes before every city of
    75,000 or more, at every step."""
    for point in (1, 2, 3, 4):
        found = similar_cases(CASES, ["watching"], "lt25k", point, BANDS, limit=6)
        order = ids(found)
        assert "daigo" in order, point
        for s in found:
            if (s.case.population or 0) >= 75_000:
                assert order.index("daigo") < order.index(s.case.id), (point, order)


def test_steps_show_different_cases_for_the_demo_town() -> None:
    themes = ["mobility", "shopping", "watching"]
    words = department_words(["企画課（地域交通担当）", "商工観光課", "防災安全課"], [], CASES)
    per_step = [
        ids(similar_cases(CASES, themes, "lt25k", StepFocus(point=2, departments=words), BANDS)),
        ids(
            similar_cases(
                CASES, themes, "lt25k", StepFocus(point=3, schemes=offered(themes)), BANDS
            )
        ),
        ids(
            similar_cases(
                CASES,
                themes,
                "lt25k",
                StepFocus(point=4, meetings=ANCHOR_MEETINGS["youkou"]),
                BANDS,
            )
        ),
    ]
    assert len({tuple(x) for x in per_step}) == 3, per_step


def test_certification_rate_makes_a_closer_peer() -> None:
    """Two cases alike in everything else: the one whose adjusted certification rate is
    within a point of the town's ranks first, and the line says why."""
    kasama, tainai = REF.case_by_id["kasama"], REF.case_by_id["tainai"]
    assert (kasama.care_cert_rate_adjusted, tainai.care_cert_rate_adjusted) == (17.1, 16.1)
    pair = [kasama, tainai]
    plain = similar_cases(pair, ["shopping", "watching"], "25k_75k", StepFocus(point=3), BANDS)
    assert ids(plain) == ["kasama", "tainai"]  # guide numbers 2 and 9
    near = similar_cases(
        pair, ["shopping", "watching"], "25k_75k", StepFocus(point=3, cert_rate=15.8), BANDS
    )
    assert ids(near) == ["tainai", "kasama"]
    assert ("cert", ("16.1",)) in [(r.kind, r.values) for r in near[0].reasons]

"""Checks of the method seed files: steps.toml, schemes.toml and remedies.toml."""

from __future__ import annotations

import pytest
from conftest import seed_text

from workshop.domain.reference import Schemes, Source, Steps, Themes
from workshop.domain.reference_survey import Remedies
from workshop.reference import read_seed

STEP_KEYS = ["prep", "review", "vision", "strengths", "resources", "mechanism", "summary"]
VISION_PROMPTS = ["vision.town", "vision.residents", "vision.we_can"]
STRENGTHS_PROMPTS = [
    "strengths.strengths",
    "strengths.current",
    "strengths.touchpoints",
    "strengths.offers",
    "strengths.needs",
    "strengths.merit",
]
BARRIERS = [
    "bar_which_programmes",
    "bar_which_departments",
    "bar_low_interest",
    "bar_no_trigger",
    "bar_no_champion",
    "bar_benefits_unclear",
    "bar_coordination_cost",
    "bar_no_staff_capacity",
    "bar_not_sustained",
    "bar_issues_unknown",
    "bar_other",
]
CASE_IDS = {
    "namegata",
    "kasama",
    "murakami",
    "abiko",
    "ikeda",
    "kamagaya",
    "sakae",
    "fuchu",
    "tainai",
    "fukuchiyama",
    "fujisawa",
    "tsuchiura",
    "fujimino",
    "sakado",
    "kashiwazaki",
    "minami_alps",
    "daigo",
    "meiwa",
    "ibaraki_pref",
}
DOC_LINES = {"guide2024": 952, "report2021": 7556}


@pytest.fixture(scope="module")
def steps() -> Steps:
    return Steps.model_validate(read_seed("steps.toml"))


@pytest.fixture(scope="module")
def schemes() -> Schemes:
    return Schemes.model_validate(read_seed("schemes.toml"))


@pytest.fixture(scope="module")
def remedies() -> Remedies:
    return Remedies.model_validate(read_seed("remedies.toml"))


@pytest.fixture(scope="module")
def theme_keys() -> set[str]:
    return {t.key for t in Themes.model_validate(read_seed("themes.toml")).themes}


def _all_sources(steps: Steps, schemes: Schemes, remedies: Remedies) -> list[Source]:
    out: list[Source] = []
    for s in steps.steps:
        out += s.sources
        for p in s.prompts:
            out += p.sources
        for t in s.tips:
            out += t.sources
    for r in steps.recommendations:
        out += r.sources
    for f in schemes.fields:
        out += f.sources
    for sc in schemes.schemes:
        out += sc.sources
    for rem in remedies.remedies:
        out += rem.sources
    return out


def test_step_keys_in_fixed_order(steps: Steps) -> None:
    assert [s.key for s in steps.steps] == STEP_KEYS


def test_prompt_keys_of_vision_and_strengths(steps: Steps) -> None:
    by_key = {s.key: s for s in steps.steps}
    assert [p.key for p in by_key["vision"].prompts] == VISION_PROMPTS
    assert [p.key for p in by_key["strengths"].prompts] == STRENGTHS_PROMPTS
    for key in ("vision", "strengths"):
        for p in by_key[key].prompts:
            assert p.text and p.help and p.placeholder, p.key


def test_other_prompt_keys(steps: Steps) -> None:
    by_key = {s.key: s for s in steps.steps}
    assert [p.key for p in by_key["prep"].prompts] == ["prep.concerns"]
    assert [p.key for p in by_key["review"].prompts] == ["review.went_well", "review.stuck"]
    assert [p.key for p in by_key["resources"].prompts] == [
        "resources.existing",
        "resources.lever",
    ]
    assert [p.key for p in by_key["mechanism"].prompts] == [
        "mechanism.continuity",
        "mechanism.fun",
    ]
    assert [p.key for p in by_key["summary"].prompts] == ["summary.take_back"]
    for s in steps.steps:
        for p in s.prompts:
            assert p.key.startswith(f"{s.key}."), p.key


def test_four_points_numbered(steps: Steps) -> None:
    numbers = {s.key: s.number for s in steps.steps}
    assert numbers == {
        "prep": None,
        "review": None,
        "vision": 1,
        "strengths": 2,
        "resources": 3,
        "mechanism": 4,
        "summary": None,
    }
    examples = {s.key: s.example_case for s in steps.steps if s.number}
    assert examples == {
        "vision": "sakae",
        "strengths": "kasama",
        "resources": "abiko",
        "mechanism": "tainai",
    }
    for s in steps.steps:
        if s.number:
            assert s.effect and s.explanation and s.sources, s.key


def test_tips_have_sources_and_unique_ids(steps: Steps) -> None:
    ids = [t.id for s in steps.steps for t in s.tips]
    assert len(ids) == len(set(ids))
    for s in steps.steps:
        assert s.tips, s.key
        for t in s.tips:
            assert t.id.startswith(f"tip_{s.key}_"), t.id
            assert t.sources, t.id


def test_recommendations(steps: Steps) -> None:
    ids = [r.id for r in steps.recommendations]
    assert len(ids) == 13 == len(set(ids))
    for r in steps.recommendations:
        assert r.steps and set(r.steps) <= set(STEP_KEYS), r.id


def test_remedies_cover_barriers_and_resolve(steps: Steps, remedies: Remedies) -> None:
    tip_ids = {t.id for s in steps.steps for t in s.tips}
    rec_ids = {r.id for r in steps.recommendations}
    ids = [r.id for r in remedies.remedies]
    assert len(ids) == len(set(ids))
    assert {r.barrier for r in remedies.remedies} == set(BARRIERS)
    for b in BARRIERS:
        assert 1 <= sum(r.barrier == b for r in remedies.remedies) <= 3, b
    for r in remedies.remedies:
        assert r.id.startswith("rem_" + r.barrier.removeprefix("bar_") + "_"), r.id
        assert set(r.tips) <= tip_ids, r.id
        assert r.steps and set(r.steps) <= set(STEP_KEYS), r.id
        assert set(r.recommendations) <= rec_ids, r.id
        assert set(r.cases) <= CASE_IDS, r.id


def test_schemes_resolve(schemes: Schemes, theme_keys: set[str]) -> None:
    field_keys = [f.key for f in schemes.fields]
    assert len(field_keys) == len(set(field_keys)) == 13
    assert "case" in field_keys
    ids = [s.id for s in schemes.schemes]
    assert len(ids) == len(set(ids))
    for s in schemes.schemes:
        assert s.field in field_keys, s.id
        assert 1 <= len(s.themes) <= 3, s.id
        assert set(s.themes) <= theme_keys, s.id
        assert s.id.startswith(f"sch_{s.field}_"), s.id
    for key in field_keys:
        assert any(s.field == key for s in schemes.schemes), key


def test_transport_schemes(schemes: Schemes) -> None:
    names = {s.name for s in schemes.schemes if s.field == "transport"}
    assert "共創モデル実証プロジェクト" in names
    assert "地域公共交通確保維持改善事業補助金" in names


def test_source_ranges_inside_documents(steps: Steps, schemes: Schemes, remedies: Remedies) -> None:
    for src in _all_sources(steps, schemes, remedies):
        assert src.lines[1] <= DOC_LINES[src.doc], src


@pytest.mark.provenance
def test_scheme_names_on_source_lines(schemes: Schemes) -> None:
    lines = seed_text("guide2024").split("\n")
    for s in schemes.schemes:
        guide_sources = [src for src in s.sources if src.doc == "guide2024"]
        found = any(
            s.name in lines[n - 1]
            for src in guide_sources
            for n in range(src.lines[0], src.lines[1] + 1)
        )
        assert found, s.id

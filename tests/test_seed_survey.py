"""Checks of seed/survey.toml against the figures of the 2020 survey (report2021).

The line-level checks against the source text need the source documents beside the
clone (not shipped with the repository): a clone without them skips those tests, CI
fails if they skip (see conftest.py).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import seed_text

from workshop.domain.reference import Source
from workshop.domain.reference_survey import Share, Survey
from workshop.reference import read_seed

DOC_LINES = {"report2021": 7556, "guide2024": 952}

# 無回答 of Q8(1) is not a stage: current 4 (report2021 L6251), target 6 (L6273).
STAGE_NO_ANSWER_CURRENT = 4
STAGE_NO_ANSWER_TARGET = 6
SURVEY_N = 248  # valid municipal responses (report2021 L325)


@cache
def survey() -> Survey:
    return Survey.model_validate(read_seed("survey.toml"))


def all_entries() -> list[tuple[str, object]]:
    s = survey()
    groups = {
        "meta": s.meta,
        "stages": s.stages,
        "gap_facts": s.gap_facts,
        "guide_figures": s.guide_figures,
        "lenses": s.lenses,
        "barriers": s.barriers,
        "department_types": s.department_types,
        "programme_types": s.programme_types,
        "aims": s.aims,
        "methods": s.methods,
        "frequencies": s.frequencies,
        "leads": s.leads,
        "org_patterns": s.org_patterns,
    }
    return [(f"{name}:{e.key}", e) for name, items in groups.items() for e in items]


def shares_n(items, attr: str) -> set[int]:
    return {getattr(e, attr).N for e in items if getattr(e, attr) is not None}


def test_validates_and_keys_unique():
    s = survey()
    entries = all_entries()
    keys = [name for name, _ in entries]
    assert len(keys) == len(set(keys))
    assert {m.key for m in s.meta} >= {"survey2020", "pref2020", "guide2023"}


def test_meta_survey2020():
    m = {m.key: m for m in survey().meta}["survey2020"]
    assert (m.n_valid, m.n_target, m.response_rate) == (248, 450, 55.1)
    assert round(m.n_valid / m.n_target * 100, 1) == m.response_rate
    assert "関東信越厚生局管内" in m.region
    pref = {m.key: m for m in survey().meta}["pref2020"]
    assert (pref.n_valid, pref.n_target) == (10, 10)
    guide = {m.key: m for m in survey().meta}["guide2023"]
    assert guide.n_valid == 236
    assert "不明" in guide.period


def test_stages_add_up_to_248():
    stages = survey().stages
    assert [s.number for s in stages] == [1, 2, 3, 4, 5, 6]
    assert all(s.current.N == SURVEY_N and s.target.N == SURVEY_N for s in stages)
    assert sum(s.current.n for s in stages) + STAGE_NO_ANSWER_CURRENT == SURVEY_N
    assert sum(s.target.n for s in stages) + STAGE_NO_ANSWER_TARGET == SURVEY_N
    assert all(len(s.short) <= 10 for s in stages)
    by_key = {s.key: s for s in stages}
    assert by_key["stage2_faces_known"].current == Share(n=137, N=248, pct=55.2)
    assert by_key["stage5_org_joint_policy"].target == Share(n=122, N=248, pct=49.2)
    assert by_key["stage_unknown"].number == 6


def test_gap_facts():
    facts = {f.key: f for f in survey().gap_facts}
    assert (facts["gap_mode_2"].value, facts["gap_mode_2"].N) == (29.6, 233)
    assert (facts["gap_1_to_3"].value, facts["gap_0"].value) == (84.5, 11.2)
    assert facts["current_stage45_all"].value == 10.9
    assert facts["target_stage45_all"].value == 71.8
    guide = {f.key: f for f in survey().guide_figures}
    assert {f.N for f in guide.values()} == {236}
    assert guide["guide_collab_45"].value == 45.0
    assert guide["guide_barrier_staff_61"].value == 61.0


def test_barriers():
    barriers = survey().barriers
    assert [b.number for b in barriers] == list(range(1, 13))
    assert shares_n(barriers, "mcw") == {243}
    assert shares_n(barriers, "other") == {234}
    assert shares_n(barriers, "pref_face") == {8}
    assert shares_n(barriers, "pref_priority") == {8}
    by_key = {b.key: b for b in barriers}
    staff = by_key["bar_no_staff_capacity"]
    assert staff.mcw == Share(n=153, N=243, pct=63.0)
    assert staff.other == Share(n=135, N=234, pct=57.7)
    champion = by_key["bar_no_champion"]
    assert champion.mcw == Share(n=100, N=243, pct=41.2)
    assert champion.other == Share(n=111, N=234, pct=47.4)
    assert champion.pref_face == Share(n=5, N=8, pct=62.5)
    assert champion.pref_priority == Share(n=3, N=8, pct=37.5)
    # prefectures chose at most 2 priorities each
    assert sum(b.pref_priority.n for b in barriers) <= 2 * 8


def test_department_types():
    depts = survey().department_types
    assert len(depts) == 20
    for group, cur_n, des_n in (("mcw", 226, 224), ("other", 171, 216)):
        items = [d for d in depts if d.group == group]
        assert [d.number for d in items] == list(range(1, 11))
        prefix = "mcw_" if group == "mcw" else "oth_"
        assert all(d.key.startswith(prefix) for d in items)
        assert shares_n(items, "current") == {cur_n}
        assert shares_n(items, "desired") == {des_n}


def test_programme_types():
    progs = survey().programme_types
    assert len(progs) == 14
    assert [p.number for p in progs] == list(range(1, 15))
    assert shares_n(progs, "current_mcw") == {225}
    assert shares_n(progs, "current_other") == {172}
    assert shares_n(progs, "desired_mcw") == {244}
    assert shares_n(progs, "desired_other") == {235}
    none = progs[-1]
    assert none.key == "prog_none_wanted"
    assert none.current_mcw is None and none.current_other is None
    assert all(p.current_mcw and p.current_other for p in progs[:13])


def test_programme_themes_exist():
    themes = read_seed("themes.toml")["themes"]
    theme_keys = {t["key"] for t in themes}
    by_key = {p.key: p for p in survey().programme_types}
    for p in by_key.values():
        assert set(p.themes) <= theme_keys, p.key
    assert by_key["prog_mobility"].themes == ["mobility"]
    assert by_key["prog_other"].themes == []
    # themes.toml lists programme types per theme; both directions must agree
    for t in themes:
        for prog in t.get("programme_types", []):
            assert t["key"] in by_key[prog].themes, (t["key"], prog)


def test_other_option_lists():
    s = survey()
    assert len(s.aims) == 7
    assert shares_n(s.aims, "mcw") == {226}
    assert shares_n(s.aims, "other") == {171}
    assert len(s.methods) == 8
    assert shares_n(s.methods, "mcw") == {216}
    assert shares_n(s.methods, "other") == {160}
    assert len(s.frequencies) == 7
    assert len(s.leads) == 6
    assert shares_n(s.leads, "all") == {227}
    # single choice: options + 無回答 2 (report2021 L6082) = 227
    assert sum(o.all.n for o in s.leads) + 2 == 227
    for items in (s.aims, s.methods, s.frequencies, s.leads):
        assert [o.number for o in items] == list(range(1, len(items) + 1))


def test_lenses():
    lenses = {lens.key: lens for lens in survey().lenses}
    assert set(lenses) == {"renkei_contact", "renkei_cooperate", "renkei_joint"}
    assert [lenses[k].kanji for k in ("renkei_contact", "renkei_cooperate", "renkei_joint")] == [
        "連係",
        "連携",
        "連繋",
    ]
    assert lenses["renkei_contact"].stages == [1, 2]
    assert lenses["renkei_cooperate"].stages == [3, 4]
    assert lenses["renkei_joint"].stages == [5]
    assert lenses["renkei_contact"].flag == "reconstructed"
    for lens in lenses.values():
        assert any(s.flag == "inferred" for s in lens.sources)


def test_org_patterns():
    patterns = survey().org_patterns
    assert [p.key for p in patterns] == [
        "pattern_individual",
        "pattern_interorg",
        "pattern_mayor",
        "pattern_outside",
        "pattern_lead_unit",
    ]
    assert sum(p.name_is_reconstructed for p in patterns) == 3
    allowed = {
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
    for p in patterns:
        assert p.merits and p.demerits and p.fit_question
        assert set(p.cases) <= allowed, p.key
        assert p.flag in ("inferred", "reconstructed")
        if p.name_is_reconstructed:
            assert p.flag == "reconstructed"


@pytest.mark.parametrize("name,entry", all_entries(), ids=lambda x: x if isinstance(x, str) else "")
def test_sources_within_documents(name: str, entry):
    sources: list[Source] = entry.sources
    assert sources, name
    for s in sources:
        lo, hi = s.lines
        assert 1 <= lo <= hi <= DOC_LINES[s.doc], (name, s)


@cache
def report_lines() -> list[str]:
    return seed_text("report2021").split("\n")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.provenance
def test_barrier_labels_at_their_sources():
    lines = report_lines()
    for b in survey().barriers:
        head = _squash(b.label)[:8]
        found = False
        for s in b.sources:
            if s.doc != "report2021":
                continue
            lo, hi = s.lines
            window = lines[max(lo - 1 - 3, 0) : min(hi + 3, len(lines))]
            if any(head in _squash(line) for line in window):
                found = True
                break
        assert found, (b.key, head)


@pytest.mark.provenance
def test_option_labels_at_their_sources():
    s = survey()
    lines = report_lines()
    groups = (
        s.stages,
        s.department_types,
        s.programme_types,
        s.aims,
        s.methods,
        s.frequencies,
        s.leads,
    )
    for items in groups:
        for o in items:
            head = _squash(o.label)[:8]
            windows = (
                lines[max(src.lines[0] - 4, 0) : src.lines[1] + 3]
                for src in o.sources
                if src.doc == "report2021"
            )
            assert any(head in _squash(line) for w in windows for line in w), (o.key, head)

"""The minutes carry what the self-check finds and what the team chose, in the screen's
words, with figures from the reference data (read back from the DOCX)."""

from __future__ import annotations

from export_data import docx_text

from workshop.demo import demo_bundle
from workshop.domain.benchmark import compare_stage
from workshop.export import render
from workshop.export.content import stage_text
from workshop.reference import load

DEMO = demo_bundle().data
FIRST, SECOND = (sd.session.id for sd in DEMO.ordered_sessions())
REF = load()


def minutes(session_id: str) -> str:
    return docx_text(render("docx", DEMO, session_id))


def test_first_session_minutes_carry_the_findings() -> None:
    text = minutes(FIRST)
    assert "自己点検で分かったこと" in text
    assert "意見が分かれています: 現在 1〜3" in text
    below = compare_stage(REF.survey.stages, 2)
    assert below is not None
    assert f"下の段階 {below.below:.1f}%（{below.n_below}）" in text
    assert f"同じ段階 {below.same:.1f}%（{below.n_same}）" in text
    assert f"上の段階 {below.above:.1f}%（{below.n_above}）" in text
    mode = next(f for f in REF.survey.gap_facts if f.key == "gap_mode_2")
    assert f"最も多い差と同じです（2段階：{mode.value:.1f}%、N={mode.N}）" in text
    lens = next(x for x in REF.survey.lenses if 2 in x.stages)
    assert f"合う会議の形: {lens.kanji}（{lens.reading}）" in text
    assert lens.definition.strip() in text


def test_minutes_name_the_organisational_pattern_chosen() -> None:
    pattern = REF.pattern_by_key["pattern_lead_unit"]
    text = minutes(FIRST)
    assert "組織の型" in text and pattern.name in text


def test_second_session_points_out_the_team_row_nobody_chose() -> None:
    text = minutes(SECOND)
    assert "出席者の誰も選んでいない段階" in text
    assert "見立ては一致しています" not in text


def test_stage_five_has_one_label() -> None:
    short = REF.stage_by_number[5].short
    assert stage_text(5) == f"5 {short}" == "5 組織で共同実施"


def test_history_uses_the_median_where_the_team_gave_none() -> None:
    sessions = []
    for sd in DEMO.sessions:
        if sd.session.id == FIRST:
            answers = [a for a in sd.stage_answers if a.attendee_id is not None]
            sd = sd.model_copy(update={"stage_answers": answers})
        sessions.append(sd)
    data = DEMO.model_copy(update={"sessions": sessions})
    text = docx_text(render("docx", data, SECOND))
    # the attendees' answers in session 1: 3, 2, 2, 1, 2, (わからない), 3, 3 → median 2 → 4
    assert f"{stage_text(2)} → {stage_text(4)}（出席者の中央値）" in text

"""The minutes' stage self-check shows the figures `workshop.domain.benchmark` gives the
self-check screen: the team's stage (or the attendees' median), the attendees per stage."""

from __future__ import annotations

import re

import pytest
from export_data import docx_text

from workshop.demo import demo_bundle
from workshop.domain.benchmark import Answer, share_counts, team_stages
from workshop.domain.bundle import InitiativeData, SessionData
from workshop.export import render
from workshop.export.content import L, stage_text
from workshop.export.document import Para, Table
from workshop.export.minutes import build_minutes

DEMO = demo_bundle().data
SESSION_IDS = [sd.session.id for sd in DEMO.ordered_sessions()]
MEDIAN_NOTE = "個別の回答の中央値"


def expected(sd: SessionData) -> tuple[tuple[int | None, int | None], dict]:
    """What benchmark.py says for the session, from its answers as the screen reads them."""
    by_person = {a.attendee_id: a for a in sd.stage_answers}
    team_answer = by_person.get(None)
    team = Answer("team", team_answer.current, team_answer.target) if team_answer else None
    people = [
        Answer(p.name, a.current, a.target)
        for p in sd.attendees
        if (a := by_person.get(p.id)) is not None
    ]
    return team_stages(team, people), share_counts(people)


def shown(data: InitiativeData, session_id: str) -> tuple[tuple[int | None, int | None], dict]:
    """The team's stages and the attendees per stage, read off the minutes' table."""
    doc = build_minutes(data, session_id)
    blocks = [b for s in doc.sections for b in s.blocks]
    table = next(b for b in blocks if isinstance(b, Table) and L("col.team") in b.header)
    current = target = None
    counts = {}
    for row in table.rows:
        stage = int(row[0].split()[0])
        marks = row[3].split("・") if row[3] else []
        if L("stage.mark_current") in marks:
            assert current is None, "two current marks"
            current = stage
        if L("stage.mark_target") in marks:
            assert target is None, "two target marks"
            target = stage
        found = re.fullmatch(r"(\d+)名／(\d+)名", row[4])
        assert found, row[4]
        counts[stage] = (int(found[1]), int(found[2]))
    return (current, target), counts


def notes(data: InitiativeData, session_id: str) -> list[str]:
    doc = build_minutes(data, session_id)
    return [b.text for s in doc.sections for b in s.blocks if isinstance(b, Para)]


def with_team(session_id: str, team: tuple[int, int] | None) -> InitiativeData:
    """The demo with the team's answer in one session replaced (None: taken out)."""
    sessions = []
    for sd in DEMO.sessions:
        if sd.session.id == session_id:
            answers = [a for a in sd.stage_answers if a.attendee_id is not None]
            old = next(a for a in sd.stage_answers if a.attendee_id is None)
            if team is not None:
                answers.insert(0, old.model_copy(update={"current": team[0], "target": team[1]}))
            sd = sd.model_copy(update={"stage_answers": answers})
        sessions.append(sd)
    return DEMO.model_copy(update={"sessions": sessions})


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_minutes_figures_are_benchmark_figures_for_the_demo(session_id: str) -> None:
    sd = DEMO.session(session_id)
    assert sd is not None and sd.stage_answers
    assert shown(DEMO, session_id) == expected(sd)
    assert not any(MEDIAN_NOTE in n for n in notes(DEMO, session_id))  # the team answered


def test_demo_figures_as_the_seed_has_them() -> None:
    """The first demo session: the team says 2 → 4; attendees 1, 2, 2, 2, 3, 3, 3, わからない."""
    (stages, counts) = shown(DEMO, SESSION_IDS[0])
    assert stages == (2, 4)
    assert counts[1] == (1, 0) and counts[2] == (3, 0) and counts[3] == (3, 0)
    assert counts[4] == (0, 5) and counts[5] == (0, 3) and counts[6] == (1, 0)


@pytest.mark.parametrize(
    ("which", "team", "stages"),
    [
        (0, None, (2, 4)),  # no team answer: lower medians of the attendees' answers
        (0, (6, 6), (2, 4)),  # the team says わからない: the same
        (0, (6, 5), (2, 5)),  # only the current stage from the median
        (1, None, (None, 4)),  # the only attendee does not know the current stage
    ],
)
def test_median_when_the_team_gives_no_stage(
    which: int, team: tuple[int, int] | None, stages: tuple
) -> None:
    session_id = SESSION_IDS[which]
    data = with_team(session_id, team)
    sd = data.session(session_id)
    assert sd is not None
    assert shown(data, session_id) == expected(sd)
    assert shown(data, session_id)[0] == stages
    said = [n for n in notes(data, session_id) if MEDIAN_NOTE in n]
    assert len(said) == 1
    current, target = stages
    assert f"現在 {stage_text(current) or L('common.blank')}" in said[0]
    assert f"目標 {stage_text(target)}" in said[0]


def test_median_note_reaches_the_written_files() -> None:
    data = with_team(SESSION_IDS[0], None)
    for fmt in ("md", "html", "docx"):
        blob = render(fmt, data, SESSION_IDS[0])
        text = docx_text(blob) if fmt == "docx" else blob.decode("utf-8")
        assert MEDIAN_NOTE in text, fmt

"""The good-practice collection says how the team's stage went between its first and
its last answer: up, the same, or down (it said 「3 …」から「3 …」へ進んだ for a stage that
had not moved, and would have said 進んだ for a drop)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from tests.test_rollup import _session
from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import UNKNOWN_STAGE
from workshop.domain.records import Initiative, StageAnswer
from workshop.export.practice import render
from workshop.i18n import label


def _collection_text(first: int, last: int) -> str:
    ini = Initiative(name="移動支援", municipality="水戸市", municipality_code="082015")
    sessions = [
        _session(
            ini,
            day,
            stage_answers=lambda s, n=n: [StageAnswer(session_id=s.id, current=n, target=5)],
        )
        for day, n in ((date(2026, 5, 1), first), (date(2026, 10, 1), last))
    ]
    doc = docx.Document(
        io.BytesIO(render([(InitiativeData(initiative=ini, sessions=sessions), "茨城県")]))
    )
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (2, 4, "連携の段階が「2 {2}」から「4 {4}」へ進んだ。"),
        (3, 3, "連携の段階は「3 {3}」のまま続いている。"),
        (4, 2, "連携の段階が「4 {4}」から「2 {2}」へ下がった。"),
    ],
)
def test_the_stage_is_said_as_it_went(first: int, last: int, said: str) -> None:
    text = _collection_text(first, last)
    expected = said.format(*[label("stage", n) if n else "" for n in range(6)])
    assert expected in text
    assert ("進んだ" in text) == (last > first)


def test_nothing_is_said_when_an_answer_was_dont_know() -> None:
    text = _collection_text(3, UNKNOWN_STAGE)
    assert all(word not in text for word in ("進んだ", "のまま", "下がった", "わからない」"))

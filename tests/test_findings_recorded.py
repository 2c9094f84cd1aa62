"""The step ② findings stay what they were: the overlaps, the strongest complement pairs
(kept pairs included, in their place) and the count of all pairs, on fixed seeded boards
and on the demo, compared with answers recorded from the rule before it was made fast
(tests/findings_fixture.py wrote tests/data/findings_recorded.json)."""

from __future__ import annotations

import json

import pytest

from tests.findings_fixture import (
    RECORDED,
    boards,
    cases,
    demo_cards,
    plain_findings,
    plain_overlaps,
)

RECORDS = json.loads(RECORDED.read_text(encoding="utf-8"))
CASES = cases()


def test_every_recorded_case_is_checked() -> None:
    names = set(CASES) | {f"{n}/overlaps" for n in boards()}
    names |= {f"demo-{n}/overlaps" for n in demo_cards()}
    assert names == set(RECORDS)
    # the boards decide their strongest pairs on several levels: many shared themes,
    # one shared theme and shared wording only
    assert any(p[4] and len(p[4]) >= 3 for p in RECORDS["mixed-2400/top60"]["pairs"])
    assert all(not p[4] and p[5] for p in RECORDS["wording-only-700/top60"]["pairs"])
    assert RECORDS["mixed-2400/top60"]["total"] > 100_000


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_pairs_and_their_count_are_the_recorded_ones(name: str) -> None:
    cards, limit, keep = CASES[name]
    assert plain_findings(cards, limit, keep) == RECORDS[name]


def test_the_overlaps_are_the_recorded_ones() -> None:
    for name, cards in boards().items():
        assert plain_overlaps(cards) == RECORDS[f"{name}/overlaps"], name
    for name, cards in demo_cards().items():
        assert plain_overlaps(cards) == RECORDS[f"demo-{name}/overlaps"], name

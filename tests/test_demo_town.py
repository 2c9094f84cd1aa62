"""What a municipal reader would notice in the demo town (seed/demo.toml), fixed."""

from __future__ import annotations

import datetime as dt
from functools import cache

from workshop.demo import demo_bundle
from workshop.domain.bundle import Bundle


@cache
def bundle() -> Bundle:
    return demo_bundle()


def texts() -> list[str]:
    """Every card, statement, decision, resource and review text of the demo."""
    out: list[str] = []
    for s in bundle().data.sessions:
        out += [c.text for c in s.cards] + [x.text for x in s.statements]
        out += [d.text for d in s.decisions] + [r.leverage for r in s.resources]
    out += [r.comment for r in bundle().data.reviews]
    return out


def minutes_between(start: dt.time, end: dt.time) -> int:
    day = dt.date(2026, 1, 1)
    return (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds // 60


def test_timeboxes_and_time_spent_fit_the_meeting() -> None:
    for data in bundle().data.sessions:
        s = data.session
        length = minutes_between(s.start_time, s.end_time)
        assert sum(s.timeboxes.values()) == length, s.title
        assert sum(s.timer_elapsed.values()) <= length * 60, s.title


def test_review_deadline_comes_before_the_december_meeting() -> None:
    december_meeting = dt.date(2026, 12, 16)  # monthly from 10/21: the third Wednesday
    assert december_meeting.weekday() == dt.date(2026, 10, 21).weekday() == 2
    for review in bundle().data.reviews:
        if "12月の連携会議" in review.comment and review.new_due:
            assert review.new_due < december_meeting, review.comment
    assert any("12月の連携会議" in r.comment and r.new_due for r in bundle().data.reviews)


def test_transport_council_has_the_transport_bureau_and_the_subsidy_goes_through_it() -> None:
    resources = {r.name: r for s in bundle().data.sessions for r in s.resources}
    assert "運輸支局" in resources["地域公共交通会議"].members
    subsidy = resources["地域公共交通確保維持改善事業補助金"]
    assert "運輸支局に早めに相談" in subsidy.leverage and "県に" not in subsidy.leverage


def test_mid_year_transfer_is_explained() -> None:
    """Transfers normally take effect in April; the October one says why it happened."""
    october = [t for t in texts() if "異動" in t and "10月" in t]
    assert october and all("年度途中" in t and "欠員補充" in t for t in october)


def test_take_back_card_reads_naturally() -> None:
    assert any(t.endswith("試してみることを共有する") for t in texts())
    assert not any("試してみると共有する" in t for t in texts())

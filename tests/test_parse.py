"""The parser of typed dates, times and numbers (what a form field accepts)."""

from __future__ import annotations

from datetime import date, time

import pytest

from workshop.domain.parse import parse_date, parse_int, parse_list, parse_time

TODAY = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-22", date(2026, 11, 22)),
        ("2026/11/22", date(2026, 11, 22)),
        ("2026年11月22日", date(2026, 11, 22)),
        ("20261122", date(2026, 11, 22)),
        ("２０２６／１１／２２", date(2026, 11, 22)),  # full-width from an IME
        ("令和8年11月22日", date(2026, 11, 22)),
        ("令和８年１１月２２日", date(2026, 11, 22)),
        ("令和8年11月22日（日）", date(2026, 11, 22)),  # copied with its weekday
        ("R8.11.22", date(2026, 11, 22)),
        ("Ｒ８．１１．２２", date(2026, 11, 22)),
        ("令和元年5月1日", date(2019, 5, 1)),  # the first day of 令和
        ("令和元年12月25日", date(2019, 12, 25)),
        ("令和1年12月25日", date(2019, 12, 25)),
        ("R元.7.1", date(2019, 7, 1)),
        ("令和2年1月1日", date(2020, 1, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),  # the first day of 平成
        ("平成31年4月30日", date(2019, 4, 30)),  # the last day of 平成
        ("H30.3.31", date(2018, 3, 31)),
        ("昭和64年1月7日", date(1989, 1, 7)),  # the last day of 昭和
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("11/22", date(2026, 11, 22)),  # the nearest 22 November
        ("１１月２２日", date(2026, 11, 22)),
        ("2028/2/29", date(2028, 2, 29)),  # a leap day
    ],
)
def test_dates_as_typed(typed: str, expected: date) -> None:
    assert parse_date(typed, today=TODAY) == expected


DECEMBER = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("typed", "nearest", "next_one"),
    [
        ("3月31日", date(2027, 3, 31), date(2027, 3, 31)),  # not the March past
        ("11/18", date(2026, 11, 18), date(2027, 11, 18)),  # last month's meeting
        ("1/20", date(2027, 1, 20), date(2027, 1, 20)),
        ("8月31日", date(2026, 8, 31), date(2027, 8, 31)),
        ("12/4", DECEMBER, DECEMBER),  # today is ahead of today
        ("2/29", date(2028, 2, 29), date(2028, 2, 29)),  # the next leap day
    ],
)
def test_a_date_without_its_year(typed: str, nearest: date, next_one: date) -> None:
    """The nearest such day for a record of a meeting; the next one for a deadline."""
    assert parse_date(typed, today=DECEMBER) == nearest
    assert parse_date(typed, today=DECEMBER, ahead=True) == next_one


def test_an_old_era_written_after_its_end_is_read_on() -> None:
    """Forms printed before May 2019 say 平成31年5月…; the day exists (as 令和元年)."""
    assert parse_date("平成31年5月1日") == date(2019, 5, 1)
    assert parse_date("平成32年3月31日") == date(2020, 3, 31)


@pytest.mark.parametrize(
    "typed",
    [
        "令和元年4月30日",  # 令和 began on 1 May 2019: this day was 平成31年
        "令和0年5月1日",
        "平成元年1月7日",  # still 昭和64年
        "昭和元年12月24日",  # still 大正
        "2026年2月30日",
        "令和8年2月29日",  # 2026 is no leap year
        "2026/13/1",
        "2026/11/31",
        "2/30",
        "来週のどこか",
        "令和八年十一月二十二日",  # kanji numerals are not read
        "0001-01-01",  # a slip of the keyboard; a spreadsheet cannot show it
        "1899/12/31",
        "2200-01-01",
    ],
)
def test_impossible_or_unreadable_dates_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_date(typed, today=TODAY)


def test_empty_date_is_none() -> None:
    assert parse_date("  ") is None
    assert parse_date("\u3000") is None  # an ideographic space only


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:00", time(14, 0)),
        ("１４：００", time(14, 0)),
        ("14時", time(14, 0)),
        ("14時30分", time(14, 30)),
        ("9:5", time(9, 5)),
        ("1400", time(14, 0)),
    ],
)
def test_times_as_typed(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "14:60", "午後2時"])
def test_impossible_times_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)


def test_numbers_and_lists() -> None:
    assert parse_int("１８，０００人") == 18000
    assert parse_int("21,000") == 21000
    assert parse_int("９０分") == 90  # a timebox as said, full-width from the IME
    assert parse_int("12 回") == 12
    assert parse_int("") is None
    with pytest.raises(ValueError):
        parse_int("約2万")
    assert parse_list("交通政策課、防災課, 社協\n") == ["交通政策課", "防災課", "社協"]

"""Meeting dates: a cadence's series (the same day or the same weekday of the month),
and the days a municipal office is open (no weekends, national holidays or 年末年始)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from workshop.domain.enums import Cadence


def add_months(d: date, months: int) -> date:
    """Same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def week_of_month(d: date) -> int:
    """1 for the first such weekday of the month (第1), 2 for the second, …"""
    return (d.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth given weekday of a month; the last one when the month has fewer."""
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    last = calendar.monthrange(year, month)[1]
    while day > last:
        day -= 7
    return date(year, month, day)


def nth_meeting(cadence: Cadence, first: date, n: int, by_weekday: bool = False) -> date:
    if cadence.weeks:
        return first + timedelta(weeks=cadence.weeks * n)
    same_day = add_months(first, cadence.months * n)
    if not by_weekday:
        return same_day
    return nth_weekday(same_day.year, same_day.month, first.weekday(), week_of_month(first))


MAX_SERIES = 5_000
"""Upper bound on meetings looked at, so a far-off `after` cannot loop for ever."""


def meeting_dates(
    cadence: Cadence, first: date, count: int, after: date | None = None, by_weekday: bool = False
) -> list[date]:
    """The next `count` meeting dates of the cadence from `first`, skipping those before
    `after`. Monthly cadences keep the day of the month, or with `by_weekday` the
    weekday of the month (第3水曜)."""
    return [d for _, d in meeting_series(cadence, first, count, after, by_weekday)]


def meeting_series(
    cadence: Cadence, first: date, count: int, after: date | None, by_weekday: bool = False
) -> list[tuple[int, date]]:
    out: list[tuple[int, date]] = []
    for n in range(MAX_SERIES):
        if len(out) >= count:
            break
        d = nth_meeting(cadence, first, n, by_weekday)
        if after is None or d >= after:
            out.append((n, d))
    return out


YEAR_END = "年末年始"
"""Name of the closure of municipal offices from 29 December to 3 January."""


def closed_reason(d: date) -> str:
    """Why the office is closed on a weekday (a national holiday's name from jpholiday,
    or 年末年始), "" when it is open. Weekends are closed too but have no name."""
    import jpholiday

    if (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3):
        return YEAR_END
    return jpholiday.is_holiday_name(d) or ""


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and not closed_reason(d)


def next_working_day(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d

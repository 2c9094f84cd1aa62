"""Japanese calendar (和暦) formatting as municipal documents write dates."""

from __future__ import annotations

from datetime import date, time

_ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
)

WEEKDAYS_JA = "月火水木金土日"


def era(d: date) -> tuple[str, int]:
    """(era name, year of the era) for a date; years before 昭和 fall back to 西暦."""
    for start, name in _ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    return "西暦", d.year


def wareki(d: date, weekday: bool = True) -> str:
    """令和8年11月22日（日） — the first year of an era is written 元年."""
    name, year = era(d)
    y = "元" if year == 1 and name != "西暦" else str(year)
    text = f"{name}{y}年{d.month}月{d.day}日"
    return f"{text}（{WEEKDAYS_JA[d.weekday()]}）" if weekday else text


def wareki_with_seireki(d: date) -> str:
    """令和8年（2026年）11月22日（日）."""
    name, year = era(d)
    y = "元" if year == 1 and name != "西暦" else str(year)
    return f"{name}{y}年（{d.year}年）{d.month}月{d.day}日（{WEEKDAYS_JA[d.weekday()]}）"


def hhmm(t: time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def meeting_datetime(d: date | None, start: time | None, end: time | None) -> str:
    """令和8年11月22日（日）14:00～16:00, with whatever parts are known."""
    if d is None:
        return ""
    text = wareki(d)
    if start and end:
        return f"{text}{hhmm(start)}～{hhmm(end)}"
    if start:
        return f"{text}{hhmm(start)}～"
    return text

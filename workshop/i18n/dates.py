"""Dates as the UI shows them: 和暦 in the Japanese UI (令和9年1月31日（日）), the
Gregorian calendar in the English one (Sun 31 Jan 2027). Exports keep their own rules."""

from __future__ import annotations

from datetime import date, datetime

from workshop.domain.wareki import hhmm, wareki
from workshop.i18n import language

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def ui_date(d: date, weekday: bool = True, lang: str | None = None) -> str:
    if (lang or language()) == "ja":
        return wareki(d, weekday)
    text = f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{WEEKDAYS_EN[d.weekday()]} {text}" if weekday else text


def ui_stamp(moment: datetime, lang: str | None = None) -> str:
    """A recorded moment in local time: 令和8年12月1日（火）23:40."""
    local = moment.astimezone()
    return f"{ui_date(local.date(), True, lang)} {hhmm(local.time())}"

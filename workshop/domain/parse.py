"""Reading what people type into form fields: dates (西暦 or 和暦), times, numbers and
lists, with full-width digits from a Japanese IME accepted (NFKC)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

from workshop.domain.base import YEARS

ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926, "R": 2019, "H": 1989, "S": 1926}
ERA_NAME = {"R": "令和", "H": "平成", "S": "昭和"}
ERA_FIRST_DAY = {
    "令和": date(2019, 5, 1),
    "平成": date(1989, 1, 8),
    "昭和": date(1926, 12, 25),
}
"""An era's date before its first day does not exist (令和元年4月30日 was 平成31年). A
later one is read on: forms printed before 2019 still say 平成31年5月1日, and the
government treats such dates as valid."""


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(text: str, today: date | None = None, ahead: bool = False) -> date | None:
    """`_parse_date`, refused outside `YEARS`."""
    day = _parse_date(text, today, ahead)
    if day is not None and day.year not in YEARS:
        raise ValueError(text)
    return day


def _parse_date(text: str, today: date | None = None, ahead: bool = False) -> date | None:
    """2026-11-22, 2026/11/22, 20261122, 令和8年11月22日, R8.11.22, 11/22.
    Empty text gives None; anything else unreadable raises ValueError.

    A month and day without a year (11/22, 3月31日) is the nearest such day to `today`
    (a meeting held last month, the next one early next year); with `ahead` (a deadline,
    the next meeting, a review date) it is the next such day from `today` on: 3月31日
    typed in December is the coming March, not the one past."""
    s = _norm(text)
    if not s:
        return None
    s = re.sub(r"[（(][^)）]*[)）]$", "", s).strip()  # a trailing weekday such as （日）
    m = re.fullmatch(
        r"(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?",
        s,
    )
    if m:
        era, y, mo, d = m.groups()
        n = 1 if y == "元" else int(y)
        day = date(ERA_START[era] + n - 1, int(mo), int(d))
        if n < 1 or day < ERA_FIRST_DAY[ERA_NAME.get(era, era)]:
            raise ValueError(text)
        return day
    m = re.fullmatch(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?", s)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})\s*[月/\-]\s*(\d{1,2})\s*日?", s)
    if m:
        return _without_year(int(m[1]), int(m[2]), today or date.today(), ahead)
    raise ValueError(text)


def _without_year(month: int, day: int, today: date, ahead: bool) -> date:
    candidates = []
    for year in range(today.year - 1, today.year + 5):  # a leap day: the next one
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 2月29日 outside a leap year
            continue
    if not candidates:
        raise ValueError(f"{month}/{day}")
    if ahead:
        return min((d for d in candidates if d >= today), default=candidates[-1])
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))


def parse_time(text: str) -> time | None:
    """14:00, 14時, 14時30分, 1400, 9:5 → 09:05. Empty gives None."""
    s = _norm(text)
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,2})\s*[:時]\s*(\d{1,2})?\s*分?", s)
    if m:
        return time(int(m[1]), int(m[2] or 0))
    m = re.fullmatch(r"(\d{1,2})(\d{2})", s)
    if m:
        return time(int(m[1]), int(m[2]))
    raise ValueError(text)


_UNIT = r"(?:人|名|分|分間|回|件|円|世帯|か所|箇所|ヶ所|ケ所|歳)"
"""A unit typed after a number as one says it (90分, 21,000人): read as the number."""


def parse_int(text: str) -> int | None:
    """Whole numbers, full-width digits, thousands separators (18,000) and a unit after
    the number (９０分) allowed."""
    s = _norm(text).replace(",", "")
    if not s:
        return None
    m = re.fullmatch(rf"(-?\d+)\s*{_UNIT}?", s)
    if m is None:
        raise ValueError(text)
    return int(m[1])


def parse_float(text: str) -> float | None:
    s = _norm(text).rstrip("%").strip()
    if not s:
        return None
    return float(s)


def parse_list(text: str) -> list[str]:
    """Comma, 読点 or 中黒-free separators: 「交通政策課、防災課, 社協」 → three items."""
    parts = re.split(r"[,、，;；\n]+", text)
    return [p.strip() for p in parts if p.strip()]


def format_list(items: list[str]) -> str:
    return "、".join(items)

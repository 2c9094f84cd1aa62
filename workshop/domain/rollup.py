"""The prefecture's view (pure): one row per municipality from the gathered initiatives.

Each initiative is first summarised on its own (`summarise`), so a caller can stream
initiatives from the database one at a time; `combine` then folds the summaries of one
municipality into a row, and `distributions` counts stages and barriers beside the
2020 survey (N=248).

Definitions (what a figure in the table means):
- municipality: by 団体コード; without a code by the municipality's name; without either
  the initiative stands alone (listed as 団体コード未設定);
- stage now / target: the team's answer (the stage answer without an attendee) of the
  latest session that has stage answers; without a team answer, the median of the
  attendees' answers (わからない left out). For a municipality with several initiatives,
  the initiative whose stage was answered last;
- gap: target minus now, when both are stages 1-5;
- barriers: every barrier ticked in the latest session with ticks (either partner);
- regular meeting: a mechanism (定例の場) was set up; charter: a mechanism has a formal
  anchor (設置要綱, 委託仕様, 既存協議会への位置づけ, 庁内PT);
- open actions: not started, in progress or on hold; overdue: open with a due date
  before `today`;
- last session: the latest session date (creation date when the session has none);
- a year earlier: the stage as the records stood a year before `today` (the latest
  session with stage answers dated at least 365 days back), so a prefecture sees its
  municipalities a year ago beside now once bundles carry that much history.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from workshop.domain.benchmark import band_of
from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import UNKNOWN_STAGE, AnchorKind
from workshop.domain.reference import PopulationBand

NO_CODE = ""


@dataclass(frozen=True)
class InitiativeSummary:
    """What one initiative contributes to its municipality's row."""

    initiative_id: str
    name: str
    municipality: str
    code: str
    population: int | None
    ageing_rate: float | None
    stage_now: int | None
    stage_target: int | None
    stage_day: date | None
    """Date of the session the stage comes from (to pick the latest across initiatives)."""
    stage_year_ago: int | None
    year_ago_day: date | None
    barriers: frozenset[str]
    themes: tuple[str, ...]
    regular_meeting: bool
    charter: bool
    open_actions: int
    overdue_actions: int
    last_session: date | None
    sessions: int


@dataclass(frozen=True)
class MunicipalityRow:
    key: str
    code: str
    municipality: str
    initiatives: tuple[str, ...]
    initiative_ids: tuple[str, ...]
    population: int | None
    ageing_rate: float | None
    band: str | None
    stage_now: int | None
    stage_target: int | None
    stage_year_ago: int | None
    barriers: tuple[str, ...]
    themes: tuple[str, ...]
    regular_meeting: bool
    charter: bool
    open_actions: int
    overdue_actions: int
    last_session: date | None
    sessions: int

    @property
    def prefecture(self) -> str:
        return self.code[:2] if self.code else ""

    @property
    def gap(self) -> int | None:
        now, target = self.stage_now, self.stage_target
        if now is None or target is None or UNKNOWN_STAGE in (now, target):
            return None
        return target - now


def _day(sd: SessionData) -> date:
    return sd.session.date or sd.session.created_at.date()


def _stage(sd: SessionData) -> tuple[int | None, int | None]:
    team = [a for a in sd.stage_answers if a.attendee_id is None]
    if team:
        latest = max(team, key=lambda a: a.updated_at)
        return latest.current, latest.target

    def median(values: list[int]) -> int | None:
        known = [v for v in values if v != UNKNOWN_STAGE]
        return int(statistics.median_low(known)) if known else None

    return (
        median([a.current for a in sd.stage_answers]),
        median([a.target for a in sd.stage_answers]),
    )


def summarise(data: InitiativeData, today: date) -> InitiativeSummary:
    """One initiative's contribution (see the module docstring for the definitions)."""
    sessions = data.ordered_sessions()
    answered = [s for s in sessions if s.stage_answers]
    now = target = None
    stage_day = None
    if answered:
        now, target = _stage(answered[-1])
        stage_day = _day(answered[-1])
    cutoff = today - timedelta(days=365)
    earlier = [s for s in answered if _day(s) <= cutoff]
    year_ago = _stage(earlier[-1])[0] if earlier else None
    ticked = [s for s in sessions if s.barrier_ticks]
    barriers = frozenset(t.barrier for t in ticked[-1].barrier_ticks) if ticked else frozenset()
    themes = dict.fromkeys(th for s in sessions for th in s.session.themes)
    mechanisms = [m for s in sessions for m in s.mechanisms]
    open_actions = [a for a in data.actions if a.status.is_open]
    ini = data.initiative
    return InitiativeSummary(
        initiative_id=ini.id,
        name=ini.name,
        municipality=ini.municipality,
        code=ini.municipality_code,
        population=ini.population,
        ageing_rate=ini.ageing_rate,
        stage_now=now,
        stage_target=target,
        stage_day=stage_day,
        stage_year_ago=year_ago,
        year_ago_day=_day(earlier[-1]) if earlier else None,
        barriers=barriers,
        themes=tuple(themes),
        regular_meeting=bool(mechanisms),
        charter=any(m.anchor != AnchorKind.NONE for m in mechanisms),
        open_actions=len(open_actions),
        overdue_actions=sum(1 for a in open_actions if a.due is not None and a.due < today),
        last_session=_day(sessions[-1]) if sessions else None,
        sessions=len(sessions),
    )


def municipality_key(s: InitiativeSummary) -> str:
    if s.code:
        return f"code:{s.code}"
    if s.municipality:
        return f"name:{s.municipality}"
    return f"initiative:{s.initiative_id}"


def combine(
    summaries: Iterable[InitiativeSummary], bands: Sequence[PopulationBand] = ()
) -> list[MunicipalityRow]:
    """Fold initiative summaries into one row per municipality, ordered by code (rows
    without a code last, by name)."""
    groups: dict[str, list[InitiativeSummary]] = {}
    for s in summaries:
        groups.setdefault(municipality_key(s), []).append(s)
    rows = []
    for key, group in groups.items():
        group.sort(key=lambda s: s.name)
        staged = [s for s in group if s.stage_day is not None]
        lead = max(staged, key=lambda s: s.stage_day) if staged else None
        dated = [s for s in group if s.year_ago_day is not None]
        before = max(dated, key=lambda s: s.year_ago_day) if dated else None
        population = next((s.population for s in group if s.population is not None), None)
        last = [s.last_session for s in group if s.last_session]
        rows.append(
            MunicipalityRow(
                key=key,
                code=group[0].code,
                municipality=next((s.municipality for s in group if s.municipality), ""),
                initiatives=tuple(s.name for s in group),
                initiative_ids=tuple(s.initiative_id for s in group),
                population=population,
                ageing_rate=next((s.ageing_rate for s in group if s.ageing_rate is not None), None),
                band=band.key if (band := band_of(population, bands)) else None,
                stage_now=lead.stage_now if lead else None,
                stage_target=lead.stage_target if lead else None,
                stage_year_ago=before.stage_year_ago if before else None,
                barriers=tuple(sorted(frozenset().union(*(s.barriers for s in group)))),
                themes=tuple(dict.fromkeys(th for s in group for th in s.themes)),
                regular_meeting=any(s.regular_meeting for s in group),
                charter=any(s.charter for s in group),
                open_actions=sum(s.open_actions for s in group),
                overdue_actions=sum(s.overdue_actions for s in group),
                last_session=max(last) if last else None,
                sessions=sum(s.sessions for s in group),
            )
        )
    rows.sort(key=lambda r: (not r.code, r.code, r.municipality, r.key))
    return rows


@dataclass(frozen=True)
class Filter:
    """Which rows to show; None means any."""

    stage: int | None = None
    barrier: str | None = None
    theme: str | None = None
    band: str | None = None
    codes: frozenset[str] = field(default_factory=frozenset)
    """Chosen municipalities, by 団体コード (or by name for those without a code)."""

    def keep(self, row: MunicipalityRow) -> bool:
        return (
            (self.stage is None or row.stage_now == self.stage)
            and (self.barrier is None or self.barrier in row.barriers)
            and (self.theme is None or self.theme in row.themes)
            and (self.band is None or row.band == self.band)
            and (not self.codes or row.code in self.codes or row.municipality in self.codes)
        )


SORT_KEYS = ("code", "stage", "gap", "overdue", "last_session", "population")


def sort_rows(rows: Iterable[MunicipalityRow], by: str = "code") -> list[MunicipalityRow]:
    """Rows sorted by one column; rows without a value go last."""

    def value(r: MunicipalityRow):
        return {
            "code": r.code or "~" + r.municipality,
            "stage": r.stage_now,
            "gap": r.gap,
            "overdue": -r.overdue_actions,
            "last_session": r.last_session,
            "population": r.population,
        }[by]

    rows = list(rows)
    known = sorted((r for r in rows if value(r) is not None), key=value)
    return known + [r for r in rows if value(r) is None]


@dataclass(frozen=True)
class Distribution:
    """Municipalities per stage and per barrier, beside the survey's shares."""

    municipalities: int
    stage_now: dict[int, int]
    stage_target: dict[int, int]
    stage_year_ago: dict[int, int]
    barriers: dict[str, int]
    with_stage: int
    with_barriers: int
    with_year_ago: int


def distributions(rows: Sequence[MunicipalityRow]) -> Distribution:
    stages = range(1, UNKNOWN_STAGE + 1)
    now = Counter(r.stage_now for r in rows if r.stage_now is not None)
    target = Counter(r.stage_target for r in rows if r.stage_target is not None)
    before = Counter(r.stage_year_ago for r in rows if r.stage_year_ago is not None)
    barriers = Counter(b for r in rows for b in r.barriers)
    return Distribution(
        municipalities=len(rows),
        stage_now={s: now.get(s, 0) for s in stages},
        stage_target={s: target.get(s, 0) for s in stages},
        stage_year_ago={s: before.get(s, 0) for s in stages},
        barriers=dict(barriers),
        with_stage=sum(1 for r in rows if r.stage_now is not None),
        with_barriers=sum(1 for r in rows if r.barriers),
        with_year_ago=sum(before.values()),
    )


def pct(n: int, total: int) -> float | None:
    return round(n / total * 100, 1) if total else None

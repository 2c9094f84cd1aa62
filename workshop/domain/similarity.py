"""Which cases of the library are most like this session, for the step at hand.

What a step is about weighs most: ② the departments in the room, ③ the schemes and
outside bodies the session draws on, ④ how the collaboration meets (the mechanism's
anchor and the organisational pattern chosen). Themes, population and the certification
rate are factors for every step. Pure: the inputs are the reference data and a
`StepFocus` the caller builds from the session's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workshop.domain.reference import Case, PopulationBand

FOCUS_WEIGHT = 3
"""Points per match on what the step is about (departments, schemes, meeting pattern)."""
FOCUS_CAP = 2
"""At most this many focus matches count: one case with many partners does not run away."""
THEME_WEIGHT = 2
THEME_CAP = 2
SAME_BAND_WEIGHT = 4
"""A town of the same size has the same staff, budget and distances: a strong factor."""
NEAR_BAND_WEIGHT = 2
POINT_WEIGHT = 1
CERT_WEIGHT = 1
CERT_NEAR = 1.0
"""Adjusted certification rates within this many points count as similar."""

DOC_ORDER = {"guide2024": 0, "report2021": 1}

ANCHOR_MEETINGS: dict[str, tuple[str, ...]] = {
    "commission_spec": ("commissioned",),
    "existing_council": ("existing_council",),
    "internal_pt": ("project_team",),
    "youkou": ("tiered", "project_team"),
}
"""Meeting patterns of the cases that a mechanism's anchor resembles (our mapping: a
設置要綱 sets up a standing body, as the tiered councils and project teams are)."""


@dataclass(frozen=True)
class StepFocus:
    """What the session brings to the step the cases are ranked for."""

    point: int | None = None
    """The step's point (①–④), if it has one."""
    departments: tuple[str, ...] = ()
    """② Words naming the departments in the room (e.g. 交通, 商工観光)."""
    schemes: tuple[str, ...] = ()
    """③ Scheme names the session uses or that fit its themes."""
    bodies: tuple[str, ...] = ()
    """③ Names of the session's resources, their owners and members."""
    meetings: tuple[str, ...] = ()
    """④ Meeting-pattern keys the mechanism resembles."""
    pattern_cases: tuple[str, ...] = ()
    """④ Case ids given as examples of the organisational pattern chosen."""
    pattern_key: str = ""
    cert_rate: float | None = None
    """The town's adjusted certification rate (調整済認定率), if known."""


@dataclass(frozen=True)
class Reason:
    """Why a case is shown. kind: "theme" (values: theme keys), "same_band" / "near_band"
    (value: band key), "point" (value: point number), "departments", "schemes", "bodies"
    (values: what matched), "meeting" (values: meeting-pattern keys), "org_pattern"
    (value: pattern key), "cert" (value: the case's adjusted rate)."""

    kind: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class SimilarCase:
    case: Case
    score: int
    reasons: tuple[Reason, ...]


def band_of(population: int | None, bands: Sequence[PopulationBand]) -> PopulationBand | None:
    if population is None:
        return None
    for band in bands:
        if (band.min is None or population >= band.min) and (
            band.max is None or population < band.max
        ):
            return band
    return None


HOST_WORDS = ("高齢", "介護", "地域包括")
"""The guide's 高齢部門: the host of every case, so no sign of likeness."""
SUFFIX = re.compile(r"(（[^）]*）|\([^)]*\))")
TAIL = re.compile(r"(担当部署|担当|部局|部署|部門|課|室|係|部|センター)$")


def department_words(
    names: Iterable[str], type_labels: Iterable[str], cases: Sequence[Case]
) -> tuple[str, ...]:
    """Distinctive words for the departments present: the survey type labels split at
    「・」 (交通担当 → 交通) and typed names without their tail (商工観光課 → 商工観光).
    The elderly-care side (高齢・介護・地域包括) is in every case, and words found in the
    departments of half the cases or more tell cases apart from nothing: both are dropped."""
    words: list[str] = []
    for raw in [*type_labels, *names]:
        for part in SUFFIX.sub("", raw).split("・"):
            word = TAIL.sub("", part.strip())
            host = any(h in word for h in HOST_WORDS)
            if len(word) >= 2 and word != "その他" and not host and word not in words:
                words.append(word)
    limit = max(1, len(cases) // 2)

    def common(word: str) -> bool:
        return sum(1 for c in cases if any(word in d for d in c.departments)) >= limit

    return tuple(w for w in words if not common(w))


def _same_name(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _core(body: str, case: Case) -> str:
    """A body's name without the town's (笠間市社会福祉協議会 → 社会福祉協議会)."""
    return body.replace(case.municipality, "").replace(case.prefecture, "").strip()


def common_bodies(cases: Sequence[Case]) -> frozenset[str]:
    """Outside bodies found in a third of the cases or more (社会福祉協議会,
    地域包括支援センター …): working with them is no sign of likeness."""
    counts: dict[str, int] = {}
    for case in cases:
        for core in {_core(b, case) for b in case.outside_bodies}:
            counts[core] = counts.get(core, 0) + 1
    limit = max(2, len(cases) // 3)
    return frozenset(k for k, n in counts.items() if n >= limit)


def focus_matches(
    case: Case, focus: StepFocus, common: frozenset[str] = frozenset()
) -> list[Reason]:
    out: list[Reason] = []
    depts = tuple(w for w in focus.departments if any(w in d for d in case.departments))
    if depts:
        out.append(Reason("departments", depts))
    schemes = tuple(s for s in case.schemes if any(_same_name(s, f) for f in focus.schemes))
    if schemes:
        out.append(Reason("schemes", schemes))
    bodies = tuple(
        b
        for b in case.outside_bodies
        if (core := _core(b, case)) not in common and any(core in f for f in focus.bodies if f)
    )
    if bodies:
        out.append(Reason("bodies", bodies[:2]))
    if case.meeting_pattern in focus.meetings:
        out.append(Reason("meeting", (case.meeting_pattern,)))
    if case.id in focus.pattern_cases:
        out.append(Reason("org_pattern", (focus.pattern_key,)))
    return out


def similar_cases(
    cases: Sequence[Case],
    themes: Iterable[str],
    population_band: str | None,
    focus: StepFocus | int | None,
    bands: Sequence[PopulationBand],
    limit: int = 3,
) -> list[SimilarCase]:
    """The cases most like this session for a step, best first.

    Score = 3 per match on what the step is about (at most 2 count) + 2 per shared theme
    (at most 2) + 4 if the case's population is in the same band (2 in the next band)
    + 1 if it illustrates the step's point + 1 if its adjusted certification rate is
    within 1 point of the town's. A case is shown only when it shares a theme or a focus
    match: size alone is no reason. Ties go to the guide's cases, then case number.
    `focus` may be just the step's point (an int) where nothing else is known."""
    if not isinstance(focus, StepFocus):
        focus = StepFocus(point=focus)
    wanted = list(dict.fromkeys(themes))
    band_index = {b.key: i for i, b in enumerate(bands)}
    mine = band_index.get(population_band or "")
    common = common_bodies(cases)
    scored: list[SimilarCase] = []
    for case in cases:
        matches = focus_matches(case, focus, common)
        shared = tuple(t for t in wanted if t in case.themes)
        if not (matches or shared):
            continue
        hits = sum(1 if r.kind != "departments" else len(r.values) for r in matches)
        score = FOCUS_WEIGHT * min(hits, FOCUS_CAP) + THEME_WEIGHT * min(len(shared), THEME_CAP)
        reasons = [*matches]
        if shared:
            reasons.append(Reason("theme", shared))
        band = band_of(case.population, bands)
        if mine is not None and band is not None:
            distance = abs(band_index[band.key] - mine)
            if distance == 0:
                score += SAME_BAND_WEIGHT
                reasons.append(Reason("same_band", (band.key,)))
            elif distance == 1:
                score += NEAR_BAND_WEIGHT
                reasons.append(Reason("near_band", (band.key,)))
        if focus.point is not None and focus.point in case.points:
            score += POINT_WEIGHT
            reasons.append(Reason("point", (str(focus.point),)))
        rate = case.care_cert_rate_adjusted
        if (
            focus.cert_rate is not None
            and rate is not None
            and abs(rate - focus.cert_rate) <= CERT_NEAR
        ):
            score += CERT_WEIGHT
            reasons.append(Reason("cert", (f"{rate:.1f}",)))
        scored.append(SimilarCase(case, score, tuple(reasons)))
    scored.sort(key=lambda s: (-s.score, DOC_ORDER.get(s.case.doc, 9), s.case.number))
    return scored[:limit]

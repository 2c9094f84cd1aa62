"""The team against the seeds: stage benchmark, case similarity, scheme matching.

Pure functions (no I/O, no Textual): the reference data is passed in, results are small
frozen dataclasses the screens and exports format in their own language.

Percentages are computed from the counts (n of N), not by adding printed percentages,
and rounded half-up to one decimal as the source prints them: stage 2 gives 7.7 below,
55.2 same, 33.1 above (19, 137 and 82 of 248).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from workshop.domain.records import StageAnswer
from workshop.domain.reference import Case, Scheme, Theme
from workshop.domain.reference_survey import GapFact, Lens, StageDef
from workshop.domain.rules import detect_themes
from workshop.domain.similarity import (  # re-exported: callers import them from here
    Reason,
    SimilarCase,
    StepFocus,
    band_of,
    similar_cases,
)

__all__ = ["Reason", "SimilarCase", "StepFocus", "band_of", "similar_cases"]

KNOWN_STAGES = (1, 2, 3, 4, 5)
"""The five stages of the survey's model; 6 is 「わからない」."""


def percent(n: int, total: int) -> float:
    """n of total as a percentage, rounded half-up to one decimal (0.0 when total is 0)."""
    if total <= 0:
        return 0.0
    value = Decimal(n) * 100 / Decimal(total)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_known(stage: int | None) -> bool:
    return stage in KNOWN_STAGES


# --- stage: below / same / above ------------------------------------------------------------


@dataclass(frozen=True)
class StageComparison:
    """Share of surveyed municipalities whose current stage is below, at, or above a
    stage. The rest (わからない and no answer) is `other`."""

    stage: int
    N: int
    n_below: int
    n_same: int
    n_above: int

    def params(self, pct: Callable[[float], str]) -> dict[str, object]:
        """The shares and counts as a message's parameters, each share written by `pct`."""
        return {
            "below": pct(self.below),
            "n_below": self.n_below,
            "same": pct(self.same),
            "n_same": self.n_same,
            "above": pct(self.above),
            "n_above": self.n_above,
            "other": pct(self.other),
            "N": self.N,
        }

    @property
    def below(self) -> float:
        return percent(self.n_below, self.N)

    @property
    def same(self) -> float:
        return percent(self.n_same, self.N)

    @property
    def above(self) -> float:
        return percent(self.n_above, self.N)

    @property
    def n_other(self) -> int:
        return self.N - self.n_below - self.n_same - self.n_above

    @property
    def other(self) -> float:
        return percent(self.n_other, self.N)


def compare_stage(stages: Sequence[StageDef], stage: int | None) -> StageComparison | None:
    """Where a current stage stands among the surveyed municipalities' current stages.
    None for わからない or no answer (nothing to compare)."""
    if not is_known(stage):
        return None
    assert stage is not None
    known = [s for s in stages if s.number in KNOWN_STAGES]
    if not known:
        return None
    total = known[0].current.N
    return StageComparison(
        stage=stage,
        N=total,
        n_below=sum(s.current.n for s in known if s.number < stage),
        n_same=sum(s.current.n for s in known if s.number == stage),
        n_above=sum(s.current.n for s in known if s.number > stage),
    )


# --- stage: the gap between current and target ---------------------------------------------

GAP_MODE_KEY = "gap_mode_2"
GAP_RANGE_KEY = "gap_1_to_3"
GAP_ZERO_KEY = "gap_0"
MODE_GAP = 2
"""The most common gap in the survey (69 of 233 municipalities), as the report states."""

FROM_STAGE_FACTS = {1: "from_stage1_target45", 2: "from_stage2_target45", 3: "from_stage3_target5"}
"""The report's cross-tab facts about municipalities at a given current stage."""


@dataclass(frozen=True)
class GapComparison:
    """The team's gap (target − current, in stages) beside the survey's gaps.

    `verdict` is one of: "zero" (target = current, like 11.2%), "mode" (2 stages, the
    most common gap, 29.6%), "typical" (1 or 3 stages: within the 84.5% of 1–3),
    "large" (4 stages: outside 1–3), "backwards" (target below current)."""

    current: int
    target: int
    gap: int
    verdict: str
    mode: GapFact | None
    within: GapFact | None
    zero: GapFact | None
    same_start: GapFact | None
    """What the report says about municipalities at the same current stage, if anything."""


def compare_gap(
    current: int | None, target: int | None, facts: Sequence[GapFact]
) -> GapComparison | None:
    """The gap compared with the survey; None unless both stages are 1–5."""
    if not (is_known(current) and is_known(target)):
        return None
    assert current is not None and target is not None
    by_key = {f.key: f for f in facts}
    gap = target - current
    if gap < 0:
        verdict = "backwards"
    elif gap == 0:
        verdict = "zero"
    elif gap == MODE_GAP:
        verdict = "mode"
    elif gap <= 3:
        verdict = "typical"
    else:
        verdict = "large"
    same_start = by_key.get(FROM_STAGE_FACTS.get(current, ""))
    return GapComparison(
        current=current,
        target=target,
        gap=gap,
        verdict=verdict,
        mode=by_key.get(GAP_MODE_KEY),
        within=by_key.get(GAP_RANGE_KEY),
        zero=by_key.get(GAP_ZERO_KEY),
        same_start=same_start,
    )


# --- stage: answers in the room --------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One person's (or the team's) answer, with the name shown for it."""

    who: str
    current: int
    target: int


@dataclass(frozen=True)
class Spread:
    """How far apart the individual answers are. Disagreement is a finding, not noise."""

    answers: tuple[Answer, ...]
    current_low: int | None
    current_high: int | None
    target_low: int | None
    target_high: int | None
    unknown: int
    """Answers of わからない (current or target)."""

    @property
    def divided(self) -> bool:
        """True when people place the current stage differently."""
        return self.current_low is not None and self.current_low != self.current_high

    @property
    def target_divided(self) -> bool:
        return self.target_low is not None and self.target_low != self.target_high


def stage_spread(answers: Iterable[Answer]) -> Spread:
    """Lowest and highest current and target stage among the answers (わからない
    counted apart)."""
    items = tuple(answers)
    currents = [a.current for a in items if is_known(a.current)]
    targets = [a.target for a in items if is_known(a.target)]
    unknown = sum(1 for a in items if not (is_known(a.current) and is_known(a.target)))
    return Spread(
        answers=items,
        current_low=min(currents) if currents else None,
        current_high=max(currents) if currents else None,
        target_low=min(targets) if targets else None,
        target_high=max(targets) if targets else None,
        unknown=unknown,
    )


def lower_median(values: Sequence[int]) -> int | None:
    """The middle value (the lower of the two middle ones for an even count)."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def team_stages(team: Answer | None, individual: Sequence[Answer]) -> tuple[int | None, int | None]:
    """The stages compared with the survey: the team's agreed answer when it gives one,
    otherwise the (lower) median of the individual answers, each of current and target
    taken on its own; わからない is left out of the median."""
    current = team.current if team and is_known(team.current) else None
    target = team.target if team and is_known(team.target) else None
    if current is None:
        current = lower_median([a.current for a in individual if is_known(a.current)])
    if target is None:
        target = lower_median([a.target for a in individual if is_known(a.target)])
    return current, target


def session_stages(answers: Iterable[StageAnswer]) -> tuple[int | None, int | None, bool]:
    """The stages a session's self-check compares with the survey, from its stored
    answers (the latest per person): the team's, else the attendees' median
    (`team_stages`). The flag says whether a median stands in for the team."""
    latest = {a.attendee_id: a for a in sorted(answers, key=lambda a: a.created_at)}
    found = latest.pop(None, None)
    team = Answer("", found.current, found.target) if found else None
    people = [Answer("", a.current, a.target) for a in latest.values()]
    current, target = team_stages(team, people)
    own_current = team is not None and is_known(team.current)
    own_target = team is not None and is_known(team.target)
    median = (current is not None and not own_current) or (target is not None and not own_target)
    return current, target, median


def share_counts(answers: Iterable[Answer]) -> dict[int, tuple[int, int]]:
    """Stage -> (answers placing the current stage there, answers aiming there)."""
    out = {n: (0, 0) for n in (*KNOWN_STAGES, 6)}
    for a in answers:
        if a.current in out:
            c, t = out[a.current]
            out[a.current] = (c + 1, t)
        if a.target in out:
            c, t = out[a.target]
            out[a.target] = (c, t + 1)
    return out


@dataclass(frozen=True)
class RoomView:
    """What the answers in the room say about the current stage, as the self-check and
    the minutes both report it.

    `verdict`: "none" (no attendee placed the stage), "single" (one did: nothing can
    agree or disagree yet), "agreed" (two or more, all alike), "divided"."""

    spread: Spread
    answered: int
    """Attendees who placed the current stage (わからない left out)."""
    verdict: str
    team_outside: bool
    """The team row names a current stage that no attendee chose."""


def room_view(team: Answer | None, people: Sequence[Answer]) -> RoomView:
    spread = stage_spread(people)
    currents = [a.current for a in people if is_known(a.current)]
    if not currents:
        verdict = "none"
    elif len(currents) == 1:
        verdict = "single"
    elif spread.divided:
        verdict = "divided"
    else:
        verdict = "agreed"
    outside = (
        team is not None
        and is_known(team.current)
        and bool(people)
        and team.current not in [a.current for a in people]
    )
    return RoomView(spread, len(currents), verdict, outside)


def lens_for_stage(lenses: Sequence[Lens], stage: int | None) -> Lens | None:
    """The 連係 / 連携 / 連繋 lens that fits a stage (the mapping is our inference)."""
    if not is_known(stage):
        return None
    return next((lens for lens in lenses if stage in lens.stages), None)


# --- themes and schemes ----------------------------------------------------------------------


def theme_keys(labels: Iterable[str], themes: Sequence[Theme]) -> list[str]:
    """Theme keys found in typed theme labels (e.g. 「デマンド交通」 → mobility), in the
    vocabulary's order, each once."""
    found: set[str] = set()
    for text in labels:
        found.update(detect_themes(text, themes))
    return [t.key for t in themes if t.key in found]


@dataclass(frozen=True)
class SchemeSuggestion:
    """A scheme to look at: from the guide's list (`scheme` set) or named only in a case
    (`scheme` None). `key` is what a Resource stores in scheme_id."""

    key: str
    name: str
    themes: tuple[str, ...]
    """The session's themes it matches."""
    scheme: Scheme | None = None
    cases: tuple[Case, ...] = ()
    """Cases that used it."""


def _same_scheme(a: str, b: str) -> bool:
    """Case sheets print names a little differently (「令和5年度共創モデル実証プロジェクト」
    for 「共創モデル実証プロジェクト」): one name containing the other counts as the same."""
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def case_scheme_key(case: Case, index: int) -> str:
    return f"case:{case.id}:{index}"


def case_scheme_themes(name: str, case: Case, vocab: Sequence[Theme]) -> list[str]:
    """Themes of a scheme named only in a case: those its name speaks of
    (「生活支援体制整備事業」 → life_support), else the case's own themes."""
    return detect_themes(name, vocab) or list(case.themes)


def match_schemes(
    schemes: Sequence[Scheme],
    cases: Sequence[Case],
    wanted: Iterable[str],
    vocab: Sequence[Theme] = (),
) -> list[SchemeSuggestion]:
    """Schemes whose themes meet the session's themes: first the guide's list in its
    order (a name listed under several fields once), then schemes named only in the
    cases, in case order, matched by `case_scheme_themes`. Each lists the cases that
    used it."""
    keys = list(dict.fromkeys(wanted))
    out: list[SchemeSuggestion] = []
    seen_names: set[str] = set()
    for scheme in schemes:
        shared = tuple(k for k in keys if k in scheme.themes)
        if not shared or scheme.name in seen_names:
            continue
        seen_names.add(scheme.name)
        users = tuple(c for c in cases if any(_same_scheme(scheme.name, s) for s in c.schemes))
        out.append(SchemeSuggestion(scheme.id, scheme.name, shared, scheme, users))
    for case in cases:
        for i, name in enumerate(case.schemes):
            if any(_same_scheme(name, s.name) for s in schemes) or name in seen_names:
                continue
            about = case_scheme_themes(name, case, vocab)
            shared = tuple(k for k in keys if k in about)
            if not shared:
                continue
            seen_names.add(name)
            users = tuple(c for c in cases if name in c.schemes)
            out.append(SchemeSuggestion(case_scheme_key(case, i), name, shared, None, users))
    return out

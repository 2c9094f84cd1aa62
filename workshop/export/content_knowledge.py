"""What the reference data says about a session, for the minutes: the stage self-check
(the same functions as the self-check screen, so both say the same), its findings in
the screen's words (without the screen's requests to the facilitator), the merits the
team expects and their review, and the collaboration pattern it follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workshop.domain.benchmark import Answer, is_known, share_counts, team_stages
from workshop.export.content import LANG, Context, L, reference
from workshop.stage_findings import benchmark_lines, room_lines

# --- the stage self-check ---------------------------------------------------------------


@dataclass(frozen=True)
class StageCheck:
    """The figures of a session's stage self-check, worked out by the same functions of
    `workshop.domain.benchmark` the self-check screen uses, so the minutes and the
    screen cannot disagree."""

    team: Answer | None
    """The team's agreed answer, if given."""
    people: tuple[Answer, ...]
    """The attendees' own answers, in attendee order."""
    current: int | None
    target: int | None
    """The stages compared with the survey (`team_stages`): the team's, or the median
    of the attendees' answers where the team gave none (or わからない)."""
    counts: dict[int, tuple[int, int]]
    """Stage -> attendees placing the current stage there, attendees aiming there."""

    @property
    def from_median(self) -> bool:
        """A stage compared is the attendees' median, the team having given no answer
        or わからない (the screen says so when the current stage is)."""
        team = self.team
        own_current = team is not None and is_known(team.current)
        own_target = team is not None and is_known(team.target)
        return (self.current is not None and not own_current) or (
            self.target is not None and not own_target
        )


def stage_check(ctx: Context) -> StageCheck:
    """The self-check figures of the session, from its answers as the screen reads them:
    one per person (the latest), attendees in their listed order."""
    answers = sorted(ctx.sd.stage_answers, key=lambda a: a.created_at)
    by_person = {a.attendee_id: a for a in answers}
    found = by_person.get(None)
    team = Answer(L("stage.team"), found.current, found.target) if found else None
    attendees = sorted(ctx.sd.attendees, key=lambda a: (a.position, a.created_at))
    people = tuple(
        Answer(person.name, a.current, a.target)
        for person in attendees
        if (a := by_person.get(person.id)) is not None
    )
    current, target = team_stages(team, people)
    return StageCheck(team, people, current, target, share_counts(people))


# --- what the reference data says about the session ----------------------------------------


def stage_findings(ctx: Context) -> list[str]:
    """The self-check's findings in the self-check's words: how the room placed the stage
    (divided, agreed, one answer, a team row nobody chose), below/same/above among the
    surveyed municipalities, the gap beside the survey's gaps, and the 連係/連携/連繋 lens."""
    ref = reference()
    if ref is None:
        return []
    check = stage_check(ctx)
    lines = [text for text, _ in room_lines(ref, check.team, check.people, LANG)]
    cite = lambda sources: ref.citation(list(sources))  # noqa: E731
    lines += benchmark_lines(ref, check.current, check.target, LANG, cite)
    return [text for line in lines if (text := without_requests(line))]


_REQUEST = re.compile(r"[^。]*ください。")


def without_requests(text: str) -> str:
    """The screen's sentence without what it asks the facilitator to do (「…を確かめて
    ください。」): minutes record findings, not requests to the reader."""
    return _REQUEST.sub("", text).strip()


def expected_merits(ctx: Context) -> list[str]:
    """The merits the team picked in this session, labelled with their group."""
    ref = reference()
    if ref is None:
        return list(ctx.session.expected_merits)
    return [ref.merit_label(k) for k in ctx.session.expected_merits]


@dataclass(frozen=True)
class MeritReview:
    """A follow-up's look at the merits expected before: what it kept, added, dropped."""

    earlier_title: str
    kept: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    reviewed: bool
    """False while the follow-up has not picked its own (the earlier picks stand)."""


def merits_review(ctx: Context) -> MeritReview | None:
    earlier = [sd.session for sd in ctx.upto[:-1] if sd.session.expected_merits]
    if not earlier:
        return None
    before = list(earlier[-1].expected_merits)
    now = list(ctx.session.expected_merits)
    ref = reference()

    def names(keys: list[str]) -> tuple[str, ...]:
        return tuple(ref.merit_label(k) if ref else k for k in keys)

    if not now:
        return MeritReview(earlier[-1].title, names(before), (), (), False)
    return MeritReview(
        earlier[-1].title,
        names([k for k in before if k in now]),
        names([k for k in now if k not in before]),
        names([k for k in before if k not in now]),
        True,
    )


def entry_pattern_text(ctx: Context) -> str:
    """The collaboration pattern the team follows, with the towns the guide names for it."""
    key = ctx.session.entry_pattern
    if not key:
        return ""
    ref = reference()
    item = next((i for i in ref.vocab.entry_patterns if i.key == key), None) if ref else None
    if item is None or ref is None:
        return key
    towns = [ref.case_by_id[c].municipality for c in item.examples if c in ref.case_by_id]
    cite = ref.citation(list(item.sources)) if item.sources else ""
    if towns:
        return L("entry.with_examples", name=item.label, towns="、".join(towns), source=cite)
    return L("entry.plain", name=item.label, source=cite)

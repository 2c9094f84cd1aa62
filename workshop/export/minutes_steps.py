"""内容 of the minutes: one part per step the session went through, headed by the topic
it was on (the same words as the 議題)."""

from __future__ import annotations

from collections.abc import Callable

from workshop.domain.enums import PartnerClass, StatementKind, Step
from workshop.domain.followup import PlannedMeeting
from workshop.domain.records import PROFILE_HEADINGS, Card, Decision, Resource
from workshop.domain.rules import (
    key_person_warnings,
    mechanism_warnings,
)
from workshop.export.content import (
    Context,
    L,
    jdate,
    joined,
    lab,
    reference,
    stage_text,
)
from workshop.export.content_knowledge import entry_pattern_text, expected_merits, merits_review
from workshop.export.content_meeting import (
    capitals_text,
    deputy_text,
    key_person_status,
    mechanism_fields,
    planned_meetings,
    without_body,
)
from workshop.export.document import Block, Bullets, Fields, Heading, Para, Table
from workshop.export.minutes_refs import barrier_number

TOP_CARDS = 5
"""Most-voted cards quoted per step as 主な意見 (all cards are in the appendix)."""


def topic(ctx: Context, step: Step) -> str:
    """What the meeting talked about in a step, as an agenda item (not the tool's step
    name): 「くらしの足と買い物の現状と課題」, 「連携会議の設置」…"""
    return L(f"agenda.{step.value}")


def content(ctx: Context) -> tuple[Block, ...]:
    blocks: list[Block] = []
    n = 0
    for step in ctx.steps:
        part = STEP_CONTENT[step](ctx) + top_cards(ctx, step)
        if not part:
            continue
        n += 1
        blocks.append(Heading(f"（{n}）{topic(ctx, step)}"))
        blocks += part
    return tuple(blocks) or (Para(L("common.none")),)


def top_cards(ctx: Context, step: Step) -> list[Block]:
    voted = [c for c in ctx.live_of(step) if c.votes > 0]
    voted.sort(key=lambda c: -c.votes)
    if not voted:
        return []
    items = tuple(_card_line(ctx, c) for c in voted[:TOP_CARDS])
    return [Heading(L("content.top_cards"), 4), Bullets(items)]


def card_author(ctx: Context, c: Card) -> tuple[str, str]:
    a = ctx.attendee(c.author_id)
    return (a.name if a else ""), (c.department or (a.department if a else ""))


def _card_line(ctx: Context, c: Card) -> str:
    name, dept = card_author(ctx, c)
    about = joined([dept, name, L("content.votes", n=c.votes)], "・")
    return f"{c.text}（{about}）"


def _prep(ctx: Context) -> list[Block]:
    return _stages(ctx) + _barriers(ctx)


def _stages(ctx: Context) -> list[Block]:
    answers = ctx.sd.stage_answers
    if not answers:
        return []
    answers = sorted(answers, key=lambda a: (a.attendee_id is not None, a.created_at))
    rows = []
    for a in answers:
        person = ctx.sd.attendee(a.attendee_id)
        who = L("stage.team") if a.attendee_id is None else (person.name if person else "")
        dept = person.department if person else ""
        rows.append((who, dept, stage_text(a.current), stage_text(a.target)))
    header = (L("col.respondent"), L("col.department"), L("col.current"), L("col.target"))
    blocks: list[Block] = [Heading(L("stage.title"), 4), Table(header, tuple(rows))]
    before = _previous_team_stage(ctx)
    if before is not None:
        blocks.append(Para(before, "note"))
    return blocks


def _previous_team_stage(ctx: Context) -> str | None:
    """The team's answer at the last earlier self-check, to say what changed."""
    for sd in reversed(ctx.upto[:-1]):
        team = next((a for a in sd.stage_answers if a.attendee_id is None), None)
        if team is not None:
            return L(
                "stage.previous",
                nth=L("minutes.nth", n=ctx.number(sd.session.id)),
                current=stage_text(team.current) or L("common.blank"),
                target=stage_text(team.target) or L("common.blank"),
            )
    return None


def _barriers(ctx: Context) -> list[Block]:
    """The barriers the team named and the remedies it chose (survey shares are in the
    参考資料)."""
    ticks = ctx.sd.barrier_ticks
    if not ticks:
        return []
    ref = reference()
    blocks: list[Block] = [Heading(L("barrier.title"), 4)]
    header = (L("col.barrier"), L("col.remedies"), L("col.note"))
    for partner in PartnerClass:
        mine = [tk for tk in ticks if tk.partner is partner]
        if not mine:
            continue
        rows = []
        for tk in sorted(mine, key=lambda x: barrier_number(x.barrier)):
            b = ref.barrier_by_key.get(tk.barrier) if ref else None
            remedies = {r.id: r.text for r in ref.remedies_for(tk.barrier)} if ref else {}
            rows.append(
                (
                    b.label if b else tk.barrier,
                    "\n".join(f"・{remedies.get(r, r)}" for r in tk.remedies)
                    or L("barrier.no_remedy"),
                    tk.note,
                )
            )
        blocks.append(Para(L("barrier.partner", partner=lab("partner", partner)), "lead"))
        blocks.append(Table(header, tuple(rows), small=True))
    return blocks


def _vision(ctx: Context) -> list[Block]:
    statements = sorted(ctx.sd.statements, key=lambda s: (s.position, s.created_at))
    blocks: list[Block] = []
    for kind in StatementKind:
        texts = tuple(s.text for s in statements if s.kind is kind)
        if texts:
            blocks.append(Heading(lab("statement", kind), 4))
            if kind is StatementKind.VISION:
                blocks += [Para(x) for x in texts]
            else:
                blocks.append(Bullets(texts, ordered=True))
        if kind is StatementKind.VISION:
            blocks += _merits(ctx)  # what the team expects, right under the vision
    return blocks


def _merits(ctx: Context) -> list[Block]:
    merits = expected_merits(ctx)
    if not merits:
        return []
    return [Heading(L("merits.title"), 4), Bullets(tuple(merits)), Para(L("merits.source"), "note")]


def _merits_review(ctx: Context) -> list[Block]:
    review = merits_review(ctx)
    if review is None:
        return []
    blocks: list[Block] = [Heading(L("merits.review_title", title=review.earlier_title), 4)]
    if not review.reviewed:
        blocks += [Bullets(review.kept), Para(L("merits.not_reviewed"), "note")]
        return blocks
    for key, items in (("kept", review.kept), ("added", review.added), ("dropped", review.dropped)):
        if items:
            blocks.append(Para(L(f"merits.{key}", items=joined(list(items)))))
    return blocks


def _strengths(ctx: Context) -> list[Block]:
    profiles = ctx.profiles
    blocks: list[Block] = []
    if pattern := entry_pattern_text(ctx):
        blocks += [Heading(L("entry.title"), 4), Para(pattern)]
    if profiles:
        # the seven-column matrix is an annex on a landscape page: inline, it left the
        # page before it half empty
        blocks += [
            Heading(L("content.matrix"), 4),
            Para(L("content.matrix_annex", n=len(profiles))),
        ]
    findings = accepted_findings(ctx)
    if findings:
        header = (L("col.kind"), L("col.finding"), L("col.departments"), L("col.decision"))
        blocks += [Heading(L("content.findings"), 4), Table(header, findings)]
    return blocks


def strengths_matrix(ctx: Context) -> Table | None:
    """Each department's strengths, work, touchpoints, offers, needs and gains (別紙1)."""
    profiles = ctx.profiles
    if not profiles:
        return None
    header = (L("col.department"), *(lab("heading", h) for h in PROFILE_HEADINGS))
    rows = tuple(
        (
            dept or L("common.no_department"),
            *("\n".join(f"・{c.text}" for c in row[h]) for h in PROFILE_HEADINGS),
        )
        for dept, row in profiles.items()
    )
    return Table(header, rows, small=True, landscape=True)


def accepted_findings(ctx: Context) -> tuple[tuple[str, ...], ...]:
    """Overlaps and complement pairs the team accepted (a decision whose origin names them)."""
    ref = reference()
    overlaps = ctx.overlaps
    rows = []
    for d in decisions_sorted(ctx):
        kind, _, rest = d.origin.partition(":")
        if kind == "overlap":
            theme = ref.theme_by_key.get(rest) if ref else None
            found = overlaps.get(d.origin)
            rows.append(
                (
                    L("finding.overlap"),
                    L("finding.overlap_text", theme=theme.label if theme else rest),
                    joined(found.departments) if found else "",
                    d.text,
                )
            )
        elif kind == "complement":
            need_id, _, offer_id = rest.partition(":")
            need, offer = ctx.card(need_id), ctx.card(offer_id)
            text = L(
                "finding.complement_text",
                need=need.text if need else need_id,
                offer=offer.text if offer else offer_id,
            )
            depts = joined(
                [need.department if need else "", offer.department if offer else ""], " ← "
            )
            rows.append((L("finding.complement"), text, depts, d.text))
    return tuple(rows)


def _resources(ctx: Context) -> list[Block]:
    resources = sorted(ctx.sd.resources, key=lambda r: (r.position, r.created_at))
    if not resources:
        return []
    header = (
        L("col.resource"),
        L("col.resource_kind"),
        L("col.owner"),
        L("col.capitals"),
        L("col.leverage"),
        L("col.disposition"),
        L("col.note"),
    )
    rows = tuple(
        (
            r.name,
            lab("resource_kind", r.kind),
            r.owner,
            capitals_text(r),
            r.leverage,
            lab("disposition", r.disposition),
            _resource_note(r),
        )
        for r in resources
    )
    return [Table(header, rows, small=True)]


def _resource_note(r: Resource) -> str:
    """The 備考 of a resource: its purpose, how often it meets and its members, each
    under its label (they were run together unlabelled, and the frequency left out),
    then the free note."""
    parts = [
        f"{L(f'col.{name}')}：{value}"
        for name, value in (
            ("purpose", r.purpose),
            ("frequency", r.frequency),
            ("members", joined(r.members)),
        )
        if value.strip()
    ]
    return joined([*parts, r.note], "\n")


def _mechanism(ctx: Context) -> list[Block]:
    blocks: list[Block] = []
    for m in ctx.sd.mechanisms:
        blocks += [
            Heading(L("mechanism.heading", name=m.name), 4),
            Fields(tuple(mechanism_fields(m))),
        ]
        warns = [L(f"warn.{w.code}") for w in mechanism_warnings(m)]
        if warns:
            blocks.append(Para(L("mechanism.to_check", items=joined(warns)), "warn"))
        plan = planned_meetings(ctx, m)
        if plan:
            header = (
                L("col.nth"),
                L("col.date"),
                L("col.secretariat"),
                L("col.recorder"),
                L("col.minutes_due"),
                L("col.note"),
            )
            rows = tuple(rotation_row(p) for p in plan)
            marked = frozenset(i for i, p in enumerate(plan) if p.closed)
            if not marked:  # no closed day: no 備考 column
                header, rows = header[:-1], tuple(r[:-1] for r in rows)
            blocks += [
                Heading(L("mechanism.rotation"), 4),
                Table(header, rows, marked=marked),
            ]
            if marked:
                rule = lab("holiday_rule", m.holiday_rule)
                blocks.append(Para(L("mechanism.closed_note", rule=rule), "note"))
    blocks += _key_persons(ctx)
    return blocks


def rotation_row(p: PlannedMeeting) -> tuple[str, ...]:
    """One planned meeting; a day the office is closed is said (moved or 休会)."""
    if p.skipped:
        note = L("mechanism.closed_skip", reason=p.closed)
        return ("", jdate(p.date, weekday=True), "", "", "", note)
    note = ""
    if p.moved and p.scheduled is not None:
        note = L("mechanism.closed_moved", reason=p.closed, date=jdate(p.scheduled, weekday=True))
    return (
        L("minutes.nth", n=p.number),
        jdate(p.date, weekday=True),
        p.secretariat,
        p.recorder,
        jdate(p.minutes_due),
        note,
    )


def _key_persons(ctx: Context) -> list[Block]:
    people = [p for p in ctx.key_persons if p.session_id in (None, ctx.sid)]
    if not people:
        return []
    header = (
        L("col.name"),
        L("col.department"),
        L("col.kp_role"),
        L("col.deputy"),
        L("col.transfer"),
        L("col.kp_status"),
    )
    rows = tuple(
        (
            without_body(p.name, p.department),
            p.department,
            p.role,
            deputy_text(p),
            jdate(p.transfer_date),
            key_person_status(p),
        )
        for p in people
    )
    marked = frozenset(i for i, p in enumerate(people) if not p.has_deputy and not p.left)
    blocks: list[Block] = [
        Heading(L("kp.title"), 4),
        Table(header, rows, marked=marked),
    ]
    warns = key_person_warnings(people, today=ctx.session.date)
    if warns:
        items = tuple(L(f"kp.warn.{w.code}", name=w.subject) for w in warns)
        blocks.append(Bullets(items))
    return blocks


def decisions_sorted(ctx: Context) -> list[Decision]:
    return sorted(ctx.sd.decisions, key=lambda d: (d.position, d.created_at))


def _nothing(ctx: Context) -> list[Block]:
    """Steps whose record is elsewhere in the minutes (進捗, 決定事項, 今後の対応)."""
    return []


STEP_CONTENT: dict[Step, Callable[[Context], list[Block]]] = {
    Step.PREP: _prep,
    Step.REVIEW: _merits_review,
    Step.VISION: _vision,
    Step.STRENGTHS: _strengths,
    Step.RESOURCES: _resources,
    Step.MECHANISM: _mechanism,
    Step.SUMMARY: _nothing,
}

"""The minutes (会議録) of a session as a neutral document (see `document.py`).

Laid out as municipal minutes are written: a head block (会議名, 日時, 場所, 進行, 記録),
then numbered sections 出席者（欠席者）, 議題, (前回決定事項の進捗), 内容 per topic,
決定事項, 今後の対応, 次回予定, 「以上」; after it the 参考資料 (the national survey the
team compared itself with) and the cards as an appendix (別紙).
"""

from __future__ import annotations

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import Role, Side, Step
from workshop.domain.public import public_view
from workshop.domain.records import Attendee
from workshop.domain.sections import section_core
from workshop.domain.wareki import meeting_datetime
from workshop.export.content import Context, L, jdate, joined, lab
from workshop.export.content_meeting import (
    planned_meetings,
    without_body,
)
from workshop.export.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Heading,
    Para,
    Section,
    Table,
)
from workshop.export.minutes_cards import cards_appendix
from workshop.export.minutes_progress import progress
from workshop.export.minutes_refs import references
from workshop.export.minutes_steps import (
    accepted_findings,
    content,
    decisions_sorted,
    strengths_matrix,
    topic,
)
from workshop.export.plan_rows import own_actions, plan_rows


def build_minutes(
    data: InitiativeData, session_id: str, *, cards: bool = True, public: bool = False
) -> Document:
    """The minutes of one session, ready for any writer: the internal version, or with
    `public` the version to publish (非公開 items left out, outside individuals named
    by their body); the card list (別紙) only with `cards`."""
    if public:
        data = public_view(data)
    ctx = Context.of(data, session_id)
    s = ctx.session
    title = L("minutes.title", title=s.title) + (L("common.draft_suffix") if ctx.draft else "")
    version = L("minutes.version_public") if public else L("minutes.version_internal")
    if public and s.private:
        return _closed_session(ctx, title, version)
    parts: list[tuple[str, tuple[Block, ...]]] = [
        (L("minutes.attendees"), _attendees(ctx)),
        (L("minutes.agenda"), _agenda(ctx)),
    ]
    if ctx.followup:
        parts.append((L("minutes.progress"), progress(ctx)))
    parts += [
        (L("minutes.content"), content(ctx)),
        (L("minutes.decisions"), decisions_blocks(ctx)),
        (L("minutes.actions"), _actions(ctx)),
        (L("minutes.next"), (*next_meeting_blocks(ctx), Para(L("minutes.end"), "right"))),
    ]
    sections = [Section(f"{i}　{name}", blocks) for i, (name, blocks) in enumerate(parts, 1)]
    refs = references(ctx)
    if refs:
        sections.append(Section(L("minutes.references"), refs, page_break=True))
    matrix = strengths_matrix(ctx) if Step.STRENGTHS in ctx.steps else None
    if matrix is not None:
        sections.append(Section(L("minutes.appendix_matrix"), (matrix,)))
    if cards:
        key = "minutes.appendix_cards_2" if matrix is not None else "minutes.appendix_cards"
        sections.append(Section(L(key), cards_appendix(ctx), page_break=True))
    return Document(
        title=title,
        subtitle=data.initiative.name,
        version_mark=version,
        draft=ctx.draft,
        draft_mark=L("common.draft_mark") if ctx.draft else "",
        draft_note=L("minutes.draft_note") if ctx.draft else "",
        head=_head(ctx),
        sections=tuple(sections),
        meta={"title": title, "subject": data.initiative.name, "author": _author(ctx)},
    )


def _closed_session(ctx: Context, title: str, version: str) -> Document:
    """The public minutes of a 非公開 session: that it was held, when, where and by how
    many; nothing of what was said."""
    people = ctx.sd.attendees
    counts = {side: sum(a.side is side for a in people) for side in Side}
    blocks = (
        Para(
            L(
                "minutes.attendee_count",
                total=len(people),
                internal=counts[Side.INTERNAL],
                external=counts[Side.EXTERNAL],
            )
        ),
        Para(L("minutes.closed_session")),
        Para(L("minutes.end"), "right"),
    )
    return Document(
        title=title,
        subtitle=ctx.data.initiative.name,
        version_mark=version,
        draft=ctx.draft,
        draft_mark=L("common.draft_mark") if ctx.draft else "",
        draft_note=L("minutes.draft_note") if ctx.draft else "",
        head=_head(ctx),
        sections=(Section(f"1　{L('minutes.attendees')}", blocks),),
        meta={"title": title, "subject": ctx.data.initiative.name, "author": _author(ctx)},
    )


def _author(ctx: Context) -> str:
    """Who wrote the minutes: the recorder, else the facilitator (the secretariat)."""
    s = ctx.session
    return (
        s.recorder
        or _role_names(ctx, Role.RECORDER)
        or s.facilitator
        or _role_names(ctx, Role.FACILITATOR)
    )


# --- head, attendees, agenda ----------------------------------------------------------------


def _role_names(ctx: Context, role: Role) -> str:
    return joined([a.name for a in ctx.sd.attendees if role in a.roles])


def _head(ctx: Context) -> Fields:
    s = ctx.session
    rows = [
        (L("minutes.meeting"), s.title),
        (L("minutes.initiative"), ctx.data.initiative.name),
        (L("minutes.datetime"), meeting_datetime(s.date, s.start_time, s.end_time)),
        (L("minutes.place"), s.place),
        (L("minutes.facilitator"), s.facilitator or _role_names(ctx, Role.FACILITATOR)),
        (L("minutes.recorder"), s.recorder or _role_names(ctx, Role.RECORDER)),
    ]
    rows = [(k, v or L("common.blank")) for k, v in rows]
    if s.themes:
        rows.append((L("minutes.themes"), joined(s.themes)))
    return Fields(tuple(rows))


def _absent(ctx: Context, people: list[Attendee]) -> list[str]:
    """Members of the regular meeting in force before this session (a section or body)
    with nobody at it: 欠席者."""
    present = {section_core(a.department) for a in people}
    for sd in reversed(ctx.upto[:-1]):
        if sd.mechanisms:
            members = [m for mech in sd.mechanisms for m in mech.members]
            # someone of 企画課（地域交通担当） is there for the member 企画課
            return [m for m in dict.fromkeys(members) if section_core(m) not in present]
    return []


def _attendee_row(a: Attendee) -> tuple[str, ...]:
    roles = "・".join(lab("role", r) for r in a.roles if r is not Role.PARTICIPANT)
    name = without_body(a.name, a.department)
    return (a.department or L("common.unknown"), a.title, name, roles)


def _attendees(ctx: Context) -> tuple[Block, ...]:
    people = sorted(ctx.sd.attendees, key=lambda a: (a.position, a.created_at))
    if not people:
        return (Para(L("common.none")),)
    blocks: list[Block] = []
    counts = {side: sum(a.side is side for a in people) for side in Side}
    blocks.append(
        Para(
            L(
                "minutes.attendee_count",
                total=len(people),
                internal=counts[Side.INTERNAL],
                external=counts[Side.EXTERNAL],
            )
        )
    )
    header = (L("col.department"), L("col.title"), L("col.name"), L("col.role"))
    for side in Side:
        group = [a for a in people if a.side is side]
        if not group:
            continue
        # Keep each 所属 together, in the order the departments first appear.
        order = {d: i for i, d in reversed(list(enumerate(a.department for a in group)))}
        group.sort(key=lambda a: order[a.department])
        blocks.append(Heading(L("minutes.side_count", side=lab("side", side), n=len(group))))
        blocks.append(Table(header, tuple(_attendee_row(a) for a in group)))
    absent = _absent(ctx, people)
    if absent:
        blocks.append(Heading(L("minutes.absent", n=len(absent))))
        blocks.append(Para(joined(absent)))
    return tuple(blocks)


def _agenda(ctx: Context) -> tuple[Block, ...]:
    """The meeting's topics, each with what it settled where that is short to say."""
    items = []
    for step in ctx.steps:
        detail = _agenda_detail(ctx, step)
        items.append(topic(ctx, step) + (f"（{detail}）" if detail else ""))
    return (Bullets(tuple(items), ordered=True),)


def _agenda_detail(ctx: Context, step: Step) -> str:
    s = ctx.session
    if step is Step.PREP and s.themes:
        return L("agenda_detail.themes", themes=joined(s.themes))
    if step is Step.STRENGTHS:
        found = accepted_findings(ctx)
        return L("agenda_detail.findings", n=len(found)) if found else ""
    if step is Step.RESOURCES and ctx.sd.resources:
        return L("agenda_detail.resources", n=len(ctx.sd.resources))
    if step is Step.MECHANISM and ctx.sd.mechanisms:
        return joined([f"「{m.name}」" for m in ctx.sd.mechanisms])
    if step is Step.SUMMARY and ctx.sd.decisions:
        return L("agenda_detail.decisions", n=len(ctx.sd.decisions))
    return ""


# --- decisions, actions, next meeting ----------------------------------------------------------


def decisions_blocks(ctx: Context) -> tuple[Block, ...]:
    items = []
    for d in decisions_sorted(ctx):
        review = L("decision.review", date=jdate(d.review_date)) if d.review_date else ""
        items.append(d.text + review)
    return (Bullets(tuple(items), ordered=True),) if items else (Para(L("common.none")),)


def _actions(ctx: Context) -> tuple[Block, ...]:
    own = {a.id for a in own_actions(ctx)}
    plan = [r for r in plan_rows(ctx) if r.id in own]
    if not plan:
        return (Para(L("common.none")),)
    header = (
        L("col.no"),
        L("col.what"),
        L("col.owner_both"),
        L("col.partners"),
        L("col.due"),
        L("col.done_definition"),
        L("col.status"),
    )
    check = L("common.to_check")
    rows = tuple(
        (
            str(r.no),
            r.what,
            joined([r.owner_department or check, r.owner_person], "\n"),
            r.partners.replace("、", "\n"),
            jdate(r.due) or check,
            r.done_definition,
            lab("action_status", r.status),
        )
        for r in plan
    )
    marked = frozenset(i for i, r in enumerate(plan) if r.missing)
    blocks: list[Block] = [Table(header, rows, marked=marked, small=True)]
    if marked:
        blocks.append(Para(L("actions.to_check_note"), "warn"))
    return tuple(blocks)


def next_meeting_blocks(ctx: Context) -> tuple[Block, ...]:
    s = ctx.session
    if s.next_meeting_date:
        when = meeting_datetime(s.next_meeting_date, s.next_meeting_time, None)
        rows = [
            (L("minutes.datetime"), when),
            (L("minutes.place"), s.next_meeting_place or L("common.undecided")),
        ]
        if s.next_meeting_note:
            rows.append((L("minutes.next_note"), s.next_meeting_note))
        return (Fields(tuple(rows)),)
    blocks: list[Block] = [Para(L("minutes.next_undecided"))]
    for m in ctx.mechanisms:
        plan = [
            p for p in planned_meetings(ctx, m) if not p.skipped and (not s.date or p.date > s.date)
        ]
        if plan:
            blocks.append(
                Para(L("minutes.next_regular", name=m.name, date=jdate(plan[0].date, True)))
            )
    return tuple(blocks)

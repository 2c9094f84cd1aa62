"""The 概要 of a session: one or two pages sent within days, before the full 会議録.

Municipal rules ask for a short summary soon after a meeting and the full minutes later
(one city: summary within 2 days, minutes within 45). The 概要 has the head (会議名,
日時, 場所, 出席者 by numbers and sections, 次回), the decisions and the actions in brief;
everything else waits for the 会議録.
"""

from __future__ import annotations

from workshop.domain.bundle import InitiativeData
from workshop.domain.enums import Side
from workshop.domain.public import public_view
from workshop.domain.wareki import meeting_datetime
from workshop.export.content import Context, L, jdate, joined
from workshop.export.document import Block, Document, Fields, Para, Section, Table
from workshop.export.minutes import decisions_blocks, next_meeting_blocks
from workshop.export.plan_rows import own_actions, plan_rows


def _attendance(ctx: Context) -> str:
    people = ctx.sd.attendees
    counts = {side: sum(a.side is side for a in people) for side in Side}
    total = L(
        "minutes.attendee_count",
        total=len(people),
        internal=counts[Side.INTERNAL],
        external=counts[Side.EXTERNAL],
    )
    sections = joined(list(dict.fromkeys(a.department for a in people if a.department)))
    return f"{total}\n{sections}" if sections else total


def _actions(ctx: Context) -> tuple[Block, ...]:
    own = {a.id for a in own_actions(ctx)}
    rows = tuple(
        (
            str(r.no),
            r.what,
            r.owner_department or L("common.to_check"),
            jdate(r.due) or L("common.to_check"),
        )
        for r in plan_rows(ctx)
        if r.id in own
    )
    if not rows:
        return (Para(L("common.none")),)
    header = (L("col.no"), L("col.what"), L("col.owner_department"), L("col.due"))
    return (Table(header, rows, small=True),)


def _next(ctx: Context) -> str:
    """次回: day, time and place on one line (the minutes give the note)."""
    s = ctx.session
    if s.next_meeting_date is None:
        return next(
            (b.text for b in next_meeting_blocks(ctx) if isinstance(b, Para) and b.kind == "body"),
            L("common.undecided"),
        )
    when = meeting_datetime(s.next_meeting_date, s.next_meeting_time, None)
    return joined([when, s.next_meeting_place], "　")


def build_summary(data: InitiativeData, session_id: str, *, public: bool = False) -> Document:
    if public:
        data = public_view(data)
    ctx = Context.of(data, session_id)
    s = ctx.session
    title = L("summary.title", title=s.title) + (L("common.draft_suffix") if ctx.draft else "")
    head = Fields(
        (
            (L("minutes.meeting"), s.title),
            (L("minutes.datetime"), meeting_datetime(s.date, s.start_time, s.end_time)),
            (L("minutes.place"), s.place or L("common.blank")),
            (L("minutes.attendees"), _attendance(ctx)),
            (L("summary.next"), _next(ctx)),
        )
    )
    if public and s.private:
        sections = (Section("", (Para(L("minutes.closed_session")),)),)
    else:
        sections = (
            Section(f"1　{L('minutes.decisions')}", decisions_blocks(ctx)),
            Section(
                f"2　{L('minutes.actions')}",
                (*_actions(ctx), Para(L("summary.full_later"), "note")),
            ),
        )
    version = L("minutes.version_public") if public else L("minutes.version_internal")
    return Document(
        title=title,
        subtitle=data.initiative.name,
        version_mark=version,
        draft=ctx.draft,
        draft_mark=L("common.draft_mark") if ctx.draft else "",
        head=head,
        sections=(*sections, Section("", (Para(L("minutes.end"), "right"),))),
        meta={"title": title, "subject": data.initiative.name},
    )

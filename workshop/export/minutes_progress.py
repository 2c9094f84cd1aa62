"""前回決定事項の進捗 of a follow-up's minutes: earlier items grouped by the session that
decided them, and the initiative's history."""

from __future__ import annotations

from workshop.domain.followup import (
    CARRY_FLAG_AT,
    ActionState,
    initiative_history,
    open_for_review,
    state_before,
)
from workshop.export.content import Context, L, jdate, lab, stage_text
from workshop.export.document import Block, Heading, Para, Table

HEADER_KEYS = ("no", "what", "owner_department", "status", "progress_comment", "due", "handover")


def progress_row(ctx: Context, no: int, state: ActionState) -> tuple[tuple[str, ...], bool]:
    """One earlier item as reviewed in this session (or not reviewed, said so), and
    whether it needs the reader's eye (overdue, or carried over too often)."""
    here = [r for r in state.reviews if r.session_id == ctx.sid]
    review = here[-1] if here else None
    before = state_before(state, ctx.sid, ctx.ranks)
    overdue = state.overdue(ctx.session.date)
    notes = [
        L("progress.overdue") if overdue else "",
        L("progress.not_reviewed") if review is None else "",
        L("progress.carried", n=state.carried) if state.carried else "",
        L("progress.flag", n=CARRY_FLAG_AT) if state.flagged else "",
    ]
    # one qualifier a line, so the narrow column never breaks inside one
    status = "\n".join([lab("action_status", state.status), *(n for n in notes if n)])
    due = jdate(state.due) or L("common.to_check")
    if review and review.new_due and before.due and before.due != review.new_due:
        due += L("progress.due_changed", old=jdate(before.due))
    handover = ""
    if review and review.handed_over_to:
        handover = f"{before.owner_department or L('common.unknown')}\n→ {review.handed_over_to}"
    comment = review.comment if review and review.comment else state.last_comment
    row = (
        str(no),
        state.action.what,
        state.owner_department or L("common.to_check"),
        status,
        comment,
        due,
        handover,
    )
    return row, overdue or state.flagged


def progress(ctx: Context) -> tuple[Block, ...]:
    """The open items of earlier sessions, one table per deciding session, then the
    initiative's history."""
    states = open_for_review(ctx.actions_upto, ctx.reviews_upto, ctx.sid, ctx.ranks)
    header = tuple(L(f"col.{k}") for k in HEADER_KEYS)
    blocks: list[Block] = [Para(L("progress.intro"))]
    if not states:
        blocks.append(Para(L("progress.nothing")))
    order = [sd.session.id for sd in ctx.upto]
    no = 0
    any_flag = any_overdue = False
    for sid in order:
        group = [st for st in states if st.action.session_id == sid]
        if not group:
            continue
        rows, marked = [], set()
        for i, st in enumerate(group):
            no += 1
            row, mark = progress_row(ctx, no, st)
            rows.append(row)
            if mark:
                marked.add(i)
            any_flag |= st.flagged
            any_overdue |= st.overdue(ctx.session.date)
        blocks.append(Heading(L("progress.group", session=ctx.session_label(sid)), 4))
        blocks.append(Table(header, tuple(rows), marked=frozenset(marked), small=True))
    if any_overdue:
        blocks.append(Para(L("progress.overdue_note"), "warn"))
    if any_flag:
        blocks.append(Para(L("progress.flag_note", n=CARRY_FLAG_AT), "warn"))
    blocks += [Heading(L("history.title")), history(ctx)]
    return tuple(blocks)


def history(ctx: Context) -> Table:
    rows = []
    for point in initiative_history(ctx.upto, ctx.actions_upto, ctx.reviews_upto):
        stage = ""
        if point.stage_current is not None:
            stage = f"{stage_text(point.stage_current)} → {stage_text(point.stage_target)}"
            if point.stage_from_median:
                stage += L("stage.median_mark")
        rows.append(
            (
                L("minutes.nth", n=ctx.number(point.session_id)),
                jdate(point.date),
                str(point.opened),
                str(point.done),
                str(point.cancelled),
                stage,
            )
        )
    header = (
        L("col.nth"),
        L("col.date"),
        L("col.opened"),
        L("col.done"),
        L("col.cancelled"),
        L("col.team_stage"),
    )
    return Table(header, tuple(rows), small=True)

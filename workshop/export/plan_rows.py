"""The action plan's rows, as every export shows them: each action item as it stands in
a session (carried over, flagged, what it lacks), and the plan table of the XLSX and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workshop.domain.enums import ActionStatus
from workshop.domain.followup import CARRY_FLAG_AT, ActionState
from workshop.domain.records import ActionItem
from workshop.export.content import Context, L, joined, lab


@dataclass(frozen=True)
class PlanRow:
    """One line of the action plan: an action item as it stands in this session."""

    no: int
    origin: str
    origin_short: str
    """第1回: the deciding session's place in the initiative."""
    what: str
    owner_department: str
    owner_person: str
    partners: str
    due: date | None
    done_definition: str
    status: ActionStatus
    carried: int
    flagged: bool
    comment: str
    missing: tuple[str, ...]
    """What the item lacks to be followed up: no_owner_department, no_due."""
    id: str

    @property
    def to_check(self) -> str:
        if not self.missing:
            return ""
        return L("plan.to_check", what=joined([L(f"plan.missing.{m}") for m in self.missing], "・"))


def plan_row(ctx: Context, no: int, state: ActionState) -> PlanRow:
    a = state.action
    missing = []
    if not state.owner_department.strip():
        missing.append("no_owner_department")
    if state.due is None:
        missing.append("no_due")
    return PlanRow(
        no=no,
        origin=ctx.session_title(a.session_id),
        origin_short=L("minutes.nth", n=ctx.number(a.session_id)),
        what=a.what,
        owner_department=state.owner_department,
        # after a hand-over the person of the previous section no longer owns it: blank,
        # to be filled by the new section
        owner_person="" if state.handed_over else a.owner_person,
        partners=joined(a.partners),
        due=state.due,
        done_definition=a.done_definition,
        status=state.status,
        carried=state.carried,
        flagged=state.flagged,
        comment=state.last_comment,
        missing=tuple(missing),
        id=a.id,
    )


def _by_position(actions: list[ActionItem]) -> list[ActionItem]:
    return sorted(actions, key=lambda a: (a.position, a.created_at))


def own_actions(ctx: Context) -> list[ActionItem]:
    return _by_position([a for a in ctx.actions_upto if a.session_id == ctx.sid])


def plan_rows(ctx: Context) -> list[PlanRow]:
    """The session's own action items; for a follow-up also the earlier items still open
    and those it closed (完了 or 中止 in its review: an item completed at a meeting was
    missing from that meeting's plan, as if it had never been on it)."""
    states = [ctx.states[a.id] for a in own_actions(ctx)]
    if ctx.followup:
        order = {sd.session.id: i for i, sd in enumerate(ctx.upto)}
        earlier = [
            state
            for a in ctx.actions_upto
            if a.session_id != ctx.sid
            and ((state := ctx.states[a.id]).is_open or state.closed_in(ctx.sid))
        ]
        earlier.sort(key=lambda s: (order.get(s.action.session_id, 0), s.action.position))
        states += earlier
    return [plan_row(ctx, i, s) for i, s in enumerate(states, start=1)]


PLAN_COLUMNS: tuple[str, ...] = (
    "no",
    "origin",
    "what",
    "owner_department",
    "owner_person",
    "partners",
    "due",
    "done_definition",
    "status",
    "carried_count",
    "comment",
    "to_check",
    "id",
)
"""Columns of the action plan (XLSX sheet and CSV), keys of `export.col.*`."""

PlanCell = str | int | date | None


def plan_table(
    ctx: Context, short_origin: bool = False
) -> tuple[tuple[str, ...], list[tuple[PlanCell, ...]]]:
    """Header and typed rows of the action plan; each format decides how to show dates.
    With `short_origin` the deciding session is 「第1回」 (the sheet lists the names once)."""
    header = tuple(L(f"col.{c}") for c in PLAN_COLUMNS)
    rows: list[tuple[PlanCell, ...]] = []
    for r in plan_rows(ctx):
        check = [r.to_check] if r.missing else []
        if r.flagged:
            check.append(L("progress.flag_plain", n=CARRY_FLAG_AT))
        rows.append(
            (
                r.no,
                r.origin_short if short_origin else r.origin,
                r.what,
                r.owner_department,
                r.owner_person,
                r.partners,
                r.due,
                r.done_definition,
                lab("action_status", r.status),
                r.carried,
                r.comment,
                joined(check, "／"),
                r.id,
            )
        )
    return header, rows


def origin_legend(ctx: Context) -> str:
    """「第1回：…（令和8年9月16日）　第2回：…」: the sessions the short labels stand for."""
    ids = dict.fromkeys(a.session_id for a in ctx.actions_upto)
    return "　".join(
        f"{L('minutes.nth', n=ctx.number(sid))}：{ctx.session_label(sid)}"
        for sid in sorted(ids, key=ctx.number)
    )


def status_labels() -> list[str]:
    return [lab("action_status", s) for s in ActionStatus]

"""まとめ: decisions, action items checked for an owner section and a due date, the next
meeting, and the way out to the exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TabPane

from workshop.domain.approval import ApprovalEvent, last_event, locked_counts, time_gaps
from workshop.domain.enums import ActionStatus, SessionStatus, Step
from workshop.domain.records import ActionItem, Decision
from workshop.domain.rules import action_problems
from workshop.i18n import label, t
from workshop.i18n.dates import ui_date, ui_stamp
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FieldSpec, FormDialog
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.prose import Prose
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.step_tabs import StepTabs

NEXT_FIELDS = ("next_meeting_date", "next_meeting_time", "next_meeting_place", "next_meeting_note")


def action_fields(ctx) -> list[FieldSpec]:
    depts = ctx.department_suggestions()
    people = [a.name for a in ctx.attendees]
    return [
        FieldSpec("what", t("field.what"), "text"),
        FieldSpec(
            "owner_department",
            t("field.owner_department"),
            suggestions=depts,
            help=t("summary.owner_help"),
        ),
        FieldSpec("owner_person", t("field.owner_person"), suggestions=people),
        FieldSpec("partners", t("summary.partners"), "list", suggestions=depts),
        FieldSpec("due", t("field.due"), "date", help=t("summary.due_help"), ahead=True),
        FieldSpec(
            "done_definition", t("summary.done_definition"), "text", help=t("summary.done_help")
        ),
        FieldSpec(
            "status",
            t("summary.status"),
            "select",
            options=[(label("action_status", s), s) for s in ActionStatus],
            allow_blank=False,
        ),
    ]


def owner_label(a: ActionItem) -> str:
    """担当課（担当者）."""
    if a.owner_department and a.owner_person:
        return f"{a.owner_department}（{a.owner_person}）"
    return a.owner_department or a.owner_person


def action_warning(a: ActionItem, meeting: date | None = None) -> str:
    problems = action_problems(a, meeting)
    if not problems:
        return ""
    return "⚠ " + "・".join(t(f"summary.{p}") for p in problems)


class ExportPanel(Vertical):
    DEFAULT_CSS = """
    ExportPanel { height: 1fr; padding: 1 2; }
    ExportPanel > Static { height: auto; margin: 0 0 1 0; }
    ExportPanel Horizontal { height: auto; }
    ExportPanel Button { margin: 0 2 0 0; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Prose("", id="export-state")
        yield Prose(Text(t("summary.export_help")))
        with Horizontal():
            yield Button(t("summary.export_button"), id="export", variant="primary")
            yield Button("", id="finalise")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        session = self.ctx.session
        final = self.ctx.is_final()
        state = Text(t("summary.state_final") if final else t("summary.state_draft"), style="bold")
        event = last_event(session, "final")
        if final and event:
            state.append("\n" + t("approval.final_by", when=ui_stamp(event.at), by=event.by))
        for e in session.approval_log:
            if e.event == "reopened":
                line = t("approval.reopened_line", when=ui_stamp(e.at), by=e.by)
                state.append("\n" + line + (f"（{e.reason}）" if e.reason else ""), style="dim")
        gaps = time_gaps(session)
        if gaps:
            missing = "・".join(t(f"field.{g}") for g in gaps)
            state.append("\n⚠" + t("approval.time_gaps", missing=missing), style="bold")
        self.query_one("#export-state", Static).update(state)
        self.query_one("#finalise", Button).label = (
            t("summary.back_to_draft") if final else t("summary.finalise")
        )

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.screen.action_export()

    @on(Button.Pressed, "#finalise")
    def _finalise(self) -> None:
        if self.ctx.is_final():
            self.ctx.ask_reopen(self.reload, follows="nothing")
            return
        self.app.push_screen(self._confirm_dialog(), self._finalised)

    def _confirm_dialog(self) -> FormDialog:
        """確定 names what it locks, and who approves it."""
        ctx = self.ctx
        data = ctx.store.session_data(ctx.session_id)
        actions = len(ctx.store.actions(session_id=ctx.session_id))
        counts = locked_counts(data, actions)
        parts = "、".join(t(f"approval.count_{k}", n=n) for k, n in counts.items())
        message = t("approval.confirm", what=parts or t("approval.nothing"))
        gaps = time_gaps(ctx.session)
        if gaps:
            missing = "・".join(t(f"field.{g}") for g in gaps)
            message += "\n⚠" + t("approval.time_gaps", missing=missing)
        fields = [
            FieldSpec("by", t("approval.final_by_field"), suggestions=ctx.people(), help=message)
        ]

        def check(v: dict[str, Any]) -> dict[str, str]:
            return {} if (v.get("by") or "").strip() else {"by": t("approval.name_required")}

        return FormDialog(
            t("approval.confirm_title"), fields, {"by": ctx.session.facilitator}, check
        )

    def _finalised(self, result: dict[str, Any] | None) -> None:
        if result is None:
            self.notify(t("approval.not_final"))
            return
        event = ApprovalEvent(event="final", by=result["by"])
        if self.ctx.set_approval(SessionStatus.FINAL, event):
            self.notify(t("summary.now_final"))
            self.reload()


class SummaryPane(StepPane):
    step = Step.SUMMARY

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        with StepTabs(id="summary-tabs"):
            with TabPane(t("summary.tab_decisions"), id="tab-decisions"):
                yield RecordTable(
                    ctx,
                    Decision,
                    title=t("summary.decisions_title"),
                    columns=[
                        Column(t("summary.col_no"), lambda d: str(self._index(d)), 4),
                        Column(
                            t("summary.decision"),
                            lambda d: (t("field.private_mark") if d.private else "") + d.text,
                        ),
                        Column(
                            t("summary.review_date"),
                            lambda d: ui_date(d.review_date, False) if d.review_date else "",
                            16,
                        ),
                    ],
                    fields=lambda d: [
                        FieldSpec("text", t("summary.decision"), "text"),
                        FieldSpec(
                            "review_date",
                            t("summary.review_date"),
                            "date",
                            help=t("summary.review_help"),
                        ),
                        FieldSpec(
                            "private", t("field.private"), "bool", help=t("field.private_help")
                        ),
                    ],
                    load=lambda: ctx.store.decisions(ctx.session_id),
                    new=lambda v: {
                        "session_id": ctx.session_id,
                        "position": ctx.store.next_position(Decision, ctx.session_id),
                        **v,
                    },
                    empty=t("summary.no_decisions"),
                    id="decisions",
                )
            with TabPane(t("summary.tab_actions"), id="tab-actions"):
                yield RecordTable(
                    ctx,
                    ActionItem,
                    title=t("summary.actions_title"),
                    help=t("summary.actions_help"),
                    columns=[
                        Column(t("field.what"), lambda a: a.what),
                        Column(t("summary.owner"), owner_label, 18),
                        Column(
                            t("field.due"), lambda a: ui_date(a.due, False) if a.due else "", 16
                        ),
                        Column(t("summary.status"), lambda a: label("action_status", a.status), 8),
                        Column(
                            t("summary.check"),
                            lambda a: action_warning(a, self.ctx.session.date),
                            14,
                        ),
                    ],
                    fields=lambda a: action_fields(ctx),
                    load=lambda: ctx.store.actions(session_id=ctx.session_id),
                    new=lambda v: {
                        "session_id": ctx.session_id,
                        "initiative_id": ctx.initiative.id,
                        "position": ctx.store.next_position(ActionItem, ctx.session_id),
                        **v,
                    },
                    empty=t("summary.no_actions"),
                    id="actions",
                )
            with TabPane(t("summary.tab_next"), id="tab-next"):
                yield InlineForm(
                    [
                        FieldSpec("next_meeting_date", t("summary.next_date"), "date", ahead=True),
                        FieldSpec(
                            "next_meeting_time", t("field.start_time"), "time", placeholder="14:00"
                        ),
                        FieldSpec("next_meeting_place", t("prep.place")),
                        FieldSpec("next_meeting_note", t("summary.next_note"), "text"),
                    ],
                    self._next_values(),
                    id="next-form",
                )
            with TabPane(t("summary.tab_take_back"), id="tab-take-back"):
                yield CardBoard(ctx, Step.SUMMARY, ["summary.take_back"])
            with TabPane(t("summary.tab_export"), id="tab-export"):
                yield ExportPanel(ctx)

    def _index(self, d: Decision) -> int:
        table = self.query_one("#decisions", RecordTable)
        ids = [r.id for r in table.records]
        return ids.index(d.id) + 1 if d.id in ids else len(ids) + 1

    def _next_values(self) -> dict[str, Any]:
        return {name: getattr(self.ctx.session, name) for name in NEXT_FIELDS}

    def shown(self) -> None:
        super().shown()
        self.query_one("#next-form", InlineForm).set_values(self._next_values())
        self.query_one(ExportPanel).reload()

    @on(InlineForm.Changed, "#next-form")
    def _save_next(self, event: InlineForm.Changed) -> None:
        ok = self.ctx.update_session(**{event.name: event.value})
        event.form.saved(event.name, bool(ok))

    @on(RecordTable.Changed, "#actions")
    def _actions_changed(self) -> None:
        day = self.ctx.session.date
        problems = [
            action_problems(a, day) for a in self.ctx.store.actions(session_id=self.ctx.session_id)
        ]
        missing = sum(1 for p in problems if {"no_owner_department", "no_due"} & set(p))
        if missing:
            self.notify(t("summary.incomplete", n=missing), severity="warning")
        early = sum(1 for p in problems if "due_before_meeting" in p)
        if early and day is not None:
            note = t("summary.due_before_note", n=early, date=ui_date(day))
            self.notify(note, severity="warning")

"""振り返り (follow-up sessions): what went well since last time, then every open action
item of earlier sessions one at a time, and the decisions whose review date has come."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static, TabPane

from workshop.domain.enums import ActionStatus, Step
from workshop.domain.followup import (
    CARRY_FLAG_AT,
    ActionState,
    decisions_due,
    initiative_history,
    open_for_review,
)
from workshop.domain.records import ActionReview, Session
from workshop.domain.wareki import wareki
from workshop.i18n import label, t
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FieldSpec, InlineForm
from workshop.widgets.history import HistoryChart
from workshop.widgets.literal import lit
from workshop.widgets.merits import MeritPicker
from workshop.widgets.step_tabs import StepTabs

REVIEW_FIELDS = ("status", "comment", "new_due", "handed_over_to")


class ActionReviewer(Vertical):
    """One open item at a time, large enough to read on the wall."""

    DEFAULT_CSS = """
    ActionReviewer { height: 1fr; }
    ActionReviewer #rv-position { text-style: bold; padding: 0 1; height: auto; }
    ActionReviewer #rv-item { height: auto; max-height: 12; padding: 0 1;
        border: round $primary; }
    ActionReviewer #rv-flag { height: auto; padding: 0 1; color: $error; text-style: bold; }
    ActionReviewer #rv-empty { padding: 1 2; color: $text-muted; }
    ActionReviewer InlineForm { height: 1fr; }
    """

    BINDINGS = [
        # Priority: the comment box (a TextArea) would otherwise take PageUp/PageDown
        Binding("pagedown,ctrl+down", "next", t("review.next"), priority=True),
        Binding("pageup,ctrl+up", "previous", t("review.previous"), priority=True),
    ]

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.states: list[ActionState] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="rv-position")
        yield Static("", id="rv-item")
        yield Static("", id="rv-flag")
        yield Static(Text(t("review.nothing_open")), id="rv-empty")
        depts = self.ctx.department_suggestions()
        yield InlineForm(
            [
                FieldSpec(
                    "status",
                    t("summary.status"),
                    "select",
                    options=[(label("action_status", s), s) for s in ActionStatus],
                    allow_blank=False,
                ),
                FieldSpec("comment", t("review.comment"), "text"),
                FieldSpec("new_due", t("review.new_due"), "date"),
                FieldSpec(
                    "handed_over_to",
                    t("review.hand_over"),
                    suggestions=depts,
                    help=t("review.hand_over_help"),
                ),
            ],
            {},
            id="review-form",
        )

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        actions = ctx.store.actions(initiative_id=ctx.initiative.id)
        reviews = ctx.store.reviews(ctx.initiative.id)
        current = self.states[self.index].action.id if self.states else None
        self.states = open_for_review(actions, reviews, ctx.session_id)
        ids = [s.action.id for s in self.states]
        self.index = ids.index(current) if current in ids else min(self.index, max(len(ids) - 1, 0))
        self.show()

    def _my_review(self, state: ActionState) -> ActionReview | None:
        return next((r for r in state.reviews if r.session_id == self.ctx.session_id), None)

    def show(self) -> None:
        empty = not self.states
        self.query_one("#rv-empty").display = empty
        for wid in ("#rv-item", "#rv-flag", "#review-form", "#rv-position"):
            self.query_one(wid).display = not empty
        if empty:
            return
        state = self.states[self.index]
        a = state.action
        origin = self.ctx.store.get(Session, a.session_id)
        self.query_one("#rv-position", Static).update(
            Text(t("review.position", n=self.index + 1, total=len(self.states)))
        )
        body = Text()
        body.append(a.what + "\n", style="bold")
        body.append(f"{t('field.owner_department')}: {state.owner_department or '—'}")
        body.append(f"　{t('field.owner_person')}: {a.owner_person or '—'}\n")
        due = wareki(state.due) if state.due else t("summary.no_due")
        body.append(f"{t('field.due')}: {due}　{t('summary.status')}: ")
        body.append(label("action_status", state.status) + "\n")
        if a.done_definition:
            body.append(f"{t('summary.done_definition')}: {a.done_definition}\n")
        if origin:
            body.append(f"{t('review.from')}: {origin.title}", style="dim")
        if state.last_comment:
            body.append(f"\n{t('review.last_comment')}: {state.last_comment}", style="dim")
        self.query_one("#rv-item", Static).update(body)
        carried = state.carried - (1 if self._my_review(state) and state.is_open else 0)
        flag = ""
        if carried + 1 >= CARRY_FLAG_AT and state.is_open:
            flag = "⚠ " + t("review.carried_flag", n=carried)
        elif carried:
            flag = t("review.carried", n=carried)
        self.query_one("#rv-flag", Static).update(Text(flag))
        mine = self._my_review(state)
        form = self.query_one("#review-form", InlineForm)
        form.set_values(
            {
                "status": mine.status if mine else state.status,
                "comment": mine.comment if mine else "",
                "new_due": mine.new_due if mine else None,
                "handed_over_to": mine.handed_over_to if mine else "",
            }
        )

    @on(InlineForm.Changed, "#review-form")
    def _save(self, event: InlineForm.Changed) -> None:
        if not self.states:
            return
        state = self.states[self.index]
        mine = self._my_review(state)
        if mine is None:
            values = {"status": state.status, event.name: event.value}
            review = ActionReview(
                action_id=state.action.id, session_id=self.ctx.session_id, **values
            )
            ok = self.ctx.save(self.ctx.store.add, review)
        else:
            ok = self.ctx.save(self.ctx.store.update, mine, **{event.name: event.value})
        event.form.set_error(event.name, "" if ok is not None else self.app.last_error)
        if ok is not None:
            self.reload()

    def action_next(self) -> None:
        self.query_one(InlineForm).flush()
        if self.states and self.index < len(self.states) - 1:
            self.index += 1
            self.show()

    def action_previous(self) -> None:
        self.query_one(InlineForm).flush()
        if self.states and self.index > 0:
            self.index -= 1
            self.show()


class DueDecisions(VerticalScroll):
    DEFAULT_CSS = """
    DueDecisions { height: 1fr; }
    DueDecisions > Static { padding: 0 1; height: auto; }
    DueDecisions DataTable { height: auto; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(Text(t("review.due_help")))
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("summary.review_date"), width=16)
        table.add_column(t("summary.decision"))
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        today = self.ctx.session.date or date.today()
        for d in decisions_due(self.ctx.store.initiative_decisions(self.ctx.initiative.id), today):
            if d.session_id != self.ctx.session_id:
                table.add_row(Text(wareki(d.review_date, False)), lit(d.text))
        if not table.row_count:
            table.add_row(Text(""), Text(t("review.no_due_decisions")))


class History(VerticalScroll):
    DEFAULT_CSS = """
    History { height: 1fr; }
    History > #hist-help { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(Text(t("history.help")), id="hist-help")
        yield HistoryChart(id="history-chart")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        data = self.ctx.store.initiative_data(self.ctx.initiative.id)
        points = initiative_history(data.ordered_sessions(), data.actions, data.reviews)
        self.query_one(HistoryChart).show(points)


class ReviewPane(StepPane):
    step = Step.REVIEW

    def compose(self) -> ComposeResult:
        with StepTabs(id="review-tabs"):
            with TabPane(t("review.tab_went_well"), id="tab-went-well"):
                yield CardBoard(self.ctx, Step.REVIEW, ["review.went_well", "review.stuck"])
            with TabPane(t("review.tab_actions"), id="tab-actions"):
                yield ActionReviewer(self.ctx)
            with TabPane(t("review.tab_decisions"), id="tab-due"):
                yield DueDecisions(self.ctx)
            with TabPane(t("knowledge.merits.review_tab"), id="tab-merits"):
                yield MeritPicker(self.ctx, review=True, id="merits")
            with TabPane(t("review.tab_history"), id="tab-history"):
                yield History(self.ctx)

    def shown(self) -> None:
        super().shown()
        self.query_one(ActionReviewer).reload()
        self.query_one(DueDecisions).reload()
        self.query_one(History).reload()

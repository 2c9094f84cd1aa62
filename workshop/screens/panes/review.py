"""振り返り (follow-up sessions): what went well since last time, then every open action
item of earlier sessions one at a time, and the decisions whose review date has come."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static, TabbedContent, TabPane

from workshop.domain.enums import ActionStatus, Step
from workshop.domain.followup import (
    CARRY_FLAG_AT,
    ActionState,
    open_for_review,
    overdue_at,
    session_ranks,
    state_before,
)
from workshop.domain.records import ActionReview, Session
from workshop.i18n import label, t
from workshop.i18n.dates import ui_date
from workshop.screens.panes.base import StepPane
from workshop.screens.panes.review_history import DueDecisions, History
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.forms import FieldSpec
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.merits import MeritPicker
from workshop.widgets.prose import Prose
from workshop.widgets.step_tabs import StepTabs

__all__ = ["ActionReviewer", "DueDecisions", "History", "ReviewPane"]

REVIEW_FIELDS = ("status", "comment", "new_due", "handed_over_to")


def _hand_over_place(action_id: str) -> str:
    """Where a hand-over waiting for its confirmation is kept (`DraftStore`)."""
    return f"review-hand-over:{action_id}"


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
        Binding(
            "pagedown,ctrl+down", "next", t("review.next"), priority=True, id="action_reviewer.next"
        ),
        Binding(
            "pageup,ctrl+up",
            "previous",
            t("review.previous"),
            priority=True,
            id="action_reviewer.previous",
        ),
    ]

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.states: list[ActionState] = []
        self.index = 0
        self.ranks: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Prose("", id="rv-position")
        yield Prose("", id="rv-item")
        yield Prose("", id="rv-flag")
        yield Prose(Text(t("review.nothing_open")), id="rv-empty")
        depts = self.known_departments()
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
                FieldSpec("new_due", t("review.new_due"), "date", ahead=True),
                FieldSpec(
                    "handed_over_to",
                    t("review.hand_over"),
                    suggestions=depts,
                    help=t("review.hand_over_help"),
                    on_enter=True,
                ),
            ],
            {},
            id="review-form",
        )

    def known_departments(self) -> list[str]:
        """Sections a hand-over may go to without asking: those of the people here, the
        survey's list, and every section that has owned one of the initiative's items."""
        names = self.ctx.department_suggestions()
        owners = [
            a.owner_department for a in self.ctx.store.actions(initiative_id=self.ctx.initiative.id)
        ]
        return names + [d for d in dict.fromkeys(owners) if d and d not in names]

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        actions = ctx.store.actions(initiative_id=ctx.initiative.id)
        # as the items stood at this meeting: later meetings' reviews left out, the
        # earlier ones folded in meeting order
        self.ranks = session_ranks(ctx.store.sessions(ctx.initiative.id))
        here = self.ranks.get(ctx.session_id, 0)
        reviews = [
            r
            for r in ctx.store.reviews(ctx.initiative.id)
            if self.ranks.get(r.session_id, 0) <= here
        ]
        current = self.states[self.index].action.id if self.states else None
        self.states = open_for_review(actions, reviews, ctx.session_id, self.ranks)
        ids = [s.action.id for s in self.states]
        self.index = ids.index(current) if current in ids else min(self.index, max(len(ids) - 1, 0))
        self.show()

    def _departed(self) -> set[str]:
        """Names of the key persons who have left (異動済み)."""
        people = self.ctx.store.key_persons(self.ctx.initiative.id)
        return {p.name.strip() for p in people if p.left}

    def _my_review(self, state: ActionState) -> ActionReview | None:
        return next((r for r in state.reviews if r.session_id == self.ctx.session_id), None)

    @staticmethod
    def _due_text(due: date | None) -> str:
        return ui_date(due) if due else t("summary.no_due")

    def _meeting_day(self) -> date:
        return self.ctx.session.date or date.today()

    def show(self, *, focus: bool = False) -> None:
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
        # as the item stood when this meeting began, and what this meeting changed (→):
        # 期限切れ is said of the date the meeting started from, not of a new one
        before = state_before(state, self.ctx.session_id, self.ranks)
        owner = before.owner_department or "—"
        if state.owner_department != before.owner_department:
            owner += f" → {state.owner_department or '—'}"
        # the person named belongs to the section first given the item: not to one it
        # was handed over to (the action plan leaves the person out then too)
        person = a.owner_person if state.owner_department == a.owner_department else ""
        body.append(f"{t('field.owner_department')}: {owner}")
        body.append(f"　{t('field.owner_person')}: {person or '—'}")
        if person and person.strip() in self._departed():
            body.append(t("review.owner_left"), style="bold reverse")
        body.append("\n")
        body.append(f"{t('field.due')}: {self._due_text(before.due)}")
        if overdue_at(before, self._meeting_day()):
            body.append(f"（{t('review.overdue')}）", style="bold reverse")
        if state.due != before.due:
            body.append(f" → {self._due_text(state.due)}")
        body.append(f"　{t('summary.status')}: ")
        body.append(label("action_status", before.status))
        if state.status != before.status:
            body.append(f" → {label('action_status', state.status)}")
        body.append("\n")
        if a.done_definition:
            body.append(f"{t('summary.done_definition')}: {a.done_definition}\n")
        if origin:
            body.append(f"{t('review.from')}: {origin.title}", style="dim")
        if before.last_comment:
            body.append(f"\n{t('review.last_comment')}: {before.last_comment}", style="dim")
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
        values = {
            "status": mine.status if mine else state.status,
            "comment": mine.comment if mine else "",
            "new_due": mine.new_due if mine else None,
            "handed_over_to": mine.handed_over_to if mine else "",
        }
        # Another item: every field shows this item's values, the focused one too
        other = form.subject != a.id
        form.set_values(values, subject=a.id, force=other)
        kept = self.ctx.draft(_hand_over_place(a.id))[0] if other else ""
        if kept and kept != values["handed_over_to"]:
            self.call_after_refresh(self._bring_back_hand_over, a.id, kept)
        if focus or (other and form.has_focus_within):
            form.control("status").focus()

    @on(InlineForm.Changed, "#review-form")
    def _save(self, event: InlineForm.Changed) -> None:
        # The item the value was typed for (the form may already show the next one)
        state = next((s for s in self.states if s.action.id == event.subject), None)
        if state is None:
            return
        unknown = event.value and event.value not in self.known_departments()
        if event.name == "handed_over_to" and unknown:
            self._confirm_hand_over(event, state)
            return
        self._store(event, state)

    def _bring_back_hand_over(self, action_id: str, kept: str) -> None:
        """A hand-over typed and not confirmed yet when the app was closed (or killed)
        with the question open: in its field again, to be confirmed (Enter, or leaving
        the field, asks again)."""
        form = self.query_one("#review-form", InlineForm)
        if form.subject != action_id:
            return
        field = form.control("handed_over_to")
        if isinstance(field, Input):
            field.value = kept
        message = t("review.hand_over_unconfirmed", name=kept)
        form.set_error("handed_over_to", message)
        self.notify(message, severity="warning")  # the field may be below the screen's edge

    def _confirm_hand_over(self, event: InlineForm.Changed, state: ActionState) -> None:
        """A department not in the known list is taken only once confirmed; until it is
        answered the name is kept as a draft (a kill loses nothing typed)."""
        form, value = event.form, event.value
        place = _hand_over_place(state.action.id)
        self.ctx.keep_draft(place, str(value))

        def answered(yes: bool | None) -> None:
            self.ctx.keep_draft(place, "")
            if yes:
                self._store(event, state)
                return
            mine = self._my_review(state)
            form.set_error("handed_over_to", t("review.hand_over_not_taken", name=value))
            if form.subject == state.action.id:
                form.set_values(
                    {"handed_over_to": mine.handed_over_to if mine else ""},
                    subject=form.subject,
                    force=True,
                )

        # asked as the name is entered: keys typed on behind it do not answer it
        self.ctx.app.ask_unprompted(
            ConfirmDialog(t("review.hand_over_confirm", name=value), t("review.hand_over_yes")),
            answered,
        )

    def _store(self, event: InlineForm.Changed, state: ActionState) -> None:
        mine = self._my_review(state)
        if mine is None:
            values = {"status": state.status, event.name: event.value}
            review = ActionReview(
                action_id=state.action.id, session_id=self.ctx.session_id, **values
            )
            ok = self.ctx.save(self.ctx.store.add, review)
        else:
            ok = self.ctx.save(self.ctx.store.update, mine, **{event.name: event.value})
        if event.form.subject == state.action.id:
            event.form.saved(event.name, ok is not None)
        if ok is not None:
            self.reload()

    def action_next(self) -> None:
        self._page(1)

    def action_previous(self) -> None:
        self._page(-1)

    def _page(self, delta: int) -> None:
        """Save what was typed for this item, then show the next one with the cursor in
        its first field (what is typed next belongs to the item on screen)."""
        form = self.query_one(InlineForm)
        form.flush()
        stuck = form.unsaved_fields()
        if stuck:
            # what is typed there is not saved (unreadable, or refused): showing the next
            # item would put its values over it, and it would be lost
            spec = form.spec(stuck[0])
            self.notify(
                t("review.unsaved_stays", field=spec.label if spec else stuck[0]),
                severity="warning",
                markup=False,
            )
            form.control(stuck[0]).focus()
            return
        if self.states and 0 <= self.index + delta < len(self.states):
            self.index += delta
            self.show(focus=True)


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

    @on(TabbedContent.TabActivated, "#review-tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        # Reviews typed on the other tab change the history and the due decisions
        if event.pane.id == "tab-history":
            self.query_one(History).reload()
        elif event.pane.id == "tab-due":
            self.query_one(DueDecisions).reload()

    def shown(self) -> None:
        super().shown()
        self.query_one(ActionReviewer).reload()
        self.query_one(DueDecisions).reload()
        self.query_one(History).reload()

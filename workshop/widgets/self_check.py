"""The stage self-check: each attendee's and the team's current and target stage on the
survey's five-stage model, beside the 2020 survey (N=248) with its provenance.

A spread of answers is shown, never averaged away: people placing the collaboration
at different stages is itself something to talk about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from workshop.domain.benchmark import (
    Answer,
    is_known,
    session_stages,
)
from workshop.domain.records import StageAnswer
from workshop.i18n import t
from workshop.stage_findings import stage_name
from workshop.widgets.literal import wrap
from workshop.widgets.prose import Prose
from workshop.widgets.stage_dialog import StageDialog
from workshop.widgets.stage_report import stage_report

if TYPE_CHECKING:
    from workshop.context import SessionContext

TEAM = "__team__"
"""Row key of the team's agreed answer."""


class StageSelfCheck(Vertical):
    """The answers (one row for the team, one per attendee) and the benchmark below."""

    BINDINGS = [
        Binding(
            "ctrl+o", "edit", t("knowledge.key.answer"), show=False, id="stage_self_check.edit"
        ),
        Binding(
            "f9", "clear", t("knowledge.key.clear_answer"), show=False, id="stage_self_check.clear"
        ),
    ]

    DEFAULT_CSS = """
    StageSelfCheck { height: 1fr; }
    StageSelfCheck #sc-help { color: $text-muted; padding: 0 1; height: auto; }
    StageSelfCheck #sc-table { height: auto; max-height: 11; }
    StageSelfCheck #sc-report { height: 1fr; padding: 0 1; border-top: solid $panel; }
    StageSelfCheck #sc-bench { height: auto; }
    """

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("knowledge.stage.help")), id="sc-help")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sc-table")
        with VerticalScroll(id="sc-report"):
            yield Prose("", id="sc-bench")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in (("who", 24), ("current", 20), ("target", 20), ("gap", 6)):
            table.add_column(t(f"knowledge.stage.col_{key}"), key=key, width=width)
        self.reload()

    def on_resize(self) -> None:
        self.render_report()

    # --- data --------------------------------------------------------------------------
    def answers(self) -> list[StageAnswer]:
        return self.ctx.store.stage_answers(self.ctx.session_id)

    def answer_for(self, attendee_id: str | None) -> StageAnswer | None:
        return next((a for a in self.answers() if a.attendee_id == attendee_id), None)

    def who(self, key: str) -> str:
        if key == TEAM:
            return t("knowledge.stage.team")
        person = self.ctx.attendee(key)
        return self.ctx.person_label(person) if person else ""

    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        answers = {a.attendee_id: a for a in self.answers()}
        table.clear()
        self.keys = [TEAM] + [a.id for a in self.ctx.attendees]
        ref = self.ctx.ref
        for key in self.keys:
            answer = answers.get(None if key == TEAM else key)
            gap = ""
            if answer and is_known(answer.current) and is_known(answer.target):
                gap = f"{answer.target - answer.current:+d}"
            style = "bold" if key == TEAM else ""
            # a long section wraps to a second line instead of losing its end
            who = wrap(self.who(key), 24, 2)
            who.stylize(style)
            table.add_row(
                who,
                Text(stage_name(ref, answer.current) if answer else "—", style=style),
                Text(stage_name(ref, answer.target) if answer else "—", style=style),
                Text(gap, style=style),
                key=key,
                height=len(who.plain.split("\n")),
            )
        if row is not None and self.keys:
            table.move_cursor(row=min(row, len(self.keys) - 1))
        self.render_report()

    def selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.cursor_row is None or not (0 <= table.cursor_row < len(self.keys)):
            return None
        return self.keys[table.cursor_row]

    # --- actions -----------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        attendee_id = None if key == TEAM else key
        existing = self.answer_for(attendee_id)

        def done(saved: Any) -> None:
            if saved is not None:
                self.reload()

        self.app.push_screen(
            StageDialog(
                self.ctx.ref,
                self.who(key),
                existing.current if existing else None,
                existing.target if existing else None,
                submit=lambda value: self.save_answer(attendee_id, *value),
            ),
            done,
        )

    def save_answer(self, attendee_id: str | None, current: int, target: int) -> StageAnswer | None:
        """One answer per attendee (or the team) per session: update it if it exists.
        None when it could not be saved (the app says why)."""
        store = self.ctx.store
        existing = self.answer_for(attendee_id)
        if existing is None:
            rec = StageAnswer(
                session_id=self.ctx.session_id,
                attendee_id=attendee_id,
                current=current,
                target=target,
            )
            saved = self.ctx.save(store.add, rec)
        else:
            saved = self.ctx.save(store.update, existing, current=current, target=target)
        if saved is not None and current == target and is_known(current):
            self.notify(t("knowledge.stage.saved_same", stage=stage_name(self.ctx.ref, current)))
        return saved

    def action_clear(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        existing = self.answer_for(None if key == TEAM else key)
        if existing is not None and self.ctx.save(self.ctx.store.delete, existing) is not None:
            self.notify(t("knowledge.stage.cleared"), timeout=3)
            self.reload()

    # --- the report --------------------------------------------------------------------
    def room_answers(self) -> tuple[Answer | None, list[Answer]]:
        """The team's answer and the attendees' answers, in attendee order (answers of
        people no longer in the list are left out)."""
        answers = {a.attendee_id: a for a in self.answers()}
        found = answers.get(None)
        team = Answer(t("knowledge.stage.team"), found.current, found.target) if found else None
        people = [
            Answer(person.name, a.current, a.target)
            for person in self.ctx.attendees
            if (a := answers.get(person.id)) is not None
        ]
        return team, people

    def render_report(self) -> None:
        if not self.is_mounted:
            return
        width = max(40, self.query_one("#sc-report").size.width - 2)
        team, people = self.room_answers()
        population = self.ctx.initiative.population
        report = stage_report(self.ctx.ref, team, people, population, self.history(), width)
        self.query_one("#sc-bench", Static).update(report)

    def history(self) -> list[str]:
        """The stages of earlier sessions of the same initiative, as their self-checks
        compared them: the team's answer, or the attendees' median where it gave none."""
        ctx = self.ctx
        lines = []
        for s in ctx.store.sessions(ctx.initiative.id):
            if s.id == ctx.session_id:
                break
            current, target, median = session_stages(ctx.store.stage_answers(s.id))
            if current is not None or target is not None:
                line = t(
                    "knowledge.stage.history_line",
                    title=s.title,
                    current=stage_name(ctx.ref, current),
                    target=stage_name(ctx.ref, target),
                )
                lines.append(line + (t("knowledge.stage.history_median") if median else ""))
        return lines

"""The stage self-check: each attendee's and the team's current and target stage on the
survey's five-stage model, beside the 2020 survey (N=248) with its provenance.

A spread of answers is shown, never averaged away: people placing the collaboration
at different stages is itself something to talk about."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from workshop.domain.benchmark import (
    Answer,
    compare_gap,
    compare_stage,
    is_known,
    lens_for_stage,
    session_stages,
    share_counts,
    team_stages,
)
from workshop.domain.records import StageAnswer
from workshop.domain.reference import Source
from workshop.i18n import t
from workshop.stage_findings import band_lines, room_lines, stage_name
from workshop.widgets.bars import bar, pad, pct, stacked
from workshop.widgets.literal import wrap
from workshop.widgets.prose import Prose
from workshop.widgets.reftext import flag_label, source_labels, tight
from workshop.widgets.stage_dialog import StageDialog

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.reference import Reference

TEAM = "__team__"
"""Row key of the team's agreed answer."""


def survey_year(period: str) -> str:
    found = re.search(r"(\d{4})年", period)
    return found.group(1) if found else period


def survey_provenance(ref: Reference) -> Text:
    """Where, when, who answered and how many; and the lines of the report."""
    meta = next((m for m in ref.survey.meta if m.key == "survey2020"), None)
    out = Text()
    if meta is None:
        return out
    rate = (
        t("knowledge.stage.provenance_rate", rate=f"{meta.response_rate:.1f}")
        if meta.response_rate is not None
        else ""
    )
    year = survey_year(meta.period)
    out.append(
        t("knowledge.stage.provenance_where", region=meta.region, year=year, n=meta.n_valid)
        + rate
        + "\n"
    )
    out.append(t("knowledge.stage.provenance_period", period=meta.period) + "\n")
    out.append(t("knowledge.stage.provenance_who", who=meta.respondents) + "\n")
    about = source_labels(meta.sources)
    counts = [
        s.lines
        for st in ref.survey.stages
        for s in st.sources
        if s.doc == "report2021" and s.note.startswith(("現在", "目指したい"))
    ]
    table = ""
    if counts:
        lo, hi = min(a for a, _ in counts), max(b for _, b in counts)
        table = Source(doc="report2021", lines=(lo, hi)).label()
    out.append(
        t("knowledge.stage.provenance_sources", about=about, table=table) + "\n", style="dim"
    )
    return out


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
        self.query_one("#sc-bench", Static).update(self.report(width))

    def report(self, width: int) -> Text:
        ref = self.ctx.ref
        team, people = self.room_answers()
        current, target = team_stages(team, people)
        out = Text()
        # 1. what the room says, and how far apart
        if team is None and not people:
            out.append(t("knowledge.stage.no_answers") + "\n", style="bold")
        elif team is not None and is_known(team.current):
            out.append(
                t(
                    "knowledge.stage.team_line",
                    current=stage_name(ref, team.current),
                    target=stage_name(ref, team.target),
                )
                + "\n",
                style="bold",
            )
        elif current is not None:
            out.append(
                t(
                    "knowledge.stage.median_line",
                    current=stage_name(ref, current),
                    target=stage_name(ref, target),
                )
                + "\n",
                style="bold",
            )
        if people:
            styles = {"divided": "bold reverse", "warn": "bold", "note": "italic"}
            for line, kind in room_lines(ref, team, people):
                out.append(line + "\n", style=styles.get(kind, ""))
            parts = [f"{a.who} {self._short(a.current)}→{self._short(a.target)}" for a in people]
            out.append(t("knowledge.stage.each") + "、".join(parts) + "\n")
        # 2. below / same / above
        comparison = compare_stage(ref.survey.stages, current)
        if comparison is not None:
            out.append("\n")
            out.append(
                t("knowledge.stage.compare_title", stage=stage_name(ref, current)) + "\n",
                style="bold",
            )
            runs = stacked(
                [(comparison.below, "▒"), (comparison.same, "█"), (comparison.above, "░")],
                max(10, min(60, width - 2)),
            )
            for text, glyph in runs:
                out.append(text, style="bold" if glyph == "█" else "")
            out.append("\n")
            out.append(t("knowledge.stage.compare_line", **comparison.params(pct)) + "\n")
        # 3. the gap
        gap = compare_gap(current, target, ref.survey.gap_facts)
        if gap is not None:
            out.append("\n")
            out.append(t("knowledge.stage.gap_title", gap=gap.gap) + "\n", style="bold")
            out.append(
                t(
                    f"knowledge.stage.gap_{gap.verdict}",
                    gap=gap.gap,
                    mode=pct(gap.mode.value or 0) if gap.mode else "",
                    within=pct(gap.within.value or 0) if gap.within else "",
                    zero=pct(gap.zero.value or 0) if gap.zero else "",
                    N=gap.mode.N if gap.mode else "",
                )
                + "\n"
            )
            if gap.same_start is not None:
                fact = gap.same_start
                out.append("・" + tight(fact.text))
                if fact.value is not None:
                    out.append(f"（{pct(fact.value)}）")
                out.append(" " + t("knowledge.source", label=fact.sources[0].label()), style="dim")
                out.append("\n")
        # 4. the bars
        out.append("\n")
        out.append(t("knowledge.stage.bars_title") + "\n", style="bold")
        out.append_text(survey_provenance(ref))
        out.append_text(self.bars(width, team, people, current, target))
        band = band_lines(ref, self.ctx.initiative.population)
        if band:
            out.append("\n")
            for i, line in enumerate(band):
                out.append(line + "\n", style="bold" if i == 0 else "")
        # 5. the lens
        lens = lens_for_stage(ref.survey.lenses, current)
        if lens is not None:
            out.append("\n")
            stages = "・".join(str(n) for n in lens.stages)
            out.append(
                t(
                    "knowledge.stage.lens_title",
                    kanji=lens.kanji,
                    reading=lens.reading,
                    stages=stages,
                )
                + " ",
                style="bold",
            )
            out.append(f"【{flag_label('inferred')}】\n", style="bold")
            out.append(tight(lens.definition) + "\n")
            out.append(t("knowledge.stage.lens_meeting") + tight(lens.meeting_function) + "\n")
            note = next((s for s in lens.sources if s.flag == "inferred"), None)
            if note is not None:
                out.append(f"※{tight(note.note)} {note.label()}\n", style="dim")
            rebuilt = next((s for s in lens.sources if s.flag == "reconstructed"), None)
            if rebuilt is not None:
                out.append(
                    f"※【{flag_label('reconstructed')}】{tight(rebuilt.note)} {rebuilt.label()}\n",
                    style="dim",
                )
        # 5. earlier sessions of the initiative
        history = self.history()
        if history:
            out.append("\n")
            out.append(t("knowledge.stage.history_title") + "\n", style="bold")
            for line in history:
                out.append(line + "\n")
        return out

    def _short(self, n: int) -> str:
        return str(n) if is_known(n) else t("knowledge.stage.unknown_short")

    def bars(
        self,
        width: int,
        team: Answer | None,
        people: list[Answer],
        current: int | None,
        target: int | None,
    ) -> Text:
        ref = self.ctx.ref
        counts = share_counts(people)
        label_w, pct_w, room_w = 21, 7, 20
        bar_w = max(4, min(22, (width - label_w - 2 * pct_w - room_w - 2) // 2))
        scale = max(max(s.current.pct, s.target.pct) for s in ref.survey.stages)
        out = Text()
        out.append(pad(t("knowledge.stage.col_stage"), label_w), style="bold")
        out.append(pad(t("knowledge.stage.survey_current"), bar_w + pct_w), style="bold")
        out.append(pad(t("knowledge.stage.survey_target"), bar_w + pct_w), style="bold")
        out.append(t("knowledge.stage.room") + "\n", style="bold")
        for st in ref.survey.stages:
            mine = st.number in (current, target)
            out.append(pad(stage_name(ref, st.number), label_w), style="bold" if mine else "")
            out.append(
                bar(st.current.pct, scale, bar_w), style="bold" if st.number == current else ""
            )
            out.append(pad(" " + pct(st.current.pct), pct_w))
            out.append(
                bar(st.target.pct, scale, bar_w), style="bold" if st.number == target else ""
            )
            out.append(pad(" " + pct(st.target.pct), pct_w))
            c, g = counts.get(st.number, (0, 0))
            out.append(t("knowledge.stage.room_counts", current=c, target=g))
            marks = []
            if st.number == current:
                marks.append(t("knowledge.stage.mark_current"))
            if st.number == target:
                marks.append(t("knowledge.stage.mark_target"))
            if marks:
                out.append(" ◀" + "・".join(marks), style="bold")
            out.append("\n")
        return out

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

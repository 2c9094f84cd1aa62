"""準備: the session's facts, who is here, and what people want to talk about."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static, TabbedContent, TabPane

from workshop.domain.enums import Step, steps_for
from workshop.i18n import label, language, t
from workshop.screens.panes.base import StepPane
from workshop.widgets.attendee_editor import AttendeeEditor
from workshop.widgets.barriers import BarrierChecklist
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FieldSpec
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.self_check import StageSelfCheck
from workshop.widgets.step_tabs import StepTab, StepTabs
from workshop.widgets.survey_compare import SurveyFacts

SESSION_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "facilitator",
    "recorder",
    "themes",
    "private",
)
INITIATIVE_FIELDS = (
    "initiative_name",
    "municipality",
    "municipality_code",
    "population",
    "ageing_rate",
    "care_cert_rate_adjusted",
)


class PrepPane(StepPane):
    step = Step.PREP

    def leaving(self) -> None:
        super().leaving()
        for editor in self.parts(AttendeeEditor):
            editor.keep_draft()

    def compose(self) -> ComposeResult:
        with StepTabs(id="prep-tabs"):
            with TabPane(t("prep.tab_info"), id="tab-info"):
                yield InlineForm(self._fields(), self._values(), id="session-form")
            with StepTab(t("prep.tab_attendees"), id="tab-attendees"):
                yield AttendeeEditor(self.ctx)
            with StepTab(t("prep.tab_concerns"), id="tab-concerns"):
                yield CardBoard(self.ctx, Step.PREP, ["prep.concerns"])
            with StepTab(t("knowledge.prep.tab_stage"), id="tab-stage"):
                yield StageSelfCheck(self.ctx, id="self-check")
            with StepTab(t("knowledge.prep.tab_barriers"), id="tab-barriers"):
                yield BarrierChecklist(self.ctx, id="barriers")
            with StepTab(t("knowledge.survey.tab"), id="tab-survey"):
                yield SurveyFacts(self.ctx, id="survey-facts")

    def _fields(self) -> list[FieldSpec]:
        ref = self.ctx.ref
        people = [a.name for a in self.ctx.attendees]
        themes = [th.label for th in ref.themes.themes] + [
            p.label for p in ref.survey.programme_types if p.themes
        ]
        fields = [
            FieldSpec("title", t("field.title"), placeholder=t("prep.title_placeholder")),
            FieldSpec("date", t("field.date"), "date", help=t("prep.date_help")),
            FieldSpec("start_time", t("field.start_time"), "time", placeholder="14:00"),
            FieldSpec("end_time", t("field.end_time"), "time", placeholder="16:00"),
            FieldSpec("place", t("prep.place")),
            FieldSpec("facilitator", t("prep.facilitator"), suggestions=people),
            FieldSpec("recorder", t("prep.recorder"), suggestions=people),
            FieldSpec(
                "themes", t("prep.themes"), "list", suggestions=themes, help=t("prep.themes_help")
            ),
            FieldSpec("private", t("field.private"), "bool", help=t("field.private_help")),
            FieldSpec("initiative_name", t("prep.initiative")),
            FieldSpec("municipality", t("prep.municipality")),
            FieldSpec(
                "municipality_code",
                t("prep.municipality_code"),
                placeholder="131016",
                help=t("prep.municipality_code_help"),
            ),
            FieldSpec("population", t("field.population"), "int"),
            FieldSpec("ageing_rate", t("field.ageing_rate"), "float", placeholder="38.1"),
            FieldSpec(
                "care_cert_rate_adjusted",
                t("knowledge.prep.cert_rate"),
                "float",
                placeholder="17.1",
                help=t("knowledge.prep.cert_rate_help"),
            ),
        ]
        for step in steps_for(self.ctx.session.kind):
            fields.append(
                FieldSpec(
                    f"tb_{step.value}",
                    t("prep.timebox", step=label("step", step)),
                    "int",
                    placeholder="20",
                )
            )
        return fields

    def _values(self) -> dict[str, Any]:
        s, i = self.ctx.session, self.ctx.initiative
        values: dict[str, Any] = {name: getattr(s, name) for name in SESSION_FIELDS}
        values.update(
            initiative_name=i.name,
            municipality=i.municipality,
            municipality_code=i.municipality_code,
            population=i.population,
            ageing_rate=i.ageing_rate,
            care_cert_rate_adjusted=i.care_cert_rate_adjusted,
        )
        for step, minutes in s.timeboxes.items():
            values[f"tb_{step.value}"] = minutes
        return values

    def shown(self) -> None:
        super().shown()
        self.query_one("#session-form", InlineForm).set_values(self._values())
        self._code_hint()
        for part in (*self.parts(StageSelfCheck), *self.parts(BarrierChecklist)):
            part.reload()

    def _code_hint(self) -> None:
        """Under the 団体コード: the prefecture the code belongs to, once one is set."""
        code = self.ctx.initiative.municipality_code
        pref = self.ctx.ref.prefecture_by_code.get(code[:2]) if code else None
        if pref is None:
            hint = t("prep.municipality_code_help")
        else:
            name = pref.name if language() == "ja" else pref.name_en
            hint = t("prep.municipality_code_set", prefecture=name, code=code)
        self.query_one("#i-hint-municipality_code", Static).update(Text(hint))

    @on(TabbedContent.TabActivated, "#prep-tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-stage":
            # attendees may have been added or renamed on the other tab
            self.ctx.reload()
            for check in self.parts(StageSelfCheck):  # (one opened before)
                check.reload()

    @on(InlineForm.Changed, "#session-form")
    def _save_field(self, event: InlineForm.Changed) -> None:
        name, value = event.name, event.value
        form = event.form
        ok: Any
        if name in SESSION_FIELDS:
            ok = self.ctx.update_session(**{name: value})
        elif name in INITIATIVE_FIELDS:
            field = "name" if name == "initiative_name" else name
            ok = self.ctx.update_initiative(**{field: value})
            if ok:
                self.screen.refresh_title()
                self._code_hint()
        elif name.startswith("tb_"):
            boxes = dict(self.ctx.session.timeboxes)
            step = Step(name[3:])
            if value is None:
                boxes.pop(step, None)
            else:
                boxes[step] = value
            ok = self.ctx.update_session(timeboxes=boxes)
            if ok:
                self.screen.timebox_changed(step)
        else:
            return
        form.saved(name, bool(ok))
        if name == "title" and ok:
            self.screen.refresh_title()
        if name in ("themes", "population", "care_cert_rate_adjusted") and ok:
            self.screen.side_changed()
        if name == "themes" and ok:
            for facts in self.parts(SurveyFacts):
                facts.reload()

"""準備: the session's facts, who is here, and what people want to talk about."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static, TabbedContent, TabPane

from workshop.domain.attendee_line import is_line, parse_attendee_line
from workshop.domain.enums import Role, Side, Step, steps_for
from workshop.domain.records import Attendee
from workshop.i18n import LANGUAGES, has, label, language, t, validation_messages
from workshop.screens.panes.base import StepPane
from workshop.widgets.barriers import BarrierChecklist
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FieldSpec, InlineForm
from workshop.widgets.key_chooser import KeyChooser
from workshop.widgets.literal import lines
from workshop.widgets.prose import Prose
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.safe_input import SafeInput
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


def guess_outside(department: str) -> tuple[Side, str | None]:
    """庁外 and the kind of body when the 所属 names one (社会福祉協議会, 警察 …)."""
    hints = {
        "shakyo": ("社会福祉協議会", "社協"),
        "houkatsu": ("地域包括支援センター", "包括"),
        "npo": ("NPO", "ＮＰＯ", "市民活動"),
        "police": ("警察", "消防"),
        "medical": ("医師会", "病院", "診療所", "歯科医師会", "薬剤師会"),
        "business": ("商工会", "株式会社", "事業者", "タクシー", "バス", "スーパー", "組合"),
        "community_org": ("自治会", "町内会", "まちづくり協議会", "区長"),
        "care_provider": ("介護事業所", "ケアマネ", "居宅", "デイサービス"),
        "school": ("学校", "大学"),
        "public_body": ("厚生局", "県庁", "保健所"),
    }
    for kind, words in hints.items():
        if any(w in department for w in words):
            return Side.EXTERNAL, kind
    return Side.INTERNAL, None


class AttendeeEditor(Vertical):
    """The list of attendees and a line to add the next one quickly: name, 所属, Enter."""

    DEFAULT_CSS = """
    AttendeeEditor { height: 1fr; }
    AttendeeEditor #quick-add { height: auto; }
    AttendeeEditor #qa-name { width: 1fr; }
    AttendeeEditor #qa-dept { width: 1fr; }
    AttendeeEditor #quick-keys { height: 1; }
    AttendeeEditor #qa-help { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self._parsed = ""
        """The name a typed line was parsed into (Enter on it adds the person)."""
        self._extra_roles: list[Role] = []

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        yield RecordTable(
            ctx,
            Attendee,
            title=t("prep.attendees"),
            columns=[
                Column(t("prep.col_name"), lambda a: a.name, 16),
                Column(t("field.department"), lambda a: a.department, 22),
                Column(t("prep.col_side"), lambda a: self._side_label(a), 24),
                Column(t("prep.col_title"), lambda a: a.title, 10),
                Column(t("prep.col_roles"), lambda a: lines(label("role", r) for r in a.roles)),
            ],
            fields=self._fields,
            load=lambda: ctx.store.attendees(ctx.session_id),
            new=lambda v: {"session_id": ctx.session_id, **v},
            empty=t("prep.no_attendees"),
            delete_confirm=lambda a: t("prep.confirm_delete_attendee", name=a.name),
            id="attendee-table",
        )
        with Horizontal(id="quick-add"):
            yield SafeInput(placeholder=t("prep.qa_name"), id="qa-name")
            yield SafeInput(
                placeholder=t("prep.qa_dept"),
                id="qa-dept",
                suggester=SuggestFromList(ctx.department_suggestions()),
            )
        with Horizontal(id="quick-keys"):
            yield KeyChooser(
                t("prep.col_side"),
                [(label("side", s), s) for s in Side],
                t("attendee.side_auto"),
                id="qa-side",
            )
            yield KeyChooser(
                t("prep.qa_role"),
                [(label("role", r), r) for r in Role],
                t("attendee.no_role"),
                id="qa-role",
            )
        yield Prose(Text(t("attendee.help")), id="qa-help")

    def _side_label(self, a: Attendee) -> str:
        if a.outside_kind and a.side is Side.EXTERNAL:
            key = f"outside_kind.{a.outside_kind}"
            kind = (
                t(key) if has(key) else self.ctx.ref.vocab_label("outside_bodies", a.outside_kind)
            )
            return t("attendee.outside_label", kind=kind)
        return label("side", a.side)

    def _fields(self, a: Attendee | None) -> list[FieldSpec]:
        ref = self.ctx.ref
        return [
            FieldSpec("name", t("prep.col_name")),
            FieldSpec(
                "department", t("field.department"), suggestions=self.ctx.department_suggestions()
            ),
            FieldSpec("title", t("prep.col_title"), placeholder=t("prep.title_example")),
            FieldSpec(
                "side",
                t("prep.col_side"),
                "select",
                options=[(label("side", s), s) for s in Side],
                allow_blank=False,
            ),
            FieldSpec(
                "outside_kind",
                t("prep.outside_kind"),
                "select",
                options=[(b.label, b.key) for b in ref.vocab.outside_bodies],
            ),
            FieldSpec(
                "department_type",
                t("prep.department_type"),
                "select",
                options=[(d.label, d.key) for d in ref.survey.department_types],
            ),
            FieldSpec(
                "roles", t("prep.col_roles"), "multi", options=[(label("role", r), r) for r in Role]
            ),
        ]

    # --- quick add: name Enter, 所属 Enter (or Tab, one key for the side, one for the role)
    @on(Input.Submitted, "#qa-name")
    def _name_entered(self, event: Input.Submitted) -> None:
        event.stop()
        name_input = self.query_one("#qa-name", Input)
        if not name_input.value.strip():
            self.notify(t("prep.name_required"), severity="warning")
            return
        if is_line(name_input.value):
            self._take_line(name_input.value)
            return
        if self._ready_to_add():
            self._add()  # the line was parsed: Enter confirms it
            return
        self.query_one("#qa-dept", Input).focus()

    @on(Input.Submitted, "#qa-dept")
    def _dept_entered(self, event: Input.Submitted) -> None:
        """Enter adds the person (side guessed from the 所属); Tab goes on to the side
        and role keys instead."""
        event.stop()
        self._add(event.value)

    @on(KeyChooser.Chosen, "#qa-side")
    def _side_chosen(self, event: KeyChooser.Chosen) -> None:
        event.stop()
        self.query_one("#qa-role", KeyChooser).focus()

    @on(KeyChooser.Chosen, "#qa-role")
    def _role_chosen(self, event: KeyChooser.Chosen) -> None:
        event.stop()
        self._add()

    def _ready_to_add(self) -> bool:
        return bool(self._parsed) and self._parsed == self.query_one("#qa-name", Input).value

    def _take_line(self, text: str) -> None:
        """`佐藤 美咲／福祉介護課／庁内／旗振り役`: the parts go to their fields, the line
        says what was understood, and Enter adds the person."""
        sides = {label("side", s, lang): s for s in Side for lang in LANGUAGES}
        roles = {label("role", r, lang): r for r in Role for lang in LANGUAGES}
        line = parse_attendee_line(text, sides, roles)
        if line.unknown:
            self.notify(
                t("attendee.unknown_parts", parts="・".join(line.unknown)),
                severity="error",
                markup=False,
            )
            return
        name_input = self.query_one("#qa-name", Input)
        side, _ = guess_outside(line.department)
        self.query_one("#qa-side", KeyChooser).set(line.side or side)
        self.query_one("#qa-role", KeyChooser).set(line.roles[0] if line.roles else None)
        self._extra_roles = line.roles[1:]
        name_input.value = line.name
        self.query_one("#qa-dept", Input).value = line.department
        self._parsed = line.name
        side_label = label("side", line.side or side)
        roles = "・".join(label("role", r) for r in line.roles) or t("attendee.no_role")
        self.query_one("#qa-help", Prose).update(
            Text(
                t(
                    "attendee.confirm",
                    name=line.name,
                    dept=line.department or "—",
                    side=side_label,
                    roles=roles,
                ),
                style="bold",
            )
        )
        name_input.focus()
        name_input.cursor_position = len(name_input.value)

    def _add(self, submitted_department: str | None = None) -> None:
        """Add the person typed. `submitted_department` is the 所属 as its Enter left it
        (from the submit event): keys typed after that Enter, before it is handled, are
        not part of this person; they stay as the start of the next name."""
        name_input = self.query_one("#qa-name", Input)
        dept_input = self.query_one("#qa-dept", Input)
        name = name_input.value
        typed_dept = dept_input.value
        if submitted_department is None:
            submitted_department = typed_dept
        if not name.strip():
            name_input.focus()
            self.notify(t("prep.name_required"), severity="warning")
            return
        department = submitted_department.strip()
        side, kind = guess_outside(department)
        chosen_side = self.query_one("#qa-side", KeyChooser).value
        if chosen_side is not None:
            side = Side(chosen_side)
            kind = kind if side is Side.EXTERNAL else None
        role = self.query_one("#qa-role", KeyChooser).value
        roles = ([role] if role else []) + list(self._extra_roles)
        dept_type = next(
            (d.key for d in self.ctx.ref.survey.department_types if d.label == department), None
        )
        table = self.query_one(RecordTable)
        position = len(table.records)
        try:
            attendee = Attendee(
                session_id=self.ctx.session_id,
                name=name,
                department=department,
                side=side,
                outside_kind=kind,
                department_type=dept_type,
                roles=roles,
                position=position,
            )
        except ValidationError as e:  # say why, keep what was typed
            self.notify("\n".join(validation_messages(e.errors())), severity="error", markup=False)
            name_input.focus()
            return
        if self.ctx.save(self.ctx.store.add, attendee) is not None:
            self.ctx.reload()
            table.reload(select=attendee.id)
            after = dept_input.value
            after = (
                after[len(submitted_department) :] if after.startswith(submitted_department) else ""
            )
            name_input.value = after
            name_input.cursor_position = len(after)
            dept_input.value = ""
            self.query_one("#qa-side", KeyChooser).set(None)
            self.query_one("#qa-role", KeyChooser).set(None)
            self._parsed = ""
            self._extra_roles = []
            self.query_one("#qa-help", Prose).update(Text(t("attendee.help")))
            name_input.focus()
            self.notify(t("prep.added", name=attendee.name), timeout=3, markup=False)

    @on(RecordTable.Changed)
    def _changed(self) -> None:
        self.ctx.reload()


class PrepPane(StepPane):
    step = Step.PREP

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

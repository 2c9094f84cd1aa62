"""④ 仕組み化: the regular meeting and its formal anchor, the key persons with their
deputies, and warnings where the collaboration still hangs on one person."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static, TabbedContent, TabPane

from workshop.domain.cells import cell_len
from workshop.domain.enums import AnchorKind, Cadence, HolidayRule, SecretariatMode, Step
from workshop.domain.records import KeyPerson, Mechanism, Session
from workshop.domain.rules import (
    action_concentration,
    departed_owners,
    key_person_warnings,
    mechanism_warnings,
)
from workshop.domain.text_shorten import shorten
from workshop.i18n import label, t
from workshop.i18n.dates import ui_date
from workshop.screens.panes.base import StepPane
from workshop.widgets.card_board import CardBoard
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.forms import FieldSpec
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.org_patterns import OrgPatterns
from workshop.widgets.prose import Prose
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.rotation_table import Rotation
from workshop.widgets.step_tabs import StepTab, StepTabs
from workshop.widgets.survey_compare import MechanismSurvey

MECHANISM_FIELDS = (
    "name",
    "cadence",
    "first_date",
    "by_weekday",
    "start_time",
    "duration_minutes",
    "place",
    "members",
    "holiday_rule",
    "secretariat_mode",
    "secretariat",
    "recorder_rotation",
    "recorder_order",
    "reports_to",
    "anchor",
    "anchor_detail",
    "review_date",
    "note",
)


def mechanism_fields(ctx) -> list[FieldSpec]:
    depts = ctx.department_suggestions()
    return [
        FieldSpec("name", t("mechanism.name"), placeholder=t("mechanism.name_eg")),
        FieldSpec(
            "cadence",
            t("mechanism.cadence"),
            "select",
            options=[(label("cadence", c), c) for c in Cadence],
            allow_blank=False,
        ),
        FieldSpec("first_date", t("field.first_date"), "date", ahead=True),
        FieldSpec("by_weekday", t("mechanism.by_weekday"), "bool"),
        FieldSpec("start_time", t("field.start_time"), "time", placeholder="14:00"),
        FieldSpec("duration_minutes", t("field.duration_minutes"), "int", placeholder="90"),
        FieldSpec("place", t("prep.place")),
        FieldSpec(
            "members",
            t("mechanism.members"),
            "list",
            suggestions=depts,
            help=t("mechanism.members_help"),
        ),
        FieldSpec(
            "holiday_rule",
            t("mechanism.holiday_rule"),
            "select",
            options=[(label("holiday_rule", r), r) for r in HolidayRule],
            allow_blank=False,
        ),
        FieldSpec(
            "secretariat_mode",
            t("mechanism.secretariat_mode"),
            "select",
            options=[(label("secretariat_mode", m), m) for m in SecretariatMode],
            allow_blank=False,
        ),
        FieldSpec(
            "secretariat",
            t("mechanism.secretariat"),
            "list",
            suggestions=depts,
            help=t("mechanism.secretariat_help"),
        ),
        FieldSpec("recorder_rotation", t("mechanism.recorder_rotation"), "bool"),
        FieldSpec(
            "recorder_order",
            t("mechanism.recorder_order"),
            "list",
            suggestions=depts,
            help=t("mechanism.recorder_help"),
        ),
        FieldSpec("reports_to", t("mechanism.reports_to"), placeholder=t("mechanism.reports_eg")),
        FieldSpec(
            "anchor",
            t("mechanism.anchor"),
            "select",
            options=[(label("anchor", a), a) for a in AnchorKind],
            allow_blank=False,
        ),
        FieldSpec("anchor_detail", t("mechanism.anchor_detail"), "text"),
        FieldSpec("review_date", t("mechanism.review_date"), "date", ahead=True),
        FieldSpec("note", t("resources.note"), "text"),
    ]


def key_person_fields(ctx) -> list[FieldSpec]:
    depts = ctx.department_suggestions()
    people = [a.name for a in ctx.attendees]
    return [
        FieldSpec("name", t("prep.col_name"), suggestions=people),
        FieldSpec("department", t("field.department"), suggestions=depts),
        FieldSpec("role", t("mechanism.kp_role"), placeholder=t("mechanism.kp_role_eg")),
        FieldSpec("deputy_name", t("mechanism.deputy"), suggestions=people),
        FieldSpec("deputy_department", t("mechanism.deputy_department"), suggestions=depts),
        # the nearest such day, not the next one: a transfer already made (異動済み,
        # typed 12/1 on 4 December) is in the past; one announced (内示, weeks before
        # 4月1日) in the coming weeks. "Ahead" put a transfer of 12/1 in the next year.
        FieldSpec("transfer_date", t("mechanism.transfer_date"), "date"),
        FieldSpec("left", t("mechanism.left"), "bool"),
        FieldSpec("new_department", t("mechanism.new_department"), suggestions=depts),
        FieldSpec("note", t("resources.note"), "text"),
    ]


def key_person_state(p: KeyPerson) -> Text:
    if p.left:
        where = f"→ {p.new_department}" if p.new_department else ""
        return Text(f"{t('mechanism.alumnus')} {where}".strip())
    if not p.has_deputy:
        return Text("⚠ " + t("warning.no_deputy_short"), style="bold")
    return Text("")


WARNING_LINES = 3
"""The warnings always take this many lines (the form below never jumps as they come
and go while the facilitator types); more than fit are counted on the last line."""


def warning_block(lines: list[str], note: str = "", room: int = WARNING_LINES) -> Text:
    """The warnings, one a line, in `room` lines; `note` (a line that is not a warning:
    where the meeting shown was decided) takes the first of them."""
    if note:
        rest = warning_block(lines, room=room - 1)
        return Text.assemble((note + "\n", "not bold"), rest, no_wrap=True, overflow="ellipsis")
    if not lines:
        return Text("✓ " + t("warning.none"), style="not bold")
    shown = lines if len(lines) <= room else lines[: room - 1]
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append("\n".join(f"⚠ {line}" for line in shown))
    if len(shown) < len(lines):
        out.append("\n" + t("warning.more", n=len(lines) - len(shown)))
    return out


class MechanismPane(StepPane):
    step = Step.MECHANISM

    def compose(self) -> ComposeResult:
        yield Prose("", id="warnings")
        with StepTabs(id="mechanism-tabs"):
            with TabPane(t("mechanism.tab_meeting"), id="tab-meeting"):
                yield InlineForm(mechanism_fields(self.ctx), self._values(), id="mechanism-form")
            with StepTab(t("mechanism.tab_people"), id="tab-people"):
                yield RecordTable(
                    self.ctx,
                    KeyPerson,
                    title=t("mechanism.people_title"),
                    help=t("mechanism.people_help"),
                    columns=[
                        Column(t("prep.col_name"), lambda p: p.name, 12),
                        Column(t("field.department"), lambda p: p.department, 14),
                        Column(t("mechanism.kp_role"), lambda p: p.role),
                        Column(
                            t("mechanism.deputy"),
                            lambda p: (
                                f"{p.deputy_name}（{p.deputy_department}）"
                                if p.deputy_department
                                else p.deputy_name
                            ),
                            20,
                        ),
                        Column(
                            t("mechanism.transfer_date"),
                            lambda p: ui_date(p.transfer_date, False) if p.transfer_date else "",
                            16,
                        ),
                        Column(t("mechanism.state"), key_person_state, 24),
                    ],
                    fields=lambda p: key_person_fields(self.ctx),
                    load=lambda: self.ctx.store.key_persons(self.ctx.initiative.id),
                    new=lambda v: {
                        "initiative_id": self.ctx.initiative.id,
                        "session_id": self.ctx.session_id,
                        **v,
                    },
                    empty=t("mechanism.no_people"),
                    id="people",
                )
            with StepTab(t("mechanism.tab_rotation"), id="tab-rotation"):
                yield Rotation(self.ctx)
            with StepTab(t("knowledge.mechanism.tab_patterns"), id="tab-patterns"):
                m = self.mechanism()
                yield OrgPatterns(self.ctx.ref, m.org_pattern if m else None, id="patterns")
            with StepTab(t("knowledge.mech.tab"), id="tab-mech-survey"):
                yield MechanismSurvey(self.ctx, id="mech-survey")
            with StepTab(t("mechanism.tab_ideas"), id="tab-ideas"):
                yield CardBoard(self.ctx, Step.MECHANISM, ["mechanism.continuity", "mechanism.fun"])

    def mechanism(self) -> Mechanism | None:
        """The regular meeting this session works under (its own, else the one an
        earlier session decided: what its documents show)."""
        return self._in_force()[0]

    def _in_force(self) -> tuple[Mechanism | None, Session | None]:
        """The meeting in force, and the earlier session it was taken from (None when
        it is this session's own)."""
        items, origin = self.ctx.store.mechanisms_in_force(self.ctx.session_id)
        return (items[0] if items else None), origin

    def _own_copy(self, m: Mechanism, changes: dict[str, Any]) -> Mechanism:
        """This session's record of a meeting an earlier one decided, with `changes`:
        the earlier session's record stays as it was decided (it may be final), and this
        session's documents, which take its own meeting first, keep every field."""
        kept = m.model_dump(exclude={"id", "session_id", "created_at", "updated_at"})
        return Mechanism.model_validate({**kept, **changes, "session_id": self.ctx.session_id})

    def _values(self) -> dict[str, Any]:
        m = self.mechanism()
        if m is None:  # the fields' defaults, with no name yet
            defaults = Mechanism(session_id=self.ctx.session_id, name="x")
            return {name: getattr(defaults, name) for name in MECHANISM_FIELDS} | {"name": ""}
        return {name: getattr(m, name) for name in MECHANISM_FIELDS}

    def on_mount(self) -> None:
        self.show_warnings()

    def shown(self) -> None:
        super().shown()
        self.query_one("#mechanism-form", InlineForm).set_values(self._values())
        self._rotation_reload()
        self.show_warnings()
        self._show_pattern()

    def _rotation_reload(self) -> None:
        # (once its tab has been opened: until then it reads when it mounts)
        for part in self.parts(Rotation):
            part.reload()

    def _show_pattern(self) -> None:
        m = self.mechanism()
        key = m.org_pattern if m else None
        for patterns in self.query(OrgPatterns):
            if patterns.is_mounted:
                patterns.set_chosen(key)
            else:
                patterns.chosen = key  # its tab not opened yet: shown when it mounts

    @on(TabbedContent.TabActivated, "#mechanism-tabs")
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-patterns":
            self._show_pattern()
        elif event.pane.id == "tab-mech-survey":
            for survey in self.parts(MechanismSurvey):
                survey.reload()

    @on(OrgPatterns.Picked)
    def _pattern_picked(self, event: OrgPatterns.Picked) -> None:
        """Store the pattern that fits (creating the meeting record if there is none,
        as the meeting form does)."""
        m, origin = self._in_force()
        if m is not None and origin is not None:
            ok = self.ctx.save(self.ctx.store.add, self._own_copy(m, {"org_pattern": event.key}))
        elif m is None:
            if event.key is None:
                return
            ok = self.ctx.save(
                self.ctx.store.add,
                Mechanism(
                    session_id=self.ctx.session_id,
                    name=t("mechanism.default_name"),
                    org_pattern=event.key,
                ),
            )
        else:
            ok = self.ctx.save(self.ctx.store.update, m, org_pattern=event.key)
        if ok is None:
            return
        pattern = self.ctx.ref.pattern_by_key.get(event.key or "")
        if pattern is not None:
            self.notify(t("knowledge.pattern.picked", name=pattern.name), timeout=4, markup=False)
        else:
            self.notify(t("knowledge.pattern.cleared"), timeout=4)
        self.query_one("#mechanism-form", InlineForm).set_values(self._values())
        self._rotation_reload()
        self.show_warnings()
        self._show_pattern()

    def show_warnings(self) -> None:
        ctx = self.ctx
        box = self.query_one("#warnings", Static)
        # each warning is one line: a long name is shortened, not the warning's own words
        # (a long meeting name left only the name on the screen)
        width = (box.size.width or self.size.width or self.app.size.width) - 4  # padding, "⚠ "

        def line(code: str, subject: str) -> str:
            room = width - cell_len(t(f"warning.{code}", subject=""))
            return t(f"warning.{code}", subject=shorten(subject, max(8, room)))

        lines: list[str] = []
        m, origin = self._in_force()
        if m is None:
            lines.append(t("warning.no_mechanism"))
        else:
            lines += [line(w.code, w.subject) for w in mechanism_warnings(m)]
        people = ctx.store.key_persons(ctx.initiative.id)
        lines += [line(w.code, w.subject) for w in key_person_warnings(people, date.today())]
        actions = ctx.store.actions(initiative_id=ctx.initiative.id)
        lines += [line(w.code, w.subject) for w in action_concentration(actions)]
        lines += [line(w.code, w.subject) for w in departed_owners(actions, people)]
        note = ""
        if origin is not None:  # one line: the title shortened, not the sentence
            note = line("inherited_from", origin.title)
        box.update(warning_block(lines, note))

    @on(InlineForm.Changed, "#mechanism-form")
    def _save(self, event: InlineForm.Changed) -> None:
        m, origin = self._in_force()
        changes = {event.name: event.value}
        if m is not None and origin is not None:
            try:
                m = self._own_copy(m, changes)
            except Exception:
                event.form.set_error(event.name, t("validation.invalid"))
                return
            ok = self.ctx.save(self.ctx.store.add, m)
        elif m is None:
            name = (
                event.value if event.name == "name" and event.value else t("mechanism.default_name")
            )
            try:
                m = Mechanism.model_validate(
                    {"session_id": self.ctx.session_id, **changes, "name": name}
                )
            except Exception:
                event.form.set_error(event.name, t("validation.invalid"))
                return
            ok = self.ctx.save(self.ctx.store.add, m)
            if ok is not None and event.name != "name":
                event.form.set_values({"name": name})
        else:
            ok = self.ctx.save(self.ctx.store.update, m, **changes)
        event.form.saved(event.name, ok is not None)
        self._rotation_reload()
        self.show_warnings()

    @on(RecordTable.Changed, "#people")
    def _people_changed(self) -> None:
        self.show_warnings()
        self.offer_successor()

    def offer_successor(self) -> None:
        """When a key person has left, offer to make their deputy the key person (the
        deputy exists precisely so that the work survives the transfer)."""
        people = self.ctx.store.key_persons(self.ctx.initiative.id)
        names = {p.name for p in people if not p.left}
        for p in people:
            if p.left and p.has_deputy and p.deputy_name not in names:
                # offered after a save: keys typed on behind it do not answer it
                self.ctx.app.ask_unprompted(
                    ConfirmDialog(
                        t("mechanism.successor_question", name=p.name, deputy=p.deputy_name),
                        t("mechanism.successor_yes"),
                    ),
                    lambda yes, p=p: self._promote_deputy(p) if yes else None,
                )
                return

    def _promote_deputy(self, p: KeyPerson) -> None:
        successor = KeyPerson(
            initiative_id=p.initiative_id,
            session_id=self.ctx.session_id,
            name=p.deputy_name,
            department=p.deputy_department or p.department,
            role=p.role,
            note=t("mechanism.successor_note", name=p.name),
        )
        if self.ctx.save(self.ctx.store.add, successor) is not None:
            self.query_one("#people", RecordTable).reload(select=successor.id)
            self.show_warnings()

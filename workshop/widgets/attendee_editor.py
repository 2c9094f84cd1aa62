"""The attendees of a session: their list, and a line to add the next one quickly from
the keyboard (name Enter, 所属 Enter; or one line 「佐藤 美咲／福祉介護課／庁内／旗振り役」)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input

from workshop.domain.attendee_line import is_line, parse_attendee_line
from workshop.domain.enums import Role, Side
from workshop.domain.records import Attendee
from workshop.i18n import LANGUAGES, has, label, t, validation_messages
from workshop.widgets.forms import FieldSpec
from workshop.widgets.key_chooser import KeyChooser
from workshop.widgets.line_draft import LineDraft
from workshop.widgets.literal import lines
from workshop.widgets.prose import Prose
from workshop.widgets.record_table import Column, RecordTable
from workshop.widgets.safe_input import SafeInput


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
        self._drafts = {
            field: LineDraft(self, ctx, f"prep:attendee.{field}", self._line(field))
            for field in ("name", "dept")
        }
        """The quick-add line typed and not added yet, kept in the database."""

    def _line(self, field: str) -> Callable[[], SafeInput]:
        return lambda: self.query_one(f"#qa-{field}", SafeInput)

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

    # --- the quick-add line typed and not added yet ----------------------------------------
    def on_mount(self) -> None:
        """The name and 所属 being typed when the session was last open are back."""
        if any([draft.restore() is not None for draft in self._drafts.values()]):  # both
            self.notify(t("attendee.draft_restored"), timeout=6, markup=False)

    @on(Input.Changed, "#qa-name")
    def _name_changed(self) -> None:
        self._drafts["name"].changed()

    @on(Input.Changed, "#qa-dept")
    def _dept_changed(self) -> None:
        self._drafts["dept"].changed()

    def keep_draft(self) -> None:
        """Keep what the quick-add line holds now (the step is left, the app quits)."""
        for draft in self._drafts.values():
            draft.keep()

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
        after = dept_input.value
        after = after[len(submitted_department) :] if after.startswith(submitted_department) else ""
        store = self.ctx.store

        def add_and_keep() -> Attendee:
            with store.write():
                added = store.add(attendee)
                # the line now holds what was typed after the 所属's Enter: kept with the
                # person, so that a crash never brings back a name already added
                self._drafts["name"].keep_with(after)
                self._drafts["dept"].keep_with("")
                return added

        if self.ctx.save(add_and_keep) is not None:
            self._drafts["name"].written(after)
            self._drafts["dept"].written("")
            self.ctx.reload()
            table.reload(select=attendee.id)
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

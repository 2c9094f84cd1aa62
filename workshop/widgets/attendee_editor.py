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
from workshop.widgets.safe_input import SafeInput, fill


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
            "name": LineDraft(
                self, ctx, "prep:attendee.name", self._line("name"), self._typed_with
            ),
            "dept": LineDraft(self, ctx, "prep:attendee.dept", self._line("dept")),
        }
        """The quick-add line typed and not added yet, kept in the database; the name's
        draft keeps the side and roles chosen for the person too (`_typed_with`)."""

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
        """The name and 所属 being typed when the session was last open are back, with
        the side and roles chosen for the person (a line read but not confirmed yet is
        confirmed by Enter again)."""
        typed_with = self._drafts["name"].restore()
        restored = self._drafts["dept"].restore() is not None or typed_with is not None
        if not restored:
            return
        typed_with = typed_with or {}
        side, roles = self._choose_again(typed_with)
        if side is None and not roles:
            self.notify(t("attendee.draft_restored"), timeout=6, markup=False)
            return
        name = self.query_one("#qa-name", Input).value
        if typed_with.get("read") and name.strip():
            self._parsed = name
            self._confirm(name, self.query_one("#qa-dept", Input).value, side, roles)
        self.notify(
            t(
                "attendee.draft_restored_with",
                side=self.query_one("#qa-side", KeyChooser).label_of(side),
                roles=self._roles_label(roles),
            ),
            timeout=6,
            markup=False,
        )

    def _typed_with(self) -> dict[str, str]:
        """What the person in the quick-add line is typed with, kept beside the name: the
        side and roles chosen or read from a one-line entry, and whether it was read."""
        side = self.query_one("#qa-side", KeyChooser).value
        roles = self._roles()
        name = self.query_one("#qa-name", Input).value
        return {
            "side": Side(side).value if side is not None else "",
            "roles": ",".join(r.value for r in roles),
            "read": "1" if self._parsed and self._parsed == name else "",
        }

    def _choose_again(self, typed_with: dict[str, str]) -> tuple[Side | None, list[Role]]:
        """Set the side and roles a kept line was typed with; a value that is not one of
        ours (a file edited by another program) is left out, nothing is guessed."""
        sides = {s.value: s for s in Side}
        known = {r.value: r for r in Role}
        side = sides.get(typed_with.get("side", ""))
        roles: list[Role] = []
        for key in typed_with.get("roles", "").split(","):
            if key in known and known[key] not in roles:
                roles.append(known[key])
        self.query_one("#qa-side", KeyChooser).set(side)
        self.query_one("#qa-role", KeyChooser).set(roles[0] if roles else None)
        self._extra_roles = roles[1:]
        return side, roles

    def _roles(self) -> list[Role]:
        role = self.query_one("#qa-role", KeyChooser).value
        return ([Role(role)] if role else []) + list(self._extra_roles)

    @staticmethod
    def _roles_label(roles: list[Role]) -> str:
        return "・".join(label("role", r) for r in roles) or t("attendee.no_role")

    @on(KeyChooser.Changed)
    def _choice_changed(self, event: KeyChooser.Changed) -> None:
        event.stop()
        self._drafts["name"].changed()

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
        if is_line(event.value) and not self.query_one("#qa-name", Input).value.strip():
            # the whole line typed into the 所属 box: read it as the one-line entry
            self._take_line(event.value)
            return
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
        fill(name_input, line.name)
        fill(self.query_one("#qa-dept", Input), line.department)
        self._parsed = line.name
        self._confirm(line.name, line.department, line.side or side, line.roles)
        name_input.focus()

    def _confirm(self, name: str, dept: str, side: Side | None, roles: list[Role]) -> None:
        """Say what a one-line entry was read as, for Enter to confirm."""
        self.query_one("#qa-help", Prose).update(
            Text(
                t(
                    "attendee.confirm",
                    name=name,
                    dept=dept or "—",
                    side=self.query_one("#qa-side", KeyChooser).label_of(side),
                    roles=self._roles_label(roles),
                ),
                style="bold",
            )
        )

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
        roles = self._roles()
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

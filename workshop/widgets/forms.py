"""Forms built from field specifications, and the modal dialog made of them (the inline
form is `inline_form.InlineForm`).

Both read what people type with the domain parsers (和暦 dates, full-width digits) and
show a message under a field in the UI's language instead of losing what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from workshop.domain.parse import (
    format_list,
    parse_date,
    parse_float,
    parse_int,
    parse_list,
    parse_time,
)
from workshop.domain.wareki import hhmm
from workshop.i18n import example, t
from workshop.i18n.dates import ui_date
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.prose import Prose
from workshop.widgets.safe_input import SafeInput, SafeTextArea
from workshop.widgets.saving import SavingDialog, Submit
from workshop.widgets.ticks import TickBox, TickList

Kind = Literal["line", "text", "int", "float", "date", "time", "select", "multi", "list", "bool"]


@dataclass
class FieldSpec:
    name: str
    label: str
    kind: Kind = "line"
    options: Sequence[tuple[str, Any]] = ()
    """(label, value) pairs for select and multi."""
    suggestions: Sequence[str] = ()
    placeholder: str = ""
    help: str = ""
    allow_blank: bool = True
    """For select: whether "nothing chosen" is allowed."""
    on_enter: bool = False
    """Inline forms: save only on Enter or when the field is left, not while typing (a
    half-typed department name must not become the record's value)."""
    ahead: bool = False
    """Dates: one typed without its year is the next such day (a deadline, the next
    meeting), not the nearest one (`parse_date`)."""
    extra: dict[str, Any] = field(default_factory=dict)


def to_text(kind: Kind, value: Any) -> str:
    """A stored value as the text an Input shows."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "time" and isinstance(value, time):
        return hhmm(value)
    if kind == "list":
        return format_list(list(value))
    return str(value)


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    """The typed text as a value; ValueError with a UI message when unreadable."""
    try:
        if spec.kind == "int":
            return parse_int(raw)
        if spec.kind == "float":
            return parse_float(raw)
        if spec.kind == "date":
            return parse_date(raw, ahead=spec.ahead)
        if spec.kind == "time":
            return parse_time(raw)
        if spec.kind == "list":
            return parse_list(raw)
    except ValueError as e:
        key = {"int": "number", "float": "number", "time": "time"}.get(spec.kind, "date")
        raise ValueError(t(f"validation.{key}")) from e
    if spec.kind == "select":
        return None if raw is Select.NULL else raw
    return raw


READ_BACK = ("date", "time", "int", "float")
"""Kinds of field whose hint line reads the value back (`_hint`)."""


def _hint(spec: FieldSpec, raw: str) -> str:
    """A live reading of what was typed: the 和暦 of a date, the time understood."""
    try:
        value = parse_value(spec, raw)
    except ValueError as e:
        return str(e)
    if isinstance(value, date):
        return ui_date(value)
    if isinstance(value, time):
        return hhmm(value)
    return ""


def hint_line(spec: FieldSpec, raw: Any) -> Text:
    """The line under a field for what it holds (`raw`, as read from its control): the
    reading of a date or time, what is wrong with it, else the field's help."""
    hint = _hint(spec, raw) if isinstance(raw, str) else ""
    return Text(hint or spec.help)


def build_field(spec: FieldSpec, value: Any, id_prefix: str, classes: str = "") -> Widget:
    """The input widget for one field, filled with its current value. Its `classes` are
    given as it is made (a class added afterwards restyled it: 2 ms a field)."""
    wid = f"{id_prefix}{spec.name}"
    if spec.kind == "text":
        area = SafeTextArea(
            to_text("text", value),
            id=wid,
            classes=classes,
            soft_wrap=True,
            show_line_numbers=False,
        )
        area.border_title = spec.label
        return area
    if spec.kind == "select":
        opts = [(Text(label), v) for label, v in spec.options]
        current = value if any(v == value for _, v in spec.options) else Select.NULL
        return Select(
            opts,
            value=current,
            id=wid,
            classes=classes,
            allow_blank=spec.allow_blank,
            prompt="—",
        )
    if spec.kind == "multi":
        chosen = set(value or [])
        options = [(Text(label), v, v in chosen) for label, v in spec.options]
        return TickList(*options, id=wid, classes=classes)
    if spec.kind == "bool":
        return TickBox(spec.label, bool(value), id=wid, classes=classes)
    suggester = (
        SuggestFromList(list(spec.suggestions), case_sensitive=False) if spec.suggestions else None
    )
    return SafeInput(
        to_text(spec.kind, value),
        placeholder=example(spec.placeholder) if spec.placeholder else "",
        id=wid,
        classes=classes,
        suggester=suggester,
    )


def read_field(widget: Widget) -> Any:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return widget.value
    if isinstance(widget, SelectionList):
        return list(widget.selected)
    if isinstance(widget, Checkbox):
        return widget.value
    if isinstance(widget, Input):
        return widget.value
    raise TypeError(widget)


def field_rows(fields: Sequence[FieldSpec], values: dict[str, Any], prefix: str) -> ComposeResult:
    """Label and control per field, then its hint and error lines. Ids: the control is
    `{prefix}{name}`, the lines `{prefix}hint-{name}` and `{prefix}error-{name}`."""
    for spec in fields:
        value = values.get(spec.name)
        with Horizontal(classes="row"):
            yield Label(Text(spec.label), classes="label")
            yield build_field(spec, value, prefix, classes="control")
        # the reading of the value shown (a date's 和暦) from the start, as after an edit
        raw = to_text(spec.kind, value) if spec.kind in READ_BACK else None
        yield Prose(hint_line(spec, raw), classes="hint", id=f"{prefix}hint-{spec.name}")
        yield Prose("", classes="error", id=f"{prefix}error-{spec.name}")


Validator = Callable[[dict[str, Any]], dict[str, str]]
"""Checks collected values; returns {field name or "": message} for what is wrong."""


def shown_value(spec: FieldSpec, value: Any) -> str:
    """A value as the dialog shows it (the label of a chosen option, not its key)."""
    if spec.kind in ("select", "multi"):
        labels = dict((v, label) for label, v in spec.options)
        chosen = value if spec.kind == "multi" else [value]
        return "、".join(str(labels.get(v, v)) for v in chosen or [] if v is not None)
    if spec.kind == "bool":
        return "✓" if value else "—"
    return to_text(spec.kind, value)


class FormDialog(SavingDialog):
    """A modal form built from field specifications (see SavingDialog for `submit`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", t("key.save"), priority=True, id="form.save"),
        Binding("escape", "cancel", t("key.cancel"), id="form.cancel"),
    ]

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > #dialog {
        width: 90%; max-width: 110; height: auto; max-height: 92%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog #dialog-title { text-style: bold; padding: 0 0 1 0; }
    FormDialog #fields { height: auto; max-height: 65vh; }
    FormDialog .row { height: auto; margin: 0 0 0 0; }
    FormDialog .row > .label { width: 16; padding: 1 1 0 0; }
    FormDialog .row > .control { width: 1fr; height: auto; }
    FormDialog TextArea { height: 8; }
    FormDialog SelectionList { height: auto; max-height: 9; }
    FormDialog .hint { color: $text-muted; height: auto; padding: 0 0 0 16; }
    FormDialog .error { color: $error; text-style: bold; height: auto; padding: 0 0 0 16; }
    FormDialog #form-error { color: $error; text-style: bold; height: auto; }
    FormDialog #buttons { height: auto; align: right middle; padding: 1 0 0 0; }
    FormDialog #buttons Button { margin: 0 0 0 2; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        values: dict[str, Any] | None = None,
        validate: Validator | None = None,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(submit)
        self.form_title = title
        self.fields = list(fields)
        self.values = values or {}
        self.validate = validate
        self._shown_errors: dict[str, Any] = {}
        """Fields whose error line is showing, with what they held then: the line goes
        when the field holds something else (a change announced late, of the value the
        error was about, keeps it)."""
        self._opened_with: dict[str, Any] = {}
        """The fields as the dialog opened (`action_cancel` asks before losing edits)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Prose(Text(self.form_title), id="dialog-title")  # a long title wraps
            with VerticalScroll(id="fields"):
                yield from field_rows(self.fields, self.values, "f-")
            yield Prose("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button(t("key.cancel"), id="cancel")
                yield Button(t("form.save_button"), id="save", variant="primary")

    def on_mount(self) -> None:
        if self.fields:
            self._control(self.fields[0].name).focus()
        self._opened_with = self._fields_now()

    def _control(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def _fields_now(self) -> dict[str, Any]:
        """Every field as it reads on the screen (what was typed, not yet parsed)."""
        return {spec.name: read_field(self._control(spec.name)) for spec in self.fields}

    def _update_hint(self, spec: FieldSpec) -> None:
        raw = read_field(self._control(spec.name))
        self.query_one(f"#f-hint-{spec.name}", Static).update(hint_line(spec, raw))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "")[2:]
        spec = next((s for s in self.fields if s.name == name), None)
        if spec is None:
            return
        # the error line spoke of what the field held before (入力してください stayed
        # under a name just typed); the next save says it again if it still holds
        shown_for = self._shown_errors.get(name)
        if shown_for is not None and read_field(event.input) != shown_for:
            del self._shown_errors[name]
            self.query_one(f"#f-error-{name}", Static).update(Text(""))
        if spec.kind in READ_BACK:
            self._update_hint(spec)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            try:
                values[spec.name] = parse_value(spec, read_field(self._control(spec.name)))
            except ValueError as e:
                errors[spec.name] = str(e)
        if not errors and self.validate:
            errors = self.validate(values)
        return values, errors

    def show_errors(self, errors: dict[str, str], move_cursor: bool = True) -> None:
        self._shown_errors = {
            spec.name: read_field(self._control(spec.name))
            for spec in self.fields
            if spec.name in errors
        }
        for spec in self.fields:
            self.query_one(f"#f-error-{spec.name}", Static).update(Text(errors.get(spec.name, "")))
            if spec.name in errors:  # the error line says it; the live hint need not repeat
                self.query_one(f"#f-hint-{spec.name}", Static).update(Text(spec.help))
        general = [m for k, m in errors.items() if k not in {s.name for s in self.fields}]
        self.query_one("#form-error", Static).update(Text("\n".join(general)))
        # On a small screen the field may be scrolled away: bring the first one back
        first = next((spec.name for spec in self.fields if spec.name in errors), None)
        if first is not None and move_cursor:
            self._control(first).focus()
            self.query_one(f"#f-error-{first}", Static).scroll_visible(animate=False)

    def action_save(self) -> None:
        # ctrl+s is a priority binding, run as soon as the App reads it, while keys typed
        # just before it may still wait in the focused field or be held: save after them
        mark = getattr(self.app, "key_mark", lambda: None)()
        self.after_typed(lambda: self._save(mark))

    def _save(self, mark: int | None = None) -> None:
        if not self.is_attached or self.app.screen is not self:
            return  # already closed (ctrl+s pressed twice)
        values, errors = self.collect()
        if errors:
            # The cursor goes to the field to mend, unless keys were typed after the save
            # key: typed before the refusal could be seen, they go where they were aimed
            # (a Tab and a name typed on were put in the field in error, or lost)
            typed_on = mark is not None and self.app.typed_since(mark)  # type: ignore[attr-defined]
            self.show_errors(errors, move_cursor=not typed_on)
            return
        self.finish(values)

    def field_label(self, name: str) -> str:
        spec = next((s for s in self.fields if s.name == name), None)
        return spec.label if spec else name

    def describe(self, name: str, value: Any) -> str:
        spec = next((s for s in self.fields if s.name == name), FieldSpec(name, name))
        return shown_value(spec, value)

    def action_cancel(self) -> None:
        """Close without saving. When a field was typed in or changed, ask first: an
        Escape pressed by habit (or meant for the input method) must not throw away a
        paragraph. The question's own Escape, and its default button, go back to the
        form."""
        if self._fields_now() == self._opened_with:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(t("form.discard"), t("form.discard_yes")), answered)


def model_validator(model: type, base: dict[str, Any]) -> Validator:
    """A form validator that builds the domain model (the one place rules live) and
    reports its complaints per field in the UI's language."""
    from pydantic import ValidationError

    from workshop.i18n import validation_messages

    def check(values: dict[str, Any]) -> dict[str, str]:
        try:
            model.model_validate({**base, **values})
        except ValidationError as e:
            out: dict[str, str] = {}
            for err in e.errors():
                loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
                name = loc[0] if loc else ""
                message = validation_messages([{**err, "loc": ()}])[0]
                out.setdefault(name if name in values else "", message)
            return out
        return {}

    return check

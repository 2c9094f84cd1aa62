"""A form on the page itself: its fields are saved as they are typed (after a short
pause, and at once when the focus leaves a field), and refreshed from the store without
overwriting what is being typed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from workshop.domain.text_shorten import shorten_middle
from workshop.i18n import t
from workshop.store.errors import UpdateConflict
from workshop.widgets.forms import (
    FieldSpec,
    field_rows,
    hint_line,
    parse_value,
    read_field,
    shown_value,
    to_text,
)
from workshop.widgets.rest_timer import RestTimer
from workshop.widgets.safe_input import fill

CONFLICT_SHOWN = 120
"""Terminal cells (60 full-width characters) of the other window's value a field's
conflict message quotes, cut in its middle (`shorten_middle`)."""
PROSE_KINDS = ("line", "text", "list")
"""Fields whose text is valid at any point of typing it."""


class InlineForm(VerticalScroll):
    """Fields on the page itself, saved as they are typed (after a short pause, and at
    once when focus leaves the field). The owner handles `InlineForm.Changed`."""

    DEBOUNCE_S = 0.6
    """A field is saved once its text rests this long (and at once when it is left)..."""
    SAVE_AT_LATEST_S = 2.0
    """...or, for a field of text (`PROSE_KINDS`), this long after its first change not
    saved while the keys keep coming (`RestTimer`): a long text typed fluently is saved
    as it grows, not only at its end."""

    DEFAULT_CSS = """
    InlineForm { height: 1fr; padding: 0 1; }
    InlineForm .row { height: auto; }
    InlineForm .row > .label { width: 18; padding: 1 1 0 0; }
    InlineForm .row > .control { width: 1fr; height: auto; }
    InlineForm TextArea { height: 6; }
    InlineForm SelectionList { height: auto; max-height: 9; }
    InlineForm .hint { color: $text-muted; height: auto; padding: 0 0 0 18; }
    InlineForm .error { color: $error; text-style: bold; height: auto; padding: 0 0 0 18; }
    """

    class Changed(Message):
        def __init__(self, form: InlineForm, name: str, value: Any) -> None:
            super().__init__()
            self.form = form
            self.name = name
            self.value = value
            self.subject = form.subject
            """What the form showed when the value was typed (the message is handled
            later, when the form may already show another record)."""

        @property
        def control(self) -> InlineForm:
            return self.form

    def __init__(self, fields: Sequence[FieldSpec], values: dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.fields = list(fields)
        self.values = {s.name: values.get(s.name) for s in self.fields}
        for spec in self.fields:
            if spec.kind in ("line", "text") and self.values[spec.name] is None:
                self.values[spec.name] = ""
            if spec.kind == "list" and self.values[spec.name] is None:
                self.values[spec.name] = []
        self._pending: dict[str, RestTimer] = {}
        """The fields whose save waits for their text to rest."""
        self._loading = False
        self._unsaved: set[str] = set()
        """Fields showing why what they hold is not saved (unreadable, refused)."""
        self._known_text: dict[str, str] = {}
        """The text each line and text box was filled with, or last saved from: one that
        reads otherwise holds typing not saved yet (`_typed_unsaved`)."""
        self.subject: Any = None
        """The record the fields belong to, for owners that show one record after another."""

    def compose(self) -> ComposeResult:
        yield from field_rows(self.fields, self.values, "i-")

    def on_mount(self) -> None:
        for spec in self.fields:
            self._know(spec.name)

    def _typed_since_known(self, name: str) -> bool:
        """Whether a line or text box reads otherwise than the form filled it or last
        saved from it."""
        known = self._known_text.get(name)
        return known is not None and read_field(self.control(name)) != known

    def _know(self, name: str) -> None:
        """Note what a line or text box reads now as what the form put or saved there."""
        control = self.control(name)
        if isinstance(control, (Input, TextArea)):
            self._known_text[name] = read_field(control)

    def spec(self, name: str) -> FieldSpec | None:
        return next((s for s in self.fields if s.name == name), None)

    def control(self, name: str) -> Widget:
        return self.query_one(f"#i-{name}")

    def set_values(
        self, values: dict[str, Any], *, subject: Any = None, force: bool = False
    ) -> None:
        """Refresh from the store without echoing a change back. With `force` (another
        record is shown) every field is overwritten, the focused one included."""
        self._loading = True
        if force:
            self.subject = subject
            for timer in self._pending.values():
                timer.stop()
            self._pending.clear()
            for name in list(self._unsaved):
                self.set_error(name, "")
        try:
            for spec in self.fields:
                if spec.name not in values or (not force and self._typed_unsaved(spec)):
                    continue
                widget = self.control(spec.name)
                if widget.has_focus and not force:
                    continue  # never overwrite what is being typed
                value = values[spec.name]
                if isinstance(widget, Input):
                    text = to_text(spec.kind, value)
                    if widget.value != text:
                        fill(widget, text)
                elif isinstance(widget, TextArea):
                    if widget.text != (value or ""):
                        widget.load_text(value or "")
                        # typed on, the text goes after what is there (as in a line),
                        # not glued to the front of it
                        widget.move_cursor(widget.document.end)
                elif isinstance(widget, Select):
                    widget.value = value if value is not None else Select.NULL
                elif isinstance(widget, Checkbox):
                    widget.value = bool(value)
                self._know(spec.name)
            self.values.update(values)
        finally:
            self.call_after_refresh(self._done_loading)

    def _typed_unsaved(self, spec: FieldSpec) -> bool:
        """Whether the field holds something typed and not saved yet: a line or text box
        that reads otherwise than the form filled it or last saved from it (its change
        may not even have reached the form yet: a refresh between a key and its change
        overwrote the key), or a save waiting with something new. A save waiting for a
        field that still reads as the form last knew it carries nothing: it is dropped,
        and the field may be refreshed."""
        if self._typed_since_known(spec.name):
            return True
        timer = self._pending.get(spec.name)
        if timer is None:
            return False
        try:
            same = parse_value(spec, read_field(self.control(spec.name))) == self.values.get(
                spec.name
            )
        except ValueError:
            return True  # typed, and not valid yet
        if same:
            timer.stop()
            del self._pending[spec.name]
        return not same

    def unsaved_fields(self) -> list[str]:
        """The fields (in form order) holding what could not be saved: an owner that shows
        another record in the form asks first, or what they hold would be lost."""
        return [s.name for s in self.fields if s.name in self._unsaved]

    def _done_loading(self) -> None:
        self._loading = False

    def set_error(self, name: str, message: str, retry: bool = True) -> None:
        self.query_one(f"#i-error-{name}", Static).update(Text(message))
        if message:
            self._unsaved.add(name)
        else:
            self._unsaved.discard(name)
        if message and retry:
            # Not saved: the same value typed again (or on leaving the field) is sent again
            self.values.pop(name, None)

    def saved(self, name: str, ok: bool) -> None:
        """Show how saving a field went, with the app's reason when it failed. A save that
        failed (a busy database) is sent again when the same value is entered or the field
        is left; one that met another window's change of the same field is not sent again
        by itself, so that change is never overwritten unseen: the next edit applies to it."""
        if ok:
            self.set_error(name, "")
            return
        failure = getattr(self.app, "last_failure", None)
        conflict = isinstance(failure, UpdateConflict)
        message = getattr(self.app, "last_error", "")
        if conflict and (spec := self.spec(name)) is not None:
            # what the other window stored, and what typing on here will do
            stored = failure.theirs.get(name, getattr(failure.current, name, None))
            # its start and its end (where an edit of a long text often is)
            theirs = shorten_middle(shown_value(spec, stored), CONFLICT_SHOWN)
            message = t("conflict.field", theirs=theirs or t("conflict.empty"))
        self.set_error(name, message, retry=not conflict)

    def _schedule(self, name: str) -> None:
        if self._loading and not self._typed_since_known(name):
            return  # the form's own filling, announced
        rest = self._pending.get(name)
        if rest is None:
            spec = self.spec(name)
            # a number or a date half typed is not valid yet: it waits for a rest
            prose = spec is not None and spec.kind in PROSE_KINDS
            most = self.SAVE_AT_LATEST_S if prose else math.inf
            rest = self._pending[name] = RestTimer(
                self, self.DEBOUNCE_S, most, lambda: self.flush(name)
            )
        rest.changed()

    def flush(self, name: str | None = None) -> None:
        """Emit pending changes now (all, or one field)."""
        names = [name] if name else list(self._pending)
        if name is None:
            names += [s.name for s in self.fields if s.on_enter and s.name not in names]
        for n in names:
            if timer := self._pending.pop(n, None):
                timer.stop()
            self._emit(n)

    def _emit(self, name: str) -> None:
        spec = self.spec(name)
        if spec is None:
            return
        raw = read_field(self.control(name))
        try:
            value = parse_value(spec, raw)
        except ValueError as e:
            self.set_error(name, str(e))
            return
        self.set_error(name, "")
        self._know(name)
        self.query_one(f"#i-hint-{name}", Static).update(hint_line(spec, raw))
        if name in self.values and self.values[name] == value:
            return  # widgets announce their first value on mount: not a change
        self.values[name] = value
        self.post_message(self.Changed(self, name, value))

    def _name_of(self, widget: Widget) -> str | None:
        wid = widget.id or ""
        return wid[2:] if wid.startswith("i-") else None

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        if (name := self._name_of(widget)) is not None:
            spec = self.spec(name)
            if spec is not None and not spec.on_enter:
                self._schedule(name)

    @on(events.DescendantBlur)
    def _left(self, event: events.DescendantBlur) -> None:
        """A field left saves at once what waits for its rest, a line and a text box alike
        (TextArea has no Blurred message of its own: a text box waited for the rest), and
        a line saved on Enter what it holds."""
        name = self._name_of(event.widget)
        spec = self.spec(name) if name else None
        if name is not None and (name in self._pending or (spec and spec.on_enter)):
            self.flush(name)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if (name := self._name_of(event.input)) is not None:
            self.flush(name) if name in self._pending else self._emit(name)

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _picked(self, event: Message) -> None:
        event.stop()
        widget = getattr(event, "select", None) or getattr(event, "checkbox", None)
        widget = widget or getattr(event, "selection_list", None)
        if self._loading or widget is None:
            return
        if (name := self._name_of(widget)) is not None:
            self._emit(name)


__all__ = ["InlineForm"]

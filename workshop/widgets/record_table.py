"""A table of records with add, edit and delete from the keyboard. The step panes use it
for attendees, statements, resources, key persons, decisions and action items, so the
keys and the confirmations behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from workshop.domain.base import Record
from workshop.domain.text_shorten import shorten
from workshop.i18n import t
from workshop.widgets.dialogs import ConfirmDialog
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.forms import FieldSpec, FormDialog, model_validator
from workshop.widgets.prose import Prose

if TYPE_CHECKING:
    from workshop.context import SessionContext

R = TypeVar("R", bound=Record)

ROW_NAME_CELLS = 40
"""Longest row name a delete question repeats (the rest is cut with …)."""


@dataclass
class Column(Generic[R]):
    header: str
    value: Callable[[R], Any]
    """Returns a str (shown literally) or a Rich Text."""
    width: int | None = None
    """Cells; None: share the room left (wrapped to three lines)."""


class RecordTable(Vertical, Generic[R]):
    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    RecordTable > #rt-title { text-style: bold; padding: 0 1; height: auto; }
    RecordTable > #rt-help { color: $text-muted; padding: 0 1; height: auto; }
    RecordTable > DataTable { height: 1fr; }
    RecordTable > #rt-empty { color: $text-muted; padding: 0 1; height: auto; }
    """

    BINDINGS = [
        Binding("ctrl+n", "add", t("key.add"), id="record_table.add"),
        Binding("ctrl+o", "edit", t("key.edit"), id="record_table.edit"),
        Binding("f9", "delete", t("key.delete"), id="record_table.delete"),
        Binding("ctrl+l", "adopt", t("key.promote"), id="record_table.adopt"),
    ]

    class Changed(Message):
        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> RecordTable:
            return self.table

    class Adopt(Message):
        def __init__(self, table: RecordTable, record: Record) -> None:
            super().__init__()
            self.table = table
            self.record = record

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(
        self,
        ctx: SessionContext,
        model: type[R],
        *,
        title: str,
        columns: Sequence[Column[R]],
        fields: Callable[[R | None], list[FieldSpec]],
        load: Callable[[], list[R]],
        new: Callable[[dict[str, Any]], dict[str, Any]],
        help: str = "",
        empty: str = "",
        adopt: bool = False,
        delete_confirm: Callable[[R], str | None] | None = None,
        check: Callable[[dict[str, Any], R | None], dict[str, str]] | None = None,
        can_add: bool = True,
        can_delete: bool = True,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self.model = model
        self.table_title = title
        self.columns = list(columns)
        self.fields = fields
        self.load = load
        self.new = new
        self.help_text = help
        self.empty_text = empty or t("table.empty")
        self.can_adopt = adopt
        self.delete_confirm = delete_confirm
        self.check = check
        self.can_add = can_add
        self.can_delete = can_delete
        self.records: list[R] = []

    def compose(self) -> ComposeResult:
        if self.table_title:
            yield Prose(Text(self.table_title), id="rt-title")
        if self.help_text:
            yield Prose(Text(self.help_text), id="rt-help")
        yield FlexTable([(str(n), c.header, c.width) for n, c in enumerate(self.columns)])
        yield Prose(Text(self.empty_text), id="rt-empty")

    def on_mount(self) -> None:
        self._shown: tuple[list[R], list[int]] | None = None
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = {"adopt": self.can_adopt, "add": self.can_add, "delete": self.can_delete}
        return allowed.get(action, True)

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(FlexTable)
        current = select or self.selected_id()
        self.records = self.load()
        self.query_one("#rt-empty").display = not self.records
        widths = table.fill_widths()
        if widths is None:
            return
        if self._shown != (self.records, widths):
            # Rebuilding rows is what costs; a revisit that changed nothing skips it
            table.clear()
            # as one change, each row's cells made when it is drawn (200 actions on a
            # summary tab not shown were measured and broken into lines on every opening)
            columns = self.columns
            table.add_rows_of_values(
                (([col.value(rec) for col in columns], rec.id) for rec in self.records), widths
            )
            self._shown = (list(self.records), widths)
        if current and any(r.id == current for r in self.records):
            table.move_cursor(row=table.get_row_index(current))

    def selected_id(self) -> str | None:
        table = self.query_one(FlexTable)
        if not self.records or table.cursor_row is None or table.cursor_row >= len(self.records):
            return None
        return self.records[table.cursor_row].id

    def selected(self) -> R | None:
        sid = self.selected_id()
        return next((r for r in self.records if r.id == sid), None)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _validator(self, base: dict[str, Any], rec: R | None) -> Callable:
        """The model's own rules, then the pane's (e.g. at most three principles)."""
        by_model = model_validator(self.model, base)

        def check(values: dict[str, Any]) -> dict[str, str]:
            errors = by_model(values)
            if not errors and self.check:
                errors = self.check(values, rec)
            return errors

        return check

    def action_add(self, preset: dict[str, Any] | None = None) -> None:
        base = self.new(dict(preset or {}))

        def submit(values: dict[str, Any]) -> Record | None:
            rec = self.model.model_validate({**base, **values})
            return self.ctx.save(self.ctx.store.add, rec)

        self.app.push_screen(
            FormDialog(
                t("table.add_title", what=self.table_title),
                self.fields(None),
                base,
                self._validator(base, None),
                submit=submit,
            ),
            self._saved,
        )

    def _saved(self, rec: Any) -> None:
        """After a dialog saved a record: show it (nothing to do when cancelled)."""
        if rec is not None:
            self.reload(select=rec.id)
            self.post_message(self.Changed(self))

    def action_edit(self) -> None:
        rec = self.selected()
        if rec is None:
            return

        def submit(values: dict[str, Any]) -> Record | None:
            return self.ctx.save(self.ctx.store.update, rec, **values)

        self.app.push_screen(
            FormDialog(
                t("table.edit_title", what=self.table_title),
                self.fields(rec),
                rec.model_dump(),
                self._validator(rec.model_dump(), rec),
                submit=submit,
            ),
            self._saved,
        )

    def action_delete(self) -> None:
        rec = self.selected()
        if rec is None:
            return
        message = self.delete_confirm(rec) if self.delete_confirm else None
        if message is None and (what := self._row_name(rec)):
            # the row is named: the cursor may not be where the facilitator thinks
            message = t("table.confirm_delete_named", what=what)

        def go(yes: bool | None) -> None:
            if yes and self.ctx.save(self.ctx.store.delete, rec) is not None:
                self.notify(t("table.deleted"), timeout=4)
                self.reload()
                self.post_message(self.Changed(self))

        self.app.push_screen(
            ConfirmDialog(message or t("table.confirm_delete"), t("key.delete")), go
        )

    def _row_name(self, rec: R) -> str:
        """The row as the table shows it first (a name, a title), on one short line."""
        for column in self.columns:
            value = column.value(rec)
            text = value.plain if isinstance(value, Text) else str(value or "")
            if text.strip():
                return shorten(" ".join(text.split()), ROW_NAME_CELLS)
        return ""

    def action_adopt(self) -> None:
        rec = self.selected()
        if rec is not None:
            self.post_message(self.Adopt(self, rec))

"""The rotation of the secretariat and the recorder over the next meetings (④ 仕組み化):
who takes each meeting, by when its minutes go out, and the meetings moved or skipped
for a holiday, in a table whose columns fit the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from workshop.domain.followup import rotation
from workshop.i18n import t
from workshop.i18n.dates import ui_date
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.prose import Prose

if TYPE_CHECKING:
    from workshop.context import SessionContext

MEETINGS = 8
"""Meetings shown ahead."""

COLUMNS: list[tuple[str, str, int | None]] = [
    ("no", "mechanism.col_no", 3),
    ("date", "field.date", 22),
    ("secretariat", "mechanism.secretariat", 16),
    ("recorder", "mechanism.recorder", 16),
    ("due", "mechanism.minutes_due", 22),
    ("closed", "mechanism.closed", None),
]
"""Key, header (i18n key) and width of each column; the note on a closed day takes the
rest (a date is 令和8年12月25日（金）: 21 cells)."""


class Rotation(Vertical):
    DEFAULT_CSS = """
    Rotation { height: 1fr; }
    Rotation > #rot-help { color: $text-muted; padding: 0 1; height: auto; }
    Rotation > FlexTable { height: 1fr; }
    """

    def __init__(self, ctx: SessionContext, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("mechanism.rotation_help")), id="rot-help")
        yield FlexTable([(key, t(head), width) for key, head, width in COLUMNS], id="rot-table")

    def on_mount(self) -> None:
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the mechanisms again and fill the table, cut to its columns' widths."""
        table = self.query_one(FlexTable)
        widths = table.fill_widths()
        if widths is None:
            return
        table.clear()
        # the meeting in force: this session's, else the one an earlier session decided
        for m in self.ctx.store.mechanisms_in_force(self.ctx.session_id)[0]:
            for p in rotation(m, MEETINGS):
                note = ""
                if p.skipped:
                    note = t("mechanism.closed_skip", reason=p.closed)
                elif p.moved and p.scheduled is not None:
                    note = t("mechanism.closed_moved", reason=p.closed, date=ui_date(p.scheduled))
                values = [
                    "" if p.skipped else str(p.number),
                    ui_date(p.date),
                    p.secretariat,
                    p.recorder,
                    "" if p.skipped else ui_date(p.minutes_due),
                    Text(note, style="bold"),
                ]
                table.add_cells(table.row(values, widths))

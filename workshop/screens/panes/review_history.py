"""The follow-up review's other tabs: the decisions whose review date has come, and the
initiative's history session by session."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from workshop.domain.followup import decisions_due, history_upto
from workshop.i18n import t
from workshop.i18n.dates import ui_date
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.history import HistoryChart
from workshop.widgets.prose import Prose

__all__ = ["DueDecisions", "History"]


class DueDecisions(VerticalScroll):
    DEFAULT_CSS = """
    DueDecisions { height: 1fr; }
    DueDecisions > Static { padding: 0 1; height: auto; }
    DueDecisions FlexTable { height: auto; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("review.due_help")))
        # a decision is a sentence or two: broken into lines, never cut at the edge
        yield FlexTable(
            [("date", t("summary.review_date"), 18), ("decision", t("summary.decision"), None)],
            cursor_type="row",
            zebra_stripes=True,
        )

    def on_mount(self) -> None:
        self.reload()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one(FlexTable)
        widths = table.fill_widths()
        if widths is None:
            return
        table.clear()
        today = self.ctx.session.date or date.today()
        for d in decisions_due(self.ctx.store.initiative_decisions(self.ctx.initiative.id), today):
            if d.session_id != self.ctx.session_id:
                table.add_cells(table.row([ui_date(d.review_date, False), d.text], widths))
        if not table.row_count:
            table.add_cells(table.row(["", t("review.no_due_decisions")], widths))


class History(VerticalScroll):
    DEFAULT_CSS = """
    History { height: 1fr; }
    History > #hist-help { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, ctx, **kw: Any) -> None:
        super().__init__(**kw)
        self.ctx = ctx
        self._read: int | None = None
        """The data generation last read: the initiative (its sessions, actions and
        reviews; not the cards, which the history does not count) is read again only
        when something changed since."""

    def compose(self) -> ComposeResult:
        yield Prose(Text(t("history.help")), id="hist-help")
        yield HistoryChart(id="history-chart")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        generation = self.ctx.generation()
        if generation == self._read:
            return
        self._read = generation
        data = self.ctx.store.initiative_data(self.ctx.initiative.id, cards=False)
        points = history_upto(
            data.ordered_sessions(), data.actions, data.reviews, self.ctx.session_id
        )
        self.query_one(HistoryChart).show(points)

"""集計: the prefecture's view of the gathered bundles, one row per municipality.

Filters (stage, barrier, theme, population band) and a sort narrow the table; the side
shows the stage distribution and the barriers beside the 2020 survey (N=248), or, once
municipalities are marked with space, those municipalities side by side."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from workshop.domain.rollup import (
    SORT_KEYS,
    Filter,
    MunicipalityRow,
    combine,
    distributions,
    pct,
    sort_rows,
)
from workshop.i18n import label, t
from workshop.reference import load
from workshop.store.gather import summaries
from workshop.widgets.bars import bar, pad
from workshop.widgets.bars import pct as pct_text
from workshop.widgets.flex_table import FlexTable
from workshop.widgets.key_bar import KeyBar
from workshop.widgets.literal import fit

FILTERS = ("stage", "barrier", "theme", "band")
BAR_WIDTH = 10


def stage_text(n: int | None) -> str:
    return f"{n} {label('stage', n)}" if n is not None else "—"


class RollupScreen(Screen):
    """The gathered municipalities; read-only."""

    CSS_PATH = "rollup.tcss"

    BINDINGS = [
        Binding("escape", "close", t("knowledge.key.back"), id="rollup.close"),
        Binding("space", "mark", t("rollup.key.mark"), id="rollup.mark"),
        Binding("ctrl+r", "reset", t("knowledge.key.reset"), id="rollup.reset"),
    ]

    COLUMNS = (
        ("code", 8),
        ("municipality", 12),
        ("stage", 16),
        ("gap", 4),
        ("barriers", 10),
        ("meeting", 6),
        ("overdue", 8),
        ("last", 12),
        ("themes", None),
    )

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.ref = load()
        self.today = today or date.today()
        self.all_rows: list[MunicipalityRow] = []
        self.shown: list[MunicipalityRow] = []
        self.ready = False
        """Whether the rows have been read (they are read in a worker thread)."""
        self.marked: list[str] = []
        """Keys of the municipalities marked for comparison, in the order marked."""

    def compose(self) -> ComposeResult:
        ref = self.ref
        with Horizontal(id="ru-head"):
            yield Static(Text(t("rollup.title")), id="ru-title")
            yield Static("", id="ru-count")
        with Horizontal(classes="ru-filters"):
            yield self._select("stage", [(stage_text(n), n) for n in range(1, 7)])
            yield self._select(
                "barrier", [(f"{b.number} {b.label}", b.key) for b in ref.survey.barriers]
            )
            yield self._select("theme", [])
            yield self._select("band", [(b.label, b.key) for b in ref.vocab.population_bands])
            yield Select(
                [(Text(t(f"rollup.sort.{k}")), k) for k in SORT_KEYS],
                value="code",
                allow_blank=False,
                id="ru-sort",
            )
        with Horizontal(id="ru-body"):
            yield FlexTable(
                [(key, t(f"rollup.col.{key}"), width) for key, width in self.COLUMNS],
                id="ru-table",
            )
            with VerticalScroll(id="ru-side"):
                yield Static("", id="ru-text")
        yield KeyBar()

    def _select(self, key: str, options: list[tuple[str, Any]]) -> Select:
        name = t(f"rollup.filter.{key}") + t("knowledge.sep")
        return Select(
            [(Text(name + lbl), value) for lbl, value in options],
            prompt=name + t("knowledge.cases.any"),
            id=f"ru-{key}",
        )

    def on_mount(self) -> None:
        self.query_one("#ru-count", Static).update(Text(t("rollup.loading")))
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Read every gathered initiative in a worker thread with its own Store (a
        prefecture's 1,741 municipalities take seconds; the screen stays responsive)."""
        from workshop.store import Store

        with Store(self.app.store.path) as store:
            rows = combine(summaries(store, self.today), self.ref.vocab.population_bands)
        self.app.call_from_thread(self.loaded, rows)

    def loaded(self, rows: list[MunicipalityRow]) -> None:
        self.all_rows = rows
        self.ready = True
        themes = sorted({th for r in self.all_rows for th in r.themes})
        name = t("rollup.filter.theme") + t("knowledge.sep")
        with self.prevent(Select.Changed):
            self.query_one("#ru-theme", Select).set_options(
                [(Text(name + th), th) for th in themes]
            )
        self.refilter()

    @on(FlexTable.Resized)
    def _resized(self) -> None:
        self.refilter(keep=True)

    # --- filtering ---------------------------------------------------------------------
    def current_filter(self) -> Filter:
        values: dict[str, Any] = {}
        for key in FILTERS:
            value = self.query_one(f"#ru-{key}", Select).value
            values[key] = None if value is Select.NULL else value
        return Filter(**values)

    def refilter(self, keep: bool = False) -> None:
        if not self.ready:
            return
        current = self.selected() if keep else None
        keep_row = self.current_filter()
        sort = self.query_one("#ru-sort", Select).value
        self.shown = sort_rows([r for r in self.all_rows if keep_row.keep(r)], str(sort))
        table = self.query_one(FlexTable)
        widths = table.layout()
        table.clear()
        barriers = self.ref.barrier_by_key
        for r in self.shown:
            mark = "✓" if r.key in self.marked else ""
            overdue = f"{r.overdue_actions}/{r.open_actions}"
            stage = f"{r.stage_now or '—'}→{r.stage_target or '—'}"
            numbers = ",".join(
                str(n) for n in sorted(barriers[b].number for b in r.barriers if b in barriers)
            )
            table.add_row(
                fit(mark + (r.code or t("rollup.no_code")), widths[0]),
                fit(r.municipality or "—", widths[1]),
                fit(stage, widths[2]),
                Text("" if r.gap is None else str(r.gap), justify="right"),
                fit(numbers, widths[4]),
                Text(t("rollup.yes") if r.regular_meeting else ""),
                Text(overdue, justify="right"),
                Text(r.last_session.isoformat() if r.last_session else ""),
                fit("、".join(r.themes), widths[8]),
                key=r.key,
            )
        self.query_one("#ru-count", Static).update(
            Text(t("rollup.count", shown=len(self.shown), total=len(self.all_rows)))
        )
        if self.shown:
            keys = [r.key for r in self.shown]
            table.move_cursor(row=keys.index(current.key) if current and current.key in keys else 0)
        self.show_side()

    @on(Select.Changed)
    def _changed(self) -> None:
        self.refilter()

    def selected(self) -> MunicipalityRow | None:
        row = self.query_one(DataTable).cursor_row
        if not self.shown or row is None or not 0 <= row < len(self.shown):
            return None
        return self.shown[row]

    # --- the side: charts or comparison -----------------------------------------------------
    def show_side(self) -> None:
        if self.marked:
            chosen = [r for r in self.all_rows if r.key in self.marked]
            chosen.sort(key=lambda r: self.marked.index(r.key))
            body: Any = self.comparison(chosen)
        elif not self.all_rows:
            body = Text(t("rollup.empty"))
        else:
            body = self.charts(self.shown)
        self.query_one("#ru-text", Static).update(body)

    def charts(self, rows: list[MunicipalityRow]) -> Text:
        """Stages now beside the survey's current stages, and barriers beside the
        survey's shares (with medical/care/welfare partners)."""
        dist = distributions(rows)
        out = Text()
        out.append(t("rollup.chart_stages", n=dist.with_stage) + "\n", style="bold")
        for s in self.ref.survey.stages:
            mine = pct(dist.stage_now[s.number], dist.with_stage) or 0.0
            out.append(pad(stage_text(s.number), 22))
            out.append(bar(mine, 100, BAR_WIDTH), style="bold")
            out.append(f" {pct_text(mine):>6}  ")
            out.append(bar(s.current.pct, 100, BAR_WIDTH), style="dim")
            out.append(f" {pct_text(s.current.pct):>6}\n", style="dim")
            if dist.with_year_ago:
                before = pct(dist.stage_year_ago[s.number], dist.with_year_ago) or 0.0
                out.append(pad("", 22))
                out.append(bar(before, 100, BAR_WIDTH), style="italic")
                out.append(f" {pct_text(before):>6}  " + t("rollup.year_ago") + "\n")
        out.append(t("rollup.chart_legend") + "\n", style="italic")
        if dist.with_year_ago:
            out.append(t("rollup.year_ago_legend", n=dist.with_year_ago) + "\n", style="italic")
        out.append("\n")
        out.append(t("rollup.chart_barriers", n=dist.with_barriers) + "\n", style="bold")
        for b in self.ref.survey.barriers:
            mine = pct(dist.barriers.get(b.key, 0), dist.with_barriers) or 0.0
            out.append(f"{b.number} {b.label}\n")
            out.append("   ")
            out.append(bar(mine, 100, BAR_WIDTH), style="bold")
            out.append(f" {pct_text(mine):>6}  ")
            out.append(bar(b.mcw.pct, 100, BAR_WIDTH), style="dim")
            out.append(f" {pct_text(b.mcw.pct):>6}\n", style="dim")
        out.append(t("rollup.survey_note"), style="italic")
        return out

    def comparison(self, rows: list[MunicipalityRow]) -> Table:
        """The marked municipalities side by side. Every cell is a literal Text: names
        come from the bundles, and a string given to a Rich table is read as markup."""
        barriers = self.ref.barrier_by_key
        table = Table(show_header=True, box=None, padding=(0, 1))
        table.add_column("")
        for r in rows:
            table.add_column(Text(r.municipality or r.code or "—"))
        lines = [
            ("code", lambda r: r.code or t("rollup.no_code")),
            ("population", lambda r: f"{r.population:,}" if r.population is not None else "—"),
            ("stage_now", lambda r: stage_text(r.stage_now)),
            ("stage_target", lambda r: stage_text(r.stage_target)),
            ("gap", lambda r: "—" if r.gap is None else str(r.gap)),
            (
                "barriers",
                lambda r: "\n".join(barriers[b].label for b in r.barriers if b in barriers),
            ),
            ("themes", lambda r: "、".join(r.themes)),
            ("meeting", lambda r: t("rollup.yes") if r.regular_meeting else t("rollup.no")),
            ("charter", lambda r: t("rollup.yes") if r.charter else t("rollup.no")),
            ("open", lambda r: str(r.open_actions)),
            ("overdue", lambda r: str(r.overdue_actions)),
            ("last", lambda r: r.last_session.isoformat() if r.last_session else "—"),
            ("initiatives", lambda r: "\n".join(r.initiatives)),
        ]
        for key, value in lines:
            table.add_row(Text(t(f"rollup.row.{key}")), *(Text(value(r)) for r in rows))
        return table

    # --- keys --------------------------------------------------------------------------------
    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        if not self.marked:
            return
        self.show_side()

    def action_mark(self) -> None:
        """Mark or unmark the municipality under the cursor for comparison."""
        row = self.selected()
        if row is None:
            return
        if row.key in self.marked:
            self.marked.remove(row.key)
        else:
            self.marked.append(row.key)
        self.refilter(keep=True)

    def action_reset(self) -> None:
        with self.prevent(Select.Changed):
            for key in FILTERS:
                self.query_one(f"#ru-{key}", Select).clear()
        self.marked = []
        self.refilter()

    def action_close(self) -> None:
        self.app.pop_screen()

"""The initiative over its sessions, as bars: the team's stage, items decided, closed,
carried over and still open. Text bars, so it reads on any terminal and projector."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from workshop.domain.enums import UNKNOWN_STAGE
from workshop.domain.followup import HistoryPoint
from workshop.i18n import t
from workshop.i18n.dates import ui_date


def stage_bar(current: int | None, target: int | None) -> Text:
    """■ for the stage reached, □ up to the target: ■■□□□ is stage 2 aiming at 4."""
    if current is None:
        return Text("—", style="dim")
    if current == UNKNOWN_STAGE:
        return Text(t("stage.6"))
    out = Text()
    for n in range(1, 6):
        if n <= current:
            out.append("■", style="bold")
        elif target and target != UNKNOWN_STAGE and n <= target:
            out.append("□")
        else:
            out.append("·", style="dim")
    goal = f"→{target}" if target and target != UNKNOWN_STAGE else ""
    out.append(f" {current}{goal}")
    return out


BAR_CELLS = 6
"""Widest bar: the whole chart fits beside the notes panel on a 120-column screen."""


def count_bar(n: int, scale: int, style: str = "") -> Text:
    width = 0 if not n else max(1, round(n * BAR_CELLS / max(scale, 1)))
    return Text("█" * width, style=style) + Text(f" {n}")


def history_table(points: Sequence[HistoryPoint]) -> Table:
    scale = max([p.opened for p in points] + [p.open_after for p in points] + [1])
    table = Table(box=None, pad_edge=False, expand=False, header_style="bold")
    keys = ("session", "date", "stage", "opened", "done", "cancelled", "carried", "open_after")
    for key in keys:
        table.add_column(t(f"history.col_{key}"), no_wrap=True, min_width=5)
    for n, p in enumerate(points, 1):
        table.add_row(
            Text(t("history.nth", n=n)),
            Text(ui_date(p.date, weekday=False) if p.date else "—"),
            stage_bar(p.stage_current, p.stage_target),
            count_bar(p.opened, scale),
            count_bar(p.done, scale),
            count_bar(p.cancelled, scale),
            count_bar(p.carried, scale),
            count_bar(p.open_after, scale, "bold"),
        )
    return table


class HistoryChart(Static):
    DEFAULT_CSS = """
    HistoryChart { height: auto; padding: 1 1; }
    """

    def show(self, points: Sequence[HistoryPoint]) -> None:
        if not points:
            self.update(Text(t("history.empty")))
            return
        self.update(history_table(points))

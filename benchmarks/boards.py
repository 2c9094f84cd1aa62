"""Card boards as the benchmarks watch them: whether a step's board is painted with
rows (`sizes.py`)."""

from __future__ import annotations

from typing import Any


def step_boards(screen: Any, step: Any) -> list[Any]:
    from workshop.widgets.card_board import CardBoard

    pane = screen.pane(step)
    return list(pane.query(CardBoard)) if pane is not None and pane.is_attached else []


def cards_shown(screen: Any, step: Any) -> bool:
    """A card board of the step's pane is painted with rows: its table has rows and is
    placed on the screen by the layout just painted (a board mounted with its rows is not
    on the screen until its whole pane has been mounted and laid out)."""
    from workshop.widgets.flex_table import FlexTable

    return any(
        b.is_mounted and b.query_one(FlexTable).row_count and _on_screen(b)
        for b in step_boards(screen, step)
    )


def _on_screen(board: Any) -> bool:
    """The board's table is placed on the screen by the layout last painted."""
    from workshop.widgets.flex_table import FlexTable

    return board.query_one(FlexTable) in board.screen._compositor.visible_widgets

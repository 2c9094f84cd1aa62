"""Card boards as the benchmarks watch them: whether a step's board is painted with
rows, and waiting for a large board's last chunk of rows (`sizes.py`)."""

from __future__ import annotations

import asyncio
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


async def boards_filled(screen: Any, step: Any) -> bool:
    """Wait until every card board the step shows has added its last row (a large board
    fills in chunks after its first frame, past the idle wait): a first visit is timed
    to the board complete. A board in a tab not shown adds its rows when it is shown.
    True when there was a fill to wait for."""
    waited = False
    while any(b.filling and _on_screen(b) for b in step_boards(screen, step)):
        waited = True
        await asyncio.sleep(0.01)
    return waited

"""A screen that paints each widget a layout places once, not again a frame later.

Textual's layout gives every widget it places its size, and setting that size asks the
widget to be painted again (and laid out again, for its scrollable size). The frame of
that layout already paints the widget whole, at its new size, so on a step's first
visit the pane's 50 to 130 widgets were all painted a second time in a frame of their
own, 20 to 30 ms later. Refreshes asked before the widget was placed are dropped the
same way: the frame that placed it painted it as it then was. Anything asked after the
layout is painted as usual."""

from __future__ import annotations

import weakref
from typing import Any

from textual import messages
from textual._time import get_time
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


class PaintsPlacedOnce(Screen):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._placed_at: weakref.WeakKeyDictionary[Widget, float] = weakref.WeakKeyDictionary()
        """When each widget was last placed (shown or resized) by a layout, on the clock
        Textual stamps its messages with."""

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        placed: list[set[Widget]] = []
        compositor = self._compositor
        reflow = compositor.reflow

        def reflow_noting(parent: Widget, size: Size) -> Any:
            result = reflow(parent, size)
            placed.append(result.shown | result.resized)
            return result

        compositor.reflow = reflow_noting  # type: ignore[method-assign]
        try:
            super()._refresh_layout(size, scroll)
        finally:
            del compositor.reflow
        now = get_time()
        for widgets in placed:
            for widget in widgets:
                widget._repaint_required = False  # asked while it was being placed
                self._placed_at[widget] = now

    async def _on_update(self, message: messages.Update) -> None:
        placed = self._placed_at.get(message.widget)  # type: ignore[arg-type]
        if placed is not None and message.time <= placed:
            message.stop()  # asked before a layout that has painted it whole since
            message.prevent_default()
            return
        await super()._on_update(message)

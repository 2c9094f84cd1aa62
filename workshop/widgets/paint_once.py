"""A screen that lays out and paints each widget a layout places once, not again a frame
later; and a pane mounted with no frame until it is built.

Textual's layout gives every widget it places its size, and setting that size asks the
widget to be painted again (and laid out again, for its scrollable size). The frame of
that layout already paints the widget whole, at its new size, and has placed everything
inside it: on a step's first visit the pane's 50 to 130 widgets were all painted a
second time in a frame of their own, 20 to 30 ms later, after a second layout of the
whole screen that moved nothing. Refreshes asked before the widget was placed are
dropped the same way: the frame that placed it painted it as it then was. A scroll bar
the layout shows or hides changes the room inside its widget: that is laid out again.
Anything asked after the layout is laid out and painted as usual."""

from __future__ import annotations

import asyncio
import contextvars
import weakref
from collections.abc import Callable
from typing import Any

from textual import messages
from textual._time import get_time
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

_NO_BARS = (False, False)
"""A widget's scroll bars before its first layout."""


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

        bars = {
            w: (w.show_vertical_scrollbar, w.show_horizontal_scrollbar) for w in compositor.widgets
        }
        compositor.reflow = reflow_noting  # type: ignore[method-assign]
        try:
            super()._refresh_layout(size, scroll)
        finally:
            del compositor.reflow
        now = get_time()
        for widgets in placed:
            for widget in widgets:
                widget._repaint_required = False  # asked while it was being placed
                if widget._layout_required and bars.get(widget, _NO_BARS) == (
                    widget.show_vertical_scrollbar,
                    widget.show_horizontal_scrollbar,
                ):
                    # asked by the new scrollable size this layout has just given it:
                    # the layout that measured it has placed everything inside at it.
                    # (A scroll bar shown or hidden changes the room inside: laid out
                    # again, as Textual does.)
                    widget._layout_required = False
                self._placed_at[widget] = now

    async def _on_update(self, message: messages.Update) -> None:
        placed = self._placed_at.get(message.widget)  # type: ignore[arg-type]
        if placed is not None and message.time <= placed:
            message.stop()  # asked before a layout that has painted it whole since
            message.prevent_default()
            return
        await super()._on_update(message)


def mount_unpainted(
    parent: Widget,
    pane: Widget,
    when_ready: Callable[[Callable[[], None]], None],
    at_most: float,
) -> None:
    """Mount `pane` into `parent` with no frame until it is built (`when_ready` runs a
    callback then: the pane's own).

    A pane's widgets mount over several turns of the event loop, and a frame due meanwhile
    (more often on a slow machine) laid out and painted half a pane, then the whole pane
    again (④'s form: 20 widgets painted twice). The first frame comes once the pane is
    ready, or after `at_most` seconds should it never say so.

    Released from `parent`'s queue: Textual lays `parent` out again once everything
    mounted into it has finished mounting (the callback its `mount` leaves), which came
    after the pane was ready: a second layout of the whole pane (30 ms) and a frame.
    Queued behind that callback, the first frame is laid out once."""
    app = parent.app
    parent.mount(pane)
    app._begin_batch()
    held = True

    def release() -> None:
        nonlocal held
        if held:
            held = False
            app._end_batch()

    # (at once when `parent` can take no more messages: it is being removed)
    when_ready(lambda: parent.call_later(release) or release())
    # and at the latest after a while: a plain callback of the event loop, in an empty
    # context (a Textual timer started here would hold the screen, the running message
    # pump of its context, until it was due: a closed session stayed in memory)
    asyncio.get_running_loop().call_later(at_most, release, context=contextvars.Context())

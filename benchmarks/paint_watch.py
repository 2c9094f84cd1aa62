"""The moment a first screen is painted: Textual's `Screen._compositor_refresh` (the call
that writes a frame to the terminal, or to nothing when headless) is wrapped, and the
first frame written while `ready(screen)` says the screen is complete ends the app.

Used by `app_first_screen.py` (workshop) and `bare_app.py --exit-on-ready` (the
yardstick) alike, so both start-up times end at the same kind of moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def watch_first_paint(
    ready: Callable[[Any], int | None], done: Callable[[dict[str, Any]], None]
) -> None:
    """After the first frame painted for a screen where `ready(screen)` returns a number
    (the rows of its table), call `done` with the moment (`time.time()`), the number of
    widgets on the screen and those rows, then exit the app."""
    from textual.screen import Screen

    original = Screen._compositor_refresh
    seen = False

    def refreshed(screen: Screen) -> None:
        nonlocal seen
        original(screen)
        if seen or screen is not screen.app.screen:
            return
        rows = ready(screen)
        if rows is None:
            return
        seen = True
        done(
            {
                "ready_epoch": time.time(),
                "widgets": len(screen.query("*")),
                "rows": rows,
            }
        )
        screen.app.exit()

    Screen._compositor_refresh = refreshed  # type: ignore[method-assign]

"""Acting on typing once it rests, without waiting for ever: a save of what is typed waits
for a short rest of the keys (not one write per key), and is done anyway once the first
change not saved has waited long enough (a fluent typist may never rest for the pause,
and a crash meanwhile lost everything typed since the last rest)."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual.timer import Timer
from textual.widget import Widget


class RestTimer:
    """Runs `action` once `changed` has not been called for `pause` seconds, or at the
    latest `most` seconds after the first call since the last run; one Textual timer at
    a time, on `owner`, moved on while the changes keep coming."""

    def __init__(
        self, owner: Widget, pause: float, most: float, action: Callable[[], object]
    ) -> None:
        self.owner = owner
        self.pause = pause
        self.most = most
        self.action = action
        self._timer: Timer | None = None
        self._rested_at = 0.0
        """When the changes will have rested for `pause`."""
        self._latest: float | None = None
        """When `action` runs even if changes keep coming; None when nothing waits."""

    def changed(self) -> None:
        now = monotonic()
        self._rested_at = now + self.pause
        if self._latest is None:
            self._latest = now + self.most
        if self._timer is None:
            self._timer = self.owner.set_timer(min(self.pause, self.most), self._due)

    def stop(self) -> None:
        """Nothing waits any more (the owner acted, or threw the change away)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._latest = None

    def _due(self) -> None:
        self._timer = None
        if self._latest is None:
            return
        left = min(self._rested_at, self._latest) - monotonic()
        if left > 0.01:
            self._timer = self.owner.set_timer(left, self._due)
            return
        self._latest = None
        self.action()


__all__ = ["RestTimer"]

"""A timebox clock per step: start, pause, extend. At zero it says so clearly and keeps
counting the overrun; it never blocks anything."""

from __future__ import annotations

import time

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from workshop.domain.enums import Step
from workshop.i18n import t


def mmss(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class StepTimer(Static):
    DEFAULT_CSS = """
    StepTimer { width: auto; min-width: 22; padding: 0 1; background: $panel; }
    StepTimer.-running { background: $success; color: $text; }
    StepTimer.-over { background: $error; color: $text; text-style: bold; }
    """

    limit: reactive[int] = reactive(0)
    """Timebox in seconds (0: no timebox set)."""

    class Persist(Message):
        """Elapsed seconds worth keeping (on pause and every half minute), counted on
        `step`: a save handled after a switch to another step is still that step's."""

        def __init__(self, step: Step | None, elapsed: int) -> None:
            super().__init__()
            self.step = step
            self.elapsed = elapsed

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.step: Step | None = None
        """The step whose clock this is (`load`); None before the first one is shown."""
        self.base = 0  # seconds counted before the current run
        self.started: float | None = None
        self._said_zero = False

    def on_mount(self) -> None:
        self.set_interval(1, self._tick)
        self._show_time()

    @property
    def elapsed(self) -> int:
        run = int(time.monotonic() - self.started) if self.started is not None else 0
        return self.base + run

    @property
    def running(self) -> bool:
        return self.started is not None

    def load(self, step: Step, limit_minutes: int, elapsed: int) -> None:
        """Show another step's clock (paused)."""
        self.step = step
        self.started = None
        self.base = max(0, elapsed)
        self.limit = max(0, limit_minutes) * 60
        self._said_zero = self.limit > 0 and self.elapsed >= self.limit
        self._show_time()

    def toggle(self) -> None:
        if self.running:
            self.base = self.elapsed
            self.started = None
            self.post_message(self.Persist(self.step, self.base))
        else:
            self.started = time.monotonic()
        self._show_time()

    def extend(self, minutes: int = 5) -> None:
        self.limit = self.limit + minutes * 60
        if self.elapsed < self.limit:
            self._said_zero = False
        self._show_time()

    def _tick(self) -> None:
        if not self.running:
            return
        if self.elapsed % 30 == 0:
            self.post_message(self.Persist(self.step, self.elapsed))
        if self.limit and self.elapsed >= self.limit and not self._said_zero:
            self._said_zero = True
            self.app.bell()
            self.notify(t("timer.time_up"), severity="warning", timeout=8)
        self._show_time()

    def _show_time(self) -> None:
        over = bool(self.limit) and self.elapsed >= self.limit
        self.set_class(self.running and not over, "-running")
        self.set_class(over, "-over")
        state = t("timer.running") if self.running else t("timer.paused")
        if not self.limit:
            text = f"⏱ {mmss(self.elapsed)} {state}"
        elif over:
            text = f"⏱ {t('timer.over')} {mmss(self.elapsed - self.limit)}"
        else:
            text = f"⏱ {mmss(self.limit - self.elapsed)} / {mmss(self.limit)} {state}"
        self.update(Text(text))

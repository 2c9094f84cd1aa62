"""The session screen's clock: each step's time is kept in the session, for the step the
clock was counting, and F6's extra minutes go into the step's timebox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from workshop.domain.enums import Step
from workshop.i18n import t
from workshop.widgets.timer import StepTimer

if TYPE_CHECKING:
    from workshop.context import SessionContext
    from workshop.screens.panes.base import StepPane


class SessionClock(Screen):  # type: ignore[type-arg]
    """Mixin of `SessionScreen` for the clock in its top bar."""

    if TYPE_CHECKING:

        @property
        def c(self) -> SessionContext: ...

        @property
        def current(self) -> Step: ...

        def pane(self, step: Step) -> StepPane | None: ...

    def timebox_changed(self, step: Step) -> None:
        if step == self.current:
            timer = self.query_one(StepTimer)
            timer.limit = self.c.session.timeboxes.get(step, 0) * 60
            timer.extend(0)

    def action_timer(self) -> None:
        self.query_one(StepTimer).toggle()

    def action_extend(self) -> None:
        """Five more minutes for this step: its timebox in the session's plan grows too
        (the 時間配分 in 準備 shows it), so the clock keeps them when the step is left and
        shown again, or the session opened again. A final (確定) record is not changed for
        a key of the clock: only the clock on the screen runs longer."""
        timer = self.query_one(StepTimer)
        timer.extend(5)
        self.notify(t("timer.extended"), timeout=3)
        if timer.step is not None and not self.c.is_final():
            boxes = dict(self.c.session.timeboxes)
            boxes[timer.step] = timer.limit // 60
            prep = self.pane(Step.PREP) if self.current is Step.PREP else None
            if self.c.update_session(timeboxes=boxes) and prep is not None:
                # its 時間配分 on the screen says so at once (once it is built, if F6
                # came while 準備 was still being built)
                prep.when_ready(lambda: prep.ready and prep.revisit())

    @on(StepTimer.Persist)
    def _persist_timer(self, event: StepTimer.Persist) -> None:
        if event.step is not None:
            self._keep_time(event.step, event.elapsed)

    def _save_timer(self) -> None:
        """Keep the clock's time for the step it was counting (none before the first step
        is shown: the session's stored time is what the clock is about to show)."""
        timer = self.query_one(StepTimer)
        if timer.step is not None:
            self._keep_time(timer.step, timer.elapsed)

    def _keep_time(self, step: Step, value: int) -> None:
        if self.c.session.timer_elapsed.get(step, 0) != value:
            times = dict(self.c.session.timer_elapsed)
            times[step] = value
            self.c.update_housekeeping(timer_elapsed=times)

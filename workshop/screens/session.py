"""The session screen: a step bar, the current step's pane, the side panel, the clock."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, TextArea

from workshop.config import save_config
from workshop.context import SessionContext
from workshop.domain.enums import STEP_ORDER, Step, steps_for
from workshop.i18n import label, t
from workshop.screens.panes.base import StepPane
from workshop.screens.panes.mechanism import MechanismPane
from workshop.screens.panes.prep import PrepPane
from workshop.screens.panes.resources import ResourcesPane
from workshop.screens.panes.review import ReviewPane
from workshop.screens.panes.strengths import StrengthsPane
from workshop.screens.panes.summary import SummaryPane
from workshop.screens.panes.vision import VisionPane
from workshop.screens.session_clock import SessionClock
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.key_bar import KeyBar
from workshop.widgets.paint_once import PaintsPlacedOnce, mount_unpainted
from workshop.widgets.save_status import SaveStatus
from workshop.widgets.side_panel import SidePanel
from workshop.widgets.step_bar import StepBar
from workshop.widgets.timer import StepTimer
from workshop.widgets.title_line import TitleLine

PANES: dict[Step, type[StepPane]] = {
    Step.PREP: PrepPane,
    Step.REVIEW: ReviewPane,
    Step.VISION: VisionPane,
    Step.STRENGTHS: StrengthsPane,
    Step.RESOURCES: ResourcesPane,
    Step.MECHANISM: MechanismPane,
    Step.SUMMARY: SummaryPane,
}

EARLY_KEYS = ("enter", "backspace")
"""Editing keys kept with the letters typed before anything has the focus (with a
widget focused they are its own: Enter opens a table's row)."""

SIDE_PANEL_MIN_WIDTH = 120
"""Below this width the side panel starts hidden so the cards keep their room."""
STEP_SAVE_AT_LATEST = 0.5
"""Seconds after a switch by which its step is saved even if no layout painted it."""
FIRST_FRAME_HELD_AT_MOST = 2.0
"""Seconds a step's first visit holds the screen's frames back while its pane is being
built (see `mount_unpainted`), should the pane never say it is ready."""


class SessionScreen(SessionClock, PaintsPlacedOnce):
    AUTO_FOCUS = ""
    """Nothing takes the focus while the screen is built (the side panel did, and the
    keys typed meanwhile went to it): the pane puts the cursor where typing starts, and
    keys typed before that are kept by `on_key`."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's focus, without repainting the whole screen when it moves: the widgets
    that gain and lose it restyle themselves, and a step switch paints them in its own
    frame (the full repaint cost a second frame on every switch)."""

    BINDINGS = [
        # The screen, not the pane, owns the tab keys: they must work even when nothing in
        # the pane has the focus yet (just after a step switch or a closed dialog), and
        # over a table's own ctrl+PageUp/PageDown (sideways paging; arrows still scroll)
        Binding("f10", "tab(1)", t("key.next_tab"), id="session.next_tab"),
        Binding(
            "ctrl+pagedown",
            "tab(1)",
            t("key.next_tab"),
            show=False,
            priority=True,
            id="session.next_tab_page",
        ),
        Binding(
            "ctrl+pageup",
            "tab(-1)",
            t("key.previous_tab"),
            show=False,
            priority=True,
            id="session.previous_tab_page",
        ),
        Binding("f2", "previous_step", t("key.previous"), show=False, id="session.previous_step"),
        Binding("f3", "next_step", t("key.next"), id="session.next_step"),
        Binding("f4", "pick_step", t("key.steps"), show=False, id="session.pick_step"),
        Binding("f5", "timer", t("key.timer"), id="session.timer"),
        Binding("f6", "extend", t("key.extend"), show=False, id="session.extend"),
        Binding("f7", "side", t("key.side"), show=False, id="session.side"),
        Binding("f8", "export", t("key.export"), id="session.export"),
        Binding("escape", "home", t("key.home"), show=False, id="session.home"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.ctx: SessionContext | None = None
        self.ready = False
        """True once the first step is on screen (resume events before that are ignored)."""
        self._panes: dict[Step, StepPane] = {}
        self._early_keys: list[events.Key] = []
        """Keys typed before the cursor was placed (see `on_key`)."""
        self._typing_placed = False
        """True once a line to type in has had the focus."""
        self._focused_once = False
        """True once anything here has had the focus (see `holding_keys`)."""
        self._step: Step | None = None
        """The step on screen (saved to the session right after its switch is painted)."""
        self._step_unsaved: dict[str, Step] = {}
        """Where the session is, not written yet: `current_step`, `reached_step`."""
        self._side_chosen = False
        """True once the user has shown or hidden the side panel with F7: from then on a
        resize leaves it as chosen; before, it follows the terminal's width."""

    @property
    def c(self) -> SessionContext:
        assert self.ctx is not None
        return self.ctx

    def compose(self) -> ComposeResult:
        self.ctx = SessionContext(self.app, self.session_id)  # type: ignore[arg-type]
        with Horizontal(id="topbar"):
            yield TitleLine(id="session-title")
            yield SaveStatus(id="save-status")
            yield StepTimer(id="timer")
        yield StepBar(steps_for(self.c.session.kind), id="step-bar")
        with Horizontal(id="body"):
            yield ContentSwitcher(id="panes")
            yield SidePanel(self.c, self.steps, id="side")
        yield KeyBar()

    @property
    def steps(self) -> tuple[Step, ...]:
        return steps_for(self.c.session.kind)

    def on_mount(self) -> None:
        self.refresh_title()
        side = self.query_one(SidePanel)
        side.display = self.app.config.side_panel and self.app.size.width >= SIDE_PANEL_MIN_WIDTH
        step = self.c.session.current_step
        self.screen_layout_refresh_signal.subscribe(self, self._painted)
        self.go_to(step if step in self.steps else self.steps[0], first=True)
        self.call_after_refresh(self._set_ready)

    def _painted(self, _screen: object) -> None:
        self._save_step()

    def _set_ready(self) -> None:
        self.ready = True

    @property
    def holding_keys(self) -> bool:
        """Keys wait in the App (`workshop.key_order`) until something here has had the
        focus (the first step places the cursor a few refreshes after the screen opens),
        and after a switch to a step not built yet, until its pane has placed the cursor:
        meanwhile the focus is still on the line of the step left, hidden, and a card
        typed right behind F3 went there. (Later, with no focus, keys go to the screen at
        once: its keys still work.)"""
        if not self.is_attached:
            return False
        if not self._focused_once:
            return True
        pane = self._panes.get(self.current)
        return pane is not None and not pane.ready

    def on_key(self, event: events.Key) -> None:
        """The screen is drawn a moment before the cursor is in the quick-add line; keys
        typed in that moment reach nothing that takes them (no focus yet, or a tab bar
        that had it first). Until a line to type in has had the focus they are kept and
        handed to it (`set_focus`), instead of being dropped."""
        nothing = self.focused is None
        if (nothing and event.key in EARLY_KEYS) or (
            event.is_printable and (nothing or not self._typing_placed)
        ):
            event.stop()
            event.prevent_default()
            self._early_keys.append(event)

    def set_focus(self, widget: Widget | None, *args: Any, **kwargs: Any) -> None:
        super().set_focus(widget, *args, **kwargs)
        self._focused_once = self._focused_once or self.focused is not None
        if not isinstance(self.focused, (Input, TextArea)):
            return
        self._typing_placed = True
        if self._early_keys:
            # handed over in the order typed, in the same step as the focus moves, so
            # before any key that reaches the widget from now on
            early, self._early_keys = self._early_keys, []
            for key in early:
                self.focused.post_message(events.Key(key.key, key.character))

    def refresh_title(self) -> None:
        s, i = self.c.session, self.c.initiative
        self.query_one("#session-title", TitleLine).show(s.title, i.name)

    # --- steps ---------------------------------------------------------------------------
    def pane(self, step: Step) -> StepPane | None:
        # A dict, not a query: a query walks every node of every pane built so far
        return self._panes.get(step)

    @property
    def current(self) -> Step:
        return self._step if self._step is not None else self.c.session.current_step

    def go_to(self, step: Step, first: bool = False) -> None:
        if step not in self.steps:
            return
        # Everything a switch changes (the pane, the bars, the clock, the side panel, the
        # focus and with it the key bar) lands in one layout and one paint
        with self.app.batch_update():
            self._switch(step, first)

    def _switch(self, step: Step, first: bool) -> None:
        if not first:  # letters kept for a first pane without a line to type in
            self._typing_placed, self._early_keys = True, []
        switcher = self.query_one(ContentSwitcher)
        old = self.pane(self.current) if not first else None
        if old is not None:
            old.leaving()
        self._save_timer()
        pane = self.pane(step)
        fresh = pane is None
        if pane is None:
            pane = PANES[step](self.c)
            self._panes[step] = pane
            mount_unpainted(switcher, pane, pane.when_ready, FIRST_FRAME_HELD_AT_MOST)
            if self.focused is not None:
                # the cursor leaves the step going out of view now, not when the new
                # pane places it: keys that get past the wait (`holding_keys`) are kept
                # for the new pane's line (`on_key`), never typed into a hidden one
                self.set_focus(None)
        switcher.current = pane.id
        self._step = step
        reached = self._keep_step(step)
        self.c.reload_if_changed()
        self.query_one(StepBar).show(step, reached)
        self.refresh_bindings()  # F3 on the last step
        timer = self.query_one(StepTimer)
        timer.load(
            step, self.c.session.timeboxes.get(step, 0), self.c.session.timer_elapsed.get(step, 0)
        )
        self.query_one(SidePanel).show_step(step)
        if not fresh and pane.ready:
            # a fresh pane has just read everything while composing; a shown one is
            # displayed again at once, so the cursor goes there in the same frame
            pane.revisit()
            pane.focus_first()

    def _keep_step(self, step: Step) -> Step:
        """Note where the session now is; it is written right after the switch is painted
        (an fsync'd write in the middle of the switch held its frame back), and before
        the screen goes away. Returns the furthest step reached."""
        session, unsaved = self.c.session, self._step_unsaved
        unsaved.pop("current_step", None)
        if step != session.current_step:
            unsaved["current_step"] = step
        reached = unsaved.get("reached_step", session.reached_step)
        if STEP_ORDER.index(step) > STEP_ORDER.index(reached):
            reached = unsaved["reached_step"] = step
        if unsaved:
            # the layout that shows the step says when it is painted; the timer is for a
            # switch that needed none
            self.set_timer(STEP_SAVE_AT_LATEST, self._save_step)
        return reached

    def _save_step(self) -> None:
        if self._step_unsaved and self.ctx is not None:
            changes, self._step_unsaved = self._step_unsaved, {}
            self.c.update_housekeeping(**changes)

    def side_changed(self) -> None:
        self.query_one(SidePanel).refresh_content()

    def action_previous_step(self) -> None:
        i = self.steps.index(self.current)
        if i > 0:
            self.go_to(self.steps[i - 1])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F3 is not offered on the last step (nor F2 on the first): nothing to go to."""
        if action in ("next_step", "previous_step") and self.is_mounted:
            end = self.steps[-1 if action == "next_step" else 0]
            return self.current != end
        return True

    def action_next_step(self) -> None:
        i = self.steps.index(self.current)
        if i < len(self.steps) - 1:
            self.go_to(self.steps[i + 1])

    def action_pick_step(self) -> None:
        items = [
            (f"{n}. {label('step', s)} — {label('step_title', s)}", s)
            for n, s in enumerate(self.steps)
        ]

        def chosen(step: Any) -> None:
            if step is not None:
                self.go_to(Step(step))

        self.app.push_screen(PickDialog(t("session.pick_step"), items, self.current), chosen)

    def action_tab(self, delta: int) -> None:
        pane = self.pane(self.current)
        if pane is not None:
            pane.action_tab(delta)

    @on(StepBar.Jump)
    def _jump(self, event: StepBar.Jump) -> None:
        self.go_to(event.step)

    # --- other ---------------------------------------------------------------------------
    def action_side(self) -> None:
        side = self.query_one(SidePanel)
        side.display = not side.display
        self._side_chosen = True
        # Kept for the next start (a narrow screen still starts without it)
        self.app.config.side_panel = bool(side.display)
        if self.app.persist_config:
            save_config(self.app.config)

    def on_resize(self, event: events.Resize) -> None:
        if not self._side_chosen:
            side = self.query_one(SidePanel)
            side.display = self.app.config.side_panel and event.size.width >= SIDE_PANEL_MIN_WIDTH

    def action_export(self) -> None:
        from workshop.screens.export_dialog import ExportDialog

        # Opening the dialog suspends this screen, which saves what the pane has pending
        self.app.push_screen(ExportDialog(self.c.session_id))

    def on_unmount(self) -> None:
        self.c.forget()
        self.app.screen_closed(self)  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.leave()
        self.app.pop_screen()

    def leave(self) -> None:
        """Save what is pending before the screen goes away."""
        self._flush_pane()
        self._save_step()
        self._save_timer()

    def _flush_pane(self) -> None:
        pane = self.pane(self.current)
        if pane is not None:
            pane.leaving()

    def on_screen_suspend(self) -> None:
        if self.ready:  # a dialog opened: typed fields are saved before it is used
            self._flush_pane()

    def on_screen_resume(self) -> None:
        if not self.ready:
            return
        self.c.reload_if_changed()
        pane = self.pane(self.current)
        if pane is not None and pane.ready:
            pane.revisit()

    def saved(self) -> None:
        self.query_one(SaveStatus).saved()

    def save_failed(self) -> None:
        self.query_one(SaveStatus).failed()

    def save_waiting(self) -> None:
        self.query_one(SaveStatus).waiting()


__all__ = ["SessionScreen"]

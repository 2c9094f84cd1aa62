"""What every step pane shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.containers import ScrollableContainer, Vertical
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane

from workshop.domain.enums import Step
from workshop.widgets.card_board import CardBoard
from workshop.widgets.inline_form import InlineForm
from workshop.widgets.record_table import RecordTable
from workshop.widgets.step_tabs import StepTabs

if TYPE_CHECKING:
    from workshop.context import SessionContext

W = TypeVar("W", bound=Widget)


class StepPane(Vertical):
    """A step of the session. Built on first visit; refreshed each time it is shown."""

    step: ClassVar[Step]

    def __init__(self, ctx: SessionContext, **kw) -> None:
        super().__init__(id=f"pane-{self.step.value}", **kw)
        self.ctx = ctx
        self.ready = False
        """True once everything inside is composed (before that, `shown` has nothing to
        refresh: a fresh pane reads its data while composing)."""
        self._parts: dict[type, list[Any]] = {}
        self._pending_tab = 0
        self._seen = ctx.generation()
        """The data generation the pane last read (it reads everything while composing)."""
        self._when_ready: list[Callable[[], None]] = []

    def on_mount(self) -> None:
        # The tab on screen has its contents by now (its tab is built as the tabs mount),
        # so the cursor is placed before the pane's first frame, which then paints it;
        # placed a refresh or two later, it cost a frame of its own. A tab whose contents
        # come later places it when they do (`on_step_tabs_built`).
        self._ready()

    def _ready(self) -> None:
        self.ready = True
        if self._pending_tab:
            # F10 pressed right after F3, before the new pane had its tabs: not lost
            delta, self._pending_tab = self._pending_tab, 0
            self.action_tab(delta)
        self.focus_first()
        self._run_when_ready()

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Run `callback` once everything inside is mounted and the cursor placed (at
        once if it already is), or when the pane goes before that."""
        if self.ready:
            callback()
        else:
            self._when_ready.append(callback)

    def _run_when_ready(self) -> None:
        callbacks, self._when_ready = self._when_ready, []
        for callback in callbacks:
            callback()

    def on_unmount(self) -> None:
        self._run_when_ready()  # removed before it was ready (the screen closed at once)

    def parts(self, kind: type[W]) -> list[W]:
        """The pane's built widgets of a kind (those in a tab not yet opened are not
        there yet: they read their data when they mount). The walk over the pane's
        nodes is done once, not on every step switch, and again when a tab is built."""
        if not self.ready:
            found = list(self.query(kind))
        else:
            if kind not in self._parts:
                self._parts[kind] = list(self.query(kind))
            found = self._parts[kind]
        return [w for w in found if w.is_mounted]

    def on_step_tabs_built(self, event: StepTabs.Built) -> None:
        self._parts.clear()
        tabs = self.parts(TabbedContent)
        if self.ready and tabs and tabs[0].active_pane is event.tab:
            self.focus_first()  # the tab on screen has its line to type in now

    def revisit(self) -> None:
        """The step is on screen again: read again only if the database changed since the
        pane last read it (a revisit of an unchanged session costs nothing that grows
        with its cards)."""
        generation = self.ctx.generation()
        if generation != self._seen:
            self._seen = generation
            self.shown()

    def shown(self) -> None:
        """Re-read everything that may have changed (see `revisit`)."""
        for board in self.parts(CardBoard):
            board.reload()
        for table in self.parts(RecordTable):
            table.reload()

    def leaving(self) -> None:
        """Called before another step is shown: save what is waiting in forms, and keep
        what is typed in the card lines and not entered yet."""
        for form in self.parts(InlineForm):
            form.flush()
        for board in self.parts(CardBoard):
            board.keep_draft()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Typing goes to the tab on screen (focus left in a hidden tab would pull it back)
        if self.ready:
            self.call_after_refresh(self.focus_first)

    def action_tab(self, delta: int) -> None:
        """Next or previous tab of the step (the tabs are the step's parts); the session
        screen owns the key, so it works wherever the focus happens to be."""
        if not self.ready:
            self._pending_tab += delta
            return
        tabs = self.parts(TabbedContent)
        if not tabs:
            return
        content = tabs[0]
        panes = [p.id for p in content.query(TabPane) if p.id]
        if content.active in panes:
            content.active = panes[(panes.index(content.active) + delta) % len(panes)]

    def focus_first(self) -> None:
        """Put the cursor where typing starts (the capture line of the active tab). The
        focus moves at once, not a callback later: on a step switch the focused line,
        its style and the key bar then land in the switch's own frame instead of one
        painted after it."""
        target = self.focus_target()
        if target is not None and self.is_attached:
            self.screen.set_focus(target)

    def focus_target(self) -> Widget | None:
        """Where typing starts in the tab on screen: a board's capture line, a form's
        first field, else the first line to type in or control."""
        tabs = self.parts(TabbedContent)
        scope: Widget = self
        if tabs:
            active = tabs[0].active_pane
            if active is not None:
                scope = active
        boards = [b for b in self.parts(CardBoard) if scope in b.ancestors_with_self]
        if boards:
            return boards[0].query_one("#capture-text", Input)
        forms = [f for f in self.parts(InlineForm) if scope in f.ancestors_with_self]
        if forms and forms[0].fields:
            form = forms[0]
            return form.control(form.fields[0].name)
        focusable = [w for w in scope.query("*") if w.focusable]
        # Where typing starts (a line to type in), else a control (table, list) rather
        # than a scrolling container around it
        inputs = [w for w in focusable if isinstance(w, Input)]
        controls = [w for w in focusable if not isinstance(w, ScrollableContainer)]
        return (inputs or controls or focusable or [None])[0]

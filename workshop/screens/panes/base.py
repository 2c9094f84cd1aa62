"""What every step pane shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.containers import Vertical
from textual.widgets import TabbedContent

from workshop.domain.enums import Step
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import InlineForm
from workshop.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from workshop.screens.context import SessionContext


class StepPane(Vertical):
    """A step of the session. Built on first visit; refreshed each time it is shown."""

    step: ClassVar[Step]

    DEFAULT_CSS = """
    StepPane { height: 1fr; }
    StepPane TabbedContent { height: 1fr; }
    StepPane TabPane { padding: 0; height: 1fr; }
    """

    def __init__(self, ctx: SessionContext, **kw) -> None:
        super().__init__(id=f"pane-{self.step.value}", **kw)
        self.ctx = ctx
        self.ready = False
        """True once everything inside is composed (before that, `shown` has nothing to
        refresh: a fresh pane reads its data while composing)."""

    def on_mount(self) -> None:
        # The tabs and boards inside are composed over the next refreshes
        self.call_after_refresh(lambda: self.call_after_refresh(self._ready))

    def _ready(self) -> None:
        self.ready = True
        self.focus_first()

    def shown(self) -> None:
        """Called each time the step comes on screen: re-read what may have changed."""
        for board in self.query(CardBoard):
            board.reload()
        for table in self.query(RecordTable):
            table.reload()

    def leaving(self) -> None:
        """Called before another step is shown: save what is waiting in forms."""
        for form in self.query(InlineForm):
            form.flush()

    def focus_first(self) -> None:
        """Put the cursor where typing starts (the capture line of the active tab)."""
        tabs = self.query(TabbedContent)
        scope = self
        if tabs:
            active = tabs.first().active_pane
            if active is not None:
                scope = active
        boards = scope.query(CardBoard)
        if boards:
            boards.first().focus_capture()
            return
        focusable = [w for w in scope.query("*") if w.focusable]
        if focusable:
            focusable[0].focus()

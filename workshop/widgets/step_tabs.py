"""The tabs of a step pane."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane


class StepTabs(TabbedContent):
    """TabbedContent that ignores a focus report from a tab that no longer has the focus.

    When a tab is switched, Textual blurs the hidden widget and hands the focus to a
    sibling in the same (now hidden) tab; that focus report arrives after the pane has
    already focused the new tab, and TabbedContent would switch back to the old tab.
    On a busy laptop this swallowed F10 presses."""

    class Built(Message):
        """A lazily built tab (`StepTab`) has mounted its contents."""

        def __init__(self, tab: TabPane) -> None:
            super().__init__()
            self.tab = tab

    def watch_active(self, active: str) -> None:
        # Before the content switcher shows it, the tab has its contents
        try:
            tab = self.get_pane(active) if active else None
        except NoMatches:
            return  # not mounted yet
        if isinstance(tab, StepTab):
            tab.build()

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors_with_self:
            event.stop()
            event.prevent_default()  # stale: TabbedContent's own handler must not run


class StepTab(TabPane):
    """A tab whose contents are mounted when it is first shown, not with the step: a pane
    with many tabs costs, on its first visit, only the tab on screen. Widgets in it read
    their data as they mount, so they are current when the tab opens."""

    def __init__(self, title: str, **kw: Any) -> None:
        super().__init__(title, **kw)
        self._deferred: list[Widget] | None = []

    @property
    def built(self) -> bool:
        return self._deferred is None

    def compose_add_child(self, widget: Widget) -> None:
        if self._deferred is None:
            super().compose_add_child(widget)
        else:
            self._deferred.append(widget)

    def build(self) -> None:
        """Mount the contents (once); the tabs say so with `StepTabs.Built`."""
        if self._deferred is None:
            return
        widgets, self._deferred = self._deferred, None
        mounting = self.mount_all(widgets)

        async def mounted() -> None:
            await mounting
            self.post_message(StepTabs.Built(self))

        self.call_later(mounted)

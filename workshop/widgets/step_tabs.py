"""The tabs of a step pane."""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane


class StepTabs(TabbedContent):
    """TabbedContent that ignores a focus report from a tab that no longer has the focus.

    When a tab is switched, Textual blurs the hidden widget and hands the focus to a
    sibling in the same (now hidden) tab; that focus report arrives after the pane has
    already focused the new tab, and TabbedContent would switch back to the old tab.
    On a busy laptop this swallowed F10 presses."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors_with_self:
            event.stop()
            event.prevent_default()  # stale: TabbedContent's own handler must not run

"""The line of keys at the bottom: what can be pressed now, in the UI's language.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs a visible
fraction of every step switch on a modest laptop; this bar redraws one line of text
(and still runs a key when it is clicked)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from workshop.i18n import t


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, **kw) -> None:
        super().__init__("", **kw)
        self._spans: list[tuple[int, int, str]] = []
        self._pending = False
        self._shown: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._draw()

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        self._pending = False
        if not self.is_attached or not self.is_mounted:
            return  # the screen closed before the redraw came round
        text = Text()
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        bindings = list(self.screen.active_bindings.values())
        for _node, binding, enabled, _tooltip in bindings:
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            start = cell_len(text.plain)
            text.append(self.app.get_key_display(binding), style="bold" if enabled else "dim")
            text.append(f" {binding.description}  ", style="" if enabled else "dim")
            spans.append((start, cell_len(text.plain), binding.key.split(",")[0]))
        palette = self.app.COMMAND_PALETTE_BINDING
        start = cell_len(text.plain)
        text.append(self.app.get_key_display(Binding(palette, "command_palette")), style="bold")
        text.append(f" {t('key.palette')}")
        spans.append((start, cell_len(text.plain), palette))
        self._spans = spans
        if text != self._shown:
            self._shown = text
            self.update(text)

    def on_click(self, event: events.Click) -> None:
        x = event.x - 1  # the left padding
        for start, end, key in self._spans:
            if start <= x < end:
                self.app.simulate_key(key)
                return

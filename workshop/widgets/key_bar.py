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

PINNED = frozenset({"help", "quit", "command_palette"})
"""Keys the bar always shows, however narrow the terminal."""


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
            # Before the next frame, not after it: a step switch moves the focus, and
            # the new keys belong in the same paint as the new pane
            self.call_later(self._draw)

    def on_resize(self) -> None:
        self._draw()

    def _entries(self) -> list[tuple[str, str, bool, str, str]]:
        """(key shown, description, enabled, key, action) of every key to show."""
        out = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding)
            out.append(
                (shown, binding.description, enabled, binding.key.split(",")[0], binding.action)
            )
        palette = self.app.COMMAND_PALETTE_BINDING
        shown = self.app.get_key_display(Binding(palette, "command_palette"))
        out.append((shown, t("key.palette"), True, palette, "command_palette"))
        return out

    def _draw(self) -> None:
        self._pending = False
        if not self.is_attached or not self.is_mounted:
            return  # the screen closed before the redraw came round
        entries = self._entries()
        # A narrow terminal drops the pane's keys from the end, never help, quit or the
        # command palette (which lists everything dropped); no key loses its label
        room = self.size.width - 2 if self.size.width else 10_000
        gap = 2

        def width() -> int:
            return sum(cell_len(f"{k} {d}") for k, d, *_ in entries) + gap * (len(entries) - 1)

        while width() > room:
            if gap == 2:
                gap = 1  # closer together before anything is left out
                continue
            droppable = [i for i, e in enumerate(entries) if e[4] not in PINNED]
            if not droppable:
                break
            del entries[droppable[-1]]
        text = Text()
        spans: list[tuple[int, int, str]] = []
        for n, (shown, description, enabled, key, _action) in enumerate(entries):
            start = cell_len(text.plain)
            text.append(shown, style="bold" if enabled else "dim")
            text.append(f" {description}", style="" if enabled else "dim")
            spans.append((start, cell_len(text.plain), key))
            if n < len(entries) - 1:
                text.append(" " * gap)
        self._spans = spans
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)  # one line, as wide as the screen

    def on_click(self, event: events.Click) -> None:
        x = event.x - 1  # the left padding
        for start, end, key in self._spans:
            if start <= x < end:
                self.app.simulate_key(key)
                return

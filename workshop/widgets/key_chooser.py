"""Choose one of a few options with one key: its number (half- or full-width, so it
works with the Japanese IME on), or Enter for the option already shown. Made for
capture while people talk, where a drop-down costs four or five keys."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from workshop.i18n import t


class KeyChooser(Widget, can_focus=True):
    DEFAULT_CSS = """
    KeyChooser { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    KeyChooser:focus { background: $primary 30%; text-style: bold; }
    """

    BINDINGS = [
        Binding("enter", "accept", t("chooser.accept"), show=False, id="key_chooser.accept"),
        Binding(
            "backspace,delete", "clear", t("chooser.clear"), show=False, id="key_chooser.clear"
        ),
    ]

    class _Message(Message):
        def __init__(self, chooser: KeyChooser, value: Any) -> None:
            super().__init__()
            self.chooser = chooser
            self.value = value

        @property
        def control(self) -> KeyChooser:
            return self.chooser

    class Chosen(_Message):
        """A value was chosen with a key (or Enter on the one shown)."""

    class Changed(_Message):
        """The value is another one now, however it was set (a key, Backspace, the
        program): for what keeps the choice, such as a line's draft."""

    def __init__(
        self, title: str, options: Sequence[tuple[str, Any]], none_label: str, **kw: Any
    ) -> None:
        super().__init__(**kw)
        self.title = title
        self.options = list(options)
        self.none_label = none_label
        self.value: Any = None

    def set(self, value: Any) -> None:
        if value != self.value:
            self.post_message(self.Changed(self, value))
        self.value = value
        self.refresh()

    def label_of(self, value: Any) -> str:
        return next((lbl for lbl, v in self.options if v == value), self.none_label)

    def render(self) -> Text:
        out = Text(f"{self.title}: ", style="bold")
        out.append(f"[{self.label_of(self.value)}]", style="reverse")
        if self.has_focus:
            out.append("  ")
            keys = "  ".join(f"{n}{lbl}" for n, (lbl, _) in enumerate(self.options, 1))
            out.append(keys + f"  0{self.none_label}  Enter", style="dim")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_key(self, event) -> None:
        char = unicodedata.normalize("NFKC", event.character or "")
        if len(char) == 1 and char.isdigit():
            event.stop()
            n = int(char)
            if n == 0:
                self.set(None)
            elif n <= len(self.options):
                self.set(self.options[n - 1][1])
            else:
                self.app.bell()
                return
            self.post_message(self.Chosen(self, self.value))

    def action_accept(self) -> None:
        self.post_message(self.Chosen(self, self.value))

    def action_clear(self) -> None:
        self.set(None)

"""Small modal dialogs: pick one of many (with a filter), confirm, a message, and the
choice between two versions of a record changed in two places at once; and `Dialog`,
the base of every dialog of the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from workshop.domain.search_text import fold, matches, query_words
from workshop.i18n import t
from workshop.widgets.early_keys import KeepsEarlyKeys
from workshop.widgets.prose import Prose
from workshop.widgets.safe_input import SafeInput


class Dialog(KeepsEarlyKeys, ModalScreen[ScreenResultType]):
    """A modal dialog that loses nothing typed the instant it opens: the keys typed
    right behind the key that opened it wait (in the App) until the field its
    `on_mount` focuses has the focus, then go there in order (see `KeepsEarlyKeys`).
    Without a focus chosen in `on_mount`, the first focusable widget gets it.

    Actions bound to priority keys (ctrl+s) that read what was typed are wrapped with
    `after_typed_keys`."""

    AUTO_FOCUS = ""
    """No focus while composing: the first focus is the one `on_mount` chooses, so the
    waiting keys do not go to a widget that only had it for a moment."""

    def _on_mount(self, event: events.Mount) -> None:
        # After the subclass's on_mount (handlers run from the subclass up), whose
        # focus() is itself queued in the App: this runs after it
        self.app.call_later(self.settle_focus)


class PickDialog(Dialog[Any]):
    """Choose one item from a list; typing filters it (`domain.search_text`: every word
    typed, hiragana and katakana alike, full or half width). When nothing matches, it
    says so. Dismisses with the chosen value, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", t("key.cancel"), id="pick.cancel")]

    DEFAULT_CSS = """
    PickDialog { align: center middle; }
    PickDialog > Vertical {
        width: 70%; max-width: 90; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PickDialog #pick-title { text-style: bold; padding: 0 0 1 0; }
    PickDialog OptionList { height: auto; max-height: 20; }
    PickDialog #pick-hint { color: $text-muted; }
    PickDialog #pick-none { color: $warning; padding: 0 1; display: none; }
    """

    def __init__(self, title: str, items: Sequence[tuple[str, Any]], current: Any = None) -> None:
        super().__init__()
        self.pick_title = title
        self.items = list(items)
        self.current = current
        self.shown_items: list[tuple[str, Any]] = list(items)
        self._folded = [fold(lbl) for lbl, _ in self.items]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Prose(Text(self.pick_title), id="pick-title")  # a long title wraps
            yield SafeInput(placeholder=t("pick.filter"), id="pick-filter")
            yield OptionList(id="pick-options")
            yield Prose(Text(""), id="pick-none")
            yield Prose(Text(t("pick.hint")), id="pick-hint")

    def on_mount(self) -> None:
        self._fill("")
        options = self.query_one(OptionList)
        for n, (_, value) in enumerate(self.shown_items):
            if value == self.current:
                options.highlighted = n
        self.query_one("#pick-filter", Input).focus()

    def _fill(self, query: str) -> None:
        words = query_words(query)
        self.shown_items = [
            item
            for item, folded in zip(self.items, self._folded, strict=True)
            if matches(words, folded)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(lbl)) for lbl, _ in self.shown_items])
        options.display = bool(self.shown_items)
        none = self.query_one("#pick-none", Prose)
        none.display = not self.shown_items
        if self.shown_items:
            options.highlighted = 0
        else:
            typed = " ".join(query.split())
            none.update(Text(t("pick.none", typed=typed) if typed else t("pick.empty")))

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _take_first(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if self.shown_items:
            self.dismiss(self.shown_items[index][1])

    def on_key(self, event) -> None:
        # Arrow keys move in the list while the filter keeps focus.
        if self.query_one("#pick-filter", Input).has_focus and event.key in ("down", "up"):
            options = self.query_one(OptionList)
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown_items[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    BINDINGS = [Binding("escape", "no", t("key.cancel"), id="confirm.no")]

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60%; max-width: 80; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ConfirmDialog Horizontal { height: auto; align: right middle; padding: 1 0 0 0; }
    ConfirmDialog Button { margin: 0 0 0 2; }
    """

    def __init__(self, message: str, yes: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.yes = yes or t("confirm.yes")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Prose(Text(self.message))
            with Horizontal():
                yield Button(t("confirm.no"), id="no")
                yield Button(self.yes, id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class MessageDialog(Dialog[None]):
    """A message that must be read (an error that stops the app from opening a file)."""

    BINDINGS = [Binding("escape,enter", "close", t("key.close"), id="message.close")]

    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > Vertical {
        width: 70%; max-width: 90; height: auto; border: thick $error;
        background: $surface; padding: 1 2;
    }
    MessageDialog Horizontal { height: auto; align: right middle; padding: 1 0 0 0; }
    """

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield Prose(Text(self.message))
            with Horizontal():
                yield Button(t("key.close"), id="close", variant="primary")

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)


class ConflictDialog(Dialog[str | None]):
    """Both versions of each field that was changed here and elsewhere at once, side by
    side. Dismisses with "mine", "theirs", or None to go back to editing."""

    BINDINGS = [Binding("escape", "back", t("conflict.back"), id="conflict.back")]

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConflictDialog #conflict-title { text-style: bold; }
    ConflictDialog #conflict-fields { height: auto; max-height: 60vh; }
    ConflictDialog .conflict-field { text-style: bold; padding: 1 0 0 0; }
    ConflictDialog .conflict-side { height: auto; }
    ConflictDialog .conflict-side > Static { width: 1fr; height: auto; padding: 0 1; }
    ConflictDialog .mine { border-left: thick $primary; }
    ConflictDialog .theirs { border-left: thick $warning; }
    ConflictDialog #conflict-buttons { height: auto; align: right middle; padding: 1 0 0 0; }
    ConflictDialog Button { margin: 0 0 0 2; }
    """

    def __init__(self, fields: Sequence[tuple[str, str, str]]) -> None:
        """`fields`: (label, my value, their value) as text, one per differing field."""
        super().__init__()
        self.fields = list(fields)

    def compose(self) -> ComposeResult:
        empty = t("conflict.empty")
        with Vertical():
            yield Label(Text(t("conflict.title")), id="conflict-title")
            yield Prose(Text(t("conflict.intro")))
            with VerticalScroll(id="conflict-fields"):
                for n, (label, mine, theirs) in enumerate(self.fields):
                    yield Prose(Text(label), classes="conflict-field")
                    with Horizontal(classes="conflict-side"):
                        yield Prose(
                            Text(f"{t('conflict.mine')}\n{mine or empty}"),
                            classes="mine",
                            id=f"conflict-mine-{n}",
                        )
                        yield Prose(
                            Text(f"{t('conflict.theirs')}\n{theirs or empty}"),
                            classes="theirs",
                            id=f"conflict-theirs-{n}",
                        )
            with Horizontal(id="conflict-buttons"):
                yield Button(t("conflict.back"), id="back")
                yield Button(t("conflict.keep_theirs"), id="theirs", variant="warning")
                yield Button(t("conflict.keep_mine"), id="mine", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed, "#mine")
    def action_mine(self) -> None:
        self.dismiss("mine")

    @on(Button.Pressed, "#theirs")
    def action_theirs(self) -> None:
        self.dismiss("theirs")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)

"""Input and TextArea that keep what is typed and pasted exactly.

Key order. Textual runs an Input's or TextArea's own key bindings (Enter, backspace,
End, arrows…) only after the key has bubbled up to the App, while the keys behind it in
the same terminal read are already being inserted: typed in one burst, "AAA⏎BBB⏎"
submitted "AAABBB" twice, a fast backspace deleted the letter typed after it, and text
typed right after End landed at the start. Both widgets here run their own bindings
when the key reaches them, in the order typed.

Submit. With ``clear_on_submit`` the line is emptied in the same step that takes its
value for the Submitted message, so the next card typed in the burst starts on an
empty line; the receiver puts the text back with ``give_back`` when it cannot keep it.

Filled. A line made with a value (a form's field showing what is stored) takes it
without the work Textual does for a value typed: no change announced (nobody typed it),
no completion looked up on a worker, no cursor placed on the screen it is not on yet.
That work was about 0.7 ms a field and a message each, a seventh of opening a session on
準備, whose form fills fifteen lines (`_take_value`).

Paste. A paste can carry escape sequences (clear the screen, set the window title) or
NUL; it is cleaned on the way in. Textual's Input keeps only the first line of a
multi-line paste; SafeInput keeps every line: joined with spaces by default, or, with
``split_paste``, announced as a ``PastedLines`` message (the whole line with the paste
in place, cut into lines) for the owner to decide.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input, TextArea
from textual.widgets.input import Selection

from workshop.domain.base import clean_text
from workshop.i18n import t

SELECT_ALL = Binding("ctrl+a", "select_all", t("key.select_all"), show=False, id="input.select_all")
"""ctrl+a selects the whole field, as in office software (Home still goes to the start);
typing then replaces it, and Backspace clears it."""


class KeyOrder:
    """Run the widget's own key bindings when the key reaches it, in the order typed
    (see the module's note)."""

    async def _run_own_binding(self, event: events.Key) -> bool:
        widget: Any = self
        for key in event.aliases:
            for binding in widget._bindings.key_to_bindings.get(key, ()):
                if binding.priority:
                    continue
                if await widget.app.run_action(binding.action, widget):
                    event.stop()
                    event.prevent_default()
                    return True
        return False


def typed_format_character(event: events.Key) -> str | None:
    """A format character typed as a key of its own (an input method sends an emoji
    sequence one character a key): the zero width joiner of 👨‍👩‍👧, a non-joiner, the
    tag characters of a flag. Not 'printable' to Textual, whose fields dropped them;
    the text keeps them, as a paste of the same sequence does."""
    c = event.character
    if c is None or len(c) != 1 or unicodedata.category(c) != "Cf":
        return None
    return c


def _runs_together(before: str, after: str) -> bool:
    """Whether two texts put side by side would run into one word: both non-empty and no
    space where they meet."""
    return bool(before and after) and not (before[-1].isspace() or after[0].isspace())


def fill(line: Input, text: str) -> None:
    """Put `text` in a line as the app fills it in (a speaker's section, a value read
    from a one-line entry), with the cursor at its end: Textual leaves the cursor where
    it was, and a letter typed on went into the middle of the new text (社会福祉協X議会)."""
    line.value = text
    line.cursor_position = len(text)


class SafeInput(KeyOrder, Input):
    BINDINGS = [SELECT_ALL]

    class PastedLines(Message):
        """A paste of several lines into a ``split_paste`` input. `lines` is the input's
        text with the paste inserted at the cursor, cut at the line breaks; the input
        itself is left unchanged."""

        def __init__(self, input: SafeInput, lines: list[str]) -> None:
            super().__init__()
            self.input = input
            self.lines = lines

        @property
        def control(self) -> SafeInput:
            return self.input

    def __init__(
        self,
        value: str | None = None,
        *args: Any,
        clear_on_submit: bool = False,
        split_paste: bool = False,
        **kw: Any,
    ) -> None:
        # Focus never selects the stored text: a letter typed the moment the cursor arrives
        # (a session opening at 準備 puts it in 件名) would silently replace the whole value.
        kw.setdefault("select_on_focus", False)
        super().__init__(None, *args, **kw)
        if value and getattr(self, "_initial_value", None) is True:  # Textual's first-value flag
            self._take_value(value)
        elif value is not None:
            self.value = value  # as Textual's own __init__ does
        self.clear_on_submit = clear_on_submit
        self.split_paste = split_paste
        self._gap_at: tuple[int, str] | None = None
        """Where a text given back ends, and the line then: the next text typed there
        is set apart from it."""

    def _take_value(self, value: str) -> None:
        """The value the line is made with, as Textual's first value leaves the line (the
        cursor at its end, the view as wide as the text) but without its watchers: they
        announce a change, look up a completion on a worker and place the terminal's
        cursor, none of which a value nobody typed into a line not on the screen needs."""
        self.set_reactive(Input.value, value)
        self.set_reactive(Input.selection, Selection.cursor(len(value)))
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self._initial_value = False

    async def _on_key(self, event: events.Key) -> None:
        if (joiner := typed_format_character(event)) is not None:
            event.stop()
            event.prevent_default()
            if self.selection.is_empty:
                self.insert_text_at_cursor(joiner)
            else:
                self.replace(joiner, *self.selection)  # as a letter is
            return
        if not event.is_printable and await self._run_own_binding(event):
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        value = self.value
        validation = self.validate(value) if "submitted" in self.validate_on else None
        if self.clear_on_submit:
            self.value = ""
        self.post_message(self.Submitted(self, value, validation))

    def give_back(self, text: str) -> None:
        """Put back a submitted text that could not be kept, before anything typed since.

        The Enter that submitted it ended it: what was typed after it (in the line now, or
        still to come, held back while a question was asked) is set apart by a space, not
        run into it. The cursor stays where it was in what was typed since."""
        typed = self.value
        at = self.cursor_position
        gap = " " if _runs_together(text, typed) else ""
        self.value = text + gap + typed
        self.cursor_position = len(text) + len(gap) + at
        self._gap_at = (len(text), self.value) if text and not typed else None

    def insert_text_at_cursor(self, text: str) -> None:
        """The first text typed right behind a text given back is set apart by a space
        (`give_back`), unless the line changed in between."""
        pending, self._gap_at = self._gap_at, None
        if (
            pending == (self.cursor_position, self.value)
            and self.selection.is_empty
            and _runs_together(self.value, text)
        ):
            text = " " + text
        super().insert_text_at_cursor(text)

    def _on_paste(self, event: events.Paste) -> None:
        text = clean_text(event.text)
        if "\n" in text.strip("\n"):
            if self.split_paste:
                event.stop()
                event.prevent_default()
                at = self.cursor_position
                if not self.selection.is_empty:
                    start, end = sorted(self.selection)
                    whole = self.value[:start] + text + self.value[end:]
                else:
                    whole = self.value[:at] + text + self.value[at:]
                self.post_message(self.PastedLines(self, whole.split("\n")))
                return
            text = " ".join(part.strip() for part in text.split("\n") if part.strip())
        # Textual calls the base class's handler after this one, with the cleaned text.
        event.text = text.strip("\n")


class SafeTextArea(KeyOrder, TextArea):
    BINDINGS = [SELECT_ALL]

    async def _on_key(self, event: events.Key) -> None:
        if (joiner := typed_format_character(event)) is not None:
            event.stop()
            event.prevent_default()
            if not self.read_only:
                self._replace_via_keyboard(joiner, *self.selection)
            return
        if not event.is_printable and await self._run_own_binding(event):
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)

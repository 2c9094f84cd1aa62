"""Input and TextArea that never let pasted control characters reach the screen.

A paste can carry escape sequences (clear the screen, set the window title) or NUL;
the stored text is cleaned by the domain anyway, but while it is being edited it is
drawn by the terminal, so pasted text is cleaned on the way in. Textual calls the base
class's paste handler after this one, with the cleaned text."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input, TextArea

from workshop.domain.base import clean_text
from workshop.i18n import t

SELECT_ALL = Binding("ctrl+a", "select_all", t("key.select_all"), show=False)
"""ctrl+a selects the whole field, as in office software (Home still goes to the start);
typing then replaces it, and Backspace clears it."""


class SafeInput(Input):
    BINDINGS = [SELECT_ALL]

    def _on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)


class SafeTextArea(TextArea):
    BINDINGS = [SELECT_ALL]

    async def _on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)

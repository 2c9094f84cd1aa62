"""Input and TextArea that never let pasted control characters reach the screen.

A paste can carry escape sequences (clear the screen, set the window title) or NUL;
the stored text is cleaned by the domain anyway, but while it is being edited it is
drawn by the terminal, so pasted text is cleaned on the way in. Textual calls the base
class's paste handler after this one, with the cleaned text."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from workshop.domain.base import clean_text


class SafeInput(Input):
    def _on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)


class SafeTextArea(TextArea):
    async def _on_paste(self, event: events.Paste) -> None:
        event.text = clean_text(event.text)

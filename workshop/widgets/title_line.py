"""The session's title bar: the session title and the initiative's name on one line,
the title cut first so the initiative's name stays readable."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workshop.domain.text_shorten import title_line


class TitleLine(Static):
    def __init__(self, **kw) -> None:
        super().__init__("", markup=False, **kw)
        self.title_text = ""
        self.name_text = ""

    def show(self, title: str, name: str) -> None:
        self.title_text, self.name_text = title, name
        self.refresh(layout=True)

    def render(self) -> Text:
        width = self.content_size.width or 200
        flat = [s.replace("\n", " ") for s in (self.title_text, self.name_text)]
        return Text(title_line(flat[0], flat[1], width))

    def on_resize(self) -> None:
        self.refresh()

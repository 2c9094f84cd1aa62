"""F1: the keys, in the UI's language."""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workshop.i18n import catalog, language, t

KEY_CELLS = 30
"""Width of the key column (the longest entries, e.g. 「入力欄で Enter」, fit)."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1", "close", t("key.close"))]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen #help-title { text-style: bold; height: auto; padding: 0 0 1 0; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("help.title")), id="help-title")
            with VerticalScroll():
                yield Static(self.body())

    @staticmethod
    def body() -> Text:
        """Sections and lines of help.* keys, in catalog order."""
        out = Text()
        entries = [(k, v) for k, v in catalog(language()).items() if k.startswith("help.")]
        for key, value in entries:
            if key == "help.title":
                continue
            if key.endswith("_heading"):
                out.append(f"\n{value}\n", style="bold")
            else:
                keys, _, what = value.partition("|")
                # Pad by terminal cells: kana and kanji take two
                out.append("  " + set_cell_size(keys.strip(), KEY_CELLS) + " ", style="bold")
                out.append(f"{what.strip()}\n")
        return out

    def action_close(self) -> None:
        self.dismiss(None)

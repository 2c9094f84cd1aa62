"""F1: the keys, in the UI's language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from workshop.i18n import catalog, language, t
from workshop.widgets.dialogs import Dialog
from workshop.widgets.prose import Prose


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1", "close", t("key.close"), id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen #help-title { text-style: bold; height: auto; padding: 0 0 1 0; }
    HelpScreen .help-heading { text-style: bold; height: auto; padding: 1 0 0 0; }
    HelpScreen .help-row { height: auto; }
    HelpScreen .help-keys { width: 34; height: auto; padding: 0 1 0 2; text-style: bold; }
    HelpScreen .help-what { width: 1fr; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("help.title")), id="help-title")
            with VerticalScroll():
                for heading, keys, what in self.entries():
                    if heading:
                        yield Prose(Text(heading), classes="help-heading")
                        continue
                    # Keys in their own column: a long description wraps under itself
                    with Horizontal(classes="help-row"):
                        yield Prose(Text(keys), classes="help-keys")
                        yield Prose(Text(what), classes="help-what")

    @staticmethod
    def entries() -> list[tuple[str, str, str]]:
        """(heading, keys, what) of the help.* keys, in catalog order."""
        out = []
        for key, value in catalog(language()).items():
            if not key.startswith("help.") or key == "help.title":
                continue
            if key.endswith("_heading"):
                out.append((value, "", ""))
            else:
                keys, _, what = value.partition("|")
                out.append(("", keys.strip(), what.strip()))
        return out

    @classmethod
    def body(cls) -> str:
        """Everything the help shows, as plain text (one entry a line)."""
        return "\n".join(h or f"{k}  {w}" for h, k, w in cls.entries())

    def action_close(self) -> None:
        self.dismiss(None)

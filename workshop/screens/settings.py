"""Settings: language and theme, kept in the config file."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, RadioButton, RadioSet

from workshop.i18n import t
from workshop.widgets.dialogs import Dialog
from workshop.widgets.prose import Prose


class SettingsScreen(Dialog[None]):
    BINDINGS = [Binding("escape", "close", t("key.close"), id="settings.close")]

    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > Vertical { width: 70; height: auto; border: thick $primary;
        background: $surface; padding: 1 2; }
    SettingsScreen Label { text-style: bold; padding: 1 0 0 0; }
    SettingsScreen #settings-note { color: $text-muted; padding: 1 0 0 0; }
    """

    def compose(self) -> ComposeResult:
        config = self.app.config
        with Vertical():
            yield Prose(Text(t("settings.title")), classes="title")
            yield Label(t("settings.language"))
            with RadioSet(id="language"):
                yield RadioButton("日本語", value=config.language == "ja", id="lang-ja")
                yield RadioButton("English", value=config.language == "en", id="lang-en")
            yield Label(t("settings.theme"))
            with RadioSet(id="theme"):
                yield RadioButton(
                    t("settings.light"),
                    value=config.theme == "workshop-light",
                    id="theme-workshop-light",
                )
                yield RadioButton(
                    t("settings.dark"),
                    value=config.theme == "workshop-dark",
                    id="theme-workshop-dark",
                )
            yield Prose(Text(t("settings.note")), id="settings-note")

    @on(RadioSet.Changed, "#theme")
    def _theme(self, event: RadioSet.Changed) -> None:
        name = (event.pressed.id or "").removeprefix("theme-")
        self.app.set_theme(name)

    @on(RadioSet.Changed, "#language")
    def _language(self, event: RadioSet.Changed) -> None:
        lang = (event.pressed.id or "").removeprefix("lang-")
        self.app.set_language_setting(lang)

    def action_close(self) -> None:
        self.dismiss(None)

"""Shows that everything typed is saved (and when it was), or that a save failed."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from workshop.i18n import t


class SaveStatus(Static):
    DEFAULT_CSS = """
    SaveStatus { width: auto; padding: 0 1; background: $panel; color: $text-muted; }
    SaveStatus.-failed { background: $error; color: $text; text-style: bold; }
    SaveStatus.-waiting { background: $warning; color: $text; }
    """

    def on_mount(self) -> None:
        self.update(Text(t("save.ready")))

    def saved(self) -> None:
        self.remove_class("-failed", "-waiting")
        self.update(Text(t("save.saved", time=datetime.now().strftime("%H:%M:%S"))))

    def failed(self) -> None:
        self.remove_class("-waiting")
        self.add_class("-failed")
        self.update(Text(t("save.failed")))

    def waiting(self) -> None:
        self.add_class("-waiting")
        self.update(Text(t("save.waiting")))

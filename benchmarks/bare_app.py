"""A bare Textual app with the same kind of first screen as workshop's home screen:
Header, a title and two lines of Static, a DataTable of a few rows, an Input, a Footer.

It is the yardstick of `startup.py`. Run it alone to look at it:

    python benchmarks/bare_app.py

With `--exit-on-ready` it runs headless and exits as soon as its first screen has been
mounted and refreshed (the same moment `app_first_screen.py` waits for in workshop),
printing that moment (`time.time()`) as JSON on stdout. With `--with-libs` it also
imports pydantic, sqlite-utils and platformdirs first: the floor of an app that needs
them before its first screen.
"""

from __future__ import annotations

import json
import sys
import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

ROWS = [
    ("■ みなと町 おでかけ支援", "", "", "", "", ""),
    ("  第1回 連携ワークショップ", "令和8年11月22日（日）", "初回", "まとめ 6/6", "61", "6"),
    ("  第2回 フォローアップ", "令和9年2月14日（日）", "フォローアップ", "振り返り 2/7", "37", "3"),
]


class FirstScreen(Screen):
    BINDINGS = [Binding("enter", "open", "開く"), Binding("ctrl+n", "new", "新しい会議")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("分野連携ワークショップ", id="title")
            yield Static("データベース: /tmp/demo.db", id="sub")
            yield Static("前回の続き: 第2回 フォローアップ（振り返り）", id="resume")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="sessions")
            yield Input(placeholder="検索")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in ("会議", "日付", "種類", "進み具合", "カード", "アクション"):
            table.add_column(name)
        for row in ROWS:
            table.add_row(*row)
        table.focus()
        if self.app.exit_on_ready:  # type: ignore[attr-defined]
            self.call_after_refresh(self.app.ready_and_exit)  # type: ignore[attr-defined]


class BareApp(App):
    TITLE = "bare"
    BINDINGS = [Binding("ctrl+q", "quit", "終了")]

    def __init__(self, exit_on_ready: bool = False) -> None:
        super().__init__()
        self.exit_on_ready = exit_on_ready

        self.ready_at = 0.0

    def on_mount(self) -> None:
        self.push_screen(FirstScreen())

    def ready_and_exit(self) -> None:
        self.ready_at = time.time()
        self.exit()


def main() -> None:
    exit_on_ready = "--exit-on-ready" in sys.argv
    if "--with-libs" in sys.argv:
        # The libraries workshop needs before it can list sessions: the floor of any app
        # built on them (pydantic models, sqlite-utils, platformdirs).
        import platformdirs  # noqa: F401
        import pydantic  # noqa: F401
        import sqlite_utils  # noqa: F401
    app = BareApp(exit_on_ready=exit_on_ready)
    app.run(headless=exit_on_ready)
    if exit_on_ready:
        print(json.dumps({"ready_epoch": app.ready_at}))


if __name__ == "__main__":
    main()

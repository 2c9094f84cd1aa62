"""A bare Textual app with the same kind of first screen as workshop's home screen:
Header, a title and two lines of Static, a DataTable of a few rows, an Input, a Footer.

It is the yardstick of `startup.py`. Run it alone to look at it:

    python benchmarks/bare_app.py

With `--exit-on-ready` it runs headless and exits as soon as the first frame of its
first screen with the table filled has been painted (`paint_watch.py`, the same moment
`app_first_screen.py` waits for in workshop), printing that moment (`time.time()`), the
number of widgets on the screen and the table's rows as JSON on stdout. `--rows N` fills
the table with N rows (the home screen of a large database shows up to 200 sessions
under their initiatives). With `--with-libs` it also imports pydantic, sqlite-utils and
platformdirs first: what those libraries would cost an app that imported them before its
first screen (workshop imports only platformdirs of them before its own).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

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

    def __init__(self, rows: int = len(ROWS)) -> None:
        super().__init__()
        self.rows = rows

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
        for n in range(self.rows):
            table.add_row(*ROWS[n % len(ROWS)])
        table.focus()


class BareApp(App):
    TITLE = "bare"
    BINDINGS = [Binding("ctrl+q", "quit", "終了")]

    def __init__(self, rows: int = len(ROWS)) -> None:
        super().__init__()
        self.rows = rows

    def on_mount(self) -> None:
        self.push_screen(FirstScreen(self.rows))


def first_screen_ready(screen: Screen) -> int | None:
    """The table's rows once the first screen is filled (None before)."""
    if not isinstance(screen, FirstScreen):
        return None
    rows = screen.query_one(DataTable).row_count
    return rows if rows == screen.rows else None


def main() -> None:
    exit_on_ready = "--exit-on-ready" in sys.argv
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else len(ROWS)
    info: dict = {}
    if exit_on_ready:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from paint_watch import watch_first_paint

        watch_first_paint(first_screen_ready, info.update)
    if "--with-libs" in sys.argv:
        # What workshop's libraries would cost before the first screen (it lists its
        # sessions without pydantic and sqlite-utils; they come with a session or a
        # migration).
        import platformdirs  # noqa: F401
        import pydantic  # noqa: F401
        import sqlite_utils  # noqa: F401
    app = BareApp(rows)
    app.run(headless=exit_on_ready)
    if exit_on_ready:
        print(json.dumps(info))


if __name__ == "__main__":
    main()

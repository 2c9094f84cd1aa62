"""Names in gathered bundles are shown as they were typed: the roll-up's table on the
command line and the F6 screen's side-by-side comparison never read them as Rich markup
(a broken tag crashed both; a link tag hid its target and sent it to the terminal)."""

from __future__ import annotations

import io
from pathlib import Path

from tests.test_rollup import fixed, rollup_from_home
from workshop import cli
from workshop.domain.bundle import Bundle

HOSTILE_TOWN = "閉じ[/bold]町"
LINKED_TOWN = "[link=file:///etc/passwd]函館[/link]"
HOSTILE_NAME = "[bold red]居場所[/]"


def hostile_db(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = fixed()
    data[0].initiative.municipality = LINKED_TOWN  # 水戸市's two initiatives: one name
    data[1].initiative.municipality = LINKED_TOWN
    data[3].initiative.municipality = HOSTILE_TOWN
    data[3].initiative.name = HOSTILE_NAME
    for i, d in enumerate(data):
        (inbox / f"{i}.json").write_text(Bundle(data=d).to_json(), encoding="utf-8")
    db = tmp_path / "pref.db"
    assert cli.main(["--db", str(db), "import", str(inbox)]) == 0
    return db


def test_the_command_prints_names_literally(tmp_path: Path, capsys) -> None:
    db = hostile_db(tmp_path)
    capsys.readouterr()
    assert cli.main(["--db", str(db), "rollup"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert HOSTILE_TOWN in captured.out
    assert "[link=file:///etc/passwd]函館" in captured.out  # (the column cuts the rest)
    assert "\x1b]8;" not in captured.out


async def test_the_comparison_shows_names_literally(tmp_path: Path) -> None:
    from rich.console import Console
    from textual.widgets import Static

    from tests.ui_helpers import screen_text, settle
    from workshop.app import WorkshopApp
    from workshop.config import Config
    from workshop.screens.rollup import RollupScreen
    from workshop.store import Store

    store = Store(hostile_db(tmp_path))
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(200, 45)) as pilot:
        screen = await rollup_from_home(pilot)
        keys = [r.key for r in screen.shown]
        # mark every municipality: side by side, with their names and initiatives
        for n in range(len(keys)):
            await pilot.press("space")
            if n < len(keys) - 1:
                await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.screen, RollupScreen)
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(screen.query_one("#ru-text", Static).content)
        side = console.export_text()
        assert HOSTILE_TOWN in side and LINKED_TOWN in side and HOSTILE_NAME in side
        assert "閉じ[/bold]" in screen_text(app)
    store.close()

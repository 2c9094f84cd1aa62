"""The first screen comes up in the saved theme, and the style sheets are parsed once
for it (the theme used to be set after the first parse, which parsed them all again)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.css import stylesheet

from tests import shared_css
from tests.ui_helpers import settle
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.screens.home import HomeScreen
from workshop.store import Store


@pytest.mark.parametrize(
    ("theme", "background"), [("workshop-light", (255, 255, 255)), ("workshop-dark", (16, 20, 24))]
)
async def test_first_screen_in_the_saved_theme_parsed_once(
    tmp_path: Path, monkeypatch, theme: str, background: tuple[int, int, int]
) -> None:
    parsed: Counter[str] = Counter()
    real = stylesheet.parse

    def counted(scope, css, read_from, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed[str(read_from[0])] += 1
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", counted)
    # what the app itself parses, not what the suite's earlier apps left parsed
    monkeypatch.setattr(stylesheet.Stylesheet, "_parse_rules", shared_css._REAL)
    app = WorkshopApp(
        store=Store(tmp_path / "w.db"), config=Config(theme=theme), persist_config=False
    )
    async with app.run_test() as pilot:
        while not isinstance(app.screen, HomeScreen):
            await pilot.pause()
        await settle(pilot)
        assert app.theme == theme
        assert f"-theme-{theme}" in app.classes
        assert app.screen.styles.background.rgb == background
        app_css = [path for path in parsed if path.endswith(".tcss")]
        assert len(app_css) == len(WorkshopApp.CSS_PATH), parsed
        assert all(parsed[path] == 1 for path in app_css), parsed

"""The suite's shared stylesheet parsing (`tests/shared_css.py`) gives every app the rules
its own parsing would, shares them only between apps with the same theme colours, and
the app styled by them shows the same screen."""

from __future__ import annotations

from pathlib import Path

import textual
from textual.css.stylesheet import Stylesheet

from tests import shared_css
from tests.db_templates import template_store
from tests.ui_helpers import home_ready, new_session, screen_text
from workshop.app import WorkshopApp
from workshop.config import Config


def _rules_css(sheet: Stylesheet) -> list[str]:
    return [repr(rule) for rule in sheet.rules]


def _parsed_alone(sheet: Stylesheet) -> list[str]:
    """What Textual's own parsing makes of the same sources and variables."""
    out: list[str] = []
    fresh = Stylesheet(variables=dict(sheet._variables))
    for read_from, (css, is_default, tie_breaker, scope) in sheet.source.items():
        rules = shared_css._REAL(fresh, css, read_from, is_default, tie_breaker, scope)
        out += [repr(rule) for rule in rules]
    return out


async def _home(tmp_path: Path, theme: str) -> tuple[list[str], list[str], str]:
    store, _ = template_store(tmp_path / "ui.db")
    app = WorkshopApp(store=store, config=Config(theme=theme), persist_config=False)
    new_session(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        assert app.theme == theme
        text = screen_text(app).replace(str(tmp_path), "<folder>")
        return _rules_css(app.stylesheet), _parsed_alone(app.stylesheet), text


async def test_apps_get_the_rules_their_own_parsing_gives(tmp_path: Path) -> None:
    assert textual.__version__ != shared_css.WRITTEN_FOR or (
        Stylesheet._parse_rules is shared_css._parse_rules
    )
    light = await _home(tmp_path / "a", "workshop-light")
    again = await _home(tmp_path / "b", "workshop-light")
    dark = await _home(tmp_path / "c", "workshop-dark")
    for shared, alone, _ in (light, again, dark):
        assert shared == alone
    assert light[0] == again[0] and light[2] == again[2]
    assert dark[0] != light[0]  # the theme's colours are parsed into the rules
    assert "準備 1/6・案" in light[2] and "準備 1/6・案" in dark[2]  # the table drawn


def test_rules_are_kept_apart_by_the_stylesheets_variables() -> None:
    css = "Static { color: $accent; }"
    red = Stylesheet(variables={"accent": "red"})
    blue = Stylesheet(variables={"accent": "blue"})
    first = red._parse_rules(css, ("test", "Static"))
    assert red._parse_rules(css, ("test", "Static")) == first
    assert Stylesheet(variables={"accent": "red"})._parse_rules(css, ("test", "Static")) is first
    other = blue._parse_rules(css, ("test", "Static"))
    assert other is not first and "#0000FF" in other[0].css and "#FF0000" in first[0].css

"""Settings (language, theme) and quitting: what is saved and what the app does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RadioButton

from tests.db_templates import new_store
from tests.ui_helpers import new_session, notices, open_session, screen_text, settle
from workshop.app import RESTART, WorkshopApp
from workshop.config import Config, load_config
from workshop.domain.records import Session
from workshop.screens.settings import SettingsScreen
from workshop.widgets.inline_form import InlineForm


async def _open_settings(pilot) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("f10")  # 設定 on the home screen
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_theme_chosen_in_settings_is_applied_and_saved(tmp_path: Path) -> None:
    store = new_store(tmp_path / "s.db")
    app = WorkshopApp(store=store, config=Config(), persist_config=True)
    async with app.run_test(size=(120, 40)) as pilot:
        settings = await _open_settings(pilot)
        text = screen_text(app)
        assert "設定" in text and "配色" in text and "日本語" in text
        await pilot.click(settings.query_one("#theme-workshop-dark", RadioButton))
        await settle(pilot)
        assert app.theme == "workshop-dark"
        assert load_config().theme == "workshop-dark"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.is_running
    store.close()


async def test_language_chosen_in_settings_is_saved_and_restarts(tmp_path: Path) -> None:
    """Labels are built at start-up, so a new language restarts the program."""
    store = new_store(tmp_path / "s.db")
    app = WorkshopApp(store=store, config=Config(), persist_config=True)
    async with app.run_test(size=(120, 40)) as pilot:
        settings = await _open_settings(pilot)
        await pilot.click(settings.query_one("#lang-en", RadioButton))
        await settle(pilot)
    assert app.return_code == RESTART
    assert load_config().language == "en"
    store.close()


async def test_language_is_not_saved_when_started_with_lang(tmp_path: Path) -> None:
    store = new_store(tmp_path / "s.db")
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        settings = await _open_settings(pilot)
        await pilot.click(settings.query_one("#lang-en", RadioButton))
        await settle(pilot)
        assert app.is_running
        assert "--lang を指定して起動しているため、言語の設定は保存しません。" in notices(app)
    assert app.return_code in (None, 0)
    assert load_config().language == "ja"
    store.close()


async def test_quit_saves_what_is_being_typed(tmp_path: Path) -> None:
    store = new_store(tmp_path / "s.db")
    session = new_session(store)
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        form = app.screen.query_one("#session-form", InlineForm)
        form.control("place").value = "第2会議室"  # typed, not yet saved (debounce)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code in (None, 0)
    assert store.require(Session, session.id).place == "第2会議室"
    assert app._quit_markers == 0  # every form's marker arrived: no wait for the timer
    store.close()

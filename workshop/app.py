"""The App: routing, global keys, themes, the command palette, and saving."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.theme import Theme

from workshop.config import Config, save_config
from workshop.framework_text import Palette, system_commands, translate_framework
from workshop.i18n import t, validation_messages
from workshop.idle_gc import IdleCollector
from workshop.idle_gc_release import release_instance_caches
from workshop.key_order import OrderedKeys
from workshop.store import Store, StoreError
from workshop.wide_cuts import install as keep_wide_characters_whole

if TYPE_CHECKING:
    from textual.screen import Screen

    from workshop.widgets.side_panel import SidePanel

T = TypeVar("T")

keep_wide_characters_whole()  # a notice over the side panel keeps its full-width text

LIGHT = Theme(
    name="workshop-light",
    primary="#0b4f9c",
    secondary="#5b2a86",
    accent="#0b4f9c",
    warning="#8a5a00",
    error="#b00020",
    success="#1b6e20",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e4e9f2",
    boost="#f3f5f9",
    dark=False,
)
"""High contrast for a projector in a lit meeting room: black on white, strong blue."""

DARK = Theme(
    name="workshop-dark",
    primary="#7fb2ff",
    secondary="#c39bff",
    accent="#7fb2ff",
    warning="#ffcc66",
    error="#ff7a85",
    success="#7ddc84",
    foreground="#f2f2f2",
    background="#101418",
    surface="#161b22",
    panel="#222a35",
    boost="#1b222b",
    dark=True,
)


class WorkshopApp(OrderedKeys):
    CSS_PATH = ["app.tcss", "screens/home.tcss", "screens/session.tcss", "screens/cases.tcss"]
    """The app's look and its screens' (read once at start: a screen's own `CSS_PATH` is
    read when it is first shown, and every node of the app is restyled then)."""
    TITLE = t("app.title")
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", t("key.help"), id="app.help"),
        Binding("ctrl+s", "saved", t("key.saved"), show=False, id="app.saved"),
        Binding("ctrl+t", "toggle_theme", t("key.theme"), show=False, id="app.toggle_theme"),
        Binding("ctrl+q", "quit", t("key.quit"), id="app.quit"),
    ]

    def __init__(
        self, store: Store, config: Config | None = None, persist_config: bool = True
    ) -> None:
        from workshop.commands import WorkshopCommands

        translate_framework()
        self.COMMANDS = App.COMMANDS | {WorkshopCommands}
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # A tab's contents switch at once; Textual slid the mark under the tab for
            # 0.3 s after them, repainting the tab line every frame (the tab looked busy
            # after its contents were there). Scrolling jumps as well. Set
            # TEXTUAL_ANIMATIONS=basic or full to have the animations back.
            self.animation_level = "none"
        self.store = store
        self.config = config or Config()
        self.persist_config = persist_config
        self.last_error = ""
        self.quiet_saves = False
        """While set, a save that succeeds does not say "saved" on the screen: where the
        session is (its step, its clock) is not something typed (a failure still shows)."""
        self.last_failure: StoreError | None = None
        """Why the last save failed (None after a success): a dialog reads it to tell a
        conflict, which it can resolve, from other failures."""
        store.on_wait = self._store_waiting
        store.write_wait = UI_WRITE_WAIT_S
        self.idle_gc = IdleCollector()
        self._quit_markers = 0
        self.register_theme(LIGHT)
        self.register_theme(DARK)
        self._theme_before_start(self.config.theme)

    def _theme_before_start(self, name: str) -> None:
        """What Textual's theme watcher does (classes, colour filter, style variables)
        without its style refresh: nothing is styled yet, and that refresh parses every
        style sheet again (the theme set in on_mount made start-up parse them all
        twice, then a third time for the first screen's own styles)."""
        self.set_reactive(App.theme, self._validate_theme(name))
        theme = self.current_theme
        classes = {name: False for name in self.classes if name.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def on_mount(self) -> None:
        self.idle_gc.start()
        self.set_interval(IDLE_GC_CHECK_S, self.idle_gc.tick)
        from workshop.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.store.backup_path:
            self.notify(t("app.backup_made", path=str(self.store.backup_path)), markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, in the UI's language."""
        return system_commands(self, screen)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    def screen_closed(self, screen: Screen) -> None:
        """A large screen (an open session) is being removed: return its memory as soon
        as it has gone, whether or not the keyboard ever rests (see idle_gc)."""
        self.forget_closed_watchers()
        release_instance_caches()
        self.idle_gc.collect_when_gone(screen, screen.task, self.call_after_refresh)

    def forget_closed_watchers(self) -> None:
        """Drop closed widgets from the app's watcher lists. Textual keeps a widget that
        watches an app reactive (every TextArea watches the theme) until that reactive next
        changes: without this, each closed session stayed in memory with all it held."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for name, entries in watchers.items():
            watchers[name] = [(node, cb) for node, cb in entries if not node._closing]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.idle_gc.touched()
        await super().on_event(event)

    # --- saving --------------------------------------------------------------------------
    def save(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run one change through the store. On success the screen shows "saved" and the
        result comes back (True for changes that return nothing); on failure the reason is
        shown in the UI's language, kept in `last_error`, and None comes back."""
        from pydantic import ValidationError  # loaded by the records a change is made of

        self.last_failure = None
        try:
            result = fn(*args, **kwargs)
        except ValidationError as e:
            self._failed("\n".join(validation_messages(e.errors())))
            return None
        except StoreError as e:
            self.last_failure = e
            self._failed(t(f"error.{e.code}", **e.params))
            return None
        self.last_error = ""
        if not self.quiet_saves:
            self._status("saved")
        return True if result is None else result  # type: ignore[return-value]

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.notify(message, severity="error", timeout=10, markup=False)
        self._status("save_failed")

    def _status(self, what: str) -> None:
        for screen in self.screen_stack:
            method = getattr(screen, what, None)
            if method:
                method()

    def _store_waiting(self) -> None:
        self._status("save_waiting")

    # --- navigation ----------------------------------------------------------------------
    def open_session(self, session_id: str) -> None:
        from workshop.screens.session import SessionScreen

        self.push_screen(SessionScreen(session_id))

    def on_side_panel_open_cases(self, message: SidePanel.OpenCases) -> None:
        from workshop.screens.cases import CaseLibraryScreen

        self.push_screen(CaseLibraryScreen(message.case_id))

    def action_help(self) -> None:
        from workshop.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_settings(self) -> None:
        from workshop.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_saved(self) -> None:
        self.notify(t("save.all_saved"), timeout=3)

    def action_toggle_theme(self) -> None:
        self.set_theme("workshop-dark" if self.theme == "workshop-light" else "workshop-light")

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.config.theme = name  # type: ignore[assignment]
        if self.persist_config:
            save_config(self.config)

    def set_language_setting(self, lang: str) -> None:
        """Labels are built when the program starts, so a new language means a restart;
        everything is saved, so the restart loses nothing."""
        if lang == self.config.language:
            return
        self.config.language = lang  # type: ignore[assignment]
        if not self.persist_config:
            self.notify(t("settings.lang_flag"), severity="warning")
            return
        save_config(self.config)
        self.exit(return_code=RESTART)

    async def action_quit(self) -> None:
        """Save what is being typed, then exit. Leaving a session posts the pending field
        changes as messages; a marker posted behind them in each form reaches the app
        only after the pane has saved them (message queues keep their order), so the
        app exits once every marker has arrived (exiting at once lost the last field)."""
        from workshop.screens.session import SessionScreen
        from workshop.widgets.inline_form import InlineForm

        forms: list[InlineForm] = []
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.leave()
                forms += list(screen.query(InlineForm))
        if not forms:
            self.exit()
            return
        self._quit_markers = len(forms)
        for form in forms:
            form.post_message(SavedBeforeQuit())
        self.set_timer(QUIT_WAIT_S, self.exit)  # never hang on a lost marker

    def on_saved_before_quit(self, message: SavedBeforeQuit) -> None:
        self._quit_markers -= 1
        if self._quit_markers <= 0:
            self.exit()


class SavedBeforeQuit(Message):
    """Bubbles from a form to the app behind the form's pending changes."""


QUIT_WAIT_S = 2.0


UI_WRITE_WAIT_S = 0.3
"""How long a change made in the app waits for another writer. The wait blocks the
screen, so it stays short; after it the app says the database is busy and keeps what was
typed for another try."""

IDLE_GC_CHECK_S = 1.0
"""How often the app looks whether a full garbage collection is due (see idle_gc)."""

RESTART = 75
"""Exit code asking the command line to start the app again (new language)."""


def restart_process() -> None:  # pragma: no cover - replaces the process
    os.execv(sys.executable, [sys.executable, "-m", "workshop", *sys.argv[1:]])

"""Textual's own words in the UI's language: the command palette (its placeholder, its
system commands, "No matches found", its key line) and the pop-up of a drop-down
("esc Dismiss menu"). Textual writes them in English inside its classes; the app
uses these subclasses and replaces the two class-level bindings once at start."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from workshop.i18n import has, t

if TYPE_CHECKING:
    from textual.app import App, SystemCommand
    from textual.screen import Screen


class Palette(CommandPalette):
    """The command palette with the UI's words."""

    def __init__(self, **kw) -> None:
        kw.setdefault("placeholder", t("framework.palette_search"))
        super().__init__(**kw)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("framework.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def system_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """Textual's system commands, named and described in the UI's language."""
    from textual.app import SystemCommand

    yield SystemCommand(
        t("framework.cmd_theme"), t("framework.cmd_theme_help"), app.action_change_theme
    )
    yield SystemCommand(t("framework.cmd_quit"), t("framework.cmd_quit_help"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(
            t("framework.cmd_keys"), t("framework.cmd_keys_hide"), app.action_hide_help_panel
        )
    else:
        yield SystemCommand(
            t("framework.cmd_keys"), t("framework.cmd_keys_show"), app.action_show_help_panel
        )
    if screen.maximized is not None:
        yield SystemCommand(
            t("framework.cmd_minimize"), t("framework.cmd_minimize_help"), screen.action_minimize
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(
            t("framework.cmd_maximize"), t("framework.cmd_maximize_help"), screen.action_maximize
        )


def _framework_classes() -> list[type]:
    from textual.app import App
    from textual.command import CommandInput
    from textual.containers import ScrollableContainer
    from textual.screen import Screen
    from textual.widgets import (
        Button,
        DataTable,
        Input,
        OptionList,
        Select,
        SelectionList,
        Tabs,
        TextArea,
        Tree,
    )
    from textual.widgets._toggle_button import ToggleButton

    return [
        App,
        Screen,
        Input,
        TextArea,
        DataTable,
        OptionList,
        SelectionList,
        Select,
        SelectOverlay,
        Tabs,
        ToggleButton,
        Button,
        ScrollableContainer,
        CommandPalette,
        CommandInput,
        Tree,
    ]


_ORIGINAL: dict[type, tuple[list[Any], str | None]] = {}
"""Each class's own English bindings and group title, kept to translate again when the
language changes (tests start apps in both languages)."""


def _word(text: str) -> str:
    key = f"framework_keys.{text}"
    return t(key) if has(key) else text


def _binding(b: Any) -> Any:
    if isinstance(b, tuple):
        b = Binding(*b)
    if isinstance(b, Binding) and b.description:
        return replace(b, description=_word(b.description))
    return b


def translate_framework() -> None:
    """Give Textual's widgets their key descriptions in the UI's language (the key
    panel and the footer show them), then let every widget class, ours included,
    gather its bindings again."""
    from textual.dom import DOMNode

    for cls in _framework_classes():
        if cls not in _ORIGINAL:
            _ORIGINAL[cls] = (
                list(cls.__dict__.get("BINDINGS", [])),
                cls.__dict__.get("BINDING_GROUP_TITLE"),
            )
        bindings, title = _ORIGINAL[cls]
        if bindings:
            cls.BINDINGS = [_binding(b) for b in bindings]
        if title:
            cls.BINDING_GROUP_TITLE = _word(title)
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        cls._merged_bindings = cls._merge_bindings()

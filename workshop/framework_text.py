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
from textual.widgets.option_list import Option

from workshop.i18n import has, language, t

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


FRAMEWORK_CLASSES = frozenset(
    {
        "textual.app.App",
        "textual.screen.Screen",
        "textual.widgets._input.Input",
        "textual.widgets._text_area.TextArea",
        "textual.widgets._data_table.DataTable",
        "textual.widgets._option_list.OptionList",
        "textual.widgets._selection_list.SelectionList",
        "textual.widgets._select.Select",
        "textual.widgets._select.SelectOverlay",
        "textual.widgets._tabs.Tabs",
        "textual.widgets._toggle_button.ToggleButton",
        "textual.widgets._button.Button",
        "textual.containers.ScrollableContainer",
        "textual.command.CommandPalette",
        "textual.command.CommandInput",
        "textual.widgets._tree.Tree",
    }
)
"""Textual's classes whose own bindings are translated (module and class name). Those
not imported yet are translated when Textual creates them (see `_watch_new_classes`):
the first screen does not wait for TextArea, Tree or Select to be imported."""


def _framework_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


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


def _translate(cls: type) -> None:
    """Give one framework class its bindings in the UI's language (from its own English
    ones, kept the first time)."""
    if cls not in _ORIGINAL:
        _ORIGINAL[cls] = (
            list(cls.__dict__.get("BINDINGS", [])),
            cls.__dict__.get("BINDING_GROUP_TITLE"),
        )
    bindings, title = _ORIGINAL[cls]
    if bindings:
        cls.BINDINGS = [_binding(b) for b in bindings]  # type: ignore[attr-defined]
    if title:
        cls.BINDING_GROUP_TITLE = _word(title)  # type: ignore[attr-defined]


_watching = False
_translated_in: str | None = None
"""The language every class was last translated to (None: not yet, or a class has been
translated to another one since): an app made in that language again needs no pass."""


def _watch_new_classes() -> None:
    """Translate a framework class when Textual creates it (its module imported after
    start-up): before the class gathers its bindings, so it and every subclass made
    later (ours included) get them in the UI's language."""
    global _watching
    if _watching:
        return
    from textual.dom import DOMNode

    original = DOMNode.__dict__["__init_subclass__"].__func__

    def init_subclass(cls: type, **kwargs: Any) -> None:
        global _translated_in
        if _framework_name(cls) in FRAMEWORK_CLASSES:
            _translate(cls)
            if language() != _translated_in:
                _translated_in = None  # this class speaks another language than the rest
        original(cls, **kwargs)

    DOMNode.__init_subclass__ = classmethod(init_subclass)  # type: ignore[assignment,method-assign]
    _watching = True


def translate_framework() -> None:
    """Give Textual's widgets their key descriptions in the UI's language (the key
    panel and the footer show them), then let every widget class, ours included,
    gather its bindings again. Classes created later are translated as they come, so a
    second app in the same language (the test suite makes hundreds) finds them done."""
    from textual.dom import DOMNode

    global _translated_in
    _watch_new_classes()
    if _translated_in == language():
        return
    classes: list[type] = []
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        classes.append(cls)
        todo.extend(cls.__subclasses__())
    for cls in classes:
        if _framework_name(cls) in FRAMEWORK_CLASSES:
            _translate(cls)
    for cls in classes:
        cls._merged_bindings = cls._merge_bindings()  # type: ignore[attr-defined]
    _translated_in = language()

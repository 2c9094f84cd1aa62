"""Screens that take the keys typed before their cursor is placed.

A screen is on the stack (and is where keys go) a moment before its widgets are mounted
and one of them has the focus: Textual's `Widget.focus` is itself deferred to the App's
queue. Keys typed in that moment (the letters right behind the key that opened a dialog,
the first letter typed as the app starts) reached the screen with nothing focused and
were dropped. A screen with this mixin says so (`holding_keys`) until a widget of it has
the focus; the App keeps the keys meanwhile and hands them on in the order typed
(`workshop.key_order.OrderedKeys`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from textual.screen import Screen
from textual.widget import Widget

S = TypeVar("S", bound="KeepsEarlyKeys")


class KeepsEarlyKeys(Screen):  # type: ignore[type-arg]
    """Mixin for a Screen whose keys wait until one of its widgets has the focus.

    A screen that may not focus anything itself calls `settle_focus` once mounted: it
    focuses the first focusable widget or, when there is none, lets the keys go to the
    screen itself (its bindings still apply)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holding = True

    @property
    def holding_keys(self) -> bool:
        """True until a widget of this screen has had the focus (or `settle_focus` found
        none to give it to)."""
        return self._holding and self.is_attached

    def set_focus(self, widget: Widget | None, *args: Any, **kwargs: Any) -> None:
        super().set_focus(widget, *args, **kwargs)
        if self.focused is not None:
            self._holding = False

    def settle_focus(self) -> None:
        """Once mounted: make sure the waiting keys reach something."""
        if not self._holding or not self.is_attached:
            return
        if self.focused is None:
            self.focus_next()
        self._holding = False

    def after_typed(self, callback: Callable[[], Any]) -> None:
        """Run `callback` after every key typed before this call has been handled by the
        focused widget (a save key read by the App ahead of the letters it saves)."""
        if self.focused is not None:
            self.focused.call_later(callback)
        else:
            callback()


def after_typed_keys(action: Callable[[S], Any]) -> Callable[[S], None]:
    """For an action bound to a priority key (ctrl+s): the App runs it as soon as it
    reads the key, ahead of the keys typed just before it that still wait in the focused
    field. Run it after them, and not at all once the screen has closed (the key
    pressed twice)."""

    @wraps(action)
    def run(self: S) -> None:
        def later() -> None:
            if self.is_attached and self.app.screen is self:
                action(self)

        self.after_typed(later)

    return run

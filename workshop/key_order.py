"""Keys are handled in the order typed, even when one of them opens a dialog.

Textual hands each key to the focused widget and runs a (non-priority) binding only when
the key has bubbled back up to the App, one message queue per level. Keys typed right
behind it (one read from the terminal, or a fast typist) were meanwhile handed to the
widget that had the focus *before* the binding ran: the letters typed right after the
key that opens a dialog went to the line below it, or nowhere.

`OrderedKeys` (a mixin for the App) passes keys on one after another from a queue of
its own. A key that may run a binding finishes first: the keys behind it wait until it
has been handled (bubbled back to the App, or stopped on the way) and what it set off
along the focused widget's ancestors has run (a dialog pushed, a message handled). Keys
also wait while there is no screen yet (the app starting) and while the current screen
has not placed its cursor (`workshop.widgets.early_keys.KeepsEarlyKeys`, the base of
every dialog)."""

from __future__ import annotations

import asyncio
import weakref
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

GATE_LIMIT_S = 1.5
"""Longest wait for a key (or a screen) before the keys behind it go on anyway: a bubble
Textual dropped on a widget being removed must not hold the keyboard."""


class _Gate:
    """A key that may run a binding, on its way. It refers to the screen and widgets it
    passes only weakly: the last key typed stays here until the next one, and must not keep
    a dialog closed since (and all its widgets) alive."""

    def __init__(self, key: events.Key, app: App[Any]) -> None:
        self.key = key
        self.screen = weakref.ref(app.screen)
        chain: list[MessagePump] = [app]
        node: Any = app.focused or app.screen
        while node is not None and node is not app:
            chain.append(node)
            node = node._parent
        self.chain = [weakref.ref(node) for node in chain]
        self.reached_app = False
        self.started = monotonic()

    def finished(self, app: App[Any]) -> bool:
        if app.screen is not self.screen():
            return True  # a dialog opened or closed: the keys behind go to it
        if monotonic() - self.started > GATE_LIMIT_S:
            return True
        if not (self.reached_app or self.key._stop_propagation):
            return False
        nodes = (ref() for ref in self.chain)
        return all(node is None or node._message_queue.empty() for node in nodes)


class OrderedKeys(App[Any]):
    """Mixin for the App (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed: list[events.Key] = []
        """Keys read from the terminal and not yet passed on, in the order typed."""
        self._gate: _Gate | None = None
        self._screen_wait: tuple[weakref.ref[Any], float] | None = None
        self._watcher: asyncio.Task[None] | None = None

    def _may_act(self, key: str) -> bool:
        """Whether a binding of the focused widget, its ancestors or the App handles
        the key (its effect reaches the App only after the key bubbled up)."""
        return any(bindings.key_to_bindings.get(key) for _, bindings in self.screen._binding_chain)

    def _keys_wait(self) -> bool:
        stack = self.screen_stack
        if not stack or (len(stack) == 1 and stack[0].id == "_default"):
            return True  # the first screen is not there yet
        screen = self.screen
        if getattr(screen, "holding_keys", False):
            if self._screen_wait is None or self._screen_wait[0]() is not screen:
                self._screen_wait = (weakref.ref(screen), monotonic())
            if monotonic() - self._screen_wait[1] <= GATE_LIMIT_S:
                return True
        else:
            self._screen_wait = None
        gate = self._gate
        if gate is not None and not gate.finished(self):
            return True
        self._gate = None
        return False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._typed.append(events.Key(event.key, event.character))
            await self._pass_keys()
            return
        await super().on_event(event)
        gate = self._gate
        if gate is not None and event is gate.key:
            gate.reached_app = True  # bubbled back up: its binding (if any) has run

    async def _pass_keys(self) -> None:
        """Pass the typed keys on, in order, until one has to finish first."""
        while self._typed:
            if self._keys_wait():
                self._watch()
                return
            key = self._typed.pop(0)
            gate = _Gate(key, self) if self._may_act(key.key) else None
            self._gate = gate
            await super().on_event(key)
            if gate is not None and not key.is_forwarded:
                gate.reached_app = True  # a priority binding took it here and then

    def _watch(self) -> None:
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._wait_then_pass())

    async def _wait_then_pass(self) -> None:
        spins = 0
        while self._typed and self._keys_wait():
            spins += 1  # a few turns of the loop usually suffice; then stop spinning
            await asyncio.sleep(0 if spins < 100 else 0.002)
        if self._typed:
            # in the App's queue, so keys are passed on by one task only
            self.call_later(self._pass_keys)

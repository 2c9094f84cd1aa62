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
every dialog).

A question the app asks on its own (`ask_unprompted`: the record is final, reopen it?;
two windows changed the same field, which version?; a pasted text of many lines, one card
each?; a department not on the list, hand over to it?; a key person left, is the deputy
the new one?) opens while the typist may still be typing what was meant for the line
below. The keys typed before it opened, and those typed on without a pause of
`QUESTION_PAUSE_S`, are kept aside: they neither fill its fields nor press its buttons.
Once it is answered and its callback has run, they go where they were typed, in order.
The first key after a pause is the typist's answer; Escape, which declines it and
changes nothing, answers it at once."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

GATE_LIMIT_S = 1.5
"""Longest wait for a key (or a screen) before the keys behind it go on anyway: a bubble
Textual dropped on a widget being removed must not hold the keyboard."""


QUESTION_PAUSE_S = 0.5
"""A pause in typing this long ends the keys typed ahead of an unprompted question:
nobody reads a question and answers it sooner."""


ANSWERS_AT_ONCE = frozenset({"escape"})
"""Keys a question takes even without a pause: Escape declines it, the one answer that
changes nothing (the record stays as it was, what was typed stays where it was typed),
and the one a facilitator who knows the question presses at once."""


class _Then:
    """Not a key: what to run once the keys before it in the queue have been handled."""

    __slots__ = ("callback",)

    def __init__(self, callback: Callable[[], Any]) -> None:
        self.callback = callback


class _Question:
    """An unprompted question on screen, and the keys typed ahead of it."""

    def __init__(self, screen: Screen[Any], parked: list[events.Key | _Then]) -> None:
        self.screen = weakref.ref(screen)
        self.parked = parked
        self.then: list[Callable[[], Any]] = []
        """What to run once the keys kept aside have been handled (`after_typed_ahead`)."""
        self.open = False
        """True once the typist paused: keys go to the question from then on."""
        self.gone_at: float | None = None

    def closed(self, app: App[Any]) -> bool:
        """Whether it is off the screen stack (answered, its keys not yet given back)."""
        screen = self.screen()
        return screen is None or screen not in app.screen_stack

    def takes(self, app: App[Any], key: str, pause: float) -> bool:
        """Whether a key typed after `pause` seconds without one is kept aside."""
        if self.closed(app):
            return True  # answered: kept behind the others until they are given back
        if self.open or app.screen is not self.screen():
            return False
        if key in ANSWERS_AT_ONCE:
            return False
        if pause >= QUESTION_PAUSE_S:
            self.open = True
            return False
        return True

    def answered_long_ago(self, app: App[Any]) -> bool:
        """Closed without its callback (dismissed with no result): give the keys back
        anyway, once its callback would surely have run."""
        if not self.closed(app):
            return False
        now = monotonic()
        if self.gone_at is None:
            self.gone_at = now
        return now - self.gone_at > GATE_LIMIT_S


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
        self._typed: list[events.Key | _Then] = []
        """Keys read from the terminal and not yet passed on, in the order typed."""
        self._gate: _Gate | None = None
        self._screen_wait: tuple[weakref.ref[Any], float] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._question: _Question | None = None
        self._last_input_at = 0.0
        self._keys_read = 0
        """Keys read from the terminal so far (`key_mark`)."""
        self._pending_since: float | None = None
        """Since when a key for a priority binding waits for the keys before it."""

    def key_mark(self) -> int:
        """The keys read up to the one being handled now (those read and not passed on
        yet came after it): `typed_since(mark)` later says whether the typist went on
        typing after this key, before they could see what it did."""
        return self._keys_read - sum(isinstance(k, events.Key) for k in self._typed)

    def typed_since(self, mark: int) -> bool:
        return self._keys_read > mark

    def ask_unprompted(
        self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None
    ) -> None:
        """Push a question the typist did not ask for (see the module docstring). The
        keys typed ahead of it go on after `callback` has run with its answer."""
        parked = self._typed
        previous = self._question
        if previous is not None:
            if not previous.closed(self):
                self.push_screen(screen, callback)  # asked over a question still open
                return
            # asked by the answer to another one: its keys wait for this answer too
            parked = previous.parked + parked
        question = _Question(screen, parked)
        self._typed = []
        self._question = question

        def answered(result: Any) -> None:
            try:
                if callback is not None:
                    callback(result)
            finally:
                self._give_back(question)

        self.push_screen(screen, answered)

    def _give_back(self, question: _Question) -> None:
        """The keys kept aside from an answered question go on, ahead of any typed
        since."""
        if self._question is not question:
            return
        self._question = None
        self._typed[:0] = [*question.parked, *map(_Then, question.then)]
        if self._typed:
            # from the App's own queue: a task started here (in the answer's callback)
            # would hold the closing screen's widgets in its context
            self.call_later(self._pass_keys)

    def after_typed_ahead(self, callback: Callable[[], Any]) -> None:
        """Run `callback` once the keys kept aside from the question being answered have
        been handled where they were typed (at once when no question is open)."""
        if self._question is None:
            callback()
        else:
            self._question.then.append(callback)

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
        return self._earlier_keys_pending()

    def _earlier_keys_pending(self) -> bool:
        """The next key runs a priority binding, and keys passed before it still wait in
        the focused widget or its ancestors. Textual runs a priority binding as the key
        reaches the App, ahead of them: a comment typed and PageDown in one go went to
        the next item of the review, which PageDown had shown before the letters
        arrived in the comment box. Such a key waits for them (at most GATE_LIMIT_S)."""
        key = self._typed[0] if self._typed else None
        if not isinstance(key, events.Key) or not self._priority(key.key):
            self._pending_since = None
            return False
        node: Any = self.focused
        pending = False
        while node is not None and node is not self:
            if not node._message_queue.empty():
                pending = True
                break
            node = node._parent
        now = monotonic()
        if not pending:
            self._pending_since = None
            return False
        if self._pending_since is None:
            self._pending_since = now
        return now - self._pending_since <= GATE_LIMIT_S

    def _priority(self, key: str) -> bool:
        """Whether a priority binding of the screen's chain (or the App's) takes `key`."""
        return any(
            binding.priority
            for _, bindings in self.screen._binding_chain
            for binding in bindings.key_to_bindings.get(key, ())
        )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            now = monotonic()
            key = events.Key(event.key, event.character)
            pause, self._last_input_at = now - self._last_input_at, now
            self._keys_read += 1
            question = self._question
            if question is not None and question.takes(self, key.key, pause):
                question.parked.append(key)
                if question.answered_long_ago(self):
                    self._give_back(question)
                return
            self._typed.append(key)
            await self._pass_keys()
            return
        if isinstance(event, events.Paste):
            self._last_input_at = monotonic()
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
            if isinstance(key, _Then):
                # the keys before it are handled (a gated one finished), or queued in
                # the focused widget, which runs this after them
                (self.focused or self.screen).call_later(key.callback)
                continue
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

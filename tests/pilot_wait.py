"""A cheaper Pilot wait for the test suite: Textual's Pilot waits, after every key and
every pause, until each widget of the screen has handled what was queued for it, by
queueing a callback for every widget (200 to 300 on a session screen) and counting them
down. A widget with nothing queued and no message in hand has nothing to finish, yet
handling its callback (and the idle event after it) cost as much as a real message: in a
typical Pilot test, three messages in four were these callbacks.

`wait_for_busy_widgets` waits the same way for every widget that is not parked, waiting
for a message with none queued (and always for the app and the screen). Installed by
`tests/conftest.py` for the Textual version it was written against only."""

from __future__ import annotations

import asyncio

import textual
from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout

WRITTEN_FOR = "8.2.8"
"""The Textual version whose `Pilot._wait_for_screen` and message pump this follows."""


def parked(pump: MessagePump) -> bool:
    """Whether the pump waits for its next message with none queued: its task awaits the
    queue's ready event (only that task ever does). A pump handling a message, running an
    idle handler or callbacks, or not started yet is not parked."""
    queue = pump._message_queue
    if queue.values:
        return False
    waiters = queue.ready_event._waiters  # type: ignore[attr-defined]
    return any(not waiter.done() for waiter in waiters)


async def wait_for_busy_widgets(self: Pilot, timeout: float = 30.0) -> bool:
    """`Pilot._wait_for_screen`, counting down only the pumps that have work."""
    try:
        screen = self.app.screen
    except Exception:
        return False
    app = self.app
    count = 0
    done = asyncio.Event()

    def decrement() -> None:
        nonlocal count
        count -= 1
        if count == 0:
            done.set()

    for pump in (app, screen, *screen.walk_children()):
        if (pump is app or pump is screen or not parked(pump)) and pump.call_later(decrement):
            count += 1
    if count:
        waits = [
            asyncio.create_task(done.wait()),
            asyncio.create_task(app._exception_event.wait()),
        ]
        _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if len(pending) == len(waits):
            raise WaitForScreenTimeout(
                "Timed out while waiting for widgets to process pending messages."
            )
        if count > 0:
            return False
    return True


def install() -> bool:
    """Use the cheaper wait if Textual is the version it follows; True if installed."""
    if textual.__version__ != WRITTEN_FOR:
        return False
    Pilot._wait_for_screen = wait_for_busy_widgets  # type: ignore[method-assign]
    return True

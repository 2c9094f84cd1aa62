"""Full garbage collections while nobody is typing, not in the middle of a step switch.

Textual keeps tens of thousands of small cached objects (every rendered line has its own
caches). A full collection walks all of them: about 170 ms on a modest 2-core laptop, and
with the default settings one came every second or third step switch, doubling it. Young
collections stay automatic (they are cheap); the full one waits until the keyboard has
been quiet for a moment, or until a great deal has piled up."""

from __future__ import annotations

import asyncio
import contextvars
import ctypes
import ctypes.util
import functools
import gc
import time
import weakref
from collections.abc import Callable
from typing import Any

QUIET_S = 2.0
"""Seconds without a key or click before a full collection may run."""

DUE_AFTER = 10
"""Young-generation collections since the last full one before it is due (Python's own
default threshold for the oldest generation)."""

OVERDUE_AFTER = 400
"""…and after this many it runs even while someone is typing (memory must stay bounded)."""

RETRY_S = 0.5
"""After a closed screen survived its collection: how long until the next try (a
cancelled timer's pending wake-up holds its widget until the moment it was due)."""

RETRIES = 3
"""How many more tries after the first (each a full collection) before the idle
collector is left to it."""

_NEVER = 1_000_000_000


class IdleCollector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._saved: tuple[int, int, int] | None = None
        self.collections = 0

    def start(self) -> None:
        """Stop automatic full collections (young ones continue)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], _NEVER)

    def stop(self) -> None:
        """Give the process its settings back (the app has ended; tests run many apps)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def touched(self) -> None:
        """A key or a click has arrived."""
        self.last_input = time.monotonic()

    def collect_now(self) -> None:
        """A full collection at a natural break (a session has just been closed), then
        the freed pages go back to the system."""
        gc.collect()
        self.collections += 1
        return_freed_memory()

    def collect_when_gone(
        self,
        closed: object,
        task: asyncio.Task[Any],
        after_refresh: Callable[[Callable[[], None]], object] | None = None,
    ) -> None:
        """Collect `closed` (a screen being removed) as soon as it can be freed: when its
        message task `task` has ended, whether or not the keyboard ever rests.

        Collecting from inside the screen's own unmount handler (or from a message it
        posted) freed nothing: the screen was still running, and the message it had sent
        stayed in the receiver's loop until the next one arrived, holding the screen,
        so a whole session stayed in memory until the next full collection. This runs
        as a plain callback of the event loop instead, in an empty context (a copied
        one would name the screen as the running message pump). Should something still
        hold the screen, it is tried again a little later (a few times at most).

        `after_refresh` (the app's `call_after_refresh`) makes the first try wait, in
        addition, until the screen now shown has run the callbacks queued for after its
        next refresh: Textual queues some of the closed screen's own there (its key
        bindings are refreshed after every focus change), and a collection before they
        ran freed nothing and was tried again half a second later, three full
        collections of a large session instead of one, the later ones in the middle of
        whatever came next."""
        ref = weakref.ref(closed)
        loop = asyncio.get_running_loop()

        def attempt(tries_left: int) -> None:
            self.collect_now()
            if ref() is not None and tries_left:
                loop.call_later(RETRY_S, attempt, tries_left - 1, context=contextvars.Context())

        def first() -> None:
            # out of the callbacks' own run: the list of them it holds is let go first
            loop.call_soon(attempt, RETRIES, context=contextvars.Context())

        def ended(_task: object) -> None:
            if after_refresh is None:
                first()
            else:
                loop.call_soon(after_refresh, first, context=contextvars.Context())

        task.add_done_callback(ended, context=contextvars.Context())

    def deferring(self) -> bool:
        """Full collections are being held back for an idle moment (the app is running)."""
        return self._saved is not None

    def tick(self, now: float | None = None) -> bool:
        """Run a full collection if one is due and the room is quiet; True if it ran."""
        pending = gc.get_count()[2]
        now = time.monotonic() if now is None else now
        quiet = now - self.last_input >= QUIET_S
        if (pending >= DUE_AFTER and quiet) or pending >= OVERDUE_AFTER:
            gc.collect()
            self.collections += 1
            return True
        return False


def collect_if_deferred() -> None:
    """After a large piece of work whose garbage is cyclic (an export: python-docx and
    openpyxl objects point at their parents), collect it now if full collections are
    being deferred (see IdleCollector); otherwise Python's own thresholds see to it.
    Without this the documents' trees stayed in memory until the keyboard rested."""
    if gc.get_threshold()[2] >= _NEVER:
        gc.collect()
        return_freed_memory()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None elsewhere (macOS, Windows, musl)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def return_freed_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise: the larger
    objects a session freed, its long lists and texts, stayed in the process's RSS)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

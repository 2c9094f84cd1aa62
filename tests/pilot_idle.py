"""A quicker idle wait for the test suite. Textual's Pilot waits after every key it
presses (twice) and on every `pause()` until the process looks idle: a window of 20 ms
(10 ms in this suite before) in which under 1/20 of the time went to the CPU. So every
key and pause cost at least a window of waiting, and on average half a window more past
the moment the app went quiet: about 8,000 waits a run, over a minute of the suite's
two workers doing nothing.

`wait_for_idle` here asks the event loop instead of only the clock: the app is idle when
a short window (2 ms) passes with no CPU spent, no callback is ready to run, and no timer
is due within a frame to do something (a paused timer's wake-up does nothing). So it
waits for what is about to run at least as long as the old window did, and returns as
soon as the app is quiet. Installed by
`tests/conftest.py` for the Textual version it was written against only."""

from __future__ import annotations

import asyncio
from time import monotonic, process_time

import textual
import textual.app
import textual.pilot
from textual.timer import Timer

WRITTEN_FOR = "8.2.8"
"""The Textual version whose `textual._wait.wait_for_idle` this replaces."""

WINDOW_S = 0.002
"""How long the process is watched for CPU time at each look."""

BUSY_CPU_S = WINDOW_S / 20
"""CPU time in one window that counts as work (Textual's own ratio)."""

SOON_S = 0.02
"""A timer due within this is waited for: the app is about to work. A little over one of
Textual's 1/60 s frames, so a screen's refresh asked for is always waited for even on
Textual's own clock (a 10 ms look missed the one of a screen behind the current one);
the suite's screens tick every millisecond (`tests/frame_clock.py`)."""


def _idle_timer(handle: asyncio.TimerHandle) -> bool:
    """Whether the handle only wakes a Textual timer that will do nothing: one paused (its
    task sleeps to the next tick and then waits to be resumed: the screen's update timer
    sleeps so after every frame), or one of an app that is exiting (each tick returns at
    once, and the update timer, never paused again, ticks until the app is gone)."""
    future = handle._args[0] if handle._args else None  # type: ignore[attr-defined]
    if not isinstance(future, asyncio.Future):
        return False
    for task in asyncio.all_tasks():
        if task._fut_waiter is future:  # type: ignore[attr-defined]
            frame = task.get_coro().cr_frame  # type: ignore[union-attr]
            timer = frame.f_locals.get("self") if frame is not None else None
            if not isinstance(timer, Timer):
                return False
            return not timer._active.is_set() or _exiting(timer._target())
    return False


def _exiting(target: object) -> bool:
    try:
        return bool(target.app._exit)  # type: ignore[attr-defined]
    except Exception:  # gone, or no app to ask: nothing says it exits
        return False


def quiet(loop: asyncio.AbstractEventLoop) -> bool:
    """No callback ready to run and no timer due within `SOON_S` that will do something."""
    if loop._ready:  # type: ignore[attr-defined]
        return False
    soon = loop.time() + SOON_S
    return all(
        handle.cancelled() or handle.when() >= soon or _idle_timer(handle)
        for handle in loop._scheduled  # type: ignore[attr-defined]
    )


async def wait_for_idle(min_sleep: float = WINDOW_S, max_sleep: float = 1) -> None:
    """Textual's `wait_for_idle`, with the event loop asked as well as the clock."""
    loop = asyncio.get_running_loop()
    start = monotonic()
    while True:
        cpu = process_time()
        await asyncio.sleep(WINDOW_S)
        spent = process_time() - cpu
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            break
        if elapsed > min_sleep and spent < BUSY_CPU_S and quiet(loop):
            break


def install() -> bool:
    """Use the quicker wait if Textual is the version it follows; True if installed."""
    if textual.__version__ != WRITTEN_FOR:
        return False
    textual.pilot.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
    textual.app.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
    return True

"""A quicker frame clock for the test suite.

A Textual screen draws on a timer that ticks 60 times a second: a refresh asked for is
drawn at the next tick, on average 8 ms and at most 17 ms later. A Pilot test waits for
that frame after every key and pause, with nothing else to do meanwhile: an app showing
its home screen took 71 ms for 38 ms of CPU (43 ms on this clock, the same CPU), and
about a thousand apps start in a run.

Here the tick comes every millisecond, so a frame is drawn as soon as the app is
quiet. Every frame is still drawn, with the same widgets and the same code; frames are
only merged less than at 60 a second, so a test that counts the frames of a step switch
is stricter, not looser. Nothing else runs on this clock (animations and the app's own
timers keep theirs). Installed by `tests/conftest.py` for the Textual version whose
screen module it changes."""

from __future__ import annotations

import textual
import textual.screen

WRITTEN_FOR = "8.2.8"
"""The Textual version whose `textual.screen.UPDATE_PERIOD` (read when a screen starts
its update timer) this replaces."""

FRAME_S = 0.001
"""Seconds between a screen's ticks in the tests (Textual's own: 1/60)."""

TEXTUAL_FRAME_S = textual.screen.UPDATE_PERIOD
"""Textual's own period, which the app keeps outside the tests."""


def install() -> bool:
    """Tick every `FRAME_S` if Textual is the version this follows; True if installed."""
    if textual.__version__ != WRITTEN_FOR:
        return False
    textual.screen.UPDATE_PERIOD = FRAME_S  # type: ignore[misc]
    return True

"""Helpers shared by the benchmark scripts: statistics, a small table, JSON results.

Benchmarks measure and report; they never assert times.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = Path(os.environ.get("WORKSHOP_BENCH_RESULTS") or HERE / "results")
"""Where results go (the tests point it at a temporary folder)."""


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, float]:
    """n, min, median, p90, p95, max of a list of timings (same unit as given)."""
    return {
        "n": len(values),
        "min": min(values),
        "median": statistics.median(values),
        "p90": percentile(values, 90),
        "p95": percentile(values, 95),
        "max": max(values),
    }


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain text table (numbers right-aligned)."""

    def fmt(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.2f}"
        return str(v)

    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row, raw in zip(cells, rows, strict=True):
        parts = []
        for v, r, w in zip(row, raw, widths, strict=True):
            parts.append(v.rjust(w) if isinstance(r, int | float) else v.ljust(w))
        lines.append("  ".join(parts))
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    import textual

    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "textual": textual.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def shown(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write benchmarks/results/<name>.json and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"benchmark": name, "environment": environment(), **payload}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def forget_text_breaks() -> None:
    """Empty the caches of lines that texts were broken into (`domain.text_wrap`): an
    opening timed after this is timed as the first one in a new process, not with every
    card's lines remembered from the opening before (which made the ② board of 10,000
    cards look filled in a fraction of the time it takes the first time)."""
    from workshop.domain import line_breaks, text_wrap

    text_wrap._clipped.cache_clear()
    line_breaks.break_flags.cache_clear()


def pad_name(widgets: int, shown: int = 0) -> str:
    """How results name a bare pane padded to `widgets` widgets, `shown` of them laid out
    (0: the padding is all in a tab not shown): "67", "126/122"."""
    return f"{widgets}/{shown}" if shown else str(widgets)


def pad_suffix(widgets: int, shown: int = 0) -> str:
    """The suffix of the result keys of such a pane: " (67 widgets)",
    " (126 widgets, 122 laid out)"."""
    if not widgets:
        return ""
    return f" ({widgets} widgets, {shown} laid out)" if shown else f" ({widgets} widgets)"


def pad_parts(name: str) -> tuple[int, int]:
    """`pad_name` read back: "126/122" -> (126, 122), "67" -> (67, 0)."""
    widgets, _, shown = name.partition("/")
    return int(widgets), int(shown or 0)


def laid_out(root: Any) -> int:
    """How many widgets of `root` (itself included) the screen's last layout placed: the
    widgets a switch lays out and paints (those in a hidden tab or not yet built are not
    counted; `len(root.query("*")) + 1` counts every widget built)."""
    placed = root.screen._compositor.full_map  # Textual's map of the last layout
    return sum(1 for w in placed if w is root or root in w.ancestors)


def send_key(app: Any, key: str, char: str | None = None) -> float:
    """Send a key event into `app` as a terminal would (through its driver, so it waits
    behind whatever the app is doing); returns the moment it was sent
    (`time.perf_counter`)."""
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)
    sent = time.perf_counter()
    app._driver.send_message(event)
    return sent


@contextmanager
def full_collections_between() -> Iterator[None]:
    """A bare yardstick app run under workshop's collection policy: no full garbage
    collection inside a timed action (workshop's `IdleCollector` holds them while someone
    types, and each timed workshop action counts as a key), one before each measurement
    the caller starts (`gc.collect()` outside the timed window, as workshop collects when
    a session closes). Without it the bare app paid for Python's full collections at
    random points of its timed actions, and their cost grew with what earlier
    measurements of the same process had left (115 ms at first, 670 ms by the end of a
    `sizes.py` run): noise and an inflated yardstick, which flattered workshop's ratios."""
    saved = gc.get_threshold()
    gc.collect()
    gc.set_threshold(saved[0], saved[1], 1_000_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


class PaintClock:
    """When the screen last painted a frame (Textual's compositor refresh).

    `pilot.pause()` also waits for a callback sent to every widget of the screen, so its
    time grows with the number of widgets even where nothing is drawn; `until_painted`
    instead waits until the app is idle and reports when the last frame went out: what
    the person at the keyboard sees."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.at = 0.0
        self.watch: Callable[[], bool] | None = None
        """Checked after each frame until it holds; `seen` is then that frame's time."""
        self.seen: float | None = None
        original = Screen._compositor_refresh
        clock = self

        def refreshed(screen: Screen) -> None:
            original(screen)
            clock.at = time.perf_counter()
            if clock.watch is not None and clock.seen is None and clock.watch():
                clock.seen = clock.at

        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]

    def first_frame_where(self, watch: Callable[[], bool] | None) -> None:
        """Note the first frame painted from now on after which `watch()` holds."""
        self.watch = watch
        self.seen = None

    async def until_painted(self, since: float) -> float:
        """Milliseconds from `since` to the last frame painted once the app is idle."""
        import asyncio

        from textual._wait import wait_for_idle

        await wait_for_idle(0.05)
        await asyncio.sleep(0.05)  # a late frame (a resize, a focus) still counts
        await wait_for_idle(0.05)
        return (self.at - since) * 1000


async def sessions_opened(
    app: Any, clock: PaintClock, session_id: str, step: Any, runs: int
) -> AsyncIterator[tuple[int, Any]]:
    """Open the session `runs` + 1 times on a new screen each, the first a warm-up
    (r = -1: modules imported), and yield (r, screen) with `step` not shown yet for the
    caller to visit; then back to the first step and home. A screen that opens on `step`
    is passed over (left on another step, so the next opening starts there). The caller
    lets go of the screen before the next turn (`del screen`): held, the closed session
    could not be freed when it closed."""
    for r in range(-1, runs):
        app.open_session(session_id)
        await clock.until_painted(time.perf_counter())
        if app.screen.current == step:
            steps = app.screen.steps
            app.screen.go_to(steps[0] if step != steps[0] else steps[1])
            app.screen.action_home()
            await clock.until_painted(time.perf_counter())
            continue
        yield r, app.screen
        app.screen.go_to(app.screen.steps[0])
        await clock.until_painted(time.perf_counter())
        app.screen.action_home()
        await clock.until_painted(time.perf_counter())

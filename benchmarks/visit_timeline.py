"""What happens between a step switch and its last frame: every layout of the screen,
every frame painted (and what it painted), every time a card board adds rows, every
garbage collection, in milliseconds from the switch.

    python benchmarks/visit_timeline.py --db benchmarks/results/db/c10000.db --step strengths

The largest session is opened once as a warm-up (modules imported), then `--runs` times
on a new screen, each time visiting the step for the first time (`screen.go_to(step)`)
as `sizes.py` does (the keyboard marked as just used, so no idle collection runs), until
the last frame painted. Prints each run's events and the median
of: the end of the first frame, the number of layouts and frames, and the last paint.
No profiler: the times are those of the running app, with a few hooks' overhead.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PaintClock, sessions_opened


async def timeline(db: Path, step_value: str, runs: int) -> list[list[tuple[Any, ...]]]:
    from textual.screen import Screen

    from workshop.app import WorkshopApp
    from workshop.domain.enums import Step
    from workshop.store import Store
    from workshop.widgets import card_board

    step = Step(step_value)
    events: list[tuple[Any, ...]] = []
    start = [0.0]

    def ms(at: float) -> int:
        return round((at - start[0]) * 1000)

    fill = card_board.CardBoard._fill_to

    def fill_to(board: Any, end: int) -> None:
        at, rows = time.perf_counter(), board._filled
        fill(board, end)
        if board._filled != rows:
            events.append(("rows", ms(at), ms(time.perf_counter()) - ms(at), rows, board._filled))

    layout = Screen._refresh_layout

    def laid_out(screen: Screen, *args: Any, **kwargs: Any) -> None:
        at = time.perf_counter()
        layout(screen, *args, **kwargs)
        events.append(("layout", ms(at), ms(time.perf_counter()) - ms(at)))

    frame = Screen._compositor_refresh

    def painted(screen: Screen) -> None:
        at = time.perf_counter()
        dirty = sorted({type(w).__name__ for w in screen._dirty_widgets})
        frame(screen)
        events.append(("frame", ms(at), ms(time.perf_counter()) - ms(at), len(dirty), dirty[:4]))

    began: list[float] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began and info["generation"] == 2:
            at = began.pop()
            events.append(("gc2", ms(at), ms(time.perf_counter()) - ms(at)))
        elif began:
            began.pop()

    card_board.CardBoard._fill_to = fill_to  # type: ignore[method-assign]
    Screen._refresh_layout = laid_out  # type: ignore[method-assign]
    Screen._compositor_refresh = painted  # type: ignore[method-assign]
    gc.callbacks.append(collected)
    clock = PaintClock()
    store = Store(db)
    sid = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store)
    out: list[list[tuple[Any, ...]]] = []
    async with app.run_test(size=(120, 40)):
        await clock.until_painted(time.perf_counter())
        async for r, screen in sessions_opened(app, clock, sid, step, runs):
            app.idle_gc.touched()
            events.clear()
            start[0] = time.perf_counter()
            screen.go_to(step)
            last = await clock.until_painted(start[0])
            if r >= 0:
                out.append([*events, ("last paint", round(last))])
            start[0] = 0.0
            del screen
    gc.callbacks.remove(collected)
    store.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--step", default="strengths", help="a Step value: strengths, vision, …")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="ws-timeline-"))
    try:
        work = tmp / "work.db"
        shutil.copyfile(args.db, work)
        runs = asyncio.run(timeline(work, args.step, args.runs))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for n, events in enumerate(runs, 1):
        print(f"run {n}:")
        for event in events:
            print("  ", *event)

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    first = [next(e[1] + e[2] for e in run if e[0] == "frame") for run in runs]
    print(
        f"{args.step}, {len(runs)} runs, medians: first frame painted by {median(first):.0f} ms;"
        f" {median([sum(e[0] == 'layout' for e in run) for run in runs]):.0f} layouts,"
        f" {median([sum(e[0] == 'frame' for e in run) for run in runs]):.0f} frames;"
        f" last paint {median([run[-1][1] for run in runs]):.0f} ms"
    )


if __name__ == "__main__":
    main()

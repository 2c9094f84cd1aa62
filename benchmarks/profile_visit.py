"""Where the time of a step's first visit goes: workshop's code or Textual's (pyinstrument).

    python benchmarks/profile_visit.py --db benchmarks/results/db/c2000.db --step strengths
    python benchmarks/profile_visit.py --db benchmarks/results/db/c2000.db --step vision --runs 5
    python benchmarks/profile_visit.py --db benchmarks/results/db/c2000.db --open

The largest session is opened once as a warm-up (modules imported), then `--runs` times
on a new screen; each time the step's pane is built (`screen.go_to(step)`) and the app
is left to paint its last frame (`common.PaintClock`), under pyinstrument (1 ms samples,
every task of the event loop). With `--open`, the opening of the session itself is
profiled instead (`app.open_session`, from the home screen to the last frame of its first
pane, the lines cards were broken into forgotten first as `sizes.py` does; each opening
after the last one's session has been collected). The samples
of all runs are added up and reported:
- by the package of the innermost frame (self time): workshop, textual, rich, …;
- by whether a workshop frame is anywhere on the stack ("caused by workshop code": a
  DataTable row added by a pane counts here even though Textual's code runs it) or
  not (Textual's own machinery: messages, layout, compositor, idle waits);
- the functions with the most self time, and workshop's functions with the most total
  time. Writes `results/profile-STEP.json` and pyinstrument's HTML beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    RESULTS,
    PaintClock,
    forget_text_breaks,
    sessions_opened,
    shown,
    table,
    write_result,
)


def package(identifier: str) -> str:
    """'workshop', 'textual', 'rich', … from a pyinstrument frame identifier."""
    parts = identifier.split("\x00")
    path = parts[1] if len(parts) > 1 else ""
    if "/workshop/" in path and "site-packages" not in path:
        return "workshop"
    if "site-packages/" in path:
        return path.split("site-packages/")[1].split("/")[0].removesuffix(".py")
    if path.startswith("<"):
        return path
    return "python (stdlib)"


def name(identifier: str) -> str:
    parts = identifier.split("\x00")
    path = parts[1] if len(parts) > 1 else ""
    short = path.split("site-packages/")[-1].split("/workshop/")[-1]
    return f"{parts[0]} ({short})"


async def profile(
    db: Path, step_value: str, runs: int, revisit: bool = False, opening: bool = False
) -> tuple[list, list[float], Any]:
    from pyinstrument import Profiler

    from workshop.app import WorkshopApp
    from workshop.domain.enums import Step
    from workshop.store import Store

    step = Step(step_value)
    store = Store(db)
    sid = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store)
    clock = PaintClock()
    records: list = []
    times: list[float] = []
    last = None

    async def profiled(r: int, action: Callable[[], object]) -> None:
        """`action` under the profiler, to the last frame painted; kept unless r < 0 (the
        warm-up)."""
        nonlocal last
        profiler = Profiler(interval=0.001, async_mode="disabled")
        app.idle_gc.touched()
        profiler.start()
        t = time.perf_counter()
        action()
        ms = await clock.until_painted(t)
        session = profiler.stop()
        if r >= 0:
            times.append(ms)
            records.extend(session.frame_records)
            last = profiler

    async with app.run_test(size=(120, 40)):
        await clock.until_painted(time.perf_counter())
        if opening:
            for r in range(-1, runs):
                forget_text_breaks()
                await profiled(r, lambda: app.open_session(sid))
                # the closed session is collected (`IdleCollector.collect_when_gone`, its
                # retries included) before the next opening, not in the middle of its profile
                closed = weakref.ref(app.screen)
                app.screen.action_home()
                await clock.until_painted(time.perf_counter())
                waited = time.perf_counter()
                while closed() is not None and time.perf_counter() < waited + 3:
                    await asyncio.sleep(0.02)
        async for r, screen in sessions_opened(app, clock, sid, step, -1 if opening else runs):
            if revisit:  # built first, then left: the profiled switch shows it again
                screen.go_to(step)
                await clock.until_painted(time.perf_counter())
                screen.go_to(screen.steps[0] if step != screen.steps[0] else screen.steps[1])
                await clock.until_painted(time.perf_counter())
            await profiled(r, lambda screen=screen: screen.go_to(step))
            del screen
    store.close()
    return records, times, last


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--step", default="strengths", help="a Step value: strengths, vision, …")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--revisit", action="store_true", help="profile a revisit, not a first visit")
    ap.add_argument("--open", action="store_true", help="profile opening the session instead")
    args = ap.parse_args(argv)
    visit = "revisit" if args.revisit else "first visit"
    name_ = f"profile-{args.step}" + ("-revisit" if args.revisit else "")
    what = f"{visit} of {args.step}"
    if args.open:
        visit, name_ = "opening", "profile-open"
        what = "opening of the session"
    tmp = Path(tempfile.mkdtemp(prefix="ws-profile-"))
    try:
        work = tmp / "work.db"
        shutil.copyfile(args.db, work)
        records, times, last = asyncio.run(
            profile(work, args.step, args.runs, args.revisit, args.open)
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    leaf: Counter[str] = Counter()
    caused: Counter[str] = Counter()
    self_fn: Counter[str] = Counter()
    total_fn: Counter[str] = Counter()
    whole = 0.0
    for stack, seconds in records:
        whole += seconds
        frames = [f for f in stack if "\x00<thread>\x00" not in f]
        if not frames:
            continue
        leaf[package(frames[-1])] += seconds
        ours = [f for f in frames if package(f) == "workshop"]
        idle = "select" in frames[-1].split("\x00")[0] or "_run_once" in frames[-1]
        if ours:
            caused["a workshop frame on the stack"] += seconds
        elif idle:
            caused["event loop waiting (select)"] += seconds
        else:
            caused["Textual/Rich machinery only (no workshop frame)"] += seconds
        self_fn[name(frames[-1])] += seconds
        for f in set(ours):
            total_fn[name(f)] += seconds

    def pct(c: Counter[str], n: int) -> list[list[Any]]:
        return [[k, v * 1000 / len(times), 100 * v / whole] for k, v in c.most_common(n)]

    print(
        f"{what}: {len(times)} runs, median "
        f"{sorted(times)[len(times) // 2]:.0f} ms to the last paint; "
        f"{whole * 1000 / len(times):.0f} ms sampled per run"
    )
    heads = ["ms per visit", "%"]
    print(table(["innermost frame's package (self time)", *heads], pct(leaf, 10)))
    print()
    print(table(["stack contains", *heads], pct(caused, 5)))
    print()
    print(table(["function (self time)", *heads], pct(self_fn, 15)))
    print()
    print(table(["workshop function (total time)", *heads], pct(total_fn, 15)))
    payload = {
        "step": None if args.open else args.step,
        "database": str(args.db),
        "times_ms": times,
        "sampled_ms_per_visit": whole * 1000 / len(times),
        "by_package": pct(leaf, 20),
        "by_stack": pct(caused, 5),
        "self": pct(self_fn, 40),
        "workshop_total": pct(total_fn, 40),
    }
    path = write_result(name_, payload | {"visit": visit})
    html = RESULTS / f"{name_}.html"
    if last is not None:
        html.write_text(last.output_html(), encoding="utf-8")
        html.with_suffix(".txt").write_text(last.output_text(show_all=False), encoding="utf-8")
    print(f"\nresult: {shown(path)} (the last run as HTML: {shown(html)})")


if __name__ == "__main__":
    main()

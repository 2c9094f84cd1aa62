"""Workshop at one database size, beside bare Textual yardsticks measured in the same run.

    python benchmarks/sizes.py --db /tmp/s1000.db --label s1000 --what home,list
    python benchmarks/sizes.py --db /tmp/c10000.db --label c10000 --what session --runs 5
    python benchmarks/sizes.py --db /tmp/s1000.db --label typical --what session --typical

Every UI time ends at the last frame painted once the app is idle (`common.PaintClock`),
in `App.run_test(size=(120, 40))`, on a copy of the database. Each timed action counts as
a key press for the idle collector (`app.idle_gc.touched()`), as a person at the keyboard.

- `home`: the home screen pushed (`HomeScreen()`) until painted with its table filled;
  yardstick: a bare screen (`bare_app.FirstScreen`) with a DataTable of the same rows.
- `list`: `python -m workshop --db DB list`, wall time of the process; yardstick: the same
  command on the demo database (the cost of the size, not of the interpreter).
- `session`: the largest session (or with `--typical` the session with the median number
  of cards) opened `--runs` times, each on a new screen after one warm-up opening (the
  modules are imported; the lines cards were broken into are forgotten before every
  opening, as in a new process: `forget_text_breaks`):
  open to its first pane painted; every other step's FIRST visit (the pane is built, to
  the last frame painted; a large card board has rows for its first screens, the rest
  are read and added when the view comes near them, timed below; `first visit STEP,
  first frame with cards` is the first frame painted with rows on the step's board); the
  ② findings tab shown (matching on a thread included: the time ends when the worker is
  done and the table is painted; also the first frame painted with findings rows); then,
  on the first opening, three rounds of revisits (to the last frame painted, and to the
  first frame painted after the switch: a frame that repaints only an unchanged scroll
  bar, as Textual's DataTable does after every layout, counts in the first figure only).
  Yardsticks (`bare_switch.py`, in the same process): the session-like screen pushed with
  one pane, a pane's first visit (mount) and revisit, for the plain bare pane and for
  bare panes padded to as many widgets as workshop's panes have (the median pane, ②, and
  each step's own: `step_yardsticks`, with the padding laid out for a step that lays out
  a form). Widget counts of every pane are reported, and of the whole screen opened (the
  bare screen's chrome has as many widgets as workshop's). The bare app runs under
  workshop's collection policy (`common.full_collections_between`), each pad's panes
  removed once it is measured.
- `findings`: only that: the session opened `--runs` times (after a warm-up), ② shown,
  then its findings tab timed as above (no yardstick).
- Both: before the findings tab, ctrl+End on ②'s board (a large board has rows for its
  first screens only until the view comes near the rest: the key reads and adds them),
  from the key event to the last frame painted.

Writes `benchmarks/results/sizes-LABEL.json` (raw samples, widget counts, load average).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bare_sizes import bare_ui
from boards import cards_shown
from common import (
    ROOT,
    PaintClock,
    forget_text_breaks,
    laid_out,
    pad_name,
    pad_parts,
    send_key,
    shown,
    summary,
    table,
    write_result,
)

Raw = dict[str, list[float]]


def add(out: Raw, name: str, value: float) -> None:
    out.setdefault(name, []).append(value)


def pick_session(store: Any, typical: bool) -> tuple[str, int]:
    rows = sorted(store.session_summaries(), key=lambda s: s.cards)
    row = rows[len(rows) // 2] if typical else rows[-1]
    return row.id, row.cards


async def workshop_ui(
    db: Path, runs: int, what: set[str], typical: bool, clock: PaintClock
) -> tuple[Raw, dict[str, Any]]:

    from workshop.app import WorkshopApp
    from workshop.domain.enums import Step
    from workshop.screens.home import HomeScreen
    from workshop.store import Store

    out: Raw = {}
    shape: dict[str, Any] = {}
    store = Store(db)
    app = WorkshopApp(store=store)

    async def painted(t: float) -> float:
        return await clock.until_painted(t)

    async with app.run_test(size=(120, 40)):
        await painted(time.perf_counter())
        if "home" in what:
            shape["home_rows"] = app.screen.query_one("#sessions").row_count
            shape["home_widgets"] = len(app.screen.query("*")) + 1
            shape["sessions"] = store.session_count()
            for _ in range(runs):
                app.pop_screen()
                await painted(time.perf_counter())
                app.idle_gc.touched()
                t = time.perf_counter()
                await app.push_screen(HomeScreen())
                add(out, "home pushed to paint", await painted(t))
        if "findings" in what and "session" not in what:
            sid, cards = pick_session(store, typical)
            shape["session_cards"] = cards
            for r in range(-1, runs):  # -1: the warm-up opening (modules imported)
                forget_text_breaks()
                app.open_session(sid)
                await painted(time.perf_counter())
                screen = app.screen
                await findings_shown(app, screen, clock, out if r >= 0 else {})
                screen.action_home()
                del screen  # held here, the closed session could not be freed when it closed
                await painted(time.perf_counter())
        if "session" in what:
            sid, cards = pick_session(store, typical)
            shape["session_cards"] = cards
            widgets: dict[str, int] = {}
            placed: dict[str, int] = {}
            for r in range(-1, runs):  # -1: the warm-up opening (modules imported)
                forget_text_breaks()  # as in a new process: no card broken into lines yet
                app.idle_gc.touched()
                t = time.perf_counter()
                app.open_session(sid)
                opened = await painted(t)
                screen: Any = app.screen
                first = screen.current
                shape["open_screen_widgets"] = len(screen.query("*")) + 1
                widgets[first.value] = len(screen.pane(first).query("*")) + 1
                placed[first.value] = laid_out(screen.pane(first))
                shape["first_pane"] = first.value
                if r >= 0:
                    add(out, "open to first pane painted", opened)
                for step in screen.steps:
                    if step == first:
                        continue
                    app.idle_gc.touched()
                    clock.first_frame_where(
                        lambda screen=screen, step=step: cards_shown(screen, step)
                    )
                    t = time.perf_counter()
                    screen.go_to(step)
                    ms = await painted(t)
                    seen = clock.seen
                    clock.first_frame_where(None)
                    widgets[step.value] = len(screen.pane(step).query("*")) + 1
                    placed[step.value] = laid_out(screen.pane(step))
                    if r >= 0:
                        add(out, "first visit, every step", ms)
                        add(out, f"first visit {step.value}", ms)
                        if seen is not None:
                            add(
                                out,
                                f"first visit {step.value}, first frame with cards",
                                (seen - t) * 1000,
                            )
                if Step.STRENGTHS in screen.steps:
                    await findings_shown(app, screen, clock, out if r >= 0 else {})
                if r == 0:
                    for _ in range(3 if runs >= 3 else 1):
                        for step in screen.steps:
                            app.idle_gc.touched()
                            clock.first_frame_where(lambda: True)
                            t = time.perf_counter()
                            screen.go_to(step)
                            add(out, "revisit, every step", await painted(t))
                            if clock.seen is not None:
                                add(out, "revisit to first frame", (clock.seen - t) * 1000)
                            clock.first_frame_where(None)
                screen.go_to(first)
                await painted(time.perf_counter())
                app.idle_gc.touched()
                screen.action_home()
                del screen  # held here, the closed session could not be freed when it closed
                await painted(time.perf_counter())
            shape["pane_widgets"] = widgets
            shape["pane_laid_out"] = placed
    store.close()
    return out, shape


async def findings_shown(app: Any, screen: Any, clock: PaintClock, out: Raw) -> None:
    """② shown, ctrl+End on its board (`board_to_its_end`), then its findings tab: timed
    to the last frame painted once the match is done, and to the first frame painted with
    findings rows."""
    from textual._wait import wait_for_idle
    from textual.widgets import TabbedContent

    from workshop.domain.enums import Step
    from workshop.widgets.flex_table import FlexTable

    screen.go_to(Step.STRENGTHS)
    await clock.until_painted(time.perf_counter())
    await board_to_its_end(app, screen, clock, out)  # (before the findings read every card)
    pane = screen.pane(Step.STRENGTHS)
    tabs = pane.query_one(TabbedContent)
    table = pane.query_one("#fd-table", FlexTable)
    app.idle_gc.touched()
    clock.first_frame_where(lambda: table.row_count > 0 and table.size.width > 0)
    t = time.perf_counter()
    tabs.active = "tab-findings"
    await wait_for_idle(0)
    await app.workers.wait_for_complete()
    ms = await clock.until_painted(t)
    seen = clock.seen
    clock.first_frame_where(None)
    add(out, "findings tab shown (matched, painted)", ms)
    if seen is not None:
        add(out, "findings tab shown, first frame with findings", (seen - t) * 1000)
    tabs.active = "tab-cards"
    await clock.until_painted(time.perf_counter())


async def board_to_its_end(app: Any, screen: Any, clock: PaintClock, out: Raw) -> None:
    """ctrl+End on ②'s board as first shown (rows for its first screens only): the rest
    of its cards are read and added then, and the last card's screen drawn. Timed from the
    key event entering the app (as from a terminal) to the last frame painted."""
    from workshop.domain.enums import Step
    from workshop.widgets.card_board import CardBoard
    from workshop.widgets.flex_table import FlexTable

    board = screen.pane(Step.STRENGTHS).query_one(CardBoard)
    table = board.query_one(FlexTable)
    if not board.waiting:
        return  # every card has its row: nothing of this path to time
    table.focus()
    await clock.until_painted(time.perf_counter())
    app.idle_gc.touched()
    ms = await clock.until_painted(send_key(app, "ctrl+end"))
    if table.cursor_row == len(board.cards) - 1 and not board.waiting:
        add(out, "② ctrl+End on the board as first shown (rest read and added)", ms)


def cli_list(db: Path, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "workshop", "--db", str(db), "list"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=300,
        )
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def demo_db(folder: Path) -> Path:
    from workshop.demo import install_demo
    from workshop.store import Store

    path = folder / "demo.db"
    if not path.exists():
        with Store(path) as store:
            install_demo(store)
    return path


SHOWN_FORM_AT = 40
"""A pane that lays out more widgets than this on its first visit (準備 and ④'s forms lay
out 120 or more; a board's pane 17-28, as the bare pane's 21) is matched by a bare pane
whose padding is laid out too: a form of as many fields, on the tab shown."""


def step_yardsticks(shape: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Each step's bare pane for its first visit: as many widgets, and as many laid out
    when the step lays out a form (`SHOWN_FORM_AT`); the issue's yardstick, "the bare
    mount of a pane with the same widgets"."""
    placed = shape.get("pane_laid_out", {})
    return {
        step: (widgets, placed[step] if placed.get(step, 0) > SHOWN_FORM_AT else 0)
        for step, widgets in shape.get("pane_widgets", {}).items()
    }


def measure(db: Path, runs: int, what: set[str], typical: bool = False) -> dict[str, Any]:
    """Raw samples (ms) of workshop and its yardsticks on a copy of `db`, and the shapes."""
    tmp = Path(tempfile.mkdtemp(prefix="ws-sizes-"))
    try:
        work = tmp / "work.db"
        shutil.copyfile(db, work)
        raw: Raw = {}
        shape: dict[str, Any] = {}
        clock = PaintClock()
        ours, s = asyncio.run(workshop_ui(work, runs, what, typical, clock))
        raw |= ours
        shape |= s
        if "home" in what or "session" in what:
            counts = sorted(shape.get("pane_widgets", {}).values())
            pads = [0]
            step_pads: dict[str, tuple[int, int]] = {}
            if counts:
                pads += [int(statistics.median(counts))]
                strengths = shape["pane_widgets"].get("strengths")
                if strengths and strengths not in pads:
                    pads.append(strengths)
                step_pads = step_yardsticks(shape)
                # opening is set beside the bare screen opened with the first pane's own
                # bare pane (its form laid out when the first pane lays out one: a
                # session opening on 準備 lays out its 127 widgets)
                shape["open_pad"] = pad_name(*step_pads.get(shape.get("first_pane"), (0, 0)))
            if "session" not in what:
                pads, step_pads = [], {}
            bare_pads = [(p, 0) for p in pads]
            bare_pads += [p for p in dict.fromkeys(step_pads.values()) if p not in bare_pads]
            open_pad = pad_parts(shape.get("open_pad", "0"))
            bare, s = asyncio.run(bare_ui(runs, shape.get("home_rows"), bare_pads, clock, open_pad))
            raw |= bare
            shape |= s
            shape["pads"] = pads
            shape["step_pads"] = {k: pad_name(*p) for k, p in step_pads.items()}
        if "list" in what:
            demo = demo_db(tmp)
            cli_list(work, 1)  # warm caches
            raw["workshop list"] = cli_list(work, runs)
            raw["workshop list, demo database"] = cli_list(demo, runs)
        return {"raw": raw, "shape": shape}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--label", default="db")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--what",
        default="home,list,session",
        help="home, list, session; findings: only ② and its findings tab, --runs times",
    )
    ap.add_argument("--typical", action="store_true", help="the median session, not the largest")
    args = ap.parse_args(argv)
    what = set(args.what.split(","))
    m = measure(args.db, args.runs, what, args.typical)
    stats = {k: summary(v) for k, v in m["raw"].items()}
    rows = [[k, s["n"], s["median"], s["p90"], s["max"]] for k, s in stats.items()]
    print(f"{args.label}: {args.db} (copy), ms to the last frame painted")
    print(table(["measure", "n", "median", "p90", "max"], rows))
    print(f"shape: {m['shape']}")
    payload = {"unit": "ms", "database": str(args.db), "label": args.label, "stats": stats}
    path = write_result(f"sizes-{args.label}", payload | m)
    print(f"\nresult: {shown(path)}")


if __name__ == "__main__":
    main()

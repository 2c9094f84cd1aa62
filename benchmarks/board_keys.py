"""Keys pressed on a large card board as first shown: how long until the screen shows
what they did. The largest session (of a copy of the database) is opened and its ②
strengths step shown; the board has rows for its first screens only (the rest of its
cards are read and added when the view or the cursor comes near them). Then, one key
every `--gap` ms: `--keys` times ↓ on the board alternating with a character typed into
its capture line, then ctrl+End (which reads and adds every other card and shows the
last). Each key's latency is the time from the key event entering the app (as from a
terminal) to the first frame painted with its effect (the cursor one row lower; the
character in the line; the last card selected and drawn). Also reported: the first frame
with cards, and the visit to its last frame painted.

    python benchmarks/board_keys.py --db benchmarks/results/db/c10000.db --runs 5
    python benchmarks/board_keys.py --db … --cold    # line breaks not remembered yet

`--cold` empties the remembered line breaks (text_wrap's caches) before each opening, as
the first opening after a start; otherwise the warm-up opening has filled them. Medians
and p90 over all keys of all runs; nothing is asserted."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PaintClock, forget_text_breaks, send_key, table, write_result
from common import shown as shown_path


async def measure(db: Path, runs: int, gap: float, cold: bool, keys: int) -> dict[str, list[float]]:
    from workshop.app import WorkshopApp
    from workshop.domain.enums import Step
    from workshop.store import Store
    from workshop.widgets.card_board import CardBoard
    from workshop.widgets.flex_table import FlexTable

    clock = PaintClock()
    out: dict[str, list[float]] = {
        "first frame with cards": [],
        "visit to last paint": [],
        "↓ on the board, key to frame": [],
        "character typed, key to frame": [],
        "ctrl+End (the rest read and added), key to frame": [],
    }
    store = Store(db)
    sid = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store)
    async with app.run_test(size=(120, 40)):
        await clock.until_painted(time.perf_counter())
        for r in range(-1, runs):  # -1: the warm-up opening (modules imported)
            if cold:
                forget_text_breaks()
            app.idle_gc.touched()

            def shown(app: Any = app) -> bool:
                pane = getattr(app.screen, "pane", lambda _: None)(Step.STRENGTHS)
                tables = list(pane.query(CardBoard).results()) if pane is not None else []
                rows = [t.query(FlexTable).results() for t in tables]
                return any(table.row_count for found in rows for table in found)

            clock.first_frame_where(shown)
            t0 = time.perf_counter()
            app.open_session(sid)
            screen: Any = app.screen
            while not screen.is_mounted:
                await asyncio.sleep(0.001)
            screen.go_to(Step.STRENGTHS)
            while clock.seen is None and time.perf_counter() - t0 < 60:
                await asyncio.sleep(0.002)
            first = (clock.seen - t0) * 1000 if clock.seen is not None else float("nan")
            clock.first_frame_where(None)
            visit = await clock.until_painted(t0)
            board = screen.pane(Step.STRENGTHS).query_one(CardBoard)
            tbl = board.query_one(FlexTable)
            line = board.query_one("#capture-text")
            down: list[float] = []
            typed: list[float] = []
            for n in range(2 * keys):
                if n % 2 == 0:
                    tbl.focus()
                    target = tbl.cursor_row + 1

                    def moved(tbl: Any = tbl, target: int = target) -> bool:
                        return tbl.cursor_row >= target

                    await _key(app, clock, "down", None, moved, down, gap)
                else:
                    line.focus()
                    before = line.value

                    def typed_in(line: Any = line, before: str = before) -> bool:
                        return line.value != before

                    await _key(app, clock, "a", "a", typed_in, typed, gap)
            tbl.focus()
            await asyncio.sleep(gap / 1000)
            was_waiting = board.waiting
            end: list[float] = []

            def at_end(board: Any = board, tbl: Any = tbl) -> bool:
                return not board.waiting and tbl.cursor_row == len(board.cards) - 1

            await _key(app, clock, "ctrl+end", None, at_end, end, gap)
            if r >= 0:
                out["first frame with cards"].append(first)
                out["visit to last paint"].append(visit)
                out["↓ on the board, key to frame"] += down
                out["character typed, key to frame"] += typed
                if was_waiting:  # (a board with every row from the start: not this path)
                    out["ctrl+End (the rest read and added), key to frame"] += end
            line.value = ""
            app.idle_gc.touched()
            screen.action_home()
            del screen  # held here, the closed session could not be freed when it closed
            await clock.until_painted(time.perf_counter())
    store.close()
    return out


async def _key(
    app: Any,
    clock: PaintClock,
    key: str,
    char: str | None,
    done: Any,
    sink: list[float],
    gap: float,
) -> None:
    """Send one key as from a terminal; note the time to the first frame where `done`."""
    await asyncio.sleep(0.01)  # the focus is taken
    clock.first_frame_where(done)
    sent = send_key(app, key, char)
    while clock.seen is None and time.perf_counter() - sent < 5:
        await asyncio.sleep(0.001)
    if clock.seen is not None:
        sink.append((clock.seen - sent) * 1000)
    clock.first_frame_where(None)
    await asyncio.sleep(gap / 1000)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gap", type=float, default=60, help="ms between keys")
    ap.add_argument("--keys", type=int, default=10, help="↓ and characters per run")
    ap.add_argument("--cold", action="store_true", help="line breaks not remembered yet")
    ap.add_argument("--label", default="")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:  # keys type into the board: a copy
        work = Path(folder) / args.db.name
        shutil.copyfile(args.db, work)
        out = asyncio.run(measure(work, args.runs, args.gap, args.cold, args.keys))
    rows = []
    for name, values in out.items():
        if not values:
            rows.append([name, 0, float("nan"), float("nan"), float("nan")])
            continue
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        rows.append([name, len(values), statistics.median(values), p90, max(values)])
    state = "cold (line breaks not remembered)" if args.cold else "warm"
    print(f"{args.label or args.db.name}: {state}, ms")
    print(table(["measure", "n", "median", "p90", "max"], rows))
    name = f"board_keys-{args.label}" if args.label else "board_keys"
    path = write_result(name, {"args": vars(args) | {"db": str(args.db)}, "raw": out})
    print(f"\nresult: {shown_path(path)}")


if __name__ == "__main__":
    main()

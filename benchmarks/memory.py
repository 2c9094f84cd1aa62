"""Memory over a long session: the largest session opened and closed again and again, every
step visited, a card typed on each visit, then every export written to a file (as the
export dialog does with every format chosen); RSS measured in a fresh child
process, beside a bare Textual app doing the same kind of work (screens with a table and
text areas pushed and popped).

    python benchmarks/memory.py                        # 10 cycles, 5 runs of each variant
    python benchmarks/memory.py --db benchmarks/results/large.db --cycles 10 --runs 5

Two ways of working (issue 14: memory must not depend on an idle moment):
- typing throughout: every action counts as a key press, so the keyboard never rests the
  2 s the idle collector waits for;
- with idle pauses: 2.5 s without a key after each cycle.
Reported: RSS after the cycles and after the exports, and the peak (VmHWM), medians of the
runs; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, shown, table, write_result

CHILD = r"""
import asyncio, json, sys, time
from pathlib import Path

def status_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0

async def main(db, cycles, idle):
    from workshop.app import WorkshopApp
    import tempfile
    from workshop.export import FORMATS, export_to_folder, needs_cards
    from workshop.store import Store
    from workshop.widgets.card_board import CardBoard

    store = Store(db)
    big = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out["home_kb"] = status_kb("VmRSS")
        for cycle in range(cycles):
            app.idle_gc.touched()
            app.open_session(big)
            await pilot.pause()
            for step in app.screen.steps:
                app.idle_gc.touched()
                app.screen.go_to(step)
                await pilot.pause()
                boards = list(app.screen.pane(step).query(CardBoard))
                if boards:
                    app.idle_gc.touched()
                    boards[0].focus_capture()
                    await pilot.pause()
                    if app.focused is not None and app.focused.id == "capture-text":
                        await pilot.press(*"メモリの測定", "enter")
                    # a confirmed (確定) session asks before it is changed: leave the dialog
                    for _ in range(3):
                        if type(app.screen).__name__ == "SessionScreen":
                            break
                        await pilot.press("escape")
                        await pilot.pause()
            app.idle_gc.touched()
            app.screen.action_home()
            await pilot.pause()
            if idle:
                await asyncio.sleep(2.5)
                await pilot.pause()
        out["after_cycles_kb"] = status_kb("VmRSS")
        # as the export dialog does with every format chosen: one read, each file written
        data = store.initiative_data(
            store.resolve_session(big).initiative_id, cards=needs_cards(FORMATS)
        )
        with tempfile.TemporaryDirectory() as folder:
            for fmt in FORMATS:
                app.idle_gc.touched()
                export_to_folder(data, big, fmt, Path(folder))
        out["after_exports_kb"] = status_kb("VmRSS")
    out["peak_kb"] = status_kb("VmHWM")
    store.close()
    print(json.dumps(out))

asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "idle"))
"""

BARE_CHILD = r"""
import asyncio, json, sys
from pathlib import Path
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, TextArea

def status_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0

class Work(Screen):
    def compose(self):
        yield Header()
        table = DataTable()
        yield table
        yield Input()
        yield TextArea("")
        yield TextArea("")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("No.", "問い", "内容", "発言者", "票")
        for n in range(int(sys.argv[1])):
            text = "買い物の足の情報を担当課ごとに持っている" * 2
            table.add_row(str(n), "強み", text, "山田（高齢福祉課）", "1")

class Bare(App):
    pass

async def main(rows, cycles):
    app = Bare()
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out["home_kb"] = status_kb("VmRSS")
        for _ in range(cycles):
            for _ in range(6):
                await app.push_screen(Work())
                await pilot.pause()
                await pilot.press(*"メモリの測定", "enter")
                app.pop_screen()
                await pilot.pause()
        out["after_cycles_kb"] = status_kb("VmRSS")
    out["peak_kb"] = status_kb("VmHWM")
    print(json.dumps(out))

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""


def child(code: str, *args: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        cwd=ROOT,
        timeout=1800,
        check=True,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    data = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return {k.removesuffix("_kb") + "_mb": v / 1024 for k, v in data.items()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "benchmarks/results/large.db")
    ap.add_argument("--cycles", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--label", default="", help="results/memory-LABEL.json")
    args = ap.parse_args(argv)
    if not args.db.exists():
        sys.exit(f"no database at {args.db}: run benchmarks/generate_large.py first")
    from workshop.store import Store

    with Store(args.db) as store:
        cards = max(s.cards for s in store.session_summaries())
    samples: dict[str, list[dict[str, float]]] = {"bare": [], "typing": [], "idle": []}
    for _ in range(args.runs):  # interleaved, so a noisy moment hits every variant
        samples["bare"].append(child(BARE_CHILD, str(cards), str(args.cycles)))
        samples["typing"].append(child(CHILD, str(args.db), str(args.cycles), "typing"))
        samples["idle"].append(child(CHILD, str(args.db), str(args.cycles), "idle"))
    rows: list[list[Any]] = []
    medians: dict[str, dict[str, float]] = {}
    for name, runs in samples.items():
        keys = runs[0].keys()
        medians[name] = {k: statistics.median(r[k] for r in runs) for k in keys}
        m = medians[name]
        rows.append(
            [
                name,
                m["home_mb"],
                m["after_cycles_mb"],
                m.get("after_exports_mb", float("nan")),
                m["peak_mb"],
            ]
        )
    print(
        f"RSS in MB, medians of {args.runs} runs; {args.cycles} open/close cycles of the "
        f"largest session ({cards} cards); bare = a bare Textual app pushing and popping "
        f"screens with a {cards}-row table, an input and two text areas"
    )
    print(table(["variant", "home", "after cycles", "after exports", "peak"], rows))
    path = write_result(
        f"memory-{args.label}" if args.label else "memory",
        {
            "unit": "MB",
            "cards": cards,
            "args": vars(args) | {"db": str(args.db)},
            "medians": medians,
            "samples": samples,
        },
    )
    print(f"\nresult: {shown(path)}")


if __name__ == "__main__":
    main()

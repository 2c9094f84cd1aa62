"""The app on a large database (1,000 sessions, 100,000 cards, 10,000 action items).

    python benchmarks/generate_large.py          # once: benchmarks/results/large.db
    python benchmarks/large_db.py                # works on a copy; the original stays
    python benchmarks/large_db.py --adds 1000 --repeat 20

Measured (targets from issue 7, never asserted):
- home: `store.session_summaries()`, and the HomeScreen mounting (push + first refresh,
  `run_test`), and its reload when coming back from a session — each < 100 ms;
- open a session: `SessionContext(...)`, and `app.open_session(id)` until the session
  screen shows its first pane (the largest session: 2,000 cards, 50 attendees; and an
  ordinary one) — < 100 ms;
- switch steps: `screen.go_to(step)` + `await pilot.pause()`, first visit (the pane is
  built) and later visits on the same screen; the later visits also to the last frame
  painted (`common.PaintClock`; `pilot.pause()` adds a callback per widget) — < 100 ms.
  `bare_switch.py` times a bare Textual app of the same shape the same two ways;
- add a card, committed: `store.add(Card(...))` over >= 500 adds — p95 < 5 ms; also the
  whole path the capture line takes (next position, validation, add) and a card typed
  into the capture line through the UI (Enter until the board shows it);
- peak memory (max RSS) of the app process with the large database, in a child process
  that opens the home screen and the largest session and visits every step — < 150 MB
  (the same child on the demo database is shown for comparison).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, PaintClock, shown, summary, table, write_result
from generate_large import DEFAULT_OUT, generate

TARGET_MS = 100.0
TARGET_ADD_P95_MS = 5.0
TARGET_RSS_MB = 150.0


def ms(seconds: float) -> float:
    return seconds * 1000


def largest_session(store) -> str:  # type: ignore[no-untyped-def]
    return max(store.session_summaries(), key=lambda s: s.cards).id


def typical_session(store) -> str:  # type: ignore[no-untyped-def]
    rows = sorted(store.session_summaries(), key=lambda s: s.cards)
    return rows[len(rows) // 2].id


async def ui_timings(db: Path, repeat: int, ui_adds: int) -> dict[str, list[float]]:
    from workshop.app import WorkshopApp
    from workshop.context import SessionContext
    from workshop.domain.enums import Step
    from workshop.screens.home import HomeScreen
    from workshop.screens.session import SessionScreen
    from workshop.store import Store

    out: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        out.setdefault(name, []).append(value)

    store = Store(db)
    big, typical = largest_session(store), typical_session(store)
    app = WorkshopApp(store=store)

    clock = PaintClock()

    def keyed() -> None:
        # Each timed action stands for the key that causes it; a key tells the app's idle
        # collector that someone is at the keyboard, so no full collection runs meanwhile
        app.idle_gc.touched()

    t0 = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        add("app start to home screen (run_test, first pause)", ms(time.perf_counter() - t0))
        t = time.perf_counter()
        await pilot.pause()
        add("empty pilot.pause() (baseline)", ms(time.perf_counter() - t))
        for _ in range(repeat):
            t = time.perf_counter()
            app.screen.reload()  # type: ignore[attr-defined]
            add("home reload() (table refilled)", ms(time.perf_counter() - t))
            await pilot.pause()
            add("home reload() + pause", ms(time.perf_counter() - t))
        for _ in range(repeat):
            app.pop_screen()
            await pilot.pause()
            keyed()
            t = time.perf_counter()
            await app.push_screen(HomeScreen())
            await pilot.pause()
            add("HomeScreen push (mount) + pause", ms(time.perf_counter() - t))
        for label, sid in (("largest", big), ("typical", typical)):
            for _ in range(repeat):
                t = time.perf_counter()
                SessionContext(app, sid)
                add(f"SessionContext({label})", ms(time.perf_counter() - t))
            for i in range(max(3, repeat // 2)):
                keyed()
                t = time.perf_counter()
                app.open_session(sid)
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, SessionScreen)
                assert screen.pane(screen.current) is not None
                add(f"open session ({label}) to first pane + pause", ms(time.perf_counter() - t))
                # On the first opening: every step once (each pane is built: first visits),
                # then every step again on the same screen (the panes exist: revisits, the
                # facilitator's F2/F3 back and forth)
                if i == 0:
                    for kind, step in [
                        *(("first visit", s) for s in screen.steps),
                        *(("revisit", s) for _ in range(3) for s in screen.steps),
                    ]:
                        keyed()
                        t = time.perf_counter()
                        screen.go_to(step)
                        sync = time.perf_counter() - t
                        await pilot.pause()
                        whole = time.perf_counter() - t
                        add(f"go_to ({label}, {kind}) + pause", ms(whole))
                        add(f"go_to ({label}, {kind}) call only", ms(sync))
                        add(f"go_to {step.value} ({label}, {kind}) + pause", ms(whole))
                    # The same revisits, timed to the last frame painted (what is seen)
                    for _ in range(3):
                        for step in screen.steps:
                            keyed()
                            t = time.perf_counter()
                            screen.go_to(step)
                            painted = await clock.until_painted(t)
                            add(f"go_to ({label}, revisit) to last paint", painted)
                keyed()
                t = time.perf_counter()
                screen.action_home()
                del screen  # held here, the closed session could not be freed when it closed
                await pilot.pause()
                add(
                    "back to home (session saved, home reloaded) + pause",
                    ms(time.perf_counter() - t),
                )
        # cards typed into the capture line of the largest session (vision step)
        app.open_session(big)
        await pilot.pause()
        screen = app.screen
        screen.go_to(Step.VISION)  # type: ignore[attr-defined]
        await pilot.pause()
        pane = screen.pane(Step.VISION)  # type: ignore[attr-defined]
        capture = pane.query_one("#capture-text")
        for n in range(ui_adds):
            capture.focus()
            capture.value = f"ベンチマークのカード {n}"  # type: ignore[attr-defined]
            t = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            add(
                "card typed + Enter until the board shows it (largest session)",
                ms(time.perf_counter() - t),
            )
    store.close()
    return out


def store_adds(db: Path, adds: int) -> dict[str, list[float]]:
    """`store.add(Card(...))` alone, and the capture line's whole path."""
    from workshop.domain.enums import Step
    from workshop.domain.records import Card
    from workshop.store import Store

    out: dict[str, list[float]] = {"store.add(card)": [], "capture path": []}
    with Store(db) as store:
        sid = largest_session(store)
        summaries = store.session_summaries()
        others = [s.id for s in summaries[:: max(1, len(summaries) // 50)]]
        for n in range(adds):
            card = Card(session_id=others[n % len(others)], step=Step.VISION, text=f"追加 {n}")
            t = time.perf_counter()
            store.add(card)
            out["store.add(card)"].append(ms(time.perf_counter() - t))
        for n in range(adds):
            t = time.perf_counter()
            position = store.next_position(Card, sid, step=Step.VISION.value)
            card = Card.model_validate(
                {
                    "session_id": sid,
                    "step": Step.VISION,
                    "prompt": "vision.town",
                    "text": f"会議中に入力したカード {n}",
                    "position": position,
                }
            )
            store.add(card)
            out["capture path"].append(ms(time.perf_counter() - t))
        t = time.perf_counter()
        for _ in range(20):
            store.session_summaries()
        out["store.session_summaries() (x20 mean)"] = [ms(time.perf_counter() - t) / 20]
    return out


def store_reads(db: Path, repeat: int) -> dict[str, list[float]]:
    from workshop.store import Store

    out: dict[str, list[float]] = {}
    with Store(db) as store:
        big = largest_session(store)
        for _ in range(repeat):
            t = time.perf_counter()
            store.session_summaries()
            out.setdefault("store.session_summaries()", []).append(ms(time.perf_counter() - t))
        for _ in range(repeat):
            t = time.perf_counter()
            store.session_data(big)
            out.setdefault("store.session_data(largest)", []).append(ms(time.perf_counter() - t))
        for _ in range(max(3, repeat // 4)):
            t = time.perf_counter()
            store.initiative_data(store.resolve_session(big).initiative_id)
            out.setdefault("store.initiative_data(largest's)", []).append(
                ms(time.perf_counter() - t)
            )
        for _ in range(repeat):
            t = time.perf_counter()
            Store(db).close()
            out.setdefault("Store(path) open + close", []).append(ms(time.perf_counter() - t))
        for _ in range(repeat):
            t = time.perf_counter()
            store.conn.execute("PRAGMA quick_check(20)").fetchall()
            out.setdefault("PRAGMA quick_check(20) (run by every open)", []).append(
                ms(time.perf_counter() - t)
            )
    return out


MEMORY_CHILD = """
import asyncio, json, resource, sys, time
from pathlib import Path
from workshop.app import WorkshopApp
from workshop.store import Store

def peak_kb():
    # VmHWM belongs to this program's memory map; ru_maxrss on Linux keeps the
    # parent's peak across fork + exec, which would report the benchmark's own size.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

async def main(db):
    store = Store(db)
    big = max(store.session_summaries(), key=lambda s: s.cards).id
    app = WorkshopApp(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = peak_kb()
        app.open_session(big)
        await pilot.pause()
        for step in app.screen.steps:
            app.screen.go_to(step)
            await pilot.pause()
        app.screen.action_home()
        await pilot.pause()
    store.close()
    peak = peak_kb()
    print(json.dumps({"home_kb": home, "peak_kb": peak}))

asyncio.run(main(Path(sys.argv[1])))
"""


def memory(db: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(db)],
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    data = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return {"home_mb": data["home_kb"] / 1024, "peak_mb": data["peak_kb"] / 1024}


def demo_db(folder: Path) -> Path:
    from workshop.demo import install_demo
    from workshop.store import Store

    path = folder / "demo.db"
    with Store(path) as store:
        install_demo(store)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_OUT, help="generated if missing")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--adds", type=int, default=600, help="cards added (>= 500)")
    ap.add_argument("--ui-adds", type=int, default=20, help="cards typed through the UI")
    args = ap.parse_args()

    if not args.db.exists():
        print(f"generating {args.db} …")
        generate(args.db)
    tmp = Path(tempfile.mkdtemp(prefix="ws-large-"))
    try:
        work = tmp / "large.db"
        shutil.copyfile(args.db, work)  # the generator leaves no WAL behind
        mem_large = memory(work)
        mem_demo = memory(demo_db(tmp))
        results: dict[str, list[float]] = {}
        results |= store_reads(work, args.repeat)
        results |= asyncio.run(ui_timings(work, args.repeat, args.ui_adds))
        results |= store_adds(work, args.adds)
        stats = {k: summary(v) for k, v in results.items()}
        rows = []
        for name, s in stats.items():
            rows.append([name, s["n"], s["median"], s["p95"], s["max"]])
        print(f"large database: {args.db} (copy), times in ms")
        print(table(["measure", "n", "median", "p95", "max"], rows))

        print("\npeak memory (max RSS, MB) of the app: home, largest session, every step")
        print(
            table(
                ["database", "at home", "peak"],
                [
                    ["large", mem_large["home_mb"], mem_large["peak_mb"]],
                    ["demo", mem_demo["home_mb"], mem_demo["peak_mb"]],
                ],
            )
        )
        add_p95 = stats["store.add(card)"]["p95"]
        checks: dict[str, Any] = {
            "home: session_summaries < 100 ms (median)": stats["store.session_summaries()"][
                "median"
            ]
            < TARGET_MS,
            "home: HomeScreen mount < 100 ms (median)": stats["HomeScreen push (mount) + pause"][
                "median"
            ]
            < TARGET_MS,
            "open largest session < 100 ms (median)": stats[
                "open session (largest) to first pane + pause"
            ]["median"]
            < TARGET_MS,
            "switch steps (largest, revisit) < 100 ms (median)": stats[
                "go_to (largest, revisit) + pause"
            ]["median"]
            < TARGET_MS,
            "switch steps (typical, revisit) to last paint < 100 ms (median)": stats[
                "go_to (typical, revisit) to last paint"
            ]["median"]
            < TARGET_MS,
            "switch steps (largest, revisit) to last paint < 100 ms (median)": stats[
                "go_to (largest, revisit) to last paint"
            ]["median"]
            < TARGET_MS,
            "card add p95 < 5 ms": add_p95 < TARGET_ADD_P95_MS,
            "peak RSS < 150 MB": mem_large["peak_mb"] < TARGET_RSS_MB,
        }
        print("\ntargets:")
        for name, ok in checks.items():
            print(f"  {'met   ' if ok else 'MISSED'} {name}")
        path = write_result(
            "large_db",
            {
                "unit": "ms",
                "database": str(args.db),
                "stats": stats,
                "memory_mb": {"large": mem_large, "demo": mem_demo},
                "targets": {
                    "ms": TARGET_MS,
                    "add_p95_ms": TARGET_ADD_P95_MS,
                    "rss_mb": TARGET_RSS_MB,
                },
                "checks": checks,
                "raw": results,
            },
        )
        print(f"\nresult: {shown(path)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

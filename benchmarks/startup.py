"""Start-up to the first screen PAINTED, headless: workshop against a bare Textual app
of the same shape, interleaved in one run, reported as a ratio.

    python benchmarks/startup.py               # 30 rounds
    python benchmarks/startup.py --runs 60 --importtime
    python benchmarks/startup.py --runs 5 --db s1000=/tmp/s1000.db --db s5000=/tmp/s5000.db

The headline is spawn -> the first frame of the first screen painted with its table
filled (`paint_watch.py`); the whole process (spawn to exit) is listed apart: with
`gc.freeze()` before the app runs, exit is cheap, which would flatter the ratio.

Variants (each a fresh `python` process):
- `bare`: `benchmarks/bare_app.py --exit-on-ready` (Header, Static, DataTable, Input, Footer);
- `demo-fresh`: `workshop demo --db NEW.db` — a new demo database every run (schema
  creation and the demo import are part of the time);
- `demo-again`: `workshop demo --db EXISTING.db` — the second start of the demo (the
  demo import runs again and changes nothing);
- `open`: `workshop --db EXISTING.db` — opening an existing database, the everyday case;
- `bare+libs`: the bare app importing pydantic, sqlite-utils and platformdirs first —
  what they would cost before the first screen (workshop imports pydantic and
  sqlite-utils only when a session is opened or a migration runs);
- `python`: `python -c pass`, the interpreter's own floor;
- for each `--db LABEL=PATH`: `open-LABEL` (`workshop --db PATH`), and its yardstick
  `bare-LABEL`, the bare app with as many table rows as workshop's home screen shows
  on that database (found by a first run).
Each child reports the widgets on its first screen and the rows of its table; both are
printed beside the times.

The workshop variants go through `benchmarks/app_first_screen.py`, which runs the real
command line headless and exits when the home screen has been mounted and refreshed.
The order of the variants rotates every round so none is favoured by a warm cache.
Byte code is cached (in a private folder) as it would be on an installed system.
`--phases` adds a breakdown of workshop's start (median ms of each phase's end).
Target (issue 14): workshop at most 1.2 x the bare app, to the first screen painted.
When a ratio misses,
`-X importtime` is run and the biggest imports are listed (or always with --importtime).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, ROOT, shown, summary, table, write_result

TARGET = 1.2


def _commands(tmp: Path) -> dict[str, list[str] | None]:
    py = sys.executable
    child = str(HERE / "app_first_screen.py")
    return {
        "bare": [py, str(HERE / "bare_app.py"), "--exit-on-ready"],
        "bare+libs": [py, str(HERE / "bare_app.py"), "--exit-on-ready", "--with-libs"],
        "demo-fresh": None,  # built per run (a new file each time)
        "demo-again": [py, child, "demo", "--db", str(tmp / "demo.db")],
        "open": [py, child, "--db", str(tmp / "demo.db")],
        "python": [py, "-c", "pass"],
    }


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["WORKSHOP_CONFIG"] = str(tmp / "config.toml")
    env.pop("WORKSHOP_DB", None)
    env.pop("WORKSHOP_LANG", None)
    # Byte-code caching as on an installed system (the sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would make workshop, and only workshop, compile its
    # modules on every start). The cache goes to a private folder, not the source tree,
    # for both apps alike; the warm-up rounds fill it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None, dict]:
    """Whole-process wall time, time from spawn to the first screen painted (seconds;
    None for a child that does not report it) and what the child reported."""
    spawned = time.time()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=60)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}"
        )
    lines = proc.stdout.decode().strip().splitlines()
    info = json.loads(lines[-1]) if lines else {}
    ready = info.get("ready_epoch")
    return elapsed, (ready - spawned if ready else None), info


def importtime(tmp: Path, env: dict[str, str], repeat: int = 3) -> dict[str, list]:
    """Median self and cumulative import time (ms) per module over `repeat` runs of
    `workshop demo` on a fresh database."""
    selfs: dict[str, list[float]] = {}
    top: dict[str, list[float]] = {}
    ours: dict[str, list[float]] = {}
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
    for i in range(repeat):
        cmd = [sys.executable, "-X", "importtime", str(HERE / "app_first_screen.py")]
        cmd += ["demo", "--db", str(tmp / f"imptime-{i}.db")]
        proc = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=60)
        for line in proc.stderr.decode().splitlines():
            m = pattern.match(line)
            if not m:
                continue
            own, cumulative, indent, name = m.groups()
            selfs.setdefault(name, []).append(int(own) / 1000)
            if len(indent) <= 1:  # imported by the script itself, not by another module
                top.setdefault(name, []).append(int(cumulative) / 1000)
            if name.startswith("workshop"):
                ours.setdefault(name, []).append(int(cumulative) / 1000)

    def ranked(d: dict[str, list[float]], n: int) -> list[list]:
        rows = sorted(((statistics.median(v), k) for k, v in d.items()), reverse=True)
        return [[k, round(v, 1)] for v, k in rows[:n]]

    return {
        "top_self_ms": ranked(selfs, 20),
        "top_level_cumulative_ms": ranked(top, 15),
        "workshop_cumulative_ms": ranked(ours, 20),
    }


def phases(tmp: Path, env: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    """Median end time of each phase of workshop's start (see app_first_screen.py)."""
    child = [sys.executable, str(HERE / "app_first_screen.py"), "--phases"]
    seen: dict[str, dict[str, list[float]]] = {}
    for i in range(runs):
        for variant, args in (
            ("demo-fresh", ["demo", "--db", str(tmp / f"phases-{i}.db")]),
            ("open", ["--db", str(tmp / "demo.db")]),
        ):
            proc = subprocess.run(
                [*child, *args], env=env, capture_output=True, cwd=ROOT, timeout=60
            )
            marks = json.loads(proc.stdout.decode().strip().splitlines()[-1])
            for key in ("ready_epoch", "widgets", "rows"):
                marks.pop(key, None)
            for name, ms in marks.items():
                seen.setdefault(name, {}).setdefault(variant, []).append(ms)
    return {
        name: {v: round(statistics.median(ms), 1) for v, ms in by.items()}
        | {v: float("nan") for v in ("demo-fresh", "open") if v not in by}
        for name, by in seen.items()
    }


def measure(
    tmp: Path, runs: int, warmup: int = 2, dbs: dict[str, Path] | None = None
) -> dict[str, Any]:
    """Interleaved rounds of every variant; raw samples (ms) and what each child reported."""
    env = _env(tmp)
    commands = _commands(tmp)
    py = sys.executable
    child = str(HERE / "app_first_screen.py")
    bare = [py, str(HERE / "bare_app.py"), "--exit-on-ready"]
    for label, path in (dbs or {}).items():
        commands[f"open-{label}"] = [py, child, "--db", str(path)]
        commands[f"bare-{label}"] = None  # its rows are known after a first run
    names = list(commands)
    whole: dict[str, list[float]] = {n: [] for n in names}
    ready: dict[str, list[float]] = {n: [] for n in names}
    shape: dict[str, dict] = {}
    counter = 0

    def command(name: str) -> list[str]:
        nonlocal counter
        if name == "demo-fresh":
            counter += 1
            return [py, child, "demo", "--db", str(tmp / f"fresh-{counter}.db")]
        if name.startswith("bare-") and commands[name] is None:
            rows = shape.get(f"open-{name[5:]}", {}).get("rows", 3)
            commands[name] = [*bare, "--rows", str(rows)]
        cmd = commands[name]
        assert cmd is not None
        return cmd

    def run(name: str) -> tuple[float, float | None]:
        total, first, info = _run(command(name), env)
        if "widgets" in info:
            shape[name] = {"widgets": info["widgets"], "rows": info["rows"]}
        return total, first

    run("demo-again")  # the demo database of demo-again and open
    for name in names:  # the bare-LABEL variants need their open-LABEL's rows first
        if name.startswith("open-"):
            run(name)
    for _ in range(warmup):
        for name in names:
            run(name)
    for r in range(runs):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            total, first = run(name)
            whole[name].append(total * 1000)
            if first is not None:
                ready[name].append(first * 1000)
        for old in tmp.glob("fresh-*.db*"):
            old.unlink()
    return {"names": names, "whole": whole, "ready": ready, "shape": shape, "env": env}


def yardstick(name: str) -> str:
    """The bare variant a workshop variant is compared with."""
    return f"bare-{name[5:]}" if name.startswith("open-") else "bare"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="rounds (each runs every variant)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--importtime", action="store_true", help="always list the big imports")
    ap.add_argument("--phases", type=int, default=10, help="runs of the phase breakdown (0: none)")
    ap.add_argument(
        "--db",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="also open this database (e.g. s1000=/tmp/s1000.db); repeatable",
    )
    args = ap.parse_args(argv)
    dbs = {k: Path(v) for k, v in (d.split("=", 1) for d in args.db)}

    tmp = Path(tempfile.mkdtemp(prefix="ws-startup-"))
    try:
        m = measure(tmp, args.runs, args.warmup, dbs)
        names, whole, ready, shape, env = m["names"], m["whole"], m["ready"], m["shape"], m["env"]
        stats = {n: summary(v) for n, v in whole.items()}
        ready_stats = {n: summary(v) for n, v in ready.items() if v}
        ratios: dict[str, dict[str, float]] = {}
        for n in names:
            y = yardstick(n) if n in ready_stats else "bare"
            ratios[n] = {"whole_median": stats[n]["median"] / stats["bare"]["median"]}
            if n in ready_stats and y in ready_stats:
                ratios[n] |= {
                    "yardstick": y,  # type: ignore[dict-item]
                    "first_screen_median": ready_stats[n]["median"] / ready_stats[y]["median"],
                    "first_screen_p90": ready_stats[n]["p90"] / ready_stats[y]["p90"],
                }
        apps = [n for n in names if n in ready_stats]
        print(f"spawn to the first screen PAINTED, {args.runs} interleaved rounds (ms)")
        rows = [
            [
                n,
                shape.get(n, {}).get("widgets", ""),
                shape.get(n, {}).get("rows", ""),
                ready_stats[n]["median"],
                ready_stats[n]["p90"],
                ready_stats[n]["min"],
                ratios[n]["yardstick"],
                ratios[n]["first_screen_median"],
                ratios[n]["first_screen_p90"],
            ]
            for n in apps
        ]
        heads = ["variant", "widgets", "rows", "median", "p90", "min", "vs", "x (median)"]
        print(table([*heads, "x (p90)"], rows))
        print("\nwhole process, spawn to exit (ms; exit is cheap after gc.freeze())")
        rows = [
            [n, stats[n]["median"], stats[n]["p90"], stats[n]["min"], ratios[n]["whole_median"]]
            for n in names
        ]
        print(table(["variant", "median", "p90", "min", "x bare (median)"], rows))
        ours = [n for n in apps if n in ("demo-again", "open") or n.startswith("open-")]
        missed = any(ratios[n]["first_screen_median"] > TARGET for n in ours)
        print(
            f"\ntarget: at most {TARGET} x bare to the first screen painted "
            f"(open, demo-again, open-*) -> {'MISSED' if missed else 'met'}"
        )
        payload: dict = {
            "unit": "ms",
            "runs": args.runs,
            "target_ratio": TARGET,
            "target_met": not missed,
            "databases": {k: str(v) for k, v in dbs.items()},
            "first_screen": ready_stats,
            "whole_process": stats,
            "ratios": ratios,
            "shape": shape,
            "raw_first_screen": ready,
            "raw_whole": whole,
        }
        if args.phases:
            payload["phases"] = phases(tmp, env, args.phases)
            print(f"\nworkshop start by phase (median of {args.phases}; ms since the script began)")
            rows = [[k, v["demo-fresh"], v["open"]] for k, v in payload["phases"].items()]
            print(table(["phase ends", "demo-fresh", "open"], rows))
        if missed or args.importtime:
            imports = importtime(tmp, env)
            payload["importtime"] = imports
            print("\n-X importtime, workshop demo (median of 3, ms), biggest self times:")
            print(table(["module", "self ms"], imports["top_self_ms"][:15]))
            print("\nbiggest top-level imports (cumulative ms):")
            print(table(["module", "cumulative ms"], imports["top_level_cumulative_ms"]))
            print("\nworkshop modules (cumulative ms, any depth):")
            print(table(["module", "cumulative ms"], imports["workshop_cumulative_ms"]))
        path = write_result("startup", payload)
        print(f"\nresult: {shown(path)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

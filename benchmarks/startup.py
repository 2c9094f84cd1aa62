"""Start-up to the first screen, whole process, headless: workshop against a bare
Textual app with the same widgets, interleaved in one run, reported as a ratio.

    python benchmarks/startup.py               # 30 rounds
    python benchmarks/startup.py --runs 60 --importtime

Variants (each a fresh `python` process, wall time from spawn to exit):
- `bare`: `benchmarks/bare_app.py --exit-on-ready` (Header, Static, DataTable, Input, Footer);
- `demo-fresh`: `workshop demo --db NEW.db` — a new demo database every run (schema
  creation and the demo import are part of the time);
- `demo-again`: `workshop demo --db EXISTING.db` — the second start of the demo (the
  demo import runs again and changes nothing);
- `open`: `workshop --db EXISTING.db` — opening an existing database, the everyday case;
- `bare+libs`: the bare app importing pydantic, sqlite-utils and platformdirs first —
  the floor for any app that needs them before its first screen;
- `python`: `python -c pass`, the interpreter's own floor.

The workshop variants go through `benchmarks/app_first_screen.py`, which runs the real
command line headless and exits when the home screen has been mounted and refreshed.
The order of the variants rotates every round so none is favoured by a warm cache.
Byte code is cached (in a private folder) as it would be on an installed system.
`--phases` adds a breakdown of workshop's start (median ms of each phase's end).
Target (issue 7): workshop at most 1.3 x the bare app. When a ratio misses,
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, ROOT, summary, table, write_result

TARGET = 1.3


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


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Whole-process wall time and time from spawn to the first screen (seconds; the
    second is None for a child that does not report it)."""
    spawned = time.time()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT, timeout=60)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}"
        )
    lines = proc.stdout.decode().strip().splitlines()
    ready = json.loads(lines[-1]).get("ready_epoch") if lines else None
    return elapsed, (ready - spawned if ready else None)


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
            marks.pop("ready_epoch", None)
            for name, ms in marks.items():
                seen.setdefault(name, {}).setdefault(variant, []).append(ms)
    return {
        name: {v: round(statistics.median(ms), 1) for v, ms in by.items()}
        | {v: float("nan") for v in ("demo-fresh", "open") if v not in by}
        for name, by in seen.items()
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="rounds (each runs every variant)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--importtime", action="store_true", help="always list the big imports")
    ap.add_argument("--phases", type=int, default=10, help="runs of the phase breakdown (0: none)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ws-startup-"))
    try:
        env = _env(tmp)
        commands = _commands(tmp)
        names = list(commands)
        whole: dict[str, list[float]] = {n: [] for n in names}
        ready: dict[str, list[float]] = {n: [] for n in names}
        counter = 0

        def command(name: str) -> list[str]:
            nonlocal counter
            if name == "demo-fresh":
                counter += 1
                child = str(HERE / "app_first_screen.py")
                return [sys.executable, child, "demo", "--db", str(tmp / f"fresh-{counter}.db")]
            cmd = commands[name]
            assert cmd is not None
            return cmd

        _run(command("demo-again"), env)  # the demo database of demo-again and open
        for _ in range(args.warmup):
            for name in names:
                _run(command(name), env)
        for r in range(args.runs):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                total, first = _run(command(name), env)
                whole[name].append(total * 1000)
                if first is not None:
                    ready[name].append(first * 1000)
            for old in tmp.glob("fresh-*.db*"):
                old.unlink()

        stats = {n: summary(v) for n, v in whole.items()}
        ready_stats = {n: summary(v) for n, v in ready.items() if v}
        apps = [n for n in names if n in ready_stats]
        ratios = {
            n: {
                "whole_median": stats[n]["median"] / stats["bare"]["median"],
                "whole_p90": stats[n]["p90"] / stats["bare"]["p90"],
            }
            | (
                {
                    "first_screen_median": ready_stats[n]["median"] / ready_stats["bare"]["median"],
                    "first_screen_p90": ready_stats[n]["p90"] / ready_stats["bare"]["p90"],
                }
                if n in ready_stats
                else {}
            )
            for n in names
        }
        print(f"whole process, spawn to exit, {args.runs} interleaved rounds (ms)")
        rows = [
            [
                n,
                stats[n]["median"],
                stats[n]["p90"],
                stats[n]["min"],
                ratios[n]["whole_median"],
                ratios[n]["whole_p90"],
            ]
            for n in names
        ]
        print(table(["variant", "median", "p90", "min", "x bare (median)", "x bare (p90)"], rows))
        print("\nspawn to first screen ready (ms; the rest of the whole is interpreter exit)")
        rows = [
            [
                n,
                ready_stats[n]["median"],
                ready_stats[n]["p90"],
                ready_stats[n]["min"],
                ratios[n]["first_screen_median"],
                ratios[n]["first_screen_p90"],
            ]
            for n in apps
        ]
        print(table(["variant", "median", "p90", "min", "x bare (median)", "x bare (p90)"], rows))
        missed = any(
            ratios[n]["whole_median"] > TARGET for n in ("demo-fresh", "demo-again", "open")
        )
        print(
            f"\ntarget: at most {TARGET} x bare (whole process) -> {'MISSED' if missed else 'met'}"
        )
        payload: dict = {
            "unit": "ms",
            "runs": args.runs,
            "target_ratio": TARGET,
            "target_met": not missed,
            "whole_process": stats,
            "first_screen": ready_stats,
            "ratios": ratios,
            "raw_whole": whole,
            "raw_first_screen": ready,
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
        print(f"\nresult: {path.relative_to(ROOT)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

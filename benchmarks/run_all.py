"""Every benchmark of issue 14 in one command, summed up in ONE table.

    python benchmarks/run_all.py --quick   # 100 / 1,000 sessions; 200 / 2,000 cards
    python benchmarks/run_all.py           # 100 / 1,000 / 5,000 sessions; 200 / 2,000 / 10,000
    python benchmarks/run_all.py --sessions 20 --cards 200 --runs 1 --db-scale 0.05  # smoke

Databases (built once by `generate_large.py`, deterministic, kept in
`benchmarks/results/db/`, ignored by git; `--fresh` rebuilds them):
- `sN`: N sessions, 100,000 cards, the largest session 2,000 cards
  (`generate_large.py --sessions N`);
- `cN`: 100 sessions, 10,000 cards in all, one session of N cards
  (`generate_large.py --scale 0.1 --big-cards N`).

Each measurement runs as its own script (its output goes to
`benchmarks/results/run_all.log`), and its yardstick is measured in the same run:
`startup.py` (spawn to the first screen painted, interleaved with the bare app),
`sizes.py` (home, `workshop list`, open, first visits, revisits, findings; bare Textual
screens and panes with the same rows and widget counts, in the same process),
`exports.py` (end to end) and `memory.py` (RSS, beside a bare app). The table lists for
each figure: the median, the yardstick's median, the ratio, the target, and where it
comes from. `benchmarks/results/run_all.json` keeps the rows, the commands, the load
average before and after, and the paths of the scripts' own JSON files (raw samples).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, RESULTS, shown, write_result
from run_all_rows import Rows, markdown, print_table, summarise
from runner import (
    LOG,
    build_databases,
    db_path,
    generate_command,
    load,
    run_commands,
    shown_command,
)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="reduced sizes for a 2-core machine")
    ap.add_argument("--sessions", help="comma list (default 100,1000,5000; quick 100,1000)")
    ap.add_argument("--cards", help="comma list (default 200,2000,10000; quick 200,2000)")
    ap.add_argument("--runs", type=int, default=5, help="samples of each figure (>= 5)")
    ap.add_argument("--startup-runs", type=int, help="start-up rounds (default: --runs)")
    ap.add_argument("--memory-cycles", type=int, help="default 10 (quick 3)")
    ap.add_argument("--memory-runs", type=int, help="default 5 (quick 1)")
    ap.add_argument("--memory-cards", type=int, help="the cN database (default: the largest)")
    ap.add_argument("--only", default="startup,sizes,exports,memory")
    ap.add_argument("--fresh", action="store_true", help="rebuild the databases")
    ap.add_argument(
        "--db-scale", type=float, default=1.0, help="shrink the other records (smoke tests)"
    )
    ap.add_argument("--summary-only", action="store_true", help="reprint from results/*.json")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="scripts run at once (default 1; more only to check the scripts: the figures "
        "then overlap and are not for comparison)",
    )
    args = ap.parse_args(argv)
    q = args.quick
    args.sessions = [
        int(x) for x in (args.sessions or ("100,1000" if q else "100,1000,5000")).split(",")
    ]
    args.cards = [
        int(x) for x in (args.cards or ("200,2000" if q else "200,2000,10000")).split(",")
    ]
    args.memory_cycles = args.memory_cycles or (3 if q else 10)
    args.memory_runs = args.memory_runs or (1 if q else 5)
    args.only = set(args.only.split(","))
    args.typical_db = 1000 if 1000 in args.sessions else args.sessions[-1]
    args.memory_db = args.memory_cards or args.cards[-1]
    py = sys.executable
    runs = str(args.runs)
    before = load()
    started = time.time()
    scale = args.db_scale
    dbs = {f"s{n}": db_path(f"s{n}", scale) for n in args.sessions}
    dbs |= {f"c{n}": db_path(f"c{n}", scale) for n in args.cards}
    steps: list[tuple[str, list[str]]] = []
    if "startup" in args.only:
        st_runs = str(args.startup_runs or args.runs)
        cmd = [py, str(HERE / "startup.py"), "--runs", st_runs, "--phases", "0"]
        for n in args.sessions:
            cmd += ["--db", f"s{n}={dbs[f's{n}']}"]
        steps.append(("startup.py", cmd))
    sizes = [py, str(HERE / "sizes.py"), "--runs", runs]
    if "sizes" in args.only:
        for n in args.sessions:
            what = ["--what", "home,list"]
            steps.append(
                (f"sizes.py s{n}", [*sizes, "--db", str(dbs[f"s{n}"]), "--label", f"s{n}", *what])
            )
        typical = [*sizes, "--db", str(dbs[f"s{args.typical_db}"]), "--label", "typical"]
        steps.append(
            (f"sizes.py typical (s{args.typical_db})", [*typical, "--what", "session", "--typical"])
        )
        for n in args.cards:
            cmd = [*sizes, "--db", str(dbs[f"c{n}"]), "--label", f"c{n}", "--what", "session"]
            steps.append((f"sizes.py c{n}", cmd))
    if "exports" in args.only:
        for n in args.cards:
            cmd = [py, str(HERE / "exports.py"), "--db", str(dbs[f"c{n}"]), "--repeat", runs]
            steps.append((f"exports.py c{n}", [*cmd, "--label", f"c{n}"]))
    if "memory" in args.only:
        m = args.memory_db
        cmd = [py, str(HERE / "memory.py"), "--db", str(dbs[f"c{m}"])]
        cmd += ["--cycles", str(args.memory_cycles), "--runs", str(args.memory_runs)]
        steps.append((f"memory.py c{m}", [*cmd, "--label", f"c{m}"]))

    commands = {source: shown_command(cmd) for source, cmd in steps}
    for name in dbs:
        commands[f"database {name}"] = shown_command(generate_command(name, scale))
    if not args.summary_only:
        RESULTS.mkdir(parents=True, exist_ok=True)
        with LOG.open("w", encoding="utf-8") as log:
            build_databases(list(dbs), args.fresh, log, scale, args.jobs)
            run_commands([cmd for _, cmd in steps], log, args.jobs)
    rows = Rows()
    summarise(args, rows)
    if args.jobs > 1 and not args.summary_only:
        rows.notes.append(
            f"--jobs {args.jobs}: the scripts ran side by side and slowed each other down; "
            "these figures check the scripts, they are not for comparison"
        )
    after = load()
    text = print_table(rows)
    print()
    print(text)
    for note in rows.notes:
        print(note)
    if args.summary_only:
        before = after = "not measured (--summary-only: see the load column)"
    print(
        f"\nload average before {before}, after {after}; {os.cpu_count()} CPUs; "
        f"{(time.time() - started) / 60:.0f} min; medians of --runs {args.runs} "
        f"(memory: {args.memory_runs} runs of {args.memory_cycles} cycles)"
    )
    md = markdown(rows, commands)
    (RESULTS / "run_all.md").write_text(md + "\n", encoding="utf-8")
    path = write_result(
        "run_all",
        {
            "args": {k: sorted(v) if isinstance(v, set) else v for k, v in vars(args).items()},
            "load_average_before": before,
            "load_average_after": after,
            "rows": rows.rows,
            "table": text,
            "notes": rows.notes,
            "commands": commands,
            "markdown": md,
            "log": shown(LOG),
        },
    )
    print(f"result: {shown(path)}; the scripts' output: {shown(LOG)}")


if __name__ == "__main__":
    main()

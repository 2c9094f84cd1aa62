"""Crash test: kill a writer with SIGKILL at random moments; nothing reported is lost.

    python scripts/crash_test.py                 # 20 kills
    python scripts/crash_test.py --kills 300 --seed 7 --json out.json
    python scripts/crash_test.py --ui --kills 300   # the real app, typed into (crash_ui.py)

Two drivers share this command. `--ui` drives the real app in a pseudo-terminal, typing
cards and edits at human and at burst speed, and checks what the screen showed as saved
(scripts/crash_ui.py says how). Without it, the store-level driver below:

A child process drives a series of edits through the store (add cards, edit their
text, vote, soft-delete, restore, delete for good, add action items and change their
status, and a five-card batch in one transaction) and prints one line per edit to
stdout, flushed, only after the store call has returned (the edit is committed). The
parent kills the child with SIGKILL at a random moment, then:

1. opens the database with a fresh `Store(path)` and runs `integrity_problems()`
   (`PRAGMA integrity_check` + `foreign_key_check`): it must find nothing;
2. compares every card and action item of the test session with the expected state.

The child's edits are a pure function of its seed, so the parent replays them: after
the N edits the child reported, the database must hold exactly the state after N
edits, or after N+1 (the edit in flight when the kill came may have committed without
being reported). Anything else — a reported edit missing, a batch half-applied, a
record that should not exist — is a failure. The next child continues on the same
database, so earlier runs' records are checked again after every later kill.

SIGKILL stops the process, not the machine: the operating system still writes what
SQLite handed it, so this proves transactional integrity and "committed means kept"
at the process level; power loss is not simulated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OK = ("reported", "in-flight")
"""Kill outcomes that are correct."""

# the edit plan and the child that performs it (`crash_plan`), shared with the tests
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_plan import (  # noqa: E402
    Model,
    apply,
    edit_plan,
    normalise,
    perform,
    read_state,
    run_child,
)

__all__ = ["Model", "apply", "edit_plan", "normalise", "perform", "read_state", "run", "setup"]


# --- the parent -----------------------------------------------------------------------------


@dataclass
class KillResult:
    kill: int
    delay_s: float
    reported: int
    state: str
    """"reported" (state after the reported edits), "in-flight" (one more edit had
    committed), or "LOST"/"CORRUPT" (failures)."""
    problems: list[str] = field(default_factory=list)


def setup(db: Path) -> tuple[str, str]:
    from workshop.domain.records import Initiative, Session
    from workshop.store import Store

    with Store(db) as store:
        ini = store.add(Initiative(name="クラッシュ試験"))
        session = store.add(Session(initiative_id=ini.id, title="強制終了に耐える"))
    return session.id, ini.id


def _reader(stream: Any, lines: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        lines.append(raw.decode("utf-8", "replace"))


def one_kill(
    db: Path, kill: int, seed: int, ids: tuple[str, str], max_delay: float, rng: random.Random
) -> KillResult:
    from workshop.store import Store

    session_id, initiative_id = ids
    with Store(db) as store:
        before = read_state(store, session_id)
    cmd = [sys.executable, __file__, "--child", str(db), str(seed), session_id, initiative_id]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_child_env()
    )
    lines: list[str] = []
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    # most kills after the child is ready (edits under way); some during its start
    deadline = time.monotonic() + 30
    if rng.random() < 0.9:
        while not lines and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
    delay = rng.uniform(0, max_delay)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=10)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != -signal.SIGKILL:
        return KillResult(kill, delay, 0, "CHILD-FAILED", [stderr[-2000:]])
    complete = [line for line in lines if line.endswith("\n")]
    done = [int(line.split()[1]) for line in complete if line.startswith("done ")]
    reported = len(done)
    problems: list[str] = []
    if done != list(range(1, reported + 1)):
        problems.append(f"edits reported out of order: {done[:10]}…")

    # the expected states after N and N+1 edits
    plan = edit_plan(seed, before)
    expected = before.copy()
    for _ in range(reported):
        op = next(plan)
        apply(expected, op)
    after_next = expected.copy()
    apply(after_next, next(plan))

    with Store(db) as store:
        integrity = store.integrity_problems()
        actual = read_state(store, session_id)
    if integrity:
        return KillResult(kill, delay, reported, "CORRUPT", integrity)
    if same(actual, normalise(expected)):
        state = "reported"
    elif same(actual, normalise(after_next)):
        state = "in-flight"
    else:
        state = "LOST"
        problems += _diff(actual, normalise(expected))
    return KillResult(kill, delay, reported, state, problems)


def same(a: Model, b: Model) -> bool:
    return a.cards == b.cards and a.actions == b.actions


def _diff(actual: Model, expected: Model) -> list[str]:
    out = []
    for name in ("cards", "actions"):
        got, want = getattr(actual, name), getattr(expected, name)
        for key in sorted(set(got) | set(want)):
            if got.get(key) != want.get(key):
                out.append(f"{name} {key}: database {got.get(key)} expected {want.get(key)}")
    return out[:20]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("WORKSHOP_DB", None)
    return env


def run(
    db: Path, kills: int, seed: int = 1, max_delay: float = 0.25, verbose: bool = False
) -> list[KillResult]:
    """Run `kills` kill cycles against `db` (created if missing)."""
    rng = random.Random(seed)
    ids = setup(db)
    results = []
    for k in range(1, kills + 1):
        result = one_kill(db, k, seed * 100_003 + k, ids, max_delay, rng)
        results.append(result)
        if verbose:
            mark = "ok " if result.state in OK else "BAD"
            print(
                f"{mark} kill {k:4d} after {result.delay_s * 1000:5.0f} ms: "
                f"{result.reported:4d} edits reported, state {result.state}",
                flush=True,
            )
            for p in result.problems[:5]:
                print(f"      {p}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        db, seed, session_id, initiative_id = argv[1:5]
        run_child(Path(db), int(seed), session_id, initiative_id)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=0.25, help="seconds after 'ready'")
    ap.add_argument("--db", type=Path, help="database to use (default: a temporary file)")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--ui", action="store_true", help="drive the real app in a terminal")
    args = ap.parse_args(argv)
    if args.ui:
        return main_ui(args)

    import tempfile

    with tempfile.TemporaryDirectory(prefix="ws-crash-") as tmp:
        db = args.db or Path(tmp) / "crash.db"
        started = time.monotonic()
        results = run(db, args.kills, args.seed, args.max_delay, verbose=not args.quiet)
        elapsed = time.monotonic() - started
        from workshop.store import Store

        with Store(db) as store:
            counts = store.counts()
            revisions = store.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    bad = [r for r in results if r.state not in OK]
    reported = sum(r.reported for r in results)
    in_flight = sum(1 for r in results if r.state == "in-flight")
    print(
        f"\n{len(results)} kills in {elapsed:.0f} s; {reported} edits reported and all "
        f"checked; {in_flight} kills caught an edit committed but not yet reported; "
        f"final database: {counts['cards']} cards, {counts['actions']} action items, "
        f"{revisions} revisions; failures: {len(bad)}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "kills": len(results),
                    "seed": args.seed,
                    "seconds": round(elapsed, 1),
                    "edits_reported": reported,
                    "in_flight_committed": in_flight,
                    "kills_before_ready_or_first_edit": sum(1 for r in results if r.reported == 0),
                    "failures": [r.__dict__ for r in bad],
                    "final_counts": counts,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if bad else 0


def main_ui(args: argparse.Namespace) -> int:
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import crash_ui

    with tempfile.TemporaryDirectory(prefix="ws-crash-ui-") as tmp:
        db = args.db or Path(tmp) / "crash-ui.db"
        started = time.monotonic()
        results = crash_ui.run(db, args.kills, args.seed, verbose=not args.quiet)
        result = crash_ui.summary(results, db, time.monotonic() - started)
    failed = len(result["failures"])
    verdict = (
        "all found in the database, none merged or doubled, integrity_check ok after every kill"
        if not failed
        else "see the failures above"
    )
    print(
        f"\n{result['kills']} kills of the app in {result['seconds']:.0f} s; "
        f"{result['cards_typed']} cards typed, {result['cards_shown_and_checked']} cards "
        f"and {result['edits_shown_and_checked']} edits shown as saved: {verdict}; "
        f"failures: {failed}"
    )
    if args.json:
        args.json.write_text(
            json.dumps({**result, "seed": args.seed}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

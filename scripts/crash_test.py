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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OK = ("reported", "in-flight")
"""Kill outcomes that are correct."""
CARD_STEPS = ("vision", "strengths", "resources", "mechanism", "summary")
STATUSES = ("not_started", "in_progress", "done", "on_hold", "cancelled")
TEXTS = [
    "買い物に行ける場所が減っている",
    "バスの便を増やしたい",
    "見守りの情報を共有する",
    "[bold]強調[/] のつもり",
    "=SUM(1,2)",
    "🚌 通院の足 👵🏻",
    "مرحبا 右から左",
    "改行を\n含む\tカード",
]


# --- the edit plan (shared by child and parent) -------------------------------------------


@dataclass
class Model:
    """What the database should hold for the test session."""

    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def copy(self) -> Model:
        return Model(
            {k: dict(v) for k, v in self.cards.items()},
            {k: dict(v) for k, v in self.actions.items()},
        )


def edit_plan(seed: int, model: Model) -> Iterator[dict[str, Any]]:
    """Endless, deterministic edits for one child run. `model` is the state before the
    run; the plan edits the run's own records and, sometimes, older ones."""
    rng = random.Random(seed)
    state = model.copy()
    n = 0

    def new_id() -> str:
        return f"{rng.getrandbits(128):032x}"[:32]

    while True:
        n += 1
        live = [k for k, v in state.cards.items() if not v["deleted"]]
        gone = [k for k, v in state.cards.items() if v["deleted"]]
        r = rng.random()
        text = f"{rng.choice(TEXTS)} #{seed}-{n}"
        if r < 0.30 or not live:
            op = {"op": "add_card", "id": new_id(), "text": text, "step": rng.choice(CARD_STEPS)}
        elif r < 0.45:
            op = {"op": "edit_text", "id": rng.choice(live), "text": text}
        elif r < 0.55:
            op = {"op": "vote", "id": rng.choice(live), "votes": rng.randrange(0, 20)}
        elif r < 0.62:
            op = {"op": "soft_delete", "id": rng.choice(live)}
        elif r < 0.66 and gone:
            op = {"op": "restore", "id": rng.choice(gone)}
        elif r < 0.72:
            op = {"op": "delete", "id": rng.choice(live)}
        elif r < 0.80:
            op = {"op": "batch", "ids": [new_id() for _ in range(5)], "text": text}
        elif r < 0.90 or not state.actions:
            op = {"op": "add_action", "id": new_id(), "what": text}
        else:
            target = rng.choice(list(state.actions))
            op = {"op": "status", "id": target, "status": rng.choice(STATUSES)}
        op["n"] = n
        apply(state, op)
        yield op


def apply(state: Model, op: dict[str, Any]) -> None:
    """The effect of one edit on the expected state."""
    kind = op["op"]
    if kind == "add_card":
        state.cards[op["id"]] = {"text": op["text"], "votes": 0, "deleted": False}
    elif kind == "edit_text":
        state.cards[op["id"]]["text"] = op["text"]
    elif kind == "vote":
        state.cards[op["id"]]["votes"] = op["votes"]
    elif kind == "soft_delete":
        state.cards[op["id"]]["deleted"] = True
    elif kind == "restore":
        state.cards[op["id"]]["deleted"] = False
    elif kind == "delete":
        del state.cards[op["id"]]
    elif kind == "batch":
        for i, cid in enumerate(op["ids"]):
            state.cards[cid] = {"text": f"{op['text']} ({i})", "votes": 0, "deleted": False}
    elif kind == "add_action":
        state.actions[op["id"]] = {"what": op["what"], "status": "not_started"}
    elif kind == "status":
        state.actions[op["id"]]["status"] = op["status"]


def uuid_of(short: str) -> str:
    """The plan's 32 hex digits as a UUID string (what the store keeps)."""
    return f"{short[:8]}-{short[8:12]}-4{short[13:16]}-8{short[17:20]}-{short[20:32]}"


# --- the child ------------------------------------------------------------------------------


def perform(store: Any, op: dict[str, Any], session_id: str, initiative_id: str) -> None:
    """Carry out one edit of the plan through the store's public API."""
    from workshop.domain.enums import ActionStatus, Step
    from workshop.domain.records import ActionItem, Card

    kind = op["op"]
    if kind == "add_card":
        card = Card(
            id=uuid_of(op["id"]), session_id=session_id, step=Step(op["step"]), text=op["text"]
        )
        store.add(card)
    elif kind in ("edit_text", "vote", "soft_delete", "restore"):
        card = store.require(Card, uuid_of(op["id"]))
        changes = {
            "edit_text": {"text": op.get("text")},
            "vote": {"votes": op.get("votes")},
            "soft_delete": {"deleted": True},
            "restore": {"deleted": False},
        }[kind]
        store.update(card, **changes)
    elif kind == "delete":
        store.delete(store.require(Card, uuid_of(op["id"])))
    elif kind == "batch":  # several records in one transaction: all or nothing
        with store.write():
            for i, cid in enumerate(op["ids"]):
                store.add(
                    Card(
                        id=uuid_of(cid),
                        session_id=session_id,
                        step=Step.VISION,
                        text=f"{op['text']} ({i})",
                    )
                )
    elif kind == "add_action":
        store.add(
            ActionItem(
                id=uuid_of(op["id"]),
                initiative_id=initiative_id,
                session_id=session_id,
                what=op["what"],
            )
        )
    elif kind == "status":
        action = store.require(ActionItem, uuid_of(op["id"]))
        store.update(action, status=ActionStatus(op["status"]))
    else:  # pragma: no cover
        raise ValueError(kind)


def run_child(db: Path, seed: int, session_id: str, initiative_id: str) -> None:
    from workshop.store import Store

    store = Store(db)
    model = read_state(store, session_id)
    print("ready", flush=True)
    for op in edit_plan(seed, model):
        perform(store, op, session_id, initiative_id)
        # committed: only now is the edit reported
        sys.stdout.write(f"done {op['n']}\n")
        sys.stdout.flush()


def read_state(store: Any, session_id: str) -> Model:
    """The test session's cards and action items as the plan sees them."""
    from workshop.domain.records import ActionItem, Card

    model = Model()
    for card in store._select(Card, "session_id = ?", [session_id], "created_at, id"):
        model.cards[card.id.replace("-", "")] = {
            "text": card.text,
            "votes": card.votes,
            "deleted": card.deleted,
        }
    for action in store._select(ActionItem, "session_id = ?", [session_id], "created_at, id"):
        model.actions[action.id.replace("-", "")] = {
            "what": action.what,
            "status": action.status.value,
        }
    return model


def normalise(model: Model) -> Model:
    """Keys as the database gives them back (the plan's ids pass through uuid_of)."""
    return Model(
        {uuid_of(k).replace("-", ""): v for k, v in model.cards.items()},
        {uuid_of(k).replace("-", ""): v for k, v in model.actions.items()},
    )


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

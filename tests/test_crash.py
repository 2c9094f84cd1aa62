"""A small run of the crash test (scripts/crash_test.py): a child process editing
through the store is killed with SIGKILL at random moments; after every kill the
database is sound and holds every edit the child reported as committed.

The large run (hundreds of kills) is the script itself:
    python scripts/crash_test.py --kills 300
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "crash_test.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _load():
    spec = importlib.util.spec_from_file_location("crash_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module
    spec.loader.exec_module(module)
    return module


crash = _load()


def test_kills_lose_nothing_reported(tmp_path: Path) -> None:
    results = crash.run(tmp_path / "crash.db", kills=5, seed=11, max_delay=0.2)
    assert len(results) == 5
    bad = [(r.kill, r.state, r.problems[:3]) for r in results if r.state not in crash.OK]
    assert not bad
    # the kills hit a child that was editing, not one still starting
    assert sum(r.reported for r in results) > 20


def test_the_plan_is_deterministic() -> None:
    model = crash.Model()
    a = [op for _, op in zip(range(200), crash.edit_plan(5, model), strict=False)]
    b = [op for _, op in zip(range(200), crash.edit_plan(5, model), strict=False)]
    assert a == b
    assert {op["op"] for op in a} >= {"add_card", "edit_text", "vote", "delete", "batch"}


def test_the_checker_sees_a_lost_edit(tmp_path: Path) -> None:
    """Guard against a checker that passes everything: remove a committed card behind
    the test's back and the comparison must fail."""
    from workshop.store import Store

    db = tmp_path / "crash.db"
    session_id, initiative_id = crash.setup(db)
    plan = crash.edit_plan(3, crash.Model())
    expected = crash.Model()
    with Store(db) as store:
        for _ in range(30):
            op = next(plan)
            crash.apply(expected, op)
            crash.perform(store, op, session_id, initiative_id)
        assert crash.same(crash.read_state(store, session_id), crash.normalise(expected))
        victim = next(iter(crash.normalise(expected).cards))
        store.conn.execute("DELETE FROM cards WHERE replace(id, '-', '') = ?", [victim])
        store.conn.commit()
        assert not crash.same(crash.read_state(store, session_id), crash.normalise(expected))

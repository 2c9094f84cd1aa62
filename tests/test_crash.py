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


# --- the same through the real app (scripts/crash_ui.py) ------------------------------------


def _load_ui():
    pytest.importorskip("pyte")
    sys.path.insert(0, str(SCRIPT.parent))
    import crash_ui

    return crash_ui


def test_app_kills_lose_no_card_the_screen_showed(tmp_path: Path) -> None:
    """The app in a pseudo-terminal, typed into at human and burst speed and edited,
    killed four times: every card shown on the board is stored, none merged."""
    ui = _load_ui()
    results = ui.run(tmp_path / "ui.db", kills=4, seed=4, max_typing=4.0)
    bad = [(r.kill, r.state, r.problems[:3]) for r in results if r.state != "ok"]
    assert not bad
    summary = ui.summary(results, tmp_path / "ui.db", 0)
    assert summary["cards_shown_and_checked"] >= 1  # the kills came while typing


def test_the_app_checker_sees_merged_and_lost_cards(tmp_path: Path) -> None:
    from workshop.domain.enums import Step
    from workshop.domain.records import Card
    from workshop.store import Store

    ui = _load_ui()
    db = tmp_path / "ui.db"
    session_id = ui.setup(db, "t")
    typed = {"見守り k1c1z", "配食 k1c2z"}
    seen = ui.Seen()
    seen.scan([" 1    見守り k1c1z e1_1z            ", " 2    配食 k1c2z"])
    with Store(db) as store:
        store.add(Card(session_id=session_id, step=Step.VISION, text="見守り k1c1z e1_1z"))
        assert ui.check(db, seen, typed)[0] == "LOST"  # k1c2z shown, not stored
        store.add(Card(session_id=session_id, step=Step.VISION, text="配食 k1c2z"))
        assert ui.check(db, seen, typed) == ("ok", [])
        store.add(Card(session_id=session_id, step=Step.VISION, text="見守り k1c1z配食 k1c2z"))
        assert ui.check(db, seen, typed)[0] == "MERGED"

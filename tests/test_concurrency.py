"""Two instances on one database file (two Store objects, as two windows or programs):
edits write only what they change, an edit over a newer version is a conflict, no two
cards share a place, and a change to a session deleted elsewhere says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workshop.domain.enums import Step
from workshop.domain.records import Attendee, Card, Initiative, Session, Statement
from workshop.i18n import t
from workshop.store import (
    RecordDeleted,
    SessionDeleted,
    Store,
    StoreError,
    UpdateConflict,
)
from workshop.store.db import APPLICATION_ID

DIALOG_FIELDS = ("text", "author_id", "department", "prompt", "tags", "votes")
"""What the card dialog hands to the store: every field it shows, changed or not."""


@pytest.fixture
def two(db_path: Path):
    a, b = Store(db_path), Store(db_path)
    yield a, b
    a.close()
    b.close()


def _session(store: Store) -> Session:
    ini = store.add(Initiative(name="二台で書く取組"))
    return store.add(Session(initiative_id=ini.id, title="第1回 二台試験"))


def _dialog_values(card: Card, **typed) -> dict:
    return {**{k: getattr(card, k) for k in DIALOG_FIELDS}, **typed}


def test_an_edit_writes_only_the_fields_it_changed(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="買い物の足"))
    opened_in_a = a.require(Card, card.id)  # A opens the dialog
    b.update(b.require(Card, card.id), votes=7)  # B votes meanwhile
    a.update(opened_in_a, **_dialog_values(opened_in_a, text="買い物と通院の足"))
    stored = b.require(Card, card.id)
    assert (stored.text, stored.votes) == ("買い物と通院の足", 7)


def test_each_update_raises_the_version(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="見守り"))
    assert card.version == 0
    card = a.update(card, votes=1)
    assert card.version == 1 == b.require(Card, card.id).version
    same = a.update(card, votes=1)  # nothing changes: no new version
    assert same.version == 1


def test_an_edit_over_a_newer_version_of_the_same_field_is_a_conflict(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="移動支援"))
    opened_in_a = a.require(Card, card.id)
    in_b = b.require(Card, card.id)
    b.update(in_b, votes=7, text="移動支援（Bの書き換え）")
    with pytest.raises(UpdateConflict) as e:
        a.update(opened_in_a, **_dialog_values(opened_in_a, text="移動支援（Aの書き換え）"))
    conflict = e.value
    assert conflict.theirs == {"text": "移動支援（Bの書き換え）"}
    assert conflict.mine == {"text": "移動支援（Aの書き換え）"}
    assert conflict.current.votes == 7
    stored = b.require(Card, card.id)
    assert (stored.text, stored.votes) == ("移動支援（Bの書き換え）", 7)  # nothing written
    assert t("error.update_conflict") != "error.update_conflict"

    # keep mine: my changed fields over the stored record; B's votes stay
    kept = a.update(conflict.current, **conflict.mine)
    stored = b.require(Card, card.id)
    assert (stored.text, stored.votes) == ("移動支援（Aの書き換え）", 7)
    assert kept.version == stored.version
    # B's text is not lost either: the revisions keep it
    assert "移動支援（Bの書き換え）" in [r.old_value for r in a.revisions(card.id)]


def test_keeping_theirs_still_saves_my_other_changes(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="防災"))
    opened_in_a = a.require(Card, card.id)
    b.update(b.require(Card, card.id), text="防災（B）")
    with pytest.raises(UpdateConflict) as e:
        a.update(opened_in_a, **_dialog_values(opened_in_a, text="防災（A）", department="防災課"))
    c = e.value
    a.update(c.current, **{k: v for k, v in c.mine.items() if k not in c.theirs})
    stored = a.require(Card, card.id)
    assert (stored.text, stored.department) == ("防災（B）", "防災課")


def test_both_sides_making_the_same_change_is_no_conflict(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="同じ"))
    opened_in_a = a.require(Card, card.id)
    b.update(b.require(Card, card.id), text="同じ直し")
    a.update(opened_in_a, text="同じ直し", votes=2)
    stored = b.require(Card, card.id)
    assert (stored.text, stored.votes) == ("同じ直し", 2)


@pytest.mark.parametrize("model", [Card, Statement, Attendee])
def test_two_instances_adding_at_once_never_share_a_position(two, model) -> None:
    a, b = two
    ses = _session(a)
    extra = {"step": Step.VISION} if model is Card else {}
    make = {
        Card: lambda n: {"text": n},
        Statement: lambda n: {"kind": "vision", "text": n},
        Attendee: lambda n: {"name": n},
    }[model]
    # both windows work out the next place before either saves
    pos_a = a.next_position(model, ses.id, **{k: v.value for k, v in extra.items()})
    pos_b = b.next_position(model, ses.id, **{k: v.value for k, v in extra.items()})
    assert pos_a == pos_b
    first = a.add(model(session_id=ses.id, position=pos_a, **extra, **make("A")))
    second = b.add(model(session_id=ses.id, position=pos_b, **extra, **make("B")))
    assert first.position != second.position
    table = {Card: "cards", Statement: "statements", Attendee: "attendees"}[model]
    positions = [r[0] for r in a.conn.execute(f"SELECT position FROM {table}")]
    assert sorted(positions) == [0, 1]
    assert second.position == 1


# --- 6: the session was deleted in another window -------------------------------------------


def test_adding_to_a_session_deleted_elsewhere_says_so(two) -> None:
    a, b = two
    ses = _session(a)
    b.delete(b.require(Session, ses.id))
    with pytest.raises(SessionDeleted) as e:
        a.add(Card(session_id=ses.id, step=Step.VISION, text="消えた会議へのカード"))
    message = t(f"error.{e.value.code}", **e.value.params)
    assert "削除されました" in message and "会議" in message
    assert "バンドル" not in message and "FOREIGN KEY" not in message


def test_editing_in_a_session_deleted_elsewhere_says_so(two) -> None:
    a, b = two
    ses = _session(a)
    card = a.add(Card(session_id=ses.id, step=Step.VISION, text="残したい文"))
    b.delete(b.require(Session, ses.id))
    with pytest.raises(SessionDeleted):
        a.update(card, text="残したい文（直し）")
    with pytest.raises(SessionDeleted):
        a.update(a.get(Session, ses.id) or ses, title="新しい題")


def test_editing_a_record_deleted_elsewhere_says_so(two) -> None:
    a, b = two
    ses = _session(a)
    person = a.add(Attendee(session_id=ses.id, name="山田"))
    b.delete(b.require(Attendee, person.id))
    with pytest.raises(RecordDeleted) as e:
        a.update(person, name="山田 花子")
    message = t(f"error.{e.value.code}", **e.value.params)
    assert "削除されました" in message and "バンドル" not in message
    # a card pointing at the deleted person is refused with the same clear reason
    with pytest.raises(StoreError) as e2:
        a.add(Card(session_id=ses.id, step=Step.VISION, text="発言", author_id=person.id))
    assert e2.value.code == "record_deleted"


# --- the version column reaches databases made before it --------------------------------------


def test_a_database_from_before_versions_gets_them_after_a_backup(db_path: Path) -> None:
    from sqlite_utils import Database, Migrations

    from workshop.store import migrations as mig

    old = Migrations(mig.MIGRATION_SET)
    old()(mig.m001_initial)
    db = Database(str(db_path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.apply(db)
    db.execute(
        "INSERT INTO initiatives (id, created_at, updated_at, name) VALUES ('i1', ?, ?, '旧版')",
        ["2026-01-01T00:00:00.000+00:00"] * 2,
    )
    db.conn.commit()
    db.conn.close()
    with Store(db_path) as store:
        assert store.backup_path is not None
        ini = store.require(Initiative, "i1")
        assert ini.version == 0
        assert store.update(ini, name="新版").version == 1
    with sqlite3.connect(store.backup_path) as copy:
        columns = [r[1] for r in copy.execute("PRAGMA table_info(initiatives)")]
        assert "version" not in columns


ADDER = """
import sys
from workshop.domain.records import Card
from workshop.store import Store
db, session_id, who = sys.argv[1], sys.argv[2], sys.argv[3]
store = Store(db)
for n in range(60):
    # what the quick-add line does: work out the next place, then save
    position = store.next_position(Card, session_id, step="vision")
    store.add(Card(session_id=session_id, step="vision", text=f"{who}{n}", position=position))
print("done")
"""


def test_two_processes_adding_cards_never_share_a_position(db_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    with Store(db_path) as store:
        ses = _session(store)
    env = {**os.environ, "PYTHONPATH": str(root)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ADDER, str(db_path), ses.id, who],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("A", "B")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with Store(db_path) as store:
        positions = [c.position for c in store.cards(ses.id, Step.VISION)]
    assert len(positions) == 120
    assert sorted(positions) == list(range(120))

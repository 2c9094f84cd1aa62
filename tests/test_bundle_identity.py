"""A record in a bundle carries its id and its times: one without them got a new id at
every import and was added again each time (the roll-up counted a town's overdue
actions twice, then three times). Such a bundle is refused whole, with a line saying
which record lacks what; the bundle's JSON Schema says they are required."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.db_templates import new_store
from tests.test_bundle_trust import _filled_raw, _import, _record, _write
from workshop import cli
from workshop.domain.bundle import bundle_schema
from workshop.store import Store


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.parametrize(
    ("where", "field"),
    [
        (("actions", 0), "id"),
        (("sessions", 0, "cards", 0), "id"),
        (("sessions", 0, "attendees", 0), "updated_at"),
        (("initiative",), "created_at"),
    ],
)
def test_a_record_without_its_id_or_times_is_refused(
    tmp_path: Path, capsys, where: tuple, field: str
) -> None:
    ini, raw = _filled_raw(tmp_path)
    good = _write(tmp_path, raw, "good.json")
    record = _record(raw, where)
    del record[field]
    bad = _write(tmp_path, raw, "bad.json")
    db = tmp_path / "b.db"
    assert _import(db, good) == 0
    before = _counts(db)
    capsys.readouterr()
    for _ in range(2):
        assert _import(db, bad) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert f"記録に必須の項目（{field}）がありません" in err and "Traceback" not in err
    assert _counts(db) == before
    with Store(db) as b:
        assert len(b.actions(initiative_id=ini.id)) == 1


def test_the_schema_requires_them() -> None:
    defs = bundle_schema()["$defs"]
    for name in ("Initiative", "Session", "Card", "ActionItem", "Attendee"):
        assert {"id", "created_at", "updated_at"} <= set(defs[name]["required"]), name
        assert defs[name]["additionalProperties"] is False, name


@pytest.mark.parametrize(
    ("where", "field"),
    [
        (("sessions", 0, "cards", 0), "privat"),
        (("actions", 0), "owner_dept"),
        (("sessions", 0, "session"), "memo"),
    ],
)
def test_a_record_with_a_field_this_program_does_not_know_is_refused(
    tmp_path: Path, capsys, where: tuple, field: str
) -> None:
    """A field mistyped by hand was dropped without a word: `"privat": true` on a card
    meant to stay out of the public minutes imported it as public. The bundle is refused
    whole, naming the record and the field; the database is as before."""
    _, raw = _filled_raw(tmp_path)
    record = _record(raw, where)
    record[field] = True
    bad = _write(tmp_path, raw, "bad.json")
    db = tmp_path / "b.db"
    with new_store(db):
        pass
    before = _counts(db)
    capsys.readouterr()
    assert _import(db, bad) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert f"知らない項目（{field}）" in err and "Traceback" not in err, err
    assert _counts(db) == before
    del record[field]
    assert _import(db, _write(tmp_path, raw, "good.json")) == 0  # as exported: taken


def test_records_made_here_need_no_id() -> None:
    """Only data from outside must carry them: the program's own records get theirs."""
    from workshop.domain.records import Card

    card = Card(session_id="s", step="vision", text="カード")
    assert card.id and card.created_at and card.updated_at


def test_a_missing_block_is_named(tmp_path: Path, capsys) -> None:
    """A bundle without its `data` (or a session block without its `session`) names it:
    the line said only 必須の項目がありません."""
    _, raw = _filled_raw(tmp_path)
    del raw["data"]["sessions"][0]["session"]
    capsys.readouterr()
    assert _import(tmp_path / "b.db", _write(tmp_path, raw, "s.json")) == cli.EXIT_USER
    assert "会議 1 › session: 必須の項目がありません" in capsys.readouterr().err
    del raw["data"]
    assert _import(tmp_path / "b.db", _write(tmp_path, raw, "d.json")) == cli.EXIT_USER
    assert "data: 必須の項目がありません" in capsys.readouterr().err

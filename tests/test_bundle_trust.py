"""Bundles are untrusted input (issue 10, items 7-9): an import never moves or overwrites
another initiative's records, timestamps are checked and merged against what the bundle
last carried, and every type is checked strictly with one clear line per problem."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.db_templates import new_store
from workshop import cli
from workshop.domain.base import new_id, utcnow
from workshop.domain.bundle import Bundle
from workshop.domain.enums import Step
from workshop.domain.records import ActionItem, Attendee, Card, Initiative, Session
from workshop.export import render
from workshop.store import Store


def _stamp(delta: timedelta = timedelta(0)) -> str:
    return (utcnow() + delta).isoformat(timespec="milliseconds")


def _filled(store: Store) -> tuple[Initiative, Session, Attendee, Card]:
    ini = store.add(Initiative(name="買い物支援", municipality="みなと町"))
    ses = store.add(Session(initiative_id=ini.id, title="第1回", date=date(2026, 11, 22)))
    person = store.add(Attendee(session_id=ses.id, name="山田 花子", department="高齢福祉課"))
    card = store.add(Card(session_id=ses.id, step=Step.VISION, text="元の文", author_id=person.id))
    store.add(ActionItem(initiative_id=ini.id, session_id=ses.id, what="地図を作る"))
    return ini, ses, person, card


def _raw(store: Store, initiative_id: str) -> dict[str, Any]:
    return Bundle(data=store.initiative_data(initiative_id)).model_dump(mode="json")


def _filled_raw(tmp_path: Path) -> tuple[Initiative, dict[str, Any]]:
    """`_filled`'s initiative, in a store of its own, as its bundle's JSON (dicts)."""
    with new_store(tmp_path / "a.db") as store:
        ini, *_ = _filled(store)
        return ini, _raw(store, ini.id)


def _record(raw: dict[str, Any], where: tuple[str | int, ...]) -> dict[str, Any]:
    """The record of a bundle's JSON at `where`: keys and list indexes under "data"."""
    record = raw["data"]
    for part in where:
        record = record[part]
    return record


def _write(tmp_path: Path, raw: dict[str, Any], name: str = "b.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def _import(db: Path, path: Path) -> int:
    return cli.main(["--db", str(db), "import", str(path)])


# --- item 7: re-parenting ----------------------------------------------------------------


def test_a_bundle_cannot_move_or_overwrite_another_initiatives_records(
    tmp_path: Path, capsys
) -> None:
    db = tmp_path / "town.db"
    with new_store(db) as store:
        ini, ses, person, card = _filled(store)
        raw = _raw(store, ini.id)
        before = store.initiative_data(ini.id)
    # A hostile bundle: a new initiative that claims the existing session, attendee and
    # card (same UUIDs, newer stamps) and adds a new card to that session.
    new_ini = new_id()
    raw["data"]["initiative"].update(id=new_ini, name="別の取組")
    raw["data"]["actions"] = []
    sd = raw["data"]["sessions"][0]
    sd["session"].update(initiative_id=new_ini, title="乗っ取り", updated_at=_stamp())
    sd["attendees"][0].update(name="偽名", updated_at=_stamp())
    sd["cards"][0].update(text="書き換え", updated_at=_stamp())
    intruder = dict(sd["cards"][0], id=new_id(), text="紛れ込み")
    sd["cards"].append(intruder)
    code = _import(db, _write(tmp_path, raw))
    out = capsys.readouterr()
    assert code == cli.EXIT_DATA
    report = out.out + out.err
    assert ses.id in report and card.id in report and person.id in report
    with Store(db) as store:
        assert store.initiative_data(ini.id) == before  # nothing of it changed
        assert store.require(Session, ses.id).initiative_id == ini.id
        assert store.get(Card, intruder["id"]) is None
        assert store.sessions(new_ini) == []  # its exports hold none of the town's people


# --- item 8: timestamps ------------------------------------------------------------------


def test_a_naive_timestamp_is_refused_with_a_clear_line(tmp_path: Path, capsys) -> None:
    _, raw = _filled_raw(tmp_path)
    raw["data"]["sessions"][0]["cards"][0]["updated_at"] = "2026-09-16T05:00:00"
    db = tmp_path / "b.db"
    assert _import(db, _write(tmp_path, raw)) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert "タイムゾーン" in err and "Traceback" not in err
    with Store(db) as b:
        assert b.initiatives() == []


def test_a_timestamp_in_the_future_is_refused(tmp_path: Path, capsys) -> None:
    _, raw = _filled_raw(tmp_path)
    raw["data"]["sessions"][0]["cards"][0]["updated_at"] = "2099-01-01T00:00:00+00:00"
    db = tmp_path / "b.db"
    assert _import(db, _write(tmp_path, raw)) == cli.EXIT_USER
    assert "未来" in capsys.readouterr().err
    with Store(db) as b:
        assert b.initiatives() == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "ics", "md", "html"])
def test_exports_survive_naive_timestamps_already_stored(tmp_path: Path, fmt: str) -> None:
    with new_store(tmp_path / "a.db") as store:
        ini, ses, *_ = _filled(store)
        store.add(Attendee(session_id=ses.id, name="佐藤", department="交通政策課"))
        store.add(ActionItem(initiative_id=ini.id, session_id=ses.id, what="二つ目"))
        # one record of each pair written naive by an earlier import, the other aware
        for table in ("attendees", "actions"):
            store.conn.execute(
                f"UPDATE {table} SET created_at = '2026-09-16T05:00:00',"
                " updated_at = '2026-09-16T05:00:00'"
                f" WHERE rowid = (SELECT min(rowid) FROM {table})"
            )
        data = store.initiative_data(ini.id)
    assert render(fmt, data, ses.id)
    assert all(a.created_at.utcoffset() == timedelta(0) for a in data.actions)


def test_a_local_edit_is_kept_when_the_same_bundle_comes_again(tmp_path: Path) -> None:
    ini, raw = _filled_raw(tmp_path)
    # the sender's clock runs 30 minutes fast (within the tolerance)
    raw["data"]["initiative"]["updated_at"] = _stamp(timedelta(minutes=30))
    path = _write(tmp_path, raw)
    db = tmp_path / "b.db"
    assert _import(db, path) == 0
    with Store(db) as b:
        b.update(b.require(Initiative, ini.id), name="ここで直した名前")
    assert _import(db, path) == 0
    with Store(db) as b:
        assert b.require(Initiative, ini.id).name == "ここで直した名前"


def test_a_newer_local_vote_survives_a_remote_text_edit(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a, new_store(tmp_path / "b.db") as b:
        ini, _, _, card = _filled(a)
        b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        b.update(b.require(Card, card.id), votes=5)  # voted here first
        a.update(a.require(Card, card.id), text="向こうで直した文")  # edited there later
        result = b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        merged = b.require(Card, card.id)
        assert (merged.text, merged.votes) == ("向こうで直した文", 5)
        assert result.updated == 1 and result.conflicts == ()


def test_both_sides_editing_one_field_is_reported_and_nothing_is_lost(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a, new_store(tmp_path / "b.db") as b:
        ini, _, _, card = _filled(a)
        b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        b.update(b.require(Card, card.id), text="こちらの文")
        a.update(a.require(Card, card.id), text="向こうの文", votes=2)
        result = b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        (conflict,) = result.conflicts
        assert conflict.record_id == card.id and conflict.fields == ("text",)
        merged = b.require(Card, card.id)
        assert (merged.text, merged.votes) == ("こちらの文", 2)  # local text, remote vote
        # the bundle's text is not lost: it is in the record's history
        assert any("向こうの文" in (r.old_value or "") for r in b.import_history(card.id))
        # importing the same bundle once more reports nothing new
        again = b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        assert again.conflicts == () and again.updated == 0


def test_the_cli_names_the_conflicting_records_and_what_it_kept(tmp_path: Path, capsys) -> None:
    with new_store(tmp_path / "a.db") as a:
        ini, _, _, card = _filled(a)
        first = _write(tmp_path, _raw(a, ini.id), "1.json")
        a.update(a.require(Card, card.id), text="向こうの文")
        second = _write(tmp_path, _raw(a, ini.id), "2.json")
    db = tmp_path / "b.db"
    assert _import(db, first) == 0
    with Store(db) as b:
        b.update(b.require(Card, card.id), text="こちらの文")
    capsys.readouterr()
    assert _import(db, second) == 0
    out = capsys.readouterr().out
    assert card.id in out and "内容 (text)" in out and "この端末の値を残しました" in out


# --- item 9: lax types ----------------------------------------------------------------------


def _mutations() -> list[tuple[str, Any, str]]:
    def card(field: str, value: Any):
        def apply(raw: dict[str, Any]) -> None:
            raw["data"]["sessions"][0]["cards"][0][field] = value

        return apply

    def top(field: str, value: Any):
        def apply(raw: dict[str, Any]) -> None:
            raw[field] = value

        return apply

    def duplicate(raw: dict[str, Any]) -> None:
        cards = raw["data"]["sessions"][0]["cards"]
        cards.append(dict(cards[0], text="二枚目"))

    def empty_id(raw: dict[str, Any]) -> None:
        raw["data"]["actions"][0]["id"] = ""

    def bad_ref(raw: dict[str, Any]) -> None:
        raw["data"]["sessions"][0]["cards"][0]["author_id"] = "山田"

    return [
        ("position", card("position", 10**20), "範囲"),
        ("votes", card("votes", "5"), "投票数"),
        ("version", top("version", "1"), "version"),
        ("duplicate", duplicate, "重複"),
        ("empty id", empty_id, "UUID"),
        ("bad ref", bad_ref, "UUID"),
    ]


@pytest.mark.parametrize(
    ("name", "mutate", "expected"), _mutations(), ids=[m[0] for m in _mutations()]
)
def test_lax_values_are_refused_with_one_line_each(
    tmp_path: Path, capsys, name: str, mutate, expected: str
) -> None:
    _, raw = _filled_raw(tmp_path)
    mutate(raw)
    db = tmp_path / "b.db"
    assert _import(db, _write(tmp_path, raw)) == cli.EXIT_USER
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    with Store(db) as b:
        assert b.counts()["initiatives"] == 0


def test_several_problems_give_one_line_each(tmp_path: Path, capsys) -> None:
    _, raw = _filled_raw(tmp_path)
    c = raw["data"]["sessions"][0]["cards"][0]
    c.update(votes="5", position=10**20)
    raw["data"]["actions"][0]["id"] = ""
    assert _import(tmp_path / "b.db", _write(tmp_path, raw)) == cli.EXIT_USER
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(lines) == 3  # one line per problem, each naming the file
    assert all(ln.startswith("workshop: ") and "b.json" in ln for ln in lines)
    assert any("投票数" in ln for ln in lines) and any("UUID" in ln for ln in lines)


def test_the_english_ui_gets_english_lines(tmp_path: Path, capsys) -> None:
    _, raw = _filled_raw(tmp_path)
    raw["data"]["sessions"][0]["cards"][0]["votes"] = "5"
    path = _write(tmp_path, raw)
    assert cli.main(["--lang", "en", "--db", str(tmp_path / "b.db"), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "votes" in err.lower() and "投票" not in err


def test_stored_ids_stay_readable_when_the_database_was_filled_by_old_code(
    tmp_path: Path,
) -> None:
    """Lenient on read: a record stored with a non-UUID id by an earlier version is still
    shown (only bundles are held to the strict rules)."""
    with new_store(tmp_path / "a.db") as store:
        _, ses, *_ = _filled(store)
        store.conn.execute(
            "INSERT INTO decisions (id, created_at, updated_at, session_id, text)"
            " VALUES ('', '2026-09-16T05:00:00', '2026-09-16T05:00:00', ?, '古い記録')",
            [ses.id],
        )
        assert [d.text for d in store.decisions(ses.id)] == ["古い記録"]
    assert sqlite3.connect(tmp_path / "a.db").execute("SELECT count(*) FROM decisions").fetchone()


def test_a_deletion_made_here_is_not_undone_by_the_same_bundle(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a, new_store(tmp_path / "b.db") as b:
        ini, _, person, card = _filled(a)
        bundle = Bundle(data=a.initiative_data(ini.id))
        b.import_bundle(bundle)
        b.delete(b.require(Attendee, person.id))  # its card keeps no author (SET NULL)
        b.delete(b.require(Card, card.id))
        again = b.import_bundle(bundle)
        assert b.get(Card, card.id) is None and b.get(Attendee, person.id) is None
        assert set(again.kept_deleted) == {card.id, person.id} and again.conflicts == ()
        # the other side edits the deleted card: reported, still deleted, nothing lost
        a.update(a.require(Card, card.id), text="向こうで直した")
        third = b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        assert [(c.record_id, c.fields) for c in third.conflicts] == [(card.id, ("*",))]
        assert b.get(Card, card.id) is None
        assert "向こうで直した" in b.import_history(card.id)[-1].old_value


def test_a_whole_initiative_deleted_here_comes_back_whole(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a, new_store(tmp_path / "b.db") as b:
        ini, *_ = _filled(a)
        bundle = Bundle(data=a.initiative_data(ini.id))
        b.import_bundle(bundle)
        before = b.counts()
        b.delete(b.require(Initiative, ini.id))
        assert b.counts()["cards"] == 0
        b.import_bundle(bundle)
        assert b.counts() == before


def test_the_cli_says_what_deleted_records_it_left_deleted(tmp_path: Path, capsys) -> None:
    with new_store(tmp_path / "a.db") as a:
        ini, _, _, card = _filled(a)
        path = _write(tmp_path, _raw(a, ini.id))
    db = tmp_path / "b.db"
    assert _import(db, path) == 0
    with Store(db) as b:
        b.delete(b.require(Card, card.id))
    capsys.readouterr()
    assert _import(db, path) == 0
    assert "削除した記録 1 件は、バンドルにあっても戻していません" in capsys.readouterr().out


def test_an_import_raises_the_version_so_an_open_editor_notices(tmp_path: Path) -> None:
    with new_store(tmp_path / "a.db") as a, new_store(tmp_path / "b.db") as b:
        ini, _, _, card = _filled(a)
        b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        seen = b.require(Card, card.id)  # an editor opened on this machine
        a.update(a.require(Card, card.id), text="向こうで直した")
        b.import_bundle(Bundle(data=a.initiative_data(ini.id)))
        assert b.require(Card, card.id).version == seen.version + 1

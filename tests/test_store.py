"""The SQLite store: safety rules on open, immediate commits, revisions, bundles."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from workshop.domain.bundle import Bundle
from workshop.domain.enums import Step
from workshop.domain.records import (
    ActionItem,
    Attendee,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Session,
)
from workshop.store import (
    SCHEMA_VERSION,
    AmbiguousSession,
    CorruptDatabase,
    NewerSchema,
    NotFound,
    NotWorkshopDatabase,
    Store,
)
from workshop.store.db import APPLICATION_ID


def make_session(store: Store) -> tuple[Initiative, Session]:
    ini = store.add(
        Initiative(name="買い物と移動の支援", municipality="みなと町", population=18000)
    )
    ses = store.add(Session(initiative_id=ini.id, title="第1回 連携会議", date=date(2026, 11, 22)))
    return ini, ses


class TestOpening:
    def test_new_database_is_private_wal_and_versioned(self, db_path: Path) -> None:
        with Store(db_path) as store:
            assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
            assert store.db.journal_mode == "wal"
            assert store.schema_version == SCHEMA_VERSION
            assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID

    def test_reopening_keeps_data_and_makes_no_backup(self, db_path: Path) -> None:
        with Store(db_path) as store:
            make_session(store)
        with Store(db_path) as store:
            assert store.backup_path is None
            assert [s.title for s in store.sessions()] == ["第1回 連携会議"]

    def test_garbage_file_is_refused_and_left_untouched(self, db_path: Path) -> None:
        db_path.write_bytes(b"not a database at all" * 50)
        before = db_path.read_bytes()
        with pytest.raises(NotWorkshopDatabase):
            Store(db_path)
        assert db_path.read_bytes() == before

    def test_other_sqlite_database_is_refused(self, db_path: Path) -> None:
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.commit()
        conn.close()
        before = db_path.read_bytes()
        with pytest.raises(NotWorkshopDatabase):
            Store(db_path)
        assert db_path.read_bytes() == before

    def test_corrupt_database_is_refused_and_left_untouched(self, db_path: Path) -> None:
        with Store(db_path) as store:
            _, ses = make_session(store)
            for n in range(300):
                store.add(Card(session_id=ses.id, step=Step.VISION, text=f"カード{n}" * 40))
        data = bytearray(db_path.read_bytes())
        # Smash pages after the first one (the header stays valid)
        for offset in range(4096 * 2, min(len(data), 4096 * 6)):
            data[offset] = 0xA5
        db_path.write_bytes(bytes(data))
        before = db_path.read_bytes()
        with pytest.raises((CorruptDatabase, NotWorkshopDatabase)):
            Store(db_path)
        assert db_path.read_bytes() == before

    def test_newer_schema_is_refused(self, db_path: Path) -> None:
        with Store(db_path) as store:
            store.conn.execute(
                "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                " VALUES ('workshop', 'm999_future', 'x')"
            )
            store.conn.commit()
        before = db_path.read_bytes()
        with pytest.raises(NewerSchema) as e:
            Store(db_path)
        assert e.value.params["supported"] == SCHEMA_VERSION
        assert db_path.read_bytes() == before

    def test_backup_is_written_before_a_migration(self, db_path: Path, monkeypatch) -> None:
        with Store(db_path) as store:
            make_session(store)
        from workshop.store import migrations as mig

        def m002_test(db) -> None:
            db.execute("CREATE TABLE extra (id TEXT PRIMARY KEY) STRICT")

        monkeypatch.setattr(mig.migrations, "_migrations", list(mig.migrations._migrations))
        mig.migrations()(m002_test)
        from workshop.store import db as dbmod

        monkeypatch.setattr(dbmod, "MIGRATIONS", (*dbmod.MIGRATIONS, "m002_test"))
        monkeypatch.setattr(dbmod, "SCHEMA_VERSION", len(dbmod.MIGRATIONS))
        with Store(db_path) as store:
            assert store.backup_path is not None and store.backup_path.exists()
            assert stat.S_IMODE(os.stat(store.backup_path).st_mode) == 0o600
            assert "extra" in store.db.table_names()
        with sqlite3.connect(store.backup_path) as old:
            assert "extra" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
            assert old.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1


class TestRecords:
    def test_every_change_is_committed_at_once(self, db_path: Path) -> None:
        store = Store(db_path)
        _, ses = make_session(store)
        card = store.add(Card(session_id=ses.id, step=Step.VISION, text="誰もが出かけられる町"))
        # A second connection sees it without the first one closing
        with Store(db_path) as other:
            assert [c.text for c in other.cards(ses.id)] == ["誰もが出かけられる町"]
        store.update(card, votes=3)
        with Store(db_path) as other:
            assert other.require(Card, card.id).votes == 3
        store.close()

    def test_editing_text_keeps_the_previous_version(self, db_path: Path) -> None:
        with Store(db_path) as store:
            _, ses = make_session(store)
            card = store.add(Card(session_id=ses.id, step=Step.VISION, text="[bold]最初[/]"))
            card = store.update(card, text="二番目")
            store.update(card, text="三番目")
            revs = store.revisions(card.id)
            assert [(r.field, r.old_value) for r in revs] == [
                ("text", "[bold]最初[/]"),
                ("text", "二番目"),
            ]
            assert store.require(Card, card.id).text == "三番目"

    def test_update_writes_only_the_given_fields(self, db_path: Path) -> None:
        with Store(db_path) as a, Store(db_path) as b:
            _, ses = make_session(a)
            card = a.add(Card(session_id=ses.id, step=Step.VISION, text="元"))
            stale = b.require(Card, card.id)
            a.update(card, text="Aが直した")
            b.update(stale, votes=2)  # B's stale copy must not undo A's edit
            final = a.require(Card, card.id)
            assert (final.text, final.votes) == ("Aが直した", 2)

    def test_invalid_change_is_refused_and_nothing_is_written(self, db_path: Path) -> None:
        from pydantic import ValidationError

        with Store(db_path) as store:
            _, ses = make_session(store)
            card = store.add(Card(session_id=ses.id, step=Step.VISION, text="元"))
            with pytest.raises(ValidationError):
                store.update(card, text="   ")
            assert store.require(Card, card.id).text == "元"

    def test_soft_deleted_cards_can_be_restored(self, db_path: Path) -> None:
        with Store(db_path) as store:
            _, ses = make_session(store)
            card = store.add(Card(session_id=ses.id, step=Step.VISION, text="消してしまった"))
            card = store.update(card, deleted=True)
            assert store.cards(ses.id) == []
            store.update(card, deleted=False)
            assert [c.text for c in store.cards(ses.id)] == ["消してしまった"]

    def test_hard_delete_keeps_a_snapshot(self, db_path: Path) -> None:
        with Store(db_path) as store:
            _, ses = make_session(store)
            d = store.add(Decision(session_id=ses.id, text="毎月集まる"))
            store.delete(d)
            assert store.decisions(ses.id) == []
            (rev,) = store.revisions(d.id)
            assert rev.field == "*" and "毎月集まる" in rev.old_value

    def test_japanese_emoji_and_markup_round_trip(self, db_path: Path) -> None:
        text = '[bold]交通[/] 😀 ｱｲｳ ①②③ ※ =HYPERLINK("x") ‮عربى‬ e\u0301'
        with Store(db_path) as store:
            _, ses = make_session(store)
            store.add(
                Card(session_id=ses.id, step=Step.STRENGTHS, text=text, tags=["防災", "交通"])
            )
        with Store(db_path) as store:
            (card,) = store.cards(ses.id)
            # kept as typed, but for the direction override and its end (invisible)
            kept = text.replace("\u202e", "").replace("\u202c", "")
            assert card.text == kept and card.tags == ["防災", "交通"]

    def test_resolve_session_by_prefix_latest_and_errors(self, db_path: Path) -> None:
        with Store(db_path) as store:
            ini, ses = make_session(store)
            assert store.resolve_session(ses.id[:6]).id == ses.id
            assert store.resolve_session("latest").id == ses.id
            with pytest.raises(NotFound):
                store.resolve_session("zzzz")
            for n in range(20):
                store.add(Session(id=f"abc{n:02d}-x", initiative_id=ini.id, title=f"{n}"))
            with pytest.raises(AmbiguousSession):
                store.resolve_session("abc")

    def test_summaries_say_how_far_each_session_got(self, db_path: Path) -> None:
        with Store(db_path) as store:
            ini, ses = make_session(store)
            store.update(ses, current_step=Step.STRENGTHS, reached_step=Step.STRENGTHS)
            store.add(Card(session_id=ses.id, step=Step.VISION, text="a"))
            store.add(ActionItem(initiative_id=ini.id, session_id=ses.id, what="b"))
            (row,) = store.session_summaries()
            assert (row.initiative, row.cards, row.actions) == ("買い物と移動の支援", 1, 1)
            assert row.reached_step is Step.STRENGTHS and row.progress == 3

    def test_deleting_a_session_removes_its_records(self, db_path: Path) -> None:
        with Store(db_path) as store:
            _, ses = make_session(store)
            store.add(Attendee(session_id=ses.id, name="山田"))
            store.delete(ses)
            assert store.counts()["attendees"] == 0


class TestBundles:
    def _filled(self, store: Store) -> str:
        ini, ses = make_session(store)
        a = store.add(Attendee(session_id=ses.id, name="山田", department="高齢福祉課"))
        store.add(Card(session_id=ses.id, step=Step.VISION, text="集える場所", author_id=a.id))
        store.add(Decision(session_id=ses.id, text="月1回集まる"))
        store.add(ActionItem(initiative_id=ini.id, session_id=ses.id, what="地図を作る"))
        store.add(KeyPerson(initiative_id=ini.id, name="山田", deputy_name="佐藤"))
        return ini.id

    def test_round_trip_into_an_empty_database_gives_the_same_bundle(self, tmp_path: Path) -> None:
        with Store(tmp_path / "a.db") as a:
            iid = self._filled(a)
            first = Bundle(data=a.initiative_data(iid))
        with Store(tmp_path / "b.db") as b:
            result = b.import_bundle(Bundle.model_validate_json(first.to_json()))
            assert result.inserted == 7 and result.updated == 0
            again = Bundle(data=b.initiative_data(iid), exported_at=first.exported_at)
        assert again.to_json() == first.to_json()

    def test_importing_twice_changes_nothing(self, tmp_path: Path) -> None:
        with Store(tmp_path / "a.db") as a:
            bundle = Bundle(data=a.initiative_data(self._filled(a)))
        with Store(tmp_path / "b.db") as b:
            b.import_bundle(bundle)
            before = b.counts()
            result = b.import_bundle(bundle)
            assert (result.inserted, result.updated) == (0, 0)
            assert b.counts() == before

    def test_newer_records_win_and_keep_a_revision(self, tmp_path: Path) -> None:
        with Store(tmp_path / "a.db") as a:
            iid = self._filled(a)
            old = Bundle(data=a.initiative_data(iid))
            (card,) = a.cards(old.data.sessions[0].session.id)
            a.update(card, text="直した")
            new = Bundle(data=a.initiative_data(iid))
        with Store(tmp_path / "b.db") as b:
            b.import_bundle(old)
            assert b.import_bundle(new).updated == 1
            assert b.require(Card, card.id).text == "直した"
            assert [r.old_value for r in b.revisions(card.id)] == ["集える場所"]
            assert b.import_bundle(old).updated == 0  # older data never overwrites

    def test_malformed_bundle_is_refused_before_any_write(self, tmp_path: Path) -> None:
        from pydantic import ValidationError

        with Store(tmp_path / "a.db") as a:
            raw = Bundle(data=a.initiative_data(self._filled(a))).model_dump(mode="json")
        raw["data"]["sessions"][0]["cards"][0]["session_id"] = "elsewhere"
        with pytest.raises(ValidationError):
            Bundle.model_validate(raw)
        raw["data"]["sessions"][0]["cards"][0]["session_id"] = raw["data"]["sessions"][0][
            "session"
        ]["id"]
        raw["version"] = 99
        with pytest.raises(ValidationError):
            Bundle.model_validate(raw)


def test_the_schema_list_matches_the_migrations() -> None:
    from workshop.store import migrations, schema

    assert tuple(migrations.KNOWN) == schema.MIGRATIONS


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(db_path: Path) -> None:
    Store(db_path).close()  # created (and migrated) here
    code = (
        "import sys; from workshop.store import Store; s = Store(sys.argv[1]); "
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_importing_the_store_does_not_import_textual() -> None:
    code = "import sys, workshop.store, workshop.domain.rules; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    with Store(db_path) as store:
        _, ses = make_session(store)
    script = (
        "import sys\n"
        "from workshop.store import Store\n"
        "from workshop.domain.records import Card\n"
        "s = Store(sys.argv[1])\n"
        "for n in range(150):\n"
        "    s.add(Card(session_id=sys.argv[2], step='vision', text=f'{sys.argv[3]}-{n}'))\n"
        "print('done')\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db_path), ses.id, name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    with Store(db_path) as store:
        texts = {c.text for c in store.cards(ses.id)}
        assert len(texts) == 300
        assert store.integrity_problems() == []


# --- edit history of every kind of record ---------------------------------------------------

TRACKED: dict[str, tuple[str, ...]] = {
    "Initiative": ("name", "description"),
    "Session": ("title", "place", "next_meeting_note"),
    "Attendee": ("name", "department", "title"),
    "Card": ("text",),
    "Statement": ("text",),
    "Resource": ("name", "leverage", "purpose", "note"),
    "Mechanism": ("name", "reports_to", "anchor_detail", "note"),
    "KeyPerson": ("name", "role", "note"),
    "Decision": ("text",),
    "ActionItem": ("what", "done_definition", "comment"),
    "ActionReview": ("comment",),
    "BarrierTick": ("note",),
}
"""The typed prose whose earlier wording must survive an edit, written out by hand: a
field dropped from a model's tracked list makes the test below fail."""


def _one_of_each(store: Store) -> dict[str, object]:
    from workshop.domain.enums import PartnerClass, StatementKind
    from workshop.domain.records import ActionReview, BarrierTick, Mechanism, Resource, Statement

    ini, ses = make_session(store)
    ini = store.update(ini, description="旧 description")
    action = store.add(ActionItem(initiative_id=ini.id, session_id=ses.id, what="旧 what"))
    records = [
        ini,
        ses,
        Attendee(session_id=ses.id, name="旧 name"),
        Card(session_id=ses.id, step=Step.VISION, text="旧 text"),
        Statement(session_id=ses.id, kind=StatementKind.VISION, text="旧 text"),
        Resource(session_id=ses.id, name="旧 name"),
        Mechanism(session_id=ses.id, name="旧 name"),
        KeyPerson(initiative_id=ini.id, name="旧 name"),
        Decision(session_id=ses.id, text="旧 text"),
        action,
        ActionReview(action_id=action.id, session_id=ses.id, status="in_progress"),
        BarrierTick(session_id=ses.id, barrier=REF_BARRIER, partner=next(iter(PartnerClass))),
    ]
    out: dict[str, object] = {}
    for rec in records:
        if store.get(type(rec), rec.id) is None:
            store.add(rec)
        out[type(rec).__name__] = store.require(type(rec), rec.id)
    return out


REF_BARRIER = "bar_low_interest"


@pytest.mark.parametrize(
    ("kind", "field"), [(k, f) for k, fields in TRACKED.items() for f in fields]
)
def test_editing_any_tracked_text_keeps_the_previous_wording(
    db_path: Path, kind: str, field: str
) -> None:
    with Store(db_path) as store:
        rec = _one_of_each(store)[kind]
        before = getattr(rec, field)
        store.update(rec, **{field: f"新しい {field}"})
        assert getattr(store.require(type(rec), rec.id), field) == f"新しい {field}"
        history = [(r.field, r.old_value) for r in store.revisions(rec.id)]
        assert (field, before) in history


# --- a failed write: a clear error, nothing half-written --------------------------------


def test_a_constraint_failure_inside_a_write_rolls_back_and_says_so(db_path: Path) -> None:
    from workshop.store import StoreError

    with Store(db_path) as store:
        _, ses = make_session(store)
        card = store.add(Card(session_id=ses.id, step=Step.VISION, text="一枚目"))
        before = store.counts()
        with pytest.raises(StoreError) as info, store.write():
            store.add(Card(session_id=ses.id, step=Step.VISION, text="二枚目"))
            store.add(card)  # the same id again: UNIQUE fails
        assert not isinstance(info.value, sqlite3.Error)
        assert info.value.code and "UNIQUE" in str(info.value.params)
        assert not store.conn.in_transaction
        assert store.counts() == before  # the first insert of the write was undone too
        store.add(Card(session_id=ses.id, step=Step.VISION, text="三枚目"))  # still usable
        assert [c.text for c in store.cards(ses.id)] == ["一枚目", "三枚目"]


class _FailingCommit:
    """The store's connection, except that COMMIT fails as on a dying disk."""

    def __init__(self, conn: sqlite3.Connection, message: str) -> None:
        self._conn, self._message = conn, message

    def execute(self, sql: str, *args):
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("message", "error"),
    [("disk I/O error", "DatabaseUnwritable"), ("database is locked", "DatabaseBusy")],
)
def test_a_failed_commit_gives_a_clear_error_and_keeps_nothing(
    db_path: Path, message: str, error: str
) -> None:
    import workshop.store as store_module

    with Store(db_path) as store:
        _, ses = make_session(store)
        before = store.counts()
        real = store.conn
        store.conn = _FailingCommit(real, message)  # type: ignore[assignment]
        try:
            with pytest.raises(getattr(store_module, error)) as info:
                store.add(Card(session_id=ses.id, step=Step.VISION, text="消えるはず"))
        finally:
            store.conn = real
        assert info.value.params.get("path") == str(db_path)
        assert not real.in_transaction  # rolled back, not left open for the next write
        assert store.counts() == before
        store.add(Card(session_id=ses.id, step=Step.VISION, text="次は保存される"))
        assert [c.text for c in store.cards(ses.id)] == ["次は保存される"]

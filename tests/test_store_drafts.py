"""The store keeps a card line typed and not entered (`DraftStore`): one per board of a
session, never part of what is exported."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from tests.db_templates import new_store
from tests.ui_helpers import new_session
from workshop.domain.base import MAX_TEXT
from workshop.domain.records import Session
from workshop.export import render
from workshop.store import DatabaseBusy, Store, StoreError


def test_a_line_is_kept_replaced_and_removed(tmp_path: Path) -> None:
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        assert store.draft(session.id, "vision:vision.town") == ""
        store.keep_draft(session.id, "vision:vision.town", "見守りの")
        store.keep_draft(session.id, "vision:vision.town", "見守りの名簿")
        store.keep_draft(session.id, "strengths:strengths.offers", "移送サービス")
        assert store.draft(session.id, "vision:vision.town") == "見守りの名簿"
        assert store.draft(session.id, "strengths:strengths.offers") == "移送サービス"
        store.keep_draft(session.id, "vision:vision.town", "   ")  # blank: removed
        assert store.draft(session.id, "vision:vision.town") == ""
        count = store.conn.execute("SELECT count(*) FROM drafts").fetchone()[0]
        assert count == 1


def test_a_line_is_cleaned_and_cut_like_a_card(tmp_path: Path) -> None:
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        store.keep_draft(session.id, "p", "前\x00後\x1b[2J")
        assert store.draft(session.id, "p") == "前後[2J"
        store.keep_draft(session.id, "p", "あ" * (MAX_TEXT + 10))
        assert len(store.draft(session.id, "p")) == MAX_TEXT


def test_a_deleted_session_takes_its_lines_and_refuses_new_ones(tmp_path: Path) -> None:
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        store.keep_draft(session.id, "p", "途中")
        store.delete(store.require(Session, session.id))
        assert store.conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
        with pytest.raises(StoreError):
            store.keep_draft(session.id, "p", "消えた会議へ")


def test_a_busy_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    with Store(db) as store:
        session = new_session(store)
    started, done = threading.Event(), threading.Event()

    def hold() -> None:
        with Store(db) as other, other.write():
            other.conn.execute("UPDATE workshop_meta SET value = value WHERE key = 'x'")
            started.set()
            done.wait(5)

    th = threading.Thread(target=hold, daemon=True)
    th.start()
    assert started.wait(10)
    with Store(db, write_wait=0.2) as store:
        t0 = time.monotonic()
        with pytest.raises(DatabaseBusy):
            store.keep_draft(session.id, "p", "待てない")
        assert time.monotonic() - t0 < 5
        done.set()
        th.join()
        store.keep_draft(session.id, "p", "待てた")
        assert store.draft(session.id, "p") == "待てた"


def test_a_kept_line_is_in_no_export(tmp_path: Path) -> None:
    """It is not part of the record: neither the bundle nor the minutes carry it."""
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        store.keep_draft(session.id, "vision:vision.town", "まだ言っていない下書き")
        data = store.initiative_data(session.initiative_id)
    bundle = render("json", data, session.id)
    assert "まだ言っていない下書き" not in bundle.decode("utf-8")
    assert "drafts" not in json.loads(bundle)
    assert "まだ言っていない下書き" not in render("md", data, session.id).decode("utf-8")


def test_a_line_keeps_what_it_was_typed_with(tmp_path: Path) -> None:
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        place = "strengths:strengths.strengths+strengths.needs"
        store.keep_draft(session.id, place, "通院の足", {"author_id": "a1", "department": ""})
        # empty values are left out; the context follows the text when it is kept again
        assert store.draft_line(session.id, place) == ("通院の足", {"author_id": "a1"})
        store.keep_draft(session.id, place, "通院の足が", {"prompt": "strengths.needs\x1b"})
        assert store.draft_line(session.id, place) == (
            "通院の足が",
            {"prompt": "strengths.needs"},
        )
        store.keep_draft(session.id, place, "  ", {"author_id": "a1"})  # blank: removed
        assert store.draft_line(session.id, place) == ("", {})


@pytest.mark.parametrize(
    "stored",
    ["not json", "[1, 2]", '"text"', '{"author_id": 5, "prompt": null}', "{" * 5000],
)
def test_a_context_edited_by_another_program_is_not_trusted(tmp_path: Path, stored: str) -> None:
    """The database file is outside the app's hands: a context that is not an object of
    texts is read as none, and the line itself still comes back."""
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        store.keep_draft(session.id, "p", "途中の行", {"author_id": "a1"})
        with store.write():
            store.conn.execute("UPDATE drafts SET context = ?", [stored])
        assert store.draft_line(session.id, "p") == ("途中の行", {})


def test_a_context_of_many_or_long_entries_is_cut_when_read(tmp_path: Path) -> None:
    with new_store(tmp_path / "d.db") as store:
        session = new_session(store)
        store.keep_draft(session.id, "p", "途中の行")
        huge = {f"k{i:02}": "あ" * (MAX_TEXT + 5) for i in range(50)}
        with store.write():
            store.conn.execute("UPDATE drafts SET context = ?", [json.dumps(huge)])
        text, context = store.draft_line(session.id, "p")
        assert text == "途中の行"
        assert len(context) == 8
        assert all(len(v) == MAX_TEXT for v in context.values())

"""The home list on a long-lived database: the newest sessions only, counted for the rows
shown, and the table filled once each time the screen appears."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.ui_helpers import empty_app, screen_text, settle
from workshop.domain.enums import Step
from workshop.domain.records import Card, Initiative, Session
from workshop.screens import home
from workshop.screens.home import HomeScreen
from workshop.store import Store


def fill(store: Store, sessions: int) -> list[Session]:
    ini = store.add(Initiative(name="買い物と移動の連携", municipality="みどり町"))
    out = []
    for n in range(sessions):
        s = store.add(
            Session(
                initiative_id=ini.id,
                title=f"第{n + 1}回 連携会議",
                date=date(2026, 1, 1) + timedelta(days=n),
            )
        )
        for k in range(n % 3):
            store.add(Card(session_id=s.id, step=Step.VISION, prompt="vision.town", text=f"案{k}"))
        out.append(s)
    return out


def test_summaries_are_the_newest_with_their_own_counts(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    sessions = fill(store, 7)
    rows = store.session_summaries(3)
    assert [r.id for r in rows] == [s.id for s in reversed(sessions[-3:])]
    assert [r.cards for r in rows] == [6 % 3, 5 % 3, 4 % 3]
    assert [r.id for r in store.session_summaries()] == [s.id for s in reversed(sessions)]
    assert store.session_count() == 7


async def test_home_lists_the_newest_and_says_how_many_more(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(home, "HOME_LIMIT", 4)
    app, store = empty_app(tmp_path)
    fill(store, 9)
    queries: list[int | None] = []
    real = store.session_summaries

    def counted(limit: int | None = None):
        queries.append(limit)
        return real(limit)

    monkeypatch.setattr(store, "session_summaries", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 4)
        text = screen_text(app)
        assert "第9回 連携会議" in text and "第6回 連携会議" in text
        assert "第5回 連携会議" not in text
        assert "5" in app.screen.query_one("#home-more").render().plain
        assert queries == [4]  # filled once, at its real width
        app.pop_screen()
        await settle(pilot)
        await app.push_screen(HomeScreen())
        await settle(pilot, 4)
        assert queries == [4, 4]


def test_home_list_is_read_through_indexes(tmp_path: Path) -> None:
    """The newest sessions are walked in order on an index (no sort of every session) and
    their live cards are counted in an index alone (no visit to each card's row)."""
    from workshop.store.core import SESSION_SUMMARIES_SQL

    store = Store(tmp_path / "w.db")
    fill(store, 5)
    plan = [
        row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {SESSION_SUMMARIES_SQL}", [200])
    ]
    assert "SCAN sessions USING INDEX sessions_listed" in plan
    assert not any(p.startswith("SCAN sessions") and "INDEX" not in p for p in plan)
    assert "SEARCH c USING COVERING INDEX cards_live_session (session_id=? AND deleted=?)" in plan


def test_deleted_cards_are_not_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    session = fill(store, 3)[2]  # two live cards
    card = store.cards(session.id)[0]
    store.update(card, deleted=True)
    assert store.session_summaries(1)[0].cards == 1


def test_exists_says_whether_a_record_is_stored(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    session = fill(store, 1)[0]
    assert store.exists(Session, session.id)
    assert store.exists(Initiative, session.initiative_id)
    assert not store.exists(Session, session.initiative_id)
    store.delete(session)
    assert not store.exists(Session, session.id)

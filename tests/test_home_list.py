"""The home list on a long-lived database: the newest sessions only, counted for the rows
shown, and the table filled once each time the screen appears."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from textual.screen import Screen

from tests.ui_helpers import empty_app, home_ready, screen_text, settle
from workshop.domain.enums import Step
from workshop.domain.records import Card, Initiative, Session
from workshop.screens import home
from workshop.screens.home import HomeScreen
from workshop.store import Store
from workshop.widgets.flex_table import FlexTable, column_widths


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
        await home_ready(pilot)
        text = screen_text(app)
        assert "第9回 連携会議" in text and "第6回 連携会議" in text
        assert "第5回 連携会議" not in text
        assert "5" in app.screen.query_one("#home-more").render().plain
        assert queries == [4]  # filled once, at its real width
        app.pop_screen()
        await settle(pilot)
        await app.push_screen(HomeScreen())
        await home_ready(pilot)
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


def _titles(app) -> list[str]:
    table = app.screen.query_one(FlexTable)
    return [table.get_row_at(n)[0].plain for n in range(table.row_count)]


async def test_home_is_filled_before_its_first_frame(tmp_path: Path, monkeypatch) -> None:
    """The table is filled at the width its first layout gives it (guessed from the
    terminal's width), so the first frame painted already shows the sessions."""
    app, store = empty_app(tmp_path)
    fill(store, 3)
    painted: list[int] = []
    real = Screen._compositor_refresh

    def refreshed(screen: Screen) -> None:
        real(screen)
        if isinstance(screen, HomeScreen):
            painted.append(screen.query_one(FlexTable).row_count)

    monkeypatch.setattr(Screen, "_compositor_refresh", refreshed)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        table = app.screen.query_one(FlexTable)
        assert painted and painted[0] == 4  # the initiative's line and its 3 sessions
        assert table._built == column_widths([w for _, _, w in table.spec], table.size.width)


async def _home_titles(tmp_path: Path, title: str) -> tuple[list[str], list[int]]:
    app, store = empty_app(tmp_path)
    ini = store.add(Initiative(name="買い物と移動の連携", municipality="みどり町"))
    store.add(Session(initiative_id=ini.id, title=title, date=date(2026, 1, 1)))
    async with app.run_test(size=(140, 30)) as pilot:
        await home_ready(pilot)
        return _titles(app), app.screen.query_one(FlexTable)._built


async def test_a_wrong_guess_of_the_width_is_filled_again(tmp_path: Path, monkeypatch) -> None:
    """When the first layout gives the table another width than guessed, the rows are
    filled again at the real width: the same lines as a table filled at it at once."""
    title = "第1回 買い物支援と移動販売と見守りネットワークの連携会議"
    right = await _home_titles(tmp_path / "right", title)
    guess = FlexTable.guess_width

    def narrow(self: FlexTable) -> None:
        guess(self)
        self._guess = max(0, self._guess - 40)

    monkeypatch.setattr(FlexTable, "guess_width", narrow)
    wrong = await _home_titles(tmp_path / "wrong", title)
    spec = [w for _, w in HomeScreen.COLUMNS]
    assert right[1] == wrong[1] == column_widths(spec, 138)
    assert right[0] == wrong[0]
    lines = wrong[0][1].split("\n")
    assert "".join(line.strip() for line in lines) == title  # not cut to the guessed width


async def test_enter_on_a_fresh_home_opens_the_session_the_resume_line_names(
    tmp_path: Path,
) -> None:
    """The cursor starts on the session last worked on, also when its initiative is not
    the first on the list: it stood on the first heading line, and Enter opened that
    initiative's latest session instead of the one the line said Enter resumes."""
    app, store = empty_app(tmp_path)
    first = store.add(Initiative(name="買い物と移動の連携", municipality="みどり町"))
    second = store.add(Initiative(name="防災と見守りの連携", municipality="みどり町"))
    other = store.add(
        Session(initiative_id=first.id, title="第1回 買い物会議", date=date(2026, 3, 1))
    )
    worked = store.add(
        Session(initiative_id=second.id, title="第1回 見守り会議", date=date(2026, 1, 1))
    )
    # worked on last: a few milliseconds after the other session was stored (the store
    # keeps milliseconds; within the same one, the two were a tie, and the resume line
    # named the session dated later, once a run on a fast machine)
    time.sleep(0.005)
    worked = store.update(worked, current_step=Step.STRENGTHS)
    assert worked.updated_at > other.updated_at
    async with app.run_test(size=(120, 40)) as pilot:
        await home_ready(pilot)
        text = screen_text(app)
        assert "前回の続き: 「第1回 見守り会議」" in text
        assert text.index("買い物と移動の連携") < text.index("防災と見守りの連携")
        assert app.screen.selected().id == worked.id
        await pilot.press("enter")
        await settle(pilot, 4)
        assert app.screen.session_id == worked.id

"""Pilot tests of moving between steps: what a pane shows when it comes back is current
(whatever changed meanwhile, here or in another window), and the cursor is where
typing starts. They guard the panes' caches of what they last read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select

from tests.ui_helpers import demo_app, open_session, screen_text, settle, show_tab, table_text
from workshop.domain.enums import SessionKind, SessionStatus, Step
from workshop.domain.records import ActionItem, Attendee, Card, Session
from workshop.i18n.dates import ui_date
from workshop.screens.session import SessionScreen
from workshop.store import Store
from workshop.widgets.card_board import CardBoard
from workshop.widgets.side_panel import SidePanel


def initial_session(store: Store) -> Session:
    """The demo's first session, made a draft again so that it can be edited."""
    first = next(s for s in store.sessions() if s.kind is SessionKind.INITIAL)
    return store.update(first, status=SessionStatus.DRAFT)


async def go(pilot, step: Step) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(step)
    await settle(pilot, 4)
    return screen


def below_top_bar(app) -> str:
    """What the screen shows under its top line (which says when the last save was)."""
    return "\n".join(screen_text(app).splitlines()[1:])


def vision_board(screen: SessionScreen) -> CardBoard:
    return next(b for b in screen.pane(Step.VISION).query(CardBoard) if b.display)


async def test_cards_added_meanwhile_show_when_the_step_comes_back(tmp_path: Path) -> None:
    """A card stored while another step was on screen, by this window or by another
    program on the same file, is on the board when the step is shown again."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.VISION)
        prompt = vision_board(screen).prompts[0]
        await go(pilot, Step.PREP)
        store.add(Card(session_id=s1.id, step=Step.VISION, prompt=prompt, text="駅前に見守り拠点"))
        screen = await go(pilot, Step.VISION)
        assert "駅前に見守り拠点" in table_text(screen.pane(Step.VISION))
        await go(pilot, Step.STRENGTHS)
        other = Store(tmp_path / "ui.db")  # another window on the same database
        other.add(Card(session_id=s1.id, step=Step.VISION, prompt=prompt, text="買い物の足"))
        other.close()
        screen = await go(pilot, Step.VISION)
        text = table_text(screen.pane(Step.VISION))
        assert "駅前に見守り拠点" in text and "買い物の足" in text


async def test_an_attendee_added_in_prep_can_write_cards_in_vision(tmp_path: Path) -> None:
    """A change typed in one step shows in another after switching: a person added on
    the prep pane's attendee tab is offered as the author of the vision cards."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.VISION)
        await go(pilot, Step.PREP)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        screen.query_one("#qa-name", Input).value = "野口 弥生"
        screen.query_one("#qa-dept", Input).value = "介護保険課"
        screen.query_one("#qa-side").focus()
        await pilot.pause()
        await pilot.press("enter")  # the side guessed from the 所属
        await settle(pilot)
        await pilot.press("0")  # no role
        await settle(pilot, 3)
        assert "野口 弥生" in [a.name for a in store.attendees(s1.id)]
        screen = await go(pilot, Step.VISION)
        author = vision_board(screen).query_one("#capture-author", Select)
        offered = [str(getattr(p, "plain", p)) for p, _ in author._options]
        assert any("野口 弥生" in o for o in offered)


async def test_a_revisited_review_pane_shows_what_changed_since(tmp_path: Path) -> None:
    """The review pane keeps what it read; a card, a new item and a changed date stored
    while another step was shown are all on it when it comes back."""
    app, store, initiative_id = demo_app(tmp_path)
    follow = store.add(
        Session(
            initiative_id=initiative_id,
            title="第3回",
            kind=SessionKind.FOLLOWUP,
            date=date(2027, 1, 20),
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, follow.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.current is Step.REVIEW
        await show_tab(pilot, "review-tabs", "tab-history")
        before = below_top_bar(app)
        await go(pilot, Step.VISION)
        await go(pilot, Step.REVIEW)  # nothing changed: the same history
        assert below_top_bar(app) == before
        await go(pilot, Step.VISION)
        store.add(
            Card(
                session_id=follow.id,
                step=Step.REVIEW,
                prompt="review.went_well",
                text="見守り協定が三件結ばれた",
            )
        )
        newer = store.require(Session, follow.id)
        other = Store(tmp_path / "ui.db")
        other.update(newer, date=date(2027, 2, 3))
        other.close()
        screen = await go(pilot, Step.REVIEW)
        assert ui_date(date(2027, 2, 3), weekday=False) in screen_text(app)
        assert "見守り協定が三件結ばれた" in table_text(screen.pane(Step.REVIEW))
        chart_before = below_top_bar(app)
        await go(pilot, Step.SUMMARY)
        store.add(
            ActionItem(initiative_id=initiative_id, session_id=follow.id, what="協定先の一覧を配る")
        )
        await go(pilot, Step.REVIEW)
        assert below_top_bar(app) != chart_before  # the new item counted in the history


async def test_the_cursor_is_in_the_capture_line_after_switching_back(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.VISION)
        await go(pilot, Step.STRENGTHS)
        await go(pilot, Step.VISION)
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "capture-text"
        assert vision_board(screen) in focused.ancestors
        await pilot.press(*"ab")
        await settle(pilot)
        assert focused.value == "ab"


async def test_attendee_renamed_elsewhere_shows_on_the_board(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.VISION)
        board = vision_board(screen)
        card = next((c for c in board.cards if c.author_id), None)
        assert card is not None
        await go(pilot, Step.PREP)
        person = store.require(Attendee, card.author_id)
        store.update(person, name="改名 太郎")
        screen = await go(pilot, Step.VISION)
        assert "改名 太郎" in table_text(vision_board(screen))


async def test_prep_tabs_opened_later_show_their_contents_and_keep_typing(
    tmp_path: Path,
) -> None:
    """The prep pane's later tabs are built when first opened: the people and the
    concerns are there when they open, the cursor is in the tab's line to type in, and
    what was typed there is still there after another tab and another step."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    store.update(s1, current_step=Step.PREP)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.current is Step.PREP
        prep = screen.pane(Step.PREP)
        # stored after the pane was built, before the tab was first opened
        store.add(Attendee(session_id=s1.id, name="野口 弥生", department="介護保険課"))
        store.add(
            Card(session_id=s1.id, step=Step.PREP, prompt="prep.concerns", text="送迎の担い手")
        )
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        assert "野口 弥生 | 介護保険課" in table_text(prep.query_one("#attendee-table"))
        name = prep.query_one("#qa-name", Input)
        assert app.focused is name
        await pilot.press(*"abc")
        await settle(pilot)
        name.value = "途中まで入力"
        await show_tab(pilot, "prep-tabs", "tab-concerns")
        board = prep.query_one(CardBoard)
        assert "送迎の担い手" in table_text(board)
        assert app.focused is board.query_one("#capture-text", Input)
        await go(pilot, Step.VISION)
        await go(pilot, Step.PREP)
        await show_tab(pilot, "prep-tabs", "tab-attendees")
        assert prep.query_one("#qa-name", Input).value == "途中まで入力"


async def test_mechanism_tabs_opened_later_show_what_is_stored(tmp_path: Path) -> None:
    from workshop.domain.records import KeyPerson, Mechanism
    from workshop.widgets.org_patterns import OrgPatterns

    app, store, initiative_id = demo_app(tmp_path)
    s1 = initial_session(store)
    store.update(s1, current_step=Step.MECHANISM)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = app.screen
        pane = screen.pane(Step.MECHANISM)
        pattern = screen.c.ref.survey.org_patterns[1].key
        mechanisms = store.mechanisms(s1.id)
        if mechanisms:
            store.update(mechanisms[0], org_pattern=pattern)
        else:
            store.add(Mechanism(session_id=s1.id, name="見守り会議", org_pattern=pattern))
        store.add(
            KeyPerson(
                initiative_id=initiative_id, session_id=s1.id, name="大西 悠", department="企画課"
            )
        )
        await go(pilot, Step.VISION)
        await go(pilot, Step.MECHANISM)  # read again: the stored pattern, before its tab
        await show_tab(pilot, "mechanism-tabs", "tab-people")
        assert "大西 悠" in table_text(pane.query_one("#people"))
        await show_tab(pilot, "mechanism-tabs", "tab-patterns")
        assert pane.query_one(OrgPatterns).chosen == pattern
        await show_tab(pilot, "mechanism-tabs", "tab-ideas")
        board = pane.query_one(CardBoard)
        assert app.focused is board.query_one("#capture-text", Input)
        await pilot.press(*"ab")
        await settle(pilot)
        assert board.query_one("#capture-text", Input).value == "ab"


def test_the_change_mark_moves_on_writes_here_and_elsewhere_only(tmp_path: Path) -> None:
    """What the panes' caches rest on: reading leaves the mark alone; a write by this
    connection or a commit by another one moves it."""
    _app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    mark = store.change_mark()
    store.cards(s1.id)
    store.initiative_data(s1.initiative_id)
    assert store.change_mark() == mark
    store.add(Card(session_id=s1.id, step=Step.VISION, prompt="vision.town", text="緑の多いまち"))
    assert store.change_mark() != mark
    mark = store.change_mark()
    other = Store(tmp_path / "ui.db")
    other.update(other.require(Session, s1.id), place="中央公民館")
    other.close()
    assert store.change_mark() != mark


def test_a_commit_elsewhere_during_the_step_save_still_moves_the_generation(
    tmp_path: Path,
) -> None:
    """The step/clock save absorbs only its own write: a card committed by another window
    while that save runs must still make the panes read again."""
    from types import SimpleNamespace

    from workshop.context import SessionContext

    _app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    app = SimpleNamespace(store=store, save=lambda fn, *a, **kw: fn(*a, **kw), quiet_saves=False)
    ctx = SessionContext(app, s1.id)  # type: ignore[arg-type]
    start = ctx.generation()
    ctx.update_housekeeping(current_step=Step.STRENGTHS)
    assert ctx.generation() == start  # its own write alone does not count

    saving = ctx.update_session

    def save_while_another_window_commits(**changes: object) -> bool:
        other = Store(tmp_path / "ui.db")
        other.add(Card(session_id=s1.id, step=Step.VISION, prompt="vision.town", text="別窓"))
        other.close()
        return saving(**changes)

    ctx.update_session = save_while_another_window_commits  # type: ignore[method-assign]
    ctx.update_housekeeping(current_step=Step.VISION)
    assert ctx.generation() != start


def side_text(screen: SessionScreen) -> str:
    side = screen.query_one(SidePanel)
    return str(side.page.query_one("#sp-content").render()) + str(
        side.page.query_one("#sp-tips").render()
    )


async def test_the_side_panel_of_a_step_follows_a_change_made_meanwhile(tmp_path: Path) -> None:
    """The side panel keeps each step's page while nothing changes (a revisit shows the
    same cases); themes changed in another window meanwhile change the cases it shows
    when the step comes back, and they are those a fresh panel would show."""
    app, store, _ = demo_app(tmp_path)
    s1 = initial_session(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, s1.id)
        screen = await go(pilot, Step.RESOURCES)
        before = side_text(screen)
        await go(pilot, Step.VISION)
        screen = await go(pilot, Step.RESOURCES)
        assert side_text(screen) == before  # nothing changed: the same page
        await go(pilot, Step.VISION)
        other = Store(tmp_path / "ui.db")  # another window on the same database
        themes = ["ごみ出し支援・環境", "防災・災害時支援"]
        other.update(other.require(Session, s1.id), themes=themes)
        other.close()
        screen = await go(pilot, Step.RESOURCES)
        side = screen.query_one(SidePanel)
        after = side_text(screen)
        assert after != before
        fresh = side.render_step(Step.RESOURCES).plain
        assert after.replace("\n", "") == fresh.replace("\n", "")

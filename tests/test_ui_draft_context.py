"""A card line brought back after a quit or a crash is entered as it would have been
then: under the speaker, the prompt and the section it was typed with. Before, the text
came back alone: Enter filed it under no speaker, in the board's first prompt, so what
a named person said was kept unattributed and under the wrong heading."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from tests.ui_helpers import empty_app, new_session, notices, open_session, settle
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.enums import Step
from workshop.domain.records import PROFILE_HEADINGS, Attendee
from workshop.i18n import t
from workshop.screens.session import SessionScreen
from workshop.store import Store
from workshop.widgets.card_board import CardBoard

PLACE = "strengths:" + "+".join(PROFILE_HEADINGS)
"""Where ②'s card board keeps its line (the board of every heading)."""


async def _strengths_board(pilot) -> CardBoard:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(Step.STRENGTHS)
    await settle(pilot, 4)
    board = screen.query_one(CardBoard)
    board.focus_capture()
    await pilot.pause()
    return board


def _people(store: Store, session_id: str) -> tuple[Attendee, Attendee]:
    first = store.add(
        Attendee(session_id=session_id, name="佐藤 美咲", department="福祉課", position=0)
    )
    second = store.add(
        Attendee(session_id=session_id, name="松本 直人", department="交通政策課", position=1)
    )
    return first, second


def _reopened(store: Store) -> WorkshopApp:
    return WorkshopApp(store=Store(store.path), config=Config(), persist_config=False)


async def test_a_line_brought_back_keeps_its_speaker_and_prompt(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    _, speaker = _people(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        assert board.draft_place == PLACE  # the place the board keeps its line under
        board.query_one("#capture-author", Select).value = speaker.id
        board.query_one("#capture-prompt", Select).value = "strengths.needs"
        await settle(pilot)
        board.query_one("#capture-text", Input).insert_text_at_cursor("バス停までが遠い")
        await app.action_quit()  # at once: the line never rested
        await settle(pilot)
    text, context = store.draft_line(session.id, PLACE)
    assert text == "バス停までが遠い"
    assert context == {"author_id": speaker.id, "prompt": "strengths.needs"}

    again = _reopened(store)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        await settle(pilot)
        assert board.query_one("#capture-text", Input).value == "バス停までが遠い"
        assert board.query_one("#capture-author", Select).value == speaker.id
        assert board.query_one("#capture-prompt", Select).value == "strengths.needs"
        assert board.query_one("#capture-dept", Input).value == "交通政策課"
        assert t("board.draft_restored_by", who="松本 直人（交通政策課）") in notices(again)
        await pilot.press(*"ので通えない", "enter")
        await settle(pilot)
        (card,) = again.store.cards(session.id, Step.STRENGTHS)
        assert (card.text, card.author_id, card.prompt, card.department) == (
            "バス停までが遠いので通えない",
            speaker.id,
            "strengths.needs",
            "交通政策課",
        )
        assert again.store.draft_line(session.id, PLACE) == ("", {})
    store.close()


async def test_a_typed_section_comes_back_and_a_changed_speaker_is_kept(tmp_path: Path) -> None:
    """A section the facilitator typed is theirs: it comes back as typed, not as the
    speaker's. Choosing another speaker for a line already kept keeps the line again."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    first, speaker = _people(store, session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        board.query_one("#capture-author", Select).value = first.id
        await settle(pilot)
        board.query_one("#capture-dept", Input).value = "社会福祉協議会"
        board.query_one("#capture-text", Input).insert_text_at_cursor("移動販売の情報")
        board.keep_draft()
        assert store.draft_line(session.id, PLACE)[1]["author_id"] == first.id
        board.query_one("#capture-author", Select).value = speaker.id
        await settle(pilot)
        board.keep_draft()
        assert store.draft_line(session.id, PLACE)[1] == {
            "author_id": speaker.id,
            "department": "社会福祉協議会",
            "prompt": "strengths.strengths",
        }
        await app.action_quit()
        await settle(pilot)

    again = _reopened(store)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        await settle(pilot)
        assert board.query_one("#capture-author", Select).value == speaker.id
        assert board.query_one("#capture-dept", Input).value == "社会福祉協議会"
    store.close()


async def test_a_speaker_removed_since_is_not_guessed(tmp_path: Path) -> None:
    """The speaker a line was typed with was removed from the attendees in the meantime:
    the line comes back without a speaker (nobody else is chosen for it), and says only
    that the line is back."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    _, gone = _people(store, session.id)
    store.keep_draft(
        session.id, PLACE, "見守りの担い手", {"author_id": gone.id, "prompt": "no.such.prompt"}
    )
    store.delete(gone)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(pilot, session.id)
        board = await _strengths_board(pilot)
        await settle(pilot)
        assert board.query_one("#capture-text", Input).value == "見守りの担い手"
        assert board.query_one("#capture-author", Select).value is Select.NULL
        assert board.query_one("#capture-prompt", Select).value == "strengths.strengths"
        assert t("board.draft_restored") in notices(app)
        assert "松本" not in notices(app)
    store.close()

"""Helpers for Pilot tests: an app on a fresh database, waiting for panes to settle."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from tests.db_templates import template_store
from workshop.app import WorkshopApp
from workshop.config import Config
from workshop.domain.approval import ApprovalEvent
from workshop.domain.enums import SessionStatus, Step
from workshop.domain.records import Initiative, Session
from workshop.screens.session import SessionScreen
from workshop.store import Store
from workshop.widgets.card_board import CardBoard


def demo_app(tmp_path: Path) -> tuple[WorkshopApp, Store, str]:
    """An app on a database holding the demo initiative; returns the initiative id."""
    store, initiative_id = template_store(tmp_path / "ui.db", demo=True)
    return WorkshopApp(store=store, config=Config(), persist_config=False), store, initiative_id


def empty_app(tmp_path: Path) -> tuple[WorkshopApp, Store]:
    store, _ = template_store(tmp_path / "ui.db")
    return WorkshopApp(store=store, config=Config(), persist_config=False), store


def new_session(store: Store, title: str = "第1回 分野連携会議") -> Session:
    ini = store.add(
        Initiative(name="見守りと防災の連携", municipality="みどり町", population=21000)
    )
    return store.add(Session(initiative_id=ini.id, title=title))


def final_session(store: Store) -> Session:
    """A new session made final (確定) by its facilitator, 山田 恵子."""
    session = new_session(store)
    session = store.update(session, facilitator="山田 恵子")
    return store.update(
        session,
        status=SessionStatus.FINAL,
        approval_log=[ApprovalEvent(event="final", by="山田 恵子")],
    )


def burst(app: WorkshopApp, keys: list[str]) -> None:
    """All keys queued before any is handled, as one read from the terminal."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def typed(app: WorkshopApp, text: str) -> None:
    """`text` typed in one read from the terminal: each character's key event as
    `Pilot.press` makes it (punctuation by its key name: "[" is left_square_bracket), all
    queued before any is handled. For text whose keys are not what is tested: key by key,
    Pilot waits for the app after each one (about 55 ms a key on a session screen)."""
    import unicodedata

    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            # a key name Pilot cannot turn back into its character (ideographic_full_stop
            # for 。): the terminal sends the character itself
            char = character if character.isprintable() else None
        app.post_message(events.Key(key, char))


async def settle(pilot: Pilot, times: int = 3) -> None:
    """Let mounts, refreshes and debounced saves run."""
    for _ in range(times):
        await pilot.pause()


async def question_read(pilot: Pilot) -> None:
    """The facilitator stops typing and reads a question the app asked on its own (reopen
    the final record?, which version?): keys typed on without such a pause are not its
    answer (`workshop.key_order.ask_unprompted`)."""
    from workshop.key_order import QUESTION_PAUSE_S

    await pilot.pause(QUESTION_PAUSE_S + 0.05)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds, instead of a fixed pause that is too
    short on a loaded machine and too long on an idle one; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen never reached the expected state"
        await pilot.pause(0.02)


async def home_ready(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until the home screen is shown and its list filled (at the width its layout
    gives it): a fixed number of pauses was too few on a loaded two-core machine, where
    the first screen can take longer to appear."""
    from workshop.screens.home import HomeScreen
    from workshop.widgets.flex_table import FlexTable

    def filled() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, HomeScreen) or not screen.is_mounted:
            return False
        table = screen.query_one(FlexTable)
        return table.sized and (bool(screen.rows) or pilot.app.store.session_count() == 0)

    await wait_until(pilot, filled, timeout)
    await settle(pilot)


async def open_session(pilot: Pilot, session_id: str) -> None:
    pilot.app.open_session(session_id)
    await settle(pilot, 4)
    await pane_ready(pilot)


async def pane_ready(pilot: Pilot) -> None:
    """Wait until the session screen's current pane has composed everything."""
    for _ in range(40):
        screen = pilot.app.screen
        pane = screen.pane(screen.current) if hasattr(screen, "pane") else None
        if pane is None or pane.ready:
            break
        await pilot.pause(0.02)
    await settle(pilot, 3)  # the first focus is set after a refresh


def frame(app: WorkshopApp) -> list[list]:
    """The whole screen as drawn, segment by segment (text and style): what
    `export_screenshot` draws, without turning it into SVG. For waiting until the screen
    stops changing: the SVG took most of the time of tests comparing frames."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [[segment for strip in line for segment in strip] for line in update.strips]


def screen_text(app: WorkshopApp) -> str:
    """Everything the screen shows, as plain text: the texts an SVG screenshot
    (`export_screenshot`) holds, in its order, taken from the same console recording
    without drawing the SVG (its styles took most of the time of text-reading tests)."""
    import io

    from rich.console import Console
    from rich.segment import Segment

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    texts = [app.title] if app.title else []  # the screenshot's title comes first
    segments = list(Segment.filter_control(console._record_buffer))
    for line in Segment.split_and_crop_lines(segments, length=width):
        # the screenshot writes no text element for a segment of spaces only
        texts.extend(text for text, _, _ in line if text != " " * len(text))
    return "".join(texts).replace("\xa0", " ")


def notices(app: WorkshopApp) -> str:
    """The texts of the notifications shown so far (toasts are drawn on a layer the
    screenshot may not have reached yet)."""
    return "\n".join(n.message for n in app._notifications)


def table_text(widget) -> str:
    """All cells of the DataTables inside a widget, one line per row, wrapped cells
    joined back (a wrapped cell spreads its words over several screen lines)."""
    from textual.widgets import DataTable

    lines = []
    for table in widget.query(DataTable):
        for row in range(table.row_count):
            cells = table.get_row_at(row)
            lines.append(" | ".join(str(getattr(c, "plain", c)).replace("\n", "") for c in cells))
    return "\n".join(lines)


async def show_tab(pilot: Pilot, tabs_id: str, tab_id: str) -> None:
    """Bring a tab of the current step on screen with F10, as a facilitator would."""
    tabs = pilot.app.screen.query_one(f"#{tabs_id}")
    for _ in range(10):
        if tabs.active == tab_id:
            break
        await pilot.press("f10")
        await settle(pilot, 2)
    await settle(pilot)
    assert tabs.active == tab_id


async def vision_board(pilot: Pilot) -> CardBoard:
    """Go to ① and put the cursor in the capture line of its first board (まちの姿)."""
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    screen.go_to(Step.VISION)
    await settle(pilot, 4)
    board = next(b for b in screen.query(CardBoard) if "vision.town" in b.prompts)
    board.focus_capture()
    await pilot.pause()
    return board

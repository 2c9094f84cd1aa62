"""A notice drawn over the side panel's edge keeps every full-width character, in a full
frame and in the partial update a terminal gets (Textual cut a character that straddled
a widget's edge into two spaces: `workshop.wide_cuts`)."""

from __future__ import annotations

import io
from pathlib import Path

import textual
from rich.cells import cell_len
from rich.console import Console
from textual.geometry import Region

from tests.ui_helpers import (
    empty_app,
    frame,
    new_session,
    open_session,
    settle,
    vision_board,
    wait_until,
)
from workshop import wide_cuts
from workshop.domain.enums import Step

NOTICE = "予定時間を5分延ばしました（時間配分にも反映しました）。"


def _cells(app) -> list[list[str]]:
    """Each line of the screen cell by cell: a full-width character, then "" for its
    second cell."""
    out = []
    for line in frame(app):
        cells: list[str] = []
        for segment in line:
            for char in segment.text:
                cells += [char, ""] if cell_len(char) == 2 else [char]
        out.append(cells)
    return out


async def test_a_notice_over_the_side_panel_keeps_every_character(tmp_path: Path) -> None:
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_session(pilot, session.id)
        app.screen.go_to(Step.PREP)
        await settle(pilot, 4)
        edge = app.screen.query_one("#side").region.x
        assert edge > 0
        app.notify(NOTICE, timeout=30)
        await wait_until(pilot, lambda: any("予定" in "".join(c) for c in _cells(app)))
        await settle(pilot)
        y, cells = next((y, c) for y, c in enumerate(_cells(app)) if "予定" in "".join(c))
        assert NOTICE in "".join(cells), "".join(cells)
        start = cells.index("予")
        assert start < edge < start + cell_len(NOTICE)  # it crosses the side panel's edge

        # a terminal is sent only what changed: two cells of the notice past the side
        # panel's edge, refreshed alone, are written with their characters
        x = next(x for x in range(edge + 2, len(cells)) if cells[x].strip())
        compositor = app.screen._compositor
        compositor.render_update(full=True)  # nothing else waits to be drawn
        compositor._dirty_regions.add(Region(x, y, 2, 1))
        written = _sent(app)
        assert cells[x] in written, (cells[x], written)
    store.close()


def _sent(app) -> str:
    """What the terminal is sent for the regions waiting to be redrawn."""
    update = app.screen._compositor.render_update()
    assert update is not None
    console = Console(file=io.StringIO(), force_terminal=True, width=120, height=40)
    return update.render_segments(console)


async def test_the_card_line_redrawn_under_a_notice_leaves_its_characters(
    tmp_path: Path,
) -> None:
    """The card line's blinking cursor redraws the line, whose end falls inside 「（」 of a
    notice drawn over it: the character is written whole (the terminal wiped it)."""
    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_session(pilot, session.id)
        board = await vision_board(pilot)
        app.notify(NOTICE, timeout=30)
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")))
        await settle(pilot)
        line = board.query_one("#capture-text")
        toast = app.screen.query_one("Toast")
        assert line.region.overlaps(toast.region)
        assert NOTICE in "".join("".join(c) for c in _cells(app))
        compositor = app.screen._compositor
        compositor.render_update(full=True)
        line.refresh()  # what a blink of its cursor does
        compositor.update_widgets({line})
        sent = _sent(app)
        shown = next(c for c in _cells(app) if "予定" in "".join(c))
        start = shown.index("予")
        cut = line.region.right - start  # where the line's region ends, inside the notice
        assert cell_len(NOTICE[: len(NOTICE)]) > cut > 0
        whole = ""
        for char in NOTICE:
            if cell_len(whole) >= cut:
                break
            whole += char
        assert whole in sent, (whole, sent)
    store.close()


def test_the_compositor_is_changed_for_the_pinned_textual() -> None:
    """Another Textual version keeps its own compositor: check the fix is still needed
    there, and widen `FOR_TEXTUAL` (or remove the module) before upgrading."""
    assert textual.__version__.startswith(wide_cuts.FOR_TEXTUAL)
    assert wide_cuts.install()

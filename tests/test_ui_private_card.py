"""Marking a card 非公開 in the app: the card's edit dialog (ctrl+o) has the 非公開 box;
ticked and saved, the flag is stored, the board marks the card, and the public minutes
exported from the app's dialog leave the card out (read back with python-docx) while the
internal minutes keep it."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from textual.widgets import DataTable, Input, SelectionList

from tests.test_ui_export import wait_done
from tests.ui_helpers import demo_app, open_session, settle, table_text
from workshop.domain.enums import SessionKind, Step
from workshop.domain.records import Card
from workshop.screens.export_dialog import ExportDialog
from workshop.screens.session import SessionScreen
from workshop.widgets.card_board import CardBoard
from workshop.widgets.forms import FormDialog
from workshop.widgets.ticks import TickBox

SAID = "引継ぎが書類だけで、見守り訪問とのつながりが分からなかった。"


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


async def test_a_card_marked_private_is_left_out_of_the_public_minutes(tmp_path: Path) -> None:
    app, store, _ = demo_app(tmp_path)
    follow_up = next(s for s in store.sessions() if s.kind is SessionKind.FOLLOWUP)
    card = next(c for c in store.cards(follow_up.id) if c.text.startswith(SAID))
    assert not card.private
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(140, 45)) as pilot:
        await open_session(pilot, follow_up.id)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.go_to(Step.REVIEW)
        await settle(pilot, 4)
        board = next(b for b in screen.query(CardBoard) if any(c.id == card.id for c in b.cards))
        table = board.query_one(DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(card.id))
        await settle(pilot)
        assert board.selected_id() == card.id

        # the card's edit dialog offers 非公開; tick it with the space bar and save
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        box = dialog.query_one("#f-private", TickBox)
        assert not box.value
        box.focus()
        await pilot.press("space")
        assert box.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)

        assert store.get(Card, card.id).private  # stored
        assert "【非公開】" + SAID in table_text(board).replace("\n", "")  # and shown

        # the public minutes from the export dialog (F8), and the internal ones
        for public in (True, False):
            await pilot.press("f8")
            await settle(pilot)
            export = app.screen
            assert isinstance(export, ExportDialog)
            formats = export.query_one("#formats", SelectionList)
            formats.deselect_all()
            formats.select("docx")
            options = export.query_one("#options", SelectionList)
            options.deselect_all()
            if public:
                options.select("public")
            target = out / ("public" if public else "internal")
            target.mkdir()
            export.query_one("#folder", Input).value = str(target)
            await pilot.press("ctrl+s")
            await wait_done(pilot, export)
            await pilot.press("escape")
            await settle(pilot)

    public = next((out / "public").glob("*.docx"))
    internal = next((out / "internal").glob("*.docx"))
    assert public.name.endswith("_議事録_公開用.docx")
    public_text, internal_text = _docx_text(public), _docx_text(internal)
    assert "公開用" in "\n".join(
        p.text for p in Document(str(public)).sections[0].header.paragraphs
    )
    assert SAID not in public_text
    assert SAID in internal_text
    # the other cards of the same board are still published
    assert "健診の問診票の件は期限を決めていなかった" in public_text
